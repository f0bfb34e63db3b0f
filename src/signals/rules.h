// Signal rules: pure functions of their inputs (STYLE habit 3), tested by table
// in rules_test.cc. Retention dates, which active signals match, and the
// accumulation rules that turn weak signals into a review task for Veilig
// Thuis — each answer says which signals and which rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/status.h"

namespace inbeeld {

// The level of concern a professional states (1..3).
enum class SignalLevel { kConcern = 1, kSerious = 2, kVerySerious = 3 };
std::optional<SignalLevel> ParseSignalLevel(int64_t v);

// Retention (Verwijsindex practice): active for at most 2 years after the
// signal date, or until the child turns 23 when that is earlier; then 5 years
// in the archive; then deleted.
struct SignalRetention {
  Date active_until{};   // last active day
  Date archive_until{};  // last archived day
};
SignalRetention SignalRetentionFor(Date signal_date, std::optional<Date> birth_date);

// Signals are about children and young people up to 23 (the Verwijsindex range).
constexpr int kSignalMaxAge = 23;

// One active signal as matching sees it.
struct SignalParty {
  int64_t signal_id = 0;
  OrgId org = 0;
  PersonId person = 0;
  std::optional<HouseholdId> household;
};
enum class SignalMatchKind { kSameChild, kHousehold };
std::string_view SignalMatchKindName(SignalMatchKind k);  // "same_child" | "household"

// The matches a new or updated signal `mine` makes with the other active
// signals `others`: a different organisation's signal on the same child, or on
// a member of the same household. Each other signal at most once; never with
// the same organisation (it already knows itself).
struct SignalMatchPlan {
  int64_t other_signal = 0;
  SignalMatchKind kind = SignalMatchKind::kSameChild;
};
std::vector<SignalMatchPlan> PlanSignalMatches(const SignalParty& mine,
                                               const std::vector<SignalParty>& others);

// --- accumulation rules ------------------------------------------------------
enum class SignalRuleKind { kAccumulation, kAfterHwc };
enum class SignalRuleScope { kChild, kHousehold };
struct SignalRule {
  std::string code;
  SignalRuleKind kind = SignalRuleKind::kAccumulation;
  SignalRuleScope scope = SignalRuleScope::kHousehold;
  int min_signals = 3;
  int min_orgs = 2;
  int window_days = 90;
  bool active = true;
  int version = 1;
};
std::string_view SignalRuleKindName(SignalRuleKind k);    // "accumulation" | "after_hwc"
std::string_view SignalRuleScopeName(SignalRuleScope s);  // "child" | "household"
std::optional<SignalRuleKind> ParseSignalRuleKind(std::string_view s);
std::optional<SignalRuleScope> ParseSignalRuleScope(std::string_view s);
// Field errors for an impossible rule (e.g. min_orgs > min_signals, a window of 0 days).
Status ValidateSignalRule(const SignalRule& rule);

// One registration or update of a signal, as the rules count it.
struct SignalEventFact {
  int64_t event_id = 0;
  OrgId org = 0;
  PersonId person = 0;
  Date date{};
};
// One Handle with Care notice about the child.
struct HwcFact {
  int64_t notice_id = 0;
  Date date{};  // the day the notice was created
};

struct SignalRuleHit {
  std::string rule_code;
  int rule_version = 0;
  std::vector<int64_t> event_ids;       // the signal events that made it fire
  std::vector<int64_t> hwc_notice_ids;  // after_hwc: the notices
  std::string explanation;              // Dutch, for the review task and the radar
};

// Evaluates `rule` on `today` for a signal just registered on `signal_date`:
//  - accumulation: the events in scope within window_days up to today (both
//    ends inclusive) number at least min_signals from at least min_orgs
//    distinct organisations;
//  - after_hwc: the signal date lies within window_days after a Handle with
//    Care notice (on or after the notice's day).
// `events` must already be restricted to the rule's scope (the child, or the
// household's members). Inactive rules never fire.
std::optional<SignalRuleHit> EvaluateSignalRule(const SignalRule& rule, Date today,
                                                Date signal_date,
                                                const std::vector<SignalEventFact>& events,
                                                const std::vector<HwcFact>& hwc_notices);

}  // namespace inbeeld
