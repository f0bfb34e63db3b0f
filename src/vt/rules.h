// Veilig Thuis rules: pure functions of their inputs (STYLE habit 3), tested by
// table in rules_test.cc. The clocks (acute 24 hours, the safety assessment in
// 5 working days, the investigation in 10 weeks), the deadline band a queue
// shows, the classification of a report from the family's history (new /
// hermelding / vervolgmelding), the assessment outcomes and small-cell
// suppression of published figures. Every answer carries its Dutch reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/status.h"

namespace inbeeld {

// --- kinds, reporters, urgency -----------------------------------------------
enum class VtReporterType { kProfessional, kBystander, kSelf, kPolice };
std::string_view VtReporterTypeName(
    VtReporterType t);  // "professional" | "bystander" | "self" | "police"
std::optional<VtReporterType> ParseVtReporterType(std::string_view s);

enum class VtUrgency { kRegular, kAcute };
std::string_view VtUrgencyName(VtUrgency u);  // "regular" | "acute"
std::optional<VtUrgency> ParseVtUrgency(std::string_view s);

// --- clocks -------------------------------------------------------------------
constexpr int kVtAssessmentWorkingDays = 5;         // Uitvoeringsbesluit Wmo 2015 art. 4.1.7
constexpr int64_t kVtAcuteMs = 24LL * 3600 * 1000;  // acute unsafety: act within 24 hours
constexpr int kVtInvestigationWeeks = 10;

struct VtClock {
  std::optional<Deadline> acute;  // acute reports only: received + 24 hours
  Deadline assessment;            // end of the 5th working day after the day of receipt
  // The nearest of the two (the queue's order).
  int64_t due_ms() const {
    return acute && acute->due_ms < assessment.due_ms ? acute->due_ms : assessment.due_ms;
  }
};
// The clocks of a report received at `received_ms`. Fails (kUnavailable) when
// the holiday data do not cover the days.
Result<VtClock> VtIntakeClock(const HolidayCalendar& holidays, int64_t received_ms,
                              VtUrgency urgency);

// The investigation deadline: the end (23:59:59 Amsterdam) of the day 10
// weeks after the day the investigation started.
Deadline VtInvestigationDeadline(int64_t started_ms);

// Where a deadline stands at `now_ms`: overdue after it; a warning when at most
// one working day is left (the due day itself, or the working day before it,
// or less than 24 hours for a clock counted in hours); otherwise on track.
enum class VtDeadlineBand { kOnTrack, kWarning, kOverdue };
std::string_view VtDeadlineBandName(VtDeadlineBand b);  // "on_track" | "warning" | "overdue"
Result<VtDeadlineBand> VtBandOf(const HolidayCalendar& holidays, int64_t now_ms, int64_t due_ms);

// --- classification -----------------------------------------------------------
enum class VtReportClass { kNew, kHermelding, kVervolgmelding };
std::string_view VtReportClassName(VtReportClass c);  // "new" | "hermelding" | "vervolgmelding"

// An earlier report about the same family (a named person, or the household).
struct VtHistoryFact {
  int64_t report_id = 0;
  int64_t received_ms = 0;
  std::optional<int64_t> closed_ms;  // none: Veilig Thuis is still involved
};
struct VtClassification {
  VtReportClass cls = VtReportClass::kNew;
  std::vector<int64_t> related;  // the earlier reports that decided it
  std::string reason;            // Dutch
};
// - vervolgmelding: Veilig Thuis is involved at `received_ms` (an earlier report
//   received before it and not closed by then);
// - hermelding: not involved, but an earlier report was closed within the 3
//   years (calendar, Amsterdam dates) before the day of receipt;
// - new otherwise. Reports received after `received_ms` are ignored.
VtClassification ClassifyVtReport(int64_t received_ms, const std::vector<VtHistoryFact>& history);

// --- the safety assessment -----------------------------------------------------
enum class VtOutcome { kInvestigation, kRvdk, kVoorwaardenVervolg, kHandover, kClose };
std::string_view VtOutcomeName(
    VtOutcome o);  // "investigation" | "rvdk" | "vv" | "handover" | "close"
std::optional<VtOutcome> ParseVtOutcome(std::string_view s);
// The state a report takes after the outcome ("investigation", "rvdk", "vv", "handed_over",
// "closed").
std::string_view VtStateAfter(VtOutcome o);
// Whether Veilig Thuis stays involved (investigation, Voorwaarden & Vervolg).
bool VtStaysInvolved(VtOutcome o);
// The feedback to the reporter (Dutch): whether there is follow-up and who is
// involved — never the reasons or findings.
std::string VtReporterFeedback(VtOutcome o);

// --- the case ------------------------------------------------------------------
// The five family profiles (Verwey-Jonker).
std::optional<std::string_view> VtFamilyProfileLabel(
    std::string_view code);  // Dutch label, none if unknown
const std::vector<std::string_view>& VtFamilyProfiles();
// The phases of the case plan.
bool IsVtPlanPhase(std::string_view s);  // "direct_safety" | "stable_safety" | "recovery"
bool IsVtFinding(std::string_view s);    // "bevestigd" | "niet_bevestigd" | "weerlegd"

// --- published figures -----------------------------------------------------------
constexpr int64_t kVtSmallCell = 5;
// A cell of a published table: counts 1..4 are suppressed ("<5"); 0 and >= 5 shown.
std::string VtSuppressCell(int64_t n);
// The half-year [first, last] dates of `year`, `half` (1 or 2).
Result<std::pair<Date, Date>> VtHalfYear(int year, int half);

}  // namespace inbeeld
