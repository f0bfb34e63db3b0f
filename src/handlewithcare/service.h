// HwcService: Handle with Care end to end — register an incident (idempotent),
// find and propose children, compute each notice's deadline, create notices
// and enqueue their deliveries in the same transaction (transactional outbox),
// the school inbox ("gezien", support without content), the police/VT
// dashboard and the daily review, and the escalation job.
//
// Need-to-know: the roles are decided in access/policy (RoleMay); this service
// adds the per-notice rule "a school sees only notices addressed to it"
// (kPermissionDenied, logged as read_denied). Every notice or child shown is
// recorded in the access log before it is returned. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "access/policy.h"
#include "core/calendar.h"
#include "handlewithcare/input.h"
#include "handlewithcare/rules.h"
#include "identity/pseudonym.h"
#include "platform/clock.h"
#include "store/store.h"

namespace inbeeld {

// One child named in an incident: exactly one of person_id, bsn, or name + birth date.
struct HwcNoticeRef {
  int64_t id = 0;
  PersonId person_id = 0;
  OrgId org_id = 0;
  std::string recipient_kind;
  std::string school_day;
  int64_t due_ms = 0;
  bool merged = false;  // an existing notice for the same child, recipient and school day
};

struct HwcIncidentResult {
  int64_t incident_id = 0;
  bool created = false;  // false: the same incident was registered before
  std::vector<HwcNoticeRef> notices;
  std::vector<std::string> skipped;  // children without a notice (older than the age window)
};

// A notice as the inbox and the dashboard show it (never incident data).
struct HwcNoticeView {
  int64_t id = 0;
  PersonId person_id = 0;
  std::string child_name;
  std::string birth_date;  // YYYY-MM-DD
  OrgId org_id = 0;
  std::string recipient_name;
  std::string recipient_kind;
  std::string reason;
  std::string school_day;
  int64_t due_ms = 0;
  std::string due_explanation;
  int64_t created_ms = 0;
  std::optional<bool> present;  // only when the region includes it
  int contacts = 0;
  std::optional<int64_t> delivered_ms;  // first delivery of the notice itself
  int deliveries_queued = 0;            // notice items still queued (retrying)
  std::string last_error;
  std::optional<int64_t> acknowledged_ms;
  std::optional<int64_t> deputy_escalated_ms;
  std::optional<int64_t> late_alerted_ms;
  std::optional<bool> support_offered;
  std::optional<bool> talk_accepted;
  std::string
      state;  // "queued" | "delivered" | "acknowledged" | "escalated" | "late" | "no_contact"
};

struct HwcNoticeFilter {
  std::string state;       // "" = all
  std::string school_day;  // "" = all; YYYY-MM-DD
  int limit = 200;
};

struct HwcProposal {
  PersonId id = 0;
  std::string name;
  std::string birth_date;
  int age = 0;
};

struct HwcSchoolSettings {
  std::string school_name;  // read only
  std::string webhook_url;
  SchoolDaysOff days;
};

// A Veilig Thuis region's Handle with Care settings (table hwc_regions).
struct HwcRegionSettings {
  OrgId org_id = 0;  // the Veilig Thuis organisation
  std::string name;
  bool configured = false;  // false: no row, the defaults apply
  HwcRegionConfig config;
  std::vector<std::string> municipalities;  // "GM0363", ...: where the settings apply
  std::optional<int64_t> updated_ms;
};

// What the acknowledgement link of a leerplicht notice shows (no child data).
struct HwcReceiptView {
  int64_t notice_id = 0;
  std::string recipient_name;
  std::string school_day;
  int64_t due_ms = 0;
  std::optional<int64_t> acknowledged_ms;
};

struct HwcEscalationStats {
  int deputy = 0;  // notices escalated to the deputy now
  int late = 0;    // notices whose sender was alerted now
};

class HwcService {
 public:
  struct Options {
    HwcRegionConfig region;  // where a municipality belongs to no configured region
    // The address the leerplicht acknowledgement link starts with ("" = a
    // relative link "/hwc/ontvangst/<token>").
    std::string public_url;
    int64_t deputy_before_ms = 30 * 60 * 1000;  // escalate this long before the deadline
    std::string default_start_time = "08:30";
  };
  // All references must outlive the service.
  HwcService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
             const Clock& clock, const SchoolCalendar& calendar, Options options);

