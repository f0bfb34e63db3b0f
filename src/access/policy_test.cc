#include "access/policy.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

Principal As(Role role, OrgKind kind, OrgId org_id, std::string municipality = "GM0363") {
  Principal p;
  p.user.role = role;
  p.org.id = org_id;
  p.org.kind = kind;
  p.org.municipality_code = std::move(municipality);
  p.org.name = "Org";
  return p;
}

struct Case {
  Role role;
  OrgKind kind;
  std::string person_municipality;
  std::vector<OrgId> schools;
  Access expected;
};

TEST(Policy, PersonNeedToKnowTable) {
  const OrgId kOwn = 7;
  std::vector<Case> cases = {
      {Role::kVtTriage, OrgKind::kVeiligThuis, "GM0599", {}, Access::kAllow},
      {Role::kVtCaseWorker, OrgKind::kVeiligThuis, "", {}, Access::kAllow},
      {Role::kVtSupervisor, OrgKind::kVeiligThuis, "GM0363", {}, Access::kAllow},
      {Role::kPolice, OrgKind::kPolice, "GM0599", {}, Access::kAllow},
      {Role::kSchoolContact, OrgKind::kSchool, "GM0363", {kOwn}, Access::kAllow},
      {Role::kSchoolContact, OrgKind::kSchool, "GM0363", {8}, Access::kDeny},
      {Role::kSchoolContact, OrgKind::kSchool, "GM0363", {}, Access::kDeny},
      {Role::kSchoolTrustedPerson, OrgKind::kSchool, "GM0363", {8, kOwn}, Access::kAllow},
      {Role::kLocalTeam, OrgKind::kLocalTeam, "GM0363", {}, Access::kAllow},
      {Role::kLocalTeam, OrgKind::kLocalTeam, "GM0599", {}, Access::kNeedsReason},
      {Role::kJgz, OrgKind::kJgz, "", {}, Access::kNeedsReason},
      {Role::kMidwife, OrgKind::kMidwife, "GM0363", {}, Access::kAllow},
      {Role::kAnalyst, OrgKind::kVeiligThuis, "GM0363", {}, Access::kDeny},
      {Role::kAdmin, OrgKind::kAdmin, "GM0363", {kOwn}, Access::kDeny},
  };
  for (const auto& c : cases) {
    PersonContext ctx{c.person_municipality, c.schools};
    EXPECT_EQ(DecidePersonAccess(As(c.role, c.kind, kOwn), ctx), c.expected)
        << RoleName(c.role) << " on " << c.person_municipality;
  }
}

TEST(Policy, RoleActions) {
  EXPECT_FALSE(RoleMay(Role::kAnalyst, Action::kReadPerson));
  EXPECT_FALSE(RoleMay(Role::kAdmin, Action::kSearchPersons));
  EXPECT_TRUE(RoleMay(Role::kAdmin, Action::kManageUsers));
  EXPECT_FALSE(RoleMay(Role::kVtSupervisor, Action::kManageUsers));
  EXPECT_TRUE(RoleMay(Role::kPolice, Action::kRegisterPerson));
  EXPECT_FALSE(RoleMay(Role::kSchoolContact, Action::kRegisterPerson));
  for (Role r : AllRoles()) {
    EXPECT_EQ(RoleMay(r, Action::kListOrganisations), r != Role::kJimMentor) << RoleName(r);
  }
}

