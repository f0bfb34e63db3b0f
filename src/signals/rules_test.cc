#include "signals/rules.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

Date D(const char* s) {
  return ParseIsoDate(s).value();
}

TEST(SignalRetention, TwoYearsActiveThenFiveArchived) {
  auto r = SignalRetentionFor(D("2026-11-30"), D("2015-03-12"));
  EXPECT_EQ(FormatIsoDate(r.active_until), "2028-11-29");
  EXPECT_EQ(FormatIsoDate(r.archive_until), "2033-11-29");
}

TEST(SignalRetention, EndsTheDayBeforeThe23rdBirthday) {
  auto r = SignalRetentionFor(D("2026-11-30"), D("2004-06-01"));
  EXPECT_EQ(FormatIsoDate(r.active_until), "2027-05-31");
  EXPECT_EQ(FormatIsoDate(r.archive_until), "2032-05-31");
}

TEST(SignalRetention, UnknownBirthDateAndLeapDay) {
  EXPECT_EQ(FormatIsoDate(SignalRetentionFor(D("2028-02-29"), std::nullopt).active_until),
            "2030-02-27");
  // Born on 29 February: the 23rd birthday in a common year is taken as 28 February.
  EXPECT_EQ(FormatIsoDate(SignalRetentionFor(D("2026-01-10"), D("2004-02-29")).active_until),
            "2027-02-27");
}

TEST(SignalMatches, OtherOrganisationsOnTheChildOrHousehold) {
  SignalParty mine{10, 1, 100, 7};
  std::vector<SignalParty> others = {
      {11, 2, 100, 7},             // same child, other org → same_child
      {12, 1, 101, 7},             // own organisation → never
      {13, 3, 101, 7},             // sibling, other org → household
      {14, 4, 200, 8},             // other household → never
      {15, 5, 300, std::nullopt},  // no household → never
      {11, 2, 100, 7},             // duplicate row → once
  };
  auto plans = PlanSignalMatches(mine, others);
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].other_signal, 11);
  EXPECT_EQ(plans[0].kind, SignalMatchKind::kSameChild);
  EXPECT_EQ(plans[1].other_signal, 13);
  EXPECT_EQ(plans[1].kind, SignalMatchKind::kHousehold);
}

TEST(SignalMatches, WithoutHouseholdOnlyTheSameChild) {
  SignalParty mine{10, 1, 100, std::nullopt};
  auto plans = PlanSignalMatches(mine, {{11, 2, 100, std::nullopt}, {12, 3, 101, std::nullopt}});
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].other_signal, 11);
}

SignalRule Accumulation() {
  SignalRule r;
  r.code = "stapeling";
  r.kind = SignalRuleKind::kAccumulation;
  r.min_signals = 3;
  r.min_orgs = 2;
  r.window_days = 90;
  return r;
}

TEST(SignalRules, AccumulationFiresOnThreeFromTwoWithinTheWindow) {
  const Date today = D("2026-11-30");
  std::vector<SignalEventFact> ev = {
      {1, 10, 100, D("2026-09-02")},  // day 90 counted back (inclusive)
      {2, 10, 101, D("2026-10-15")},
      {3, 20, 100, D("2026-11-30")}};
  auto hit = EvaluateSignalRule(Accumulation(), today, today, ev, {});
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->rule_code, "stapeling");
  EXPECT_EQ(hit->event_ids, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_NE(hit->explanation.find("3 signalen van 2 organisaties"), std::string::npos);
}

TEST(SignalRules, AccumulationNeedsEnoughSignalsOrgsAndRecency) {
  const Date today = D("2026-11-30");
  // One organisation three times: not enough organisations.
  EXPECT_FALSE(EvaluateSignalRule(
      Accumulation(), today, today,
      {{1, 10, 100, D("2026-11-01")}, {2, 10, 100, D("2026-11-10")}, {3, 10, 100, D("2026-11-20")}},
      {}));
  // Two organisations, two signals: not enough signals.
  EXPECT_FALSE(EvaluateSignalRule(Accumulation(), today, today,
                                  {{1, 10, 100, D("2026-11-01")}, {2, 20, 100, D("2026-11-10")}},
                                  {}));
  // One signal falls just outside the window (91 days back).
  EXPECT_FALSE(EvaluateSignalRule(
      Accumulation(), today, today,
      {{1, 10, 100, D("2026-09-01")}, {2, 20, 100, D("2026-11-10")}, {3, 20, 100, D("2026-11-20")}},
      {}));
  // An inactive rule never fires.
  SignalRule off = Accumulation();
  off.active = false;
  EXPECT_FALSE(EvaluateSignalRule(
      off, today, today,
      {{1, 10, 100, D("2026-11-01")}, {2, 20, 100, D("2026-11-10")}, {3, 20, 100, D("2026-11-20")}},
      {}));
}

TEST(SignalRules, AfterHandleWithCareWithinThirtyDays) {
  SignalRule r;
  r.code = "na_handle_with_care";
  r.kind = SignalRuleKind::kAfterHwc;
  r.scope = SignalRuleScope::kChild;
  r.min_signals = 1;
  r.min_orgs = 1;
  r.window_days = 30;
  const Date today = D("2026-11-30");
  std::vector<SignalEventFact> ev = {{7, 10, 100, today}};
  auto hit =
      EvaluateSignalRule(r, today, today, ev, {{50, D("2026-11-01")}, {51, D("2026-10-01")}});
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->hwc_notice_ids, (std::vector<int64_t>{50}));  // 29 days before; 60 days is outside
  EXPECT_EQ(hit->event_ids, (std::vector<int64_t>{7}));
  EXPECT_FALSE(
      EvaluateSignalRule(r, today, today, ev, {{51, D("2026-10-31")}}));  // 30 days: outside
  EXPECT_FALSE(EvaluateSignalRule(r, today, D("2026-10-30"), ev,
                                  {{52, D("2026-11-01")}}));  // notice after the signal
}

TEST(SignalRules, Validation) {
  SignalRule r = Accumulation();
  EXPECT_TRUE(ValidateSignalRule(r).ok());
  r.min_orgs = 4;
  EXPECT_FALSE(ValidateSignalRule(r).ok());
  r = Accumulation();
  r.window_days = 0;
  EXPECT_FALSE(ValidateSignalRule(r).ok());
  EXPECT_FALSE(ParseSignalLevel(0).has_value());
  EXPECT_TRUE(ParseSignalLevel(3).has_value());
  EXPECT_EQ(ParseSignalRuleKind("after_hwc"), SignalRuleKind::kAfterHwc);
  EXPECT_FALSE(ParseSignalRuleScope("street").has_value());
}

}  // namespace
}  // namespace inbeeld
