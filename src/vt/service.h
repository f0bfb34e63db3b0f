// VtService: Flow 3 of the domain — Veilig Thuis. Intake of advice requests and
// reports (24/7, web form and API; other capabilities call RegisterReport, e.g.
// the meldcode's "report" step and a Handle with Care incident), their
// classification from the family's history and their clocks; the triage queue
// sorted by time left; the safety assessment with outcome and reasons (late
// ones accepted and marked late); feedback to the reporter through the outbox;
// warnings and supervisor escalation; the supervisor dashboard.
//
// A report belongs to one Veilig Thuis region (its VT organisation). Only the
// VT roles of that region read it; others get kPermissionDenied, logged. A
// reporter who must stay unknown to the family is stored apart (vt_reporters)
// and shown only to triage and the supervisor. Every read and write of a
// person's data is in the access log. Saves of a case state the version they
// read (optimistic locking): a stale version is kConflict, never an overwrite.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "access/audit_log.h"
#include "access/policy.h"
#include "core/calendar.h"
#include "identity/pseudonym.h"
#include "platform/clock.h"
#include "store/store.h"
#include "vt/rules.h"

namespace inbeeld {

// Who reported, as they want to be known. For a professional reporting
// through InBeeld the name and organisation default to the user's own.
struct VtReporterInput {
  std::string type;  // "professional" | "bystander" | "self" | "police"
  std::string name, organisation, phone, email;
  bool stay_unknown = false;  // the family must not learn who reported
};

// A person the report names: a register id, or a BSN (pseudonymised at once).
struct VtPersonInput {
  std::optional<PersonId> person_id;
  std::string bsn;   // in the clear only until pseudonymised
  std::string role;  // "child" | "parent" | "other"
};

// A report (melding). REQUIRED: at least one child, a summary, at least one
// code (violence type / form of child abuse), a reporter type, contact details
// for a non-professional who is not anonymous... see RegisterReport.
struct VtReportInput {
  VtReporterInput reporter;
  std::vector<VtPersonInput> persons;
  std::vector<std::string> codes;          // vt_codes
  std::string urgency = "regular";         // "regular" | "acute"
  std::string summary;                     // what was seen or heard (max 4000)
  std::optional<OrgId> region_org_id;      // the VT region; default: see RegisterReport
  std::optional<int64_t> hwc_incident_id;  // the Handle with Care incident it came from
  std::string channel = "api";             // "web" | "api"
};

// An advice request (adviesvraag): no family data; the caller may stay anonymous.
struct VtAdviceInput {
  VtReporterInput reporter;  // name and contact optional
  std::vector<std::string> codes;
  std::string question;  // the question (max 4000)
  std::string advice;    // the advice given (max 4000; may be empty when recorded later)
  std::optional<OrgId> region_org_id;
  std::string channel = "api";
};

struct VtCode {
  std::string code, kind, label_nl, label_en;
  bool active = true;
};

struct VtPersonView {
  PersonId id = 0;
  std::string name, birth_date, role;
};

struct VtReporterView {
  std::string type;
  bool visible = false;  // false: identity withheld from this user
  bool stay_unknown = false;
  std::string name, organisation, phone, email;
};

// Voorwaarden & Vervolg: a safety condition agreed with the family.
struct VtCondition {
  int64_t id = 0;
  std::string text, partner;
  std::string monitor_date;  // YYYY-MM-DD
  std::string state;         // "open" | "met" | "not_met"
  std::string note;
  std::optional<int64_t> checked_ms;
  bool monitor_due = false;  // open and the monitoring date has come
};
struct VtFinding {
  std::string code, finding;  // finding: "bevestigd" | "niet_bevestigd" | "weerlegd"
};
struct VtHearing {
  int64_t id = 0;
  std::string who, heard_date, kind;  // kind: "hoor" | "wederhoor"
};

struct VtReport {
  int64_t id = 0;
  OrgId vt_org_id = 0;
  std::string vt_org_name;
  std::string kind;     // "advice" | "report"
  std::string channel;  // "web" | "api"
  VtReporterView reporter;
  std::optional<HouseholdId> household_id;
  std::vector<VtPersonView> persons;
  std::vector<std::string> codes;
  std::string urgency;
  std::string summary, advice_given;
  std::string classification, classification_reason;
  int64_t received_ms = 0;
  std::optional<int64_t> acute_due_ms, assessment_due_ms, investigation_due_ms;
  std::string assessment_due_date;
  std::optional<int64_t> due_ms;  // the nearest open deadline
  std::string deadline_explanation;
  std::string band;  // "on_track" | "warning" | "overdue" | "" (no open deadline)
  int64_t time_left_ms = 0;
  std::string
      state;  // "advice" | "triage" | "investigation" | "vv" | "rvdk" | "handed_over" | "closed"
  std::string outcome, outcome_reasons;
  std::optional<int64_t> assessed_ms;
  bool assessment_late = false;
  std::optional<int64_t> escalated_ms, closed_ms;
  std::optional<UserId> assigned_user_id, contact_user_id;
  std::string contact_name;  // vast aanspreekpunt
  std::string family_profile, plan_phase, plan_text;
  std::optional<int64_t> investigation_done_ms;
  bool investigation_late = false;
  // Filled by Get (not by the queue).
  std::vector<VtCondition> conditions;
  std::vector<VtFinding> findings;
  std::vector<VtHearing> hearings;
  int version = 0;
  int64_t updated_ms = 0;
};

struct VtAssessmentInput {
  int version = 0;      // the version the worker read
  std::string outcome;  // VtOutcome name
  std::string reasons;  // required (max 4000)
};

// The case: the fixed contact person (vast aanspreekpunt), the family profile,
// the case plan's phase and text. Empty strings clear a field.
struct VtCaseInput {
  int version = 0;
  std::optional<UserId> contact_user_id;  // a Veilig Thuis user of the region
  std::string family_profile;             // VtFamilyProfiles()
  std::string plan_phase;                 // "direct_safety" | "stable_safety" | "recovery"
  std::string plan_text;                  // max 4000
};

// The end of an investigation: what follows (rvdk, vv, handover, close) and why.
struct VtInvestigationEnd {
  int version = 0;
  std::string outcome;
  std::string reasons;
};

// Half-year figures per region in the CBS shape. Every count is published
// through VtSuppressCell (1..4 → "<5").
struct VtFigures {
  int year = 0, half = 0;
  std::string first_day, last_day;
  struct Cell {
    std::string measure;   // "advice_by_reporter" | "reports_by_reporter" | "reports_by_code" |
                           // "reports_by_outcome"
    std::string category;  // a reporter type, a code, an outcome or "pending"
    int64_t count = 0;     // the true count: never published as such
    std::string shown;     // the published value
  };
  struct Region {
    OrgId id = 0;
    std::string name;
    std::vector<Cell> cells;
  };
  std::vector<Region> regions;
};

struct VtQueueFilter {
  std::string state = "triage";  // a state, or "open" (every state with VT involved)
  int limit = 500;
};

struct VtDashboard {
  OrgId vt_org_id = 0;
  std::string vt_org_name;
  // state → band → count (open reports); band "none" for states without a clock.
  std::vector<std::tuple<std::string, std::string, int64_t>> counts;
  struct Month {
    std::string month;  // "2026-11"
    int64_t assessed = 0, in_time = 0;
    double share_in_time = 0;  // 0..1 (0 when none assessed)
  };
  std::vector<Month> months;  // the last 12 months, oldest first
  int64_t escalated_open = 0;
};

struct VtJobStats {
  int warned = 0, escalated = 0, monitor_reminders = 0;
};

class VtService {
 public:
  // All references must outlive the service.
  VtService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
            const Clock& clock, const HolidayCalendar& holidays);

