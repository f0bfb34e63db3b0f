// Handle with Care rules: pure functions of their inputs (STYLE habit 3), tested
// by table in rules_test.cc. Who gets a notice for a child, the merge key that
// makes several incidents before one school day one notice, and the notice's
// content — which never carries anything about the incident.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/date.h"
#include "core/model.h"

namespace inbeeld {

// The roles that can be allowed to register incidents at all (police and the
// three VT roles: those RoleMay allows kRegisterHwcIncident).
const std::vector<Role>& HwcRegistrantRoles();

// Per region (a Veilig Thuis region's agreement, table hwc_regions); the
// defaults are the Dutch practice and apply where a region has no settings.
struct HwcRegionConfig {
  int min_age = 4;               // younger: the municipality's leerplicht office
  int max_age = 18;              // older: no notice (inclusive bound: 18-year-olds still get one)
  bool include_present = false;  // the UK variant: say whether the child was present
  // Who registers incidents in the region: the police, and/or Veilig Thuis.
  std::vector<Role> registrant_roles = HwcRegistrantRoles();
};

// Checks a region's settings: ages 0..23 with min_age <= max_age, at least one
// registrant role, each one of HwcRegistrantRoles(). Dutch field errors.
Status ValidateHwcRegionConfig(const HwcRegionConfig& config);

// True when `role` may register incidents in a region with `config`.
bool HwcMayRegister(const HwcRegionConfig& config, Role role);

// "police,vt_triage" and back (the stored form). Parse: kInvalidArgument on an
// unknown name.
std::string HwcRolesText(const std::vector<Role>& roles);
Result<std::vector<Role>> ParseHwcRoles(const std::string& text);

// One enrolment as the rules need it.
struct HwcEnrolment {
  OrgId school = 0;
  Date from{};
  std::optional<Date> to;  // inclusive
};

enum class HwcRecipientKind { kSchool, kLeerplicht };
std::string_view HwcRecipientKindName(HwcRecipientKind k);  // "school" | "leerplicht"

struct HwcRecipient {
  HwcRecipientKind kind = HwcRecipientKind::kSchool;
  OrgId school = 0;    // kSchool only
  std::string reason;  // Dutch, for the dashboard: "ingeschreven", "niet ingeschreven", "te jong"
};

// Who gets a notice for a child born on `birth_date` about an incident on
// `incident_date` (Amsterdam civil date):
//  - older than max_age: nobody (empty);
//  - younger than min_age: the leerplicht office ("te jong");
//  - enrolled on incident_date at one or more schools: each school once;
//  - otherwise the leerplicht office ("niet ingeschreven / thuisonderwijs").
std::vector<HwcRecipient> HwcRecipientsFor(Date birth_date,
                                           const std::vector<HwcEnrolment>& enrolments,
                                           Date incident_date, const HwcRegionConfig& config);

// A notice's deadline: the start of the next school day at the school after
// `from_ms` (the school's own start time, "" = 08:30; its region, none = middle;
// its own days off), via SchoolCalendar::NextSchoolDayStart. An incident in the
// night before a school day is due that same morning. kUnavailable when the
// calendar data do not reach far enough (never a guess).
Result<int64_t> HwcDueMs(const SchoolCalendar& calendar, int64_t from_ms,
                         std::optional<SchoolRegion> region, const std::string& start_time,
                         const SchoolDaysOff* school_days);

// "p<person>.o<org>.d<YYYY-MM-DD>": one notice per child per recipient per school day.
std::string HwcMergeKey(PersonId child, OrgId recipient_org, Date school_day);

// What a notice says. Built only from these fields: no incident data can leak in.
struct HwcNoticeFacts {
  std::string child_name;
  Date birth_date{};
  std::string recipient_name;   // the school (or leerplicht office)
  std::optional<bool> present;  // set only when the region's config includes it
  std::string due_text;         // "dinsdag 24 november 2026 08:30"
};
struct HwcNoticeText {
  std::string subject;       // one line: control characters in a name become spaces
  std::string body;          // plain text (e-mail, inbox); names on one line each
  std::string webhook_json;  // the webhook body (without ids; see service); valid UTF-8
};
HwcNoticeText HwcNoticeContent(const HwcNoticeFacts& facts);

}  // namespace inbeeld
