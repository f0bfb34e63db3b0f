#include "vt/rules.h"

#include <algorithm>
#include <cstdio>

#include "core/calendar_time.h"

namespace inbeeld {
namespace {

std::string HourMinute(const LocalDateTime& t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

std::string LongMoment(int64_t ms) {
  LocalDateTime t = ToAmsterdam(ms);
  return FormatLongDate(t.date, "nl") + " " + HourMinute(t);
}

// The same day `years` earlier (29 February becomes 28 February in a common year).
Date YearsBefore(Date d, int years) {
  using namespace std::chrono;
  year_month_day back{d.year() - std::chrono::years(years), d.month(), d.day()};
  if (!back.ok()) back = year_month_day{back.year(), back.month(), std::chrono::day(28)};
  return back;
}

}  // namespace

std::string_view VtReporterTypeName(VtReporterType t) {
  switch (t) {
    case VtReporterType::kProfessional: return "professional";
    case VtReporterType::kBystander: return "bystander";
    case VtReporterType::kSelf: return "self";
    case VtReporterType::kPolice: return "police";
  }
  return "professional";
}

std::optional<VtReporterType> ParseVtReporterType(std::string_view s) {
  for (VtReporterType t : {VtReporterType::kProfessional, VtReporterType::kBystander,
                           VtReporterType::kSelf, VtReporterType::kPolice}) {
    if (VtReporterTypeName(t) == s) return t;
  }
  return std::nullopt;
}

std::string_view VtUrgencyName(VtUrgency u) {
  return u == VtUrgency::kAcute ? "acute" : "regular";
}

std::optional<VtUrgency> ParseVtUrgency(std::string_view s) {
  if (s == "acute") return VtUrgency::kAcute;
  if (s == "regular") return VtUrgency::kRegular;
  return std::nullopt;
}

Result<VtClock> VtIntakeClock(const HolidayCalendar& holidays, int64_t received_ms,
                              VtUrgency urgency) {
  auto assessment = holidays.AddWorkingDaysDeadline(received_ms, kVtAssessmentWorkingDays);
  if (!assessment.ok()) return assessment.status();
  VtClock clock;
  clock.assessment = *assessment;
  clock.assessment.explanation = "veiligheidsbeoordeling binnen " + assessment->explanation;
  if (urgency == VtUrgency::kAcute) {
    Deadline acute;
    acute.due_ms = received_ms + kVtAcuteMs;
    acute.due_date = ToAmsterdam(acute.due_ms).date;
    acute.explanation = "acuut: binnen 24 uur na " + LongMoment(received_ms) + ", dus vóór " +
                        LongMoment(acute.due_ms);
    clock.acute = acute;
  }
  return clock;
}

Deadline VtInvestigationDeadline(int64_t started_ms) {
  const Date start = ToAmsterdam(started_ms).date;
  const Date due = DateFromDays(DaysSinceEpoch(start) + 7 * kVtInvestigationWeeks);
  Deadline d;
  d.due_date = due;
  d.due_ms = FromAmsterdam(due, 23, 59) + 59 * 1000;
  d.explanation = "onderzoek binnen " + std::to_string(kVtInvestigationWeeks) + " weken na " +
                  FormatLongDate(start, "nl") + ": einde van " + FormatLongDate(due, "nl");
  return d;
}

std::string_view VtDeadlineBandName(VtDeadlineBand b) {
  switch (b) {
    case VtDeadlineBand::kOnTrack: return "on_track";
    case VtDeadlineBand::kWarning: return "warning";
    case VtDeadlineBand::kOverdue: return "overdue";
  }
  return "on_track";
}

Result<VtDeadlineBand> VtBandOf(const HolidayCalendar& holidays, int64_t now_ms, int64_t due_ms) {
  if (now_ms > due_ms) return VtDeadlineBand::kOverdue;
  if (due_ms - now_ms < kVtAcuteMs) return VtDeadlineBand::kWarning;
  auto left = holidays.WorkingDaysBetween(ToAmsterdam(now_ms).date, ToAmsterdam(due_ms).date);
  if (!left.ok()) return left.status();
  return *left <= 1 ? VtDeadlineBand::kWarning : VtDeadlineBand::kOnTrack;
}

std::string_view VtReportClassName(VtReportClass c) {
  switch (c) {
    case VtReportClass::kNew: return "new";
    case VtReportClass::kHermelding: return "hermelding";
    case VtReportClass::kVervolgmelding: return "vervolgmelding";
  }
  return "new";
}

VtClassification ClassifyVtReport(int64_t received_ms, const std::vector<VtHistoryFact>& history) {
  std::vector<VtHistoryFact> earlier;
  for (const auto& h : history) {
    if (h.received_ms <= received_ms) earlier.push_back(h);
  }
  std::sort(earlier.begin(), earlier.end(), [](const VtHistoryFact& a, const VtHistoryFact& b) {
    return a.report_id < b.report_id;
  });
  auto list = [](const std::vector<int64_t>& ids) {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
    return out;
  };
  VtClassification out;
  for (const auto& h : earlier) {
    if (!h.closed_ms || *h.closed_ms > received_ms) out.related.push_back(h.report_id);
  }
  if (!out.related.empty()) {
    out.cls = VtReportClass::kVervolgmelding;
    out.reason = "vervolgmelding: Veilig Thuis is nu betrokken bij dit gezin (melding " +
                 list(out.related) + ")";
    return out;
  }
  const Date today = ToAmsterdam(received_ms).date;
  const Date since = YearsBefore(today, 3);
  for (const auto& h : earlier) {
    if (DaysSinceEpoch(ToAmsterdam(*h.closed_ms).date) >= DaysSinceEpoch(since))
      out.related.push_back(h.report_id);
  }
  if (!out.related.empty()) {
    out.cls = VtReportClass::kHermelding;
    out.reason = "hermelding: het gezin was in de 3 jaar vóór " + FormatLongDate(today, "nl") +
                 " bekend bij Veilig Thuis (melding " + list(out.related) + ")";
    return out;
  }
  out.cls = VtReportClass::kNew;
  out.reason = earlier.empty()
                   ? "nieuw: geen eerdere melding over dit gezin"
                   : "nieuw: eerdere meldingen zijn langer dan 3 jaar geleden afgesloten";
  return out;
}

std::string_view VtOutcomeName(VtOutcome o) {
  switch (o) {
    case VtOutcome::kInvestigation: return "investigation";
    case VtOutcome::kRvdk: return "rvdk";
    case VtOutcome::kVoorwaardenVervolg: return "vv";
    case VtOutcome::kHandover: return "handover";
    case VtOutcome::kClose: return "close";
  }
  return "close";
}

std::optional<VtOutcome> ParseVtOutcome(std::string_view s) {
  for (VtOutcome o : {VtOutcome::kInvestigation, VtOutcome::kRvdk, VtOutcome::kVoorwaardenVervolg,
                      VtOutcome::kHandover, VtOutcome::kClose}) {
    if (VtOutcomeName(o) == s) return o;
  }
  return std::nullopt;
}

std::string_view VtStateAfter(VtOutcome o) {
  switch (o) {
    case VtOutcome::kInvestigation: return "investigation";
    case VtOutcome::kRvdk: return "rvdk";
    case VtOutcome::kVoorwaardenVervolg: return "vv";
    case VtOutcome::kHandover: return "handed_over";
    case VtOutcome::kClose: return "closed";
  }
  return "closed";
}

bool VtStaysInvolved(VtOutcome o) {
  return o == VtOutcome::kInvestigation || o == VtOutcome::kVoorwaardenVervolg;
}

std::string VtReporterFeedback(VtOutcome o) {
  switch (o) {
    case VtOutcome::kInvestigation:
      return "Er is vervolg: Veilig Thuis doet zelf onderzoek naar de veiligheid in het gezin.";
    case VtOutcome::kRvdk:
      return "Er is vervolg: Veilig Thuis heeft de Raad voor de Kinderbescherming gevraagd "
             "onderzoek te doen.";
    case VtOutcome::kVoorwaardenVervolg:
      return "Er is vervolg: Veilig Thuis maakt met het gezin afspraken over veiligheid "
             "(Voorwaarden & Vervolg) "
             "en houdt toezicht samen met de betrokken hulpverleners.";
    case VtOutcome::kHandover:
      return "Er is vervolg: de zorg is overgedragen aan het lokale team of de hulp die al "
             "betrokken is.";
    case VtOutcome::kClose:
      return "Veilig Thuis sluit de melding af; er is geen vervolg door Veilig Thuis.";
  }
  return "";
}

const std::vector<std::string_view>& VtFamilyProfiles() {
  static const std::vector<std::string_view> kProfiles = {"intimate_terrorism",
                                                          "family_under_stress", "long_term_care",
                                                          "child_behaviour", "complex_divorce"};
  return kProfiles;
}

std::optional<std::string_view> VtFamilyProfileLabel(std::string_view code) {
  if (code == "intimate_terrorism") return "Intieme terreur (dwingende controle)";
  if (code == "family_under_stress") return "Gezin onder druk (gestapelde stressoren)";
  if (code == "long_term_care") return "Langdurige zorg";
  if (code == "child_behaviour") return "Gedrag van het kind en opvoedstress";
  if (code == "complex_divorce") return "Complexe (vecht)scheiding";
  return std::nullopt;
}

bool IsVtPlanPhase(std::string_view s) {
  return s == "direct_safety" || s == "stable_safety" || s == "recovery";
}

bool IsVtFinding(std::string_view s) {
  return s == "bevestigd" || s == "niet_bevestigd" || s == "weerlegd";
}

std::string VtSuppressCell(int64_t n) {
  if (n > 0 && n < kVtSmallCell) return "<5";
  return std::to_string(n);
}

Result<std::pair<Date, Date>> VtHalfYear(int year, int half) {
  if (year < 2000 || year > 2199) return Status::Invalid("jaar tussen 2000 en 2199", "year");
  if (half != 1 && half != 2) return Status::Invalid("halfjaar: 1 of 2", "half");
  using namespace std::chrono;
  const std::chrono::year y{year};
  if (half == 1) return std::pair<Date, Date>{Date{y, January, day(1)}, Date{y, June, day(30)}};
  return std::pair<Date, Date>{Date{y, July, day(1)}, Date{y, December, day(31)}};
}

}  // namespace inbeeld
