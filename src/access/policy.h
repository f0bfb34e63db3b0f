// The authorization decision, in one place (STYLE habit 8). Pure functions of
// the principal, the action and what is known about the person; no handler
// checks roles by hand. Every decision is tested by table (policy_test.cc) and
// the authz matrix test walks every role × endpoint against this.
#pragma once

#include <string>
#include <vector>

#include "access/principal.h"
#include "core/audit_record.h"
#include "core/model.h"

namespace inbeeld {

enum class Action {
  kSearchPersons,      // find persons in the register
  kReadPerson,         // a person's register data, household, enrolments
  kRegisterPerson,     // add a person the register does not know yet
  kReadAccessHistory,  // who looked at a person's file
  kListOrganisations,
  kEndOwnSession,  // log out (every role, also a JIM mentor's restricted account)
  kManageUsers,
  kReadOwnInbox,    // one's own in-app messages (notices), and marking them read
  kSendTestNotice,  // send a test notice to a user (checks a contact's inbox and e-mail)
  kReadOutbox,      // the delivery state of notices (no contents)
  // Handle with Care (src/handlewithcare/):
  kRegisterHwcIncident,  // register a domestic-violence call-out; see children at an address
  kReadHwcDashboard,     // notices by state, the daily regional review (police, Veilig Thuis)
  kReadHwcInbox,         // a school's own Handle with Care notices; "gezien"; support record
  kManageHwcSchools,     // a school's own days off (its school contact, administrator) and webhook
                         // (administrator)
  kManageHwcRegions,     // a Veilig Thuis region's Handle with Care settings (administrator)
  kRunHwcEscalation,     // run the escalation job for a given moment (test installations only)
  // Signals and the radar (src/signals/):
  kRegisterSignal,  // register or update the organisation's signal; its own signals and matches
  kReadSignalCategories,  // the list of concern categories
  kReadRadar,  // the radar, review tasks, unlinked signals and linking them, match figures (Veilig
               // Thuis)
  kReadSignalRules,    // the accumulation rules
  kManageSignalRules,  // change an accumulation rule or the category list (audited)
  kRunSignalJobs,  // run retention and match follow-up for a given moment (test installations only)
  // Veilig Thuis (src/vt/):
  kRegisterVtReport,  // report to Veilig Thuis or ask its advice (professionals; VT records calls)
  kReadVtCodes,       // the list of violence types and forms of child abuse
  kReadVtCases,       // the region's queue and cases (Veilig Thuis roles)
  kWorkVtCases,       // the safety assessment and case work (Veilig Thuis roles)
  kReadVtDashboard,   // the supervisor dashboard: counts per state and deadline band, share in time
  kRunVtJobs,  // run the deadline warnings and escalation for a given moment (test installations
               // only)
  kReadVtFigures,  // the half-year figures per region (aggregates, small cells suppressed)
  // The child's voice (src/voice/):
  kVoiceAdult,  // be a trusted adult: one's inbox, the threads of children who chose one, replies,
                // escalation; hand out codes
  kManageVoiceAdults,     // register the organisation's trusted adults and record that one left
                          // (school contact, administrator)
  kReadVoiceEscalations,  // escalations addressed to one (the school's contact, Veilig Thuis) or
                          // made by oneself
  kIssueVoiceCodes,       // hand out a child's personal code or passphrase (the professional
                          // trusted adults; not a JIM mentor)
  kInviteJimMentors,      // invite a JIM mentor from the child's network by e-mail, list and
                          // withdraw the invitations (the child's professionals, administrator)
  // The meldcode (src/meldcode/):
  kUseMeldcode,  // the organisation's meldcode records: start, read, the steps, the afwegingskader,
                 // decide
  kReadMeldcodeVt,  // what professionals sent to Veilig Thuis from the meldcode (reports, anonymous
                    // consultations)
  kRunMeldcodeJobs,  // run the review-date reminders for a given moment (test installations only)
  // Record linkage without a BSN (src/linkage/):
  kReviewLinkage,  // the review queue of candidates for unlinked signals: see side by side, confirm
                   // or reject (Veilig Thuis)
  kRunLinkage,  // run the linker now (Veilig Thuis supervisor, administrator; the scheduler runs it
                // every minute)
};

// Actions a role may perform at all (before any per-person need-to-know).
bool RoleMay(Role role, Action action);

// What we know about the person when deciding need-to-know.
struct PersonContext {
  std::string municipality_code;          // of the person's household ("" = unknown)
  std::vector<OrgId> current_school_ids;  // schools the person is enrolled at today
};

enum class Access {
  kAllow,
  kNeedsReason,  // break-the-glass: allowed with a recorded reason
  kDeny,
};

// Need-to-know for one person:
// - Veilig Thuis and police: allowed (their legal task covers the register).
// - school roles: only pupils currently enrolled at their own school.
// - local team, JGZ, midwife: persons living in their municipality; elsewhere
//   break-the-glass with a reason.
// - analyst, admin: never person data.
Access DecidePersonAccess(const Principal& who, const PersonContext& person);

// "Veilig Thuis Hollands Midden (wettelijke taak)" — the responsibility recorded in the access log.
std::string ResponsibilityOf(const Principal& who);

// An access-log entry made by `who`: user, organisation, role and
// ResponsibilityOf(who) filled in; the caller adds what was done (action,
// object, person, detail, reason). Every service's Log() starts here.
AuditRecord AuditRecordBy(const Principal& who);

}  // namespace inbeeld
