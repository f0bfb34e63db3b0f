#include "access/policy.h"

#include <algorithm>

namespace inbeeld {

bool RoleMay(Role role, Action action) {
  switch (action) {
    case Action::kSearchPersons:
    case Action::kReadPerson:
      return role != Role::kAnalyst && role != Role::kAdmin && role != Role::kJimMentor;
    case Action::kRegisterPerson:
      return role == Role::kPolice || role == Role::kVtTriage || role == Role::kVtCaseWorker ||
             role == Role::kVtSupervisor;
    case Action::kReadAccessHistory:
      return role == Role::kVtTriage || role == Role::kVtCaseWorker ||
             role == Role::kVtSupervisor || role == Role::kAdmin || role == Role::kPolice ||
             role == Role::kLocalTeam || role == Role::kJgz || role == Role::kMidwife ||
             role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson;
    case Action::kListOrganisations: return role != Role::kJimMentor;
    case Action::kEndOwnSession: return true;
    case Action::kManageUsers: return role == Role::kAdmin;
    case Action::kReadOwnInbox: return role != Role::kJimMentor;
    case Action::kSendTestNotice: return role == Role::kAdmin;
    case Action::kReadOutbox: return role == Role::kAdmin || role == Role::kVtSupervisor;
    case Action::kRegisterHwcIncident:
    case Action::kReadHwcDashboard:
      return role == Role::kPolice || role == Role::kVtTriage || role == Role::kVtCaseWorker ||
             role == Role::kVtSupervisor;
    case Action::kReadHwcInbox:
      return role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson;
    case Action::kManageHwcSchools: return role == Role::kAdmin || role == Role::kSchoolContact;
    case Action::kManageHwcRegions:
    case Action::kRunHwcEscalation: return role == Role::kAdmin;
    case Action::kRegisterSignal:
      return role == Role::kPolice || role == Role::kSchoolContact ||
             role == Role::kSchoolTrustedPerson || role == Role::kLocalTeam || role == Role::kJgz ||
             role == Role::kMidwife;
    case Action::kReadSignalCategories: return role != Role::kJimMentor;
    case Action::kReadRadar:
      return role == Role::kVtTriage || role == Role::kVtCaseWorker || role == Role::kVtSupervisor;
    case Action::kReadSignalRules:
      return role == Role::kVtTriage || role == Role::kVtCaseWorker ||
             role == Role::kVtSupervisor || role == Role::kAdmin;
    case Action::kManageSignalRules: return role == Role::kVtSupervisor || role == Role::kAdmin;
    case Action::kRunSignalJobs: return role == Role::kAdmin;
    case Action::kRegisterVtReport:
      return role == Role::kPolice || role == Role::kVtTriage || role == Role::kVtCaseWorker ||
             role == Role::kVtSupervisor || role == Role::kSchoolContact ||
             role == Role::kSchoolTrustedPerson || role == Role::kLocalTeam || role == Role::kJgz ||
             role == Role::kMidwife;
    case Action::kReadVtCodes: return role != Role::kJimMentor;
    case Action::kReadVtCases:
    case Action::kWorkVtCases:
      return role == Role::kVtTriage || role == Role::kVtCaseWorker || role == Role::kVtSupervisor;
    case Action::kReadVtDashboard: return role == Role::kVtSupervisor;
    case Action::kRunVtJobs: return role == Role::kAdmin;
    case Action::kReadVtFigures: return role == Role::kAnalyst || role == Role::kVtSupervisor;
    case Action::kVoiceAdult:
      return role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson ||
             role == Role::kLocalTeam || role == Role::kJgz || role == Role::kJimMentor;
    case Action::kIssueVoiceCodes:
      return role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson ||
             role == Role::kLocalTeam || role == Role::kJgz;
    case Action::kInviteJimMentors:
      return role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson ||
             role == Role::kLocalTeam || role == Role::kJgz || role == Role::kAdmin;
    case Action::kManageVoiceAdults: return role == Role::kSchoolContact || role == Role::kAdmin;
    case Action::kReadVoiceEscalations:
      return role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson ||
             role == Role::kLocalTeam || role == Role::kJgz || role == Role::kVtTriage ||
             role == Role::kVtCaseWorker || role == Role::kVtSupervisor || role == Role::kJimMentor;
    case Action::kUseMeldcode:
      return role == Role::kSchoolContact || role == Role::kSchoolTrustedPerson ||
             role == Role::kLocalTeam || role == Role::kJgz || role == Role::kMidwife;
    case Action::kReadMeldcodeVt:
      return role == Role::kVtTriage || role == Role::kVtCaseWorker || role == Role::kVtSupervisor;
    case Action::kRunMeldcodeJobs: return role == Role::kAdmin;
    case Action::kReviewLinkage:
      return role == Role::kVtTriage || role == Role::kVtCaseWorker || role == Role::kVtSupervisor;
    case Action::kRunLinkage: return role == Role::kVtSupervisor || role == Role::kAdmin;
  }
  return false;
}

Access DecidePersonAccess(const Principal& who, const PersonContext& person) {
  switch (who.user.role) {
    case Role::kVtTriage:
    case Role::kVtCaseWorker:
    case Role::kVtSupervisor:
    case Role::kPolice: return Access::kAllow;
    case Role::kSchoolContact:
    case Role::kSchoolTrustedPerson: {
      const auto& s = person.current_school_ids;
      return std::find(s.begin(), s.end(), who.org.id) != s.end() ? Access::kAllow : Access::kDeny;
    }
    case Role::kLocalTeam:
    case Role::kJgz:
    case Role::kMidwife:
      if (!person.municipality_code.empty() &&
          person.municipality_code == who.org.municipality_code) {
        return Access::kAllow;
      }
      return Access::kNeedsReason;
    case Role::kAnalyst:
    case Role::kAdmin:
    case Role::kJimMentor: return Access::kDeny;
  }
  return Access::kDeny;
}

std::string ResponsibilityOf(const Principal& who) {
  std::string task;
  switch (who.org.kind) {
    case OrgKind::kVeiligThuis: task = "wettelijke taak Wmo 2015"; break;
    case OrgKind::kPolice: task = "politietaak"; break;
    case OrgKind::kSchool: task = "zorgplicht school"; break;
    case OrgKind::kJgz: task = "Wet publieke gezondheid"; break;
    case OrgKind::kLocalTeam: task = "Jeugdwet / Wmo 2015"; break;
    case OrgKind::kMidwife: task = "WGBO"; break;
    case OrgKind::kLeerplicht: task = "Leerplichtwet"; break;
    case OrgKind::kAdmin: task = "beheer"; break;
  }
  return who.org.name + " (" + task + ")";
}

AuditRecord AuditRecordBy(const Principal& who) {
  AuditRecord r;
  r.user_id = who.user.id;
  r.username = who.user.username;
  r.org_id = who.org.id;
  r.org_name = who.org.name;
  r.role = std::string(RoleName(who.user.role));
  r.responsibility = ResponsibilityOf(who);
  return r;
}

}  // namespace inbeeld