  Result<std::vector<VtCode>> Codes();
  // The Veilig Thuis staff of `who`'s region (id, name): candidates for the vast aanspreekpunt.
  Result<std::vector<std::pair<UserId, std::string>>> RegionStaff(const Principal& who);
  // The Veilig Thuis regions (organisations of kind veilig_thuis), by name.
  Result<std::vector<std::pair<OrgId, std::string>>> Regions();

  // --- intake: the entry points for other capabilities -------------------------
  // Each commits its own transaction: call them outside a write transaction
  // of your own (the caller's notice about it goes in a transaction after).
  // Registers a report (melding) in one transaction with its classification
  // (from the history of the named persons and their household), its clocks
  // and its reporter (kept apart). `who` is the user entering it: a
  // professional reporting (the reporter defaults to them), or Veilig Thuis
  // recording a call. The region: region_org_id when given (a VT organisation),
  // else the VT user's own organisation, else the region of the family's
  // municipality (hwc_region_municipalities, else the VT organisation based in
  // that municipality). Field errors (kInvalidArgument, Dutch messages per
  // field) change nothing: a report must name at least one child, a summary,
  // at least one known code, a reporter type, and — for a bystander or
  // self-reporter who is not anonymous — a phone or e-mail.
  Result<VtReport> RegisterReport(const Principal& who, const VtReportInput& in);
  // Registers an advice request (no family data; may be anonymous).
  Result<VtReport> RegisterAdvice(const Principal& who, const VtAdviceInput& in);