// A JIM mentor from the child's network has an account for one thing only: the
// threads of the children who chose them (docs/voice.md) — not even the staff
// home page, the organisation list or their own notice inbox.
TEST(Policy, JimMentorMayOnlyUseTheVoiceThreads) {
  for (int a = 0; a <= static_cast<int>(Action::kRunLinkage); ++a) {
    const Action action = static_cast<Action>(a);
    const bool expected = action == Action::kVoiceAdult ||
                          action == Action::kReadVoiceEscalations ||
                          action == Action::kEndOwnSession;
    EXPECT_EQ(RoleMay(Role::kJimMentor, action), expected) << "action " << a;
  }
  EXPECT_EQ(DecidePersonAccess(As(Role::kJimMentor, OrgKind::kSchool, 7), {"GM0363", {7}}),
            Access::kDeny);
  // Handing out codes and inviting mentors stay with the professionals.
  EXPECT_TRUE(RoleMay(Role::kSchoolTrustedPerson, Action::kIssueVoiceCodes));
  EXPECT_TRUE(RoleMay(Role::kSchoolTrustedPerson, Action::kInviteJimMentors));
  EXPECT_FALSE(RoleMay(Role::kMidwife, Action::kInviteJimMentors));
  EXPECT_FALSE(RoleMay(Role::kAdmin, Action::kIssueVoiceCodes));
}

TEST(Policy, NoticeActionsTable) {
  // Every role but the JIM mentor (notices reach them by e-mail) reads its own
  // inbox; only administrators send test notices; administrators and VT
  // supervisors watch the outbox (no contents).
  for (Role r : AllRoles()) {
    EXPECT_EQ(RoleMay(r, Action::kReadOwnInbox), r != Role::kJimMentor) << RoleName(r);
    EXPECT_EQ(RoleMay(r, Action::kSendTestNotice), r == Role::kAdmin) << RoleName(r);
    EXPECT_EQ(RoleMay(r, Action::kReadOutbox), r == Role::kAdmin || r == Role::kVtSupervisor)
        << RoleName(r);
  }
}

TEST(Policy, HandleWithCareActionsTable) {
  // Police and Veilig Thuis register incidents and watch the dashboard; only
  // the school roles see a school's notices; a school contact sets its own
  // school's days off (the service checks "own school"), administrators every
  // school's, the region settings and (in test installations) run the
  // escalation job. Analysts, local teams, JGZ and midwives have no part in
  // Handle with Care.
  struct Row {
    Role role;
    bool incident, dashboard, inbox, schools, admin;
  };
  const Row rows[] = {
      {Role::kPolice, true, true, false, false, false},
      {Role::kVtTriage, true, true, false, false, false},
      {Role::kVtCaseWorker, true, true, false, false, false},
      {Role::kVtSupervisor, true, true, false, false, false},
      {Role::kSchoolContact, false, false, true, true, false},
      {Role::kSchoolTrustedPerson, false, false, true, false, false},
      {Role::kLocalTeam, false, false, false, false, false},
      {Role::kJgz, false, false, false, false, false},
      {Role::kMidwife, false, false, false, false, false},
      {Role::kAnalyst, false, false, false, false, false},
      {Role::kAdmin, false, false, false, true, true},
      {Role::kJimMentor, false, false, false, false, false},
  };
  ASSERT_EQ(std::size(rows), AllRoles().size());
  for (const Row& r : rows) {
    EXPECT_EQ(RoleMay(r.role, Action::kRegisterHwcIncident), r.incident) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadHwcDashboard), r.dashboard) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadHwcInbox), r.inbox) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kManageHwcSchools), r.schools) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kManageHwcRegions), r.admin) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kRunHwcEscalation), r.admin) << RoleName(r.role);
  }
}

TEST(Policy, MeldcodeActionsTable) {
  // The meldcode is for professionals outside Veilig Thuis and the police;
  // Veilig Thuis reads only what was sent to it.
  struct Row {
    Role role;
    bool use, vt, jobs;
  };
  const Row rows[] = {
      {Role::kPolice, false, false, false},       {Role::kVtTriage, false, true, false},
      {Role::kVtCaseWorker, false, true, false},  {Role::kVtSupervisor, false, true, false},
      {Role::kSchoolContact, true, false, false}, {Role::kSchoolTrustedPerson, true, false, false},
      {Role::kLocalTeam, true, false, false},     {Role::kJgz, true, false, false},
      {Role::kMidwife, true, false, false},       {Role::kAnalyst, false, false, false},
      {Role::kAdmin, false, false, true},         {Role::kJimMentor, false, false, false},
  };
  ASSERT_EQ(std::size(rows), AllRoles().size());
  for (const Row& r : rows) {
    EXPECT_EQ(RoleMay(r.role, Action::kUseMeldcode), r.use) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadMeldcodeVt), r.vt) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kRunMeldcodeJobs), r.jobs) << RoleName(r.role);
  }
}