  // Registers an incident. Unknown children: kInvalidArgument with a field
  // error per child ("children[1]": "onbekend kind ..."), nothing stored.
  // The same incident again (same idempotency key): created = false and the
  // stored notices. Notices and their outbox items commit in one transaction.
  Result<HwcIncidentResult> RegisterIncident(const Principal& who, const HwcIncidentInput& in);

  // Children (age <= max_age) living at the address, for the officer's form;
  // each shown child is logged. kInvalidArgument for a malformed postcode.
  Result<std::vector<HwcProposal>> ProposeChildren(const Principal& who,
                                                   const std::string& postcode,
                                                   const std::string& house_number);

  // The school inbox: notices addressed to `who`'s organisation, newest first.
  Result<std::vector<HwcNoticeView>> Inbox(const Principal& who, int limit);
  // Marks a notice seen ("gezien"); the first time counts. kNotFound, or
  // kPermissionDenied (logged) when the notice is not addressed to who's school.
  Result<HwcNoticeView> Acknowledge(const Principal& who, int64_t notice_id);
  // Records support without content. Same access as Acknowledge.
  Result<HwcNoticeView> RecordSupport(const Principal& who, int64_t notice_id, bool offered,
                                      std::optional<bool> talk_accepted);
  // The police/VT dashboard.
  Result<std::vector<HwcNoticeView>> Dashboard(const Principal& who, const HwcNoticeFilter& filter);

  // Escalation at `now_ms` (idempotent: each notice escalates and alerts once):
  // unacknowledged 30 min before the deadline → the deputy contacts (the
  // school's trusted persons) get an inbox notice; unacknowledged at the
  // deadline → the sender gets an inbox alert.
  Result<HwcEscalationStats> RunEscalation(int64_t now_ms);

  // A leerplicht office acknowledges through the link in its e-mail (it has no
  // InBeeld users). kNotFound for an unknown token. Acknowledging is logged
  // with the office as the organisation; the first time counts.
  Result<HwcReceiptView> Receipt(const std::string& token);
  Result<HwcReceiptView> AcknowledgeByToken(const std::string& token);

  // A school's own settings: administrators for every school, a school contact
  // for their own school only (another school: kPermissionDenied, logged); the
  // webhook only administrators change (keep_webhook: leave it as stored). Every change is logged.
  Status SetSchoolSettings(const Principal& who, OrgId school, const HwcSchoolSettings& settings,
                           bool keep_webhook = false);
  Result<HwcSchoolSettings> SchoolSettings(const Principal& who, OrgId school);
  // Unchecked (the service's own use).
  Result<HwcSchoolSettings> GetSchoolSettings(OrgId school);

  // Region settings, per Veilig Thuis organisation (administrators).
  Result<std::vector<HwcRegionSettings>> ListRegions();
  Result<HwcRegionSettings> GetRegion(OrgId vt_org);
  // Replaces a region's settings and municipalities; kInvalidArgument with
  // Dutch field errors (ages, roles, a municipality code, a municipality of
  // another region); logged.
  Status SetRegion(const Principal& who, OrgId vt_org, const HwcRegionConfig& config,
                   const std::vector<std::string>& municipalities);
  // The settings that apply in a municipality (the defaults when no region covers it).
  Result<HwcRegionSettings> RegionForMunicipality(const std::string& municipality_code);

  const Options& options() const { return options_; }

 private:
  Result<HwcNoticeView> CheckedNotice(const Principal& who, int64_t id, const char* what);
  Status Log(const Principal& who, const std::string& action, std::optional<PersonId> person,
             const std::string& detail, const char* object_type = "hwc_notice");
  // The region of an incident at the address for this child: the municipality
  // of the address's household, else of the child's own household.
  Result<HwcRegionSettings> RegionForChild(const std::string& postcode_norm,
                                           const std::string& house, const Person& child);

  Store& store_;
  AuditLog& audit_;
  const BsnPseudonymizer& pseudonymizer_;
  const Clock& clock_;
  const SchoolCalendar& calendar_;
  Options options_;
};

// The state shown on the dashboard at `now_ms` (see HwcNoticeView::state).
std::string HwcNoticeState(const HwcNoticeView& v, int64_t now_ms);

}  // namespace inbeeld