  // --- the case ------------------------------------------------------------------
  // One report or advice request: VT roles of its region only (others:
  // kPermissionDenied, logged). The reporter's identity only for triage and
  // the supervisor when stay_unknown.
  Result<VtReport> Get(const Principal& who, int64_t id);
  // The region's queue, nearest deadline first (overdue at the top). No person
  // data and no texts (summary, reasons, plan): those are on the case (Get).
  Result<std::vector<VtReport>> Queue(const Principal& who, const VtQueueFilter& f);
  // The safety assessment: accepted after the deadline too (marked late);
  // kConflict when `version` is stale or the report was assessed already.
  // The reporter gets feedback (inbox; e-mail to an outside reporter) in the
  // same transaction.
  Result<VtReport> Assess(const Principal& who, int64_t id, const VtAssessmentInput& in);

  // The case plan, family profile and vast aanspreekpunt (optimistic locking).
  Result<VtReport> UpdateCase(const Principal& who, int64_t id, const VtCaseInput& in);
  // Voorwaarden & Vervolg (state "vv"): conditions with the partner responsible
  // and a monitoring date; checked off as met or not met. A condition not met
  // escalates to the region's supervisors and the contact person at once.
  Result<VtReport> AddCondition(const Principal& who, int64_t id, const std::string& text,
                                const std::string& partner, const std::string& monitor_date);
  Result<VtReport> CheckCondition(const Principal& who, int64_t id, int64_t condition_id,
                                  const std::string& state, const std::string& note);
  // The investigation (state "investigation"): findings per violence type, who
  // was heard and when; it ends (both sides heard, a finding per code of the
  // report) with what follows, marked late after 10 weeks, and the reporter
  // gets feedback.
  Result<VtReport> RecordFinding(const Principal& who, int64_t id, const std::string& code,
                                 const std::string& finding);
  Result<VtReport> RecordHearing(const Principal& who, int64_t id, const std::string& heard,
                                 const std::string& date, const std::string& kind);
  Result<VtReport> EndInvestigation(const Principal& who, int64_t id, const VtInvestigationEnd& in);

  // Half-year figures of every region (aggregates only; no person data).
  Result<VtFigures> Figures(int year, int half);
  // The same as CSV: region_id,region,measure,category,count (suppressed cells "<5").
  static std::string FiguresCsv(const VtFigures& f);

  // --- supervision ----------------------------------------------------------------
  Result<VtDashboard> Dashboard(const Principal& who);
  // Scheduled (once across instances): a warning to the region's triage when
  // one working day is left, escalation to its supervisors when a deadline
  // passed, a reminder to the contact person when a V&V condition's monitoring
  // date has come. Each once. Idempotent for `now_ms`.
  Result<VtJobStats> RunJobs(int64_t now_ms);

 private:
  Status Log(const Principal& who, const std::string& action, std::optional<PersonId> person,
             const std::string& detail);
  Result<OrgId> RegionFor(const Principal& who, std::optional<OrgId> explicit_org,
                          const std::string& municipality_code, std::vector<FieldError>* errors);
  Status CheckReporter(const Principal& who, const VtReporterInput& in, bool advice,
                       std::vector<FieldError>* errors);
  Status CheckCodes(const std::vector<std::string>& codes, bool required,
                    std::vector<FieldError>* errors);
  Result<VtReport> Load(SqlConnection& c, int64_t id);
  void Decorate(VtReport* r, const Principal& who, int64_t now_ms);
  Result<VtReport> Readable(const Principal& who, int64_t id);
  // Loads a case the caller may work on, in `state` ("" = any open state).
  Result<VtReport> Workable(const Principal& who, int64_t id, const std::string& state);
  Status LogPersons(const Principal& who, const VtReport& r, const std::string& detail);

  Store& store_;
  AuditLog& audit_;
  const BsnPseudonymizer& pseudonymizer_;
  const Clock& clock_;
  const HolidayCalendar& holidays_;
};

}  // namespace inbeeld