TEST(Policy, LinkageReviewIsVeiligThuisAndRunsAreSupervisorOrAdmin) {
  for (Role role : AllRoles()) {
    const bool vt =
        role == Role::kVtTriage || role == Role::kVtCaseWorker || role == Role::kVtSupervisor;
    EXPECT_EQ(RoleMay(role, Action::kReviewLinkage), vt) << RoleName(role);
    EXPECT_EQ(RoleMay(role, Action::kRunLinkage),
              role == Role::kVtSupervisor || role == Role::kAdmin)
        << RoleName(role);
  }
}

// Veilig Thuis (src/vt/): every professional reports; only VT works cases; the
// dashboard is the supervisor's; the figures are aggregates for the analyst and
// the supervisor; the job at a chosen moment is the administrator's.
TEST(Policy, VeiligThuisWorkflow) {
  struct Row {
    Role role;
    bool report, cases, dashboard, figures, jobs;
  } rows[] = {
      {Role::kPolice, true, false, false, false, false},
      {Role::kVtTriage, true, true, false, false, false},
      {Role::kVtCaseWorker, true, true, false, false, false},
      {Role::kVtSupervisor, true, true, true, true, false},
      {Role::kSchoolContact, true, false, false, false, false},
      {Role::kSchoolTrustedPerson, true, false, false, false, false},
      {Role::kLocalTeam, true, false, false, false, false},
      {Role::kJgz, true, false, false, false, false},
      {Role::kMidwife, true, false, false, false, false},
      {Role::kAnalyst, false, false, false, true, false},
      {Role::kAdmin, false, false, false, false, true},
      {Role::kJimMentor, false, false, false, false, false},
  };
  ASSERT_EQ(std::size(rows), AllRoles().size());
  for (const Row& r : rows) {
    EXPECT_EQ(RoleMay(r.role, Action::kRegisterVtReport), r.report) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadVtCases), r.cases) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kWorkVtCases), r.cases) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadVtDashboard), r.dashboard) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadVtFigures), r.figures) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kRunVtJobs), r.jobs) << RoleName(r.role);
    EXPECT_EQ(RoleMay(r.role, Action::kReadVtCodes), r.role != Role::kJimMentor)
        << RoleName(r.role);
  }
}

// Every service's access-log entry starts from AuditRecordBy: who it was,
// for which organisation, in which role, on whose responsibility; nothing of
// what was done.
TEST(Policy, AuditRecordByNamesWhoAndResponsibility) {
  Principal p = As(Role::kJgz, OrgKind::kJgz, 42);
  p.user.id = 9;
  p.user.username = "jgz.demo";
  p.org.name = "JGZ Utrecht";
  const AuditRecord r = AuditRecordBy(p);
  EXPECT_EQ(r.user_id, 9);
  EXPECT_EQ(r.username, "jgz.demo");
  EXPECT_EQ(r.org_id, 42);
  EXPECT_EQ(r.org_name, "JGZ Utrecht");
  EXPECT_EQ(r.role, "jgz");
  EXPECT_EQ(r.responsibility, "JGZ Utrecht (Wet publieke gezondheid)");
  EXPECT_EQ(r.responsibility, ResponsibilityOf(p));
  EXPECT_TRUE(r.action.empty());
  EXPECT_TRUE(r.object_type.empty());
  EXPECT_FALSE(r.person_id.has_value());
  EXPECT_EQ(r.at_ms, 0);  // the log stamps it
}

}  // namespace
}  // namespace inbeeld
