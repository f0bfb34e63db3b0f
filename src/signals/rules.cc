#include "signals/rules.h"

#include <algorithm>
#include <set>

namespace inbeeld {
namespace {

// The same day `years` later; 29 February becomes 28 February in a common year.
Date PlusYears(Date d, int years) {
  Date out = (d.year() + std::chrono::years(years)) / d.month() / d.day();
  if (!out.ok()) out = out.year() / out.month() / std::chrono::last;
  return out;
}

Date PlusDays(Date d, int days) {
  return DateFromDays(DaysSinceEpoch(d) + days);
}

}  // namespace

std::optional<SignalLevel> ParseSignalLevel(int64_t v) {
  if (v < 1 || v > 3) return std::nullopt;
  return static_cast<SignalLevel>(v);
}

SignalRetention SignalRetentionFor(Date signal_date, std::optional<Date> birth_date) {
  Date until = PlusDays(PlusYears(signal_date, 2), -1);
  if (birth_date) {
    Date last_day_22 = PlusDays(PlusYears(*birth_date, kSignalMaxAge), -1);
    until = std::min(until, std::max(last_day_22, signal_date));
  }
  return {until, PlusYears(until, 5)};
}

std::string_view SignalMatchKindName(SignalMatchKind k) {
  return k == SignalMatchKind::kSameChild ? "same_child" : "household";
}

std::vector<SignalMatchPlan> PlanSignalMatches(const SignalParty& mine,
                                               const std::vector<SignalParty>& others) {
  std::vector<SignalMatchPlan> out;
  std::set<int64_t> seen;
  for (const auto& o : others) {
    if (o.signal_id == mine.signal_id || o.org == mine.org || !seen.insert(o.signal_id).second)
      continue;
    if (o.person == mine.person) {
      out.push_back({o.signal_id, SignalMatchKind::kSameChild});
    } else if (mine.household && o.household && *mine.household == *o.household) {
      out.push_back({o.signal_id, SignalMatchKind::kHousehold});
    }
  }
  return out;
}

std::string_view SignalRuleKindName(SignalRuleKind k) {
  return k == SignalRuleKind::kAccumulation ? "accumulation" : "after_hwc";
}
std::string_view SignalRuleScopeName(SignalRuleScope s) {
  return s == SignalRuleScope::kChild ? "child" : "household";
}
std::optional<SignalRuleKind> ParseSignalRuleKind(std::string_view s) {
  if (s == "accumulation") return SignalRuleKind::kAccumulation;
  if (s == "after_hwc") return SignalRuleKind::kAfterHwc;
  return std::nullopt;
}
std::optional<SignalRuleScope> ParseSignalRuleScope(std::string_view s) {
  if (s == "child") return SignalRuleScope::kChild;
  if (s == "household") return SignalRuleScope::kHousehold;
  return std::nullopt;
}

Status ValidateSignalRule(const SignalRule& r) {
  std::vector<FieldError> errors;
  if (r.window_days < 1 || r.window_days > 3 * 365)
    errors.push_back({"window_days", "tussen 1 en 1095 dagen"});
  if (r.min_signals < 1 || r.min_signals > 100)
    errors.push_back({"min_signals", "tussen 1 en 100"});
  if (r.min_orgs < 1 || r.min_orgs > 100) errors.push_back({"min_orgs", "tussen 1 en 100"});
  if (r.min_orgs > r.min_signals)
    errors.push_back({"min_orgs", "niet meer organisaties dan signalen"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  return Status::Ok();
}

std::optional<SignalRuleHit> EvaluateSignalRule(const SignalRule& rule, Date today,
                                                Date signal_date,
                                                const std::vector<SignalEventFact>& events,
                                                const std::vector<HwcFact>& hwc_notices) {
  if (!rule.active) return std::nullopt;
  SignalRuleHit hit;
  hit.rule_code = rule.code;
  hit.rule_version = rule.version;
  if (rule.kind == SignalRuleKind::kAccumulation) {
    const int first = DaysSinceEpoch(today) - (rule.window_days - 1);
    const int last = DaysSinceEpoch(today);
    std::set<OrgId> orgs;
    for (const auto& e : events) {
      int d = DaysSinceEpoch(e.date);
      if (d < first || d > last) continue;
      hit.event_ids.push_back(e.event_id);
      orgs.insert(e.org);
    }
    if (static_cast<int>(hit.event_ids.size()) < rule.min_signals ||
        static_cast<int>(orgs.size()) < rule.min_orgs) {
      return std::nullopt;
    }
    std::sort(hit.event_ids.begin(), hit.event_ids.end());
    hit.explanation =
        std::to_string(hit.event_ids.size()) + " signalen van " + std::to_string(orgs.size()) +
        " organisaties binnen " + std::to_string(rule.window_days) + " dagen" +
        (rule.scope == SignalRuleScope::kHousehold ? " in het huishouden" : " over het kind") +
        " (regel " + rule.code + ": " + std::to_string(rule.min_signals) + " of meer van " +
        std::to_string(rule.min_orgs) + " of meer organisaties)";
    return hit;
  }
  // after_hwc: the signal falls within window_days after a notice.
  const int sd = DaysSinceEpoch(signal_date);
  for (const auto& n : hwc_notices) {
    int nd = DaysSinceEpoch(n.date);
    if (sd >= nd && sd - nd < rule.window_days) hit.hwc_notice_ids.push_back(n.notice_id);
  }
  if (hit.hwc_notice_ids.empty()) return std::nullopt;
  std::sort(hit.hwc_notice_ids.begin(), hit.hwc_notice_ids.end());
  for (const auto& e : events) {
    if (DaysSinceEpoch(e.date) == sd) hit.event_ids.push_back(e.event_id);
  }
  hit.explanation = "signaal binnen " + std::to_string(rule.window_days) + " dagen na " +
                    std::to_string(hit.hwc_notice_ids.size()) +
                    " Handle with Care-signaal/signalen (regel " + rule.code + ")";
  return hit;
}

}  // namespace inbeeld
