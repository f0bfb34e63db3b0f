#include "identity/linkage_rules.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(ClassifyLink, Table) {
  const LinkThresholds t;  // auto 0.84, review 0.65
  struct Case {
    LinkEvidence e;
    LinkDecision want;
    const char* why;
  };
  const Case cases[] = {
      {{.dice = 0.95}, LinkDecision::kAutoLink, "clear match"},
      {{.dice = 0.95, .runner_up_dice = 0.80}, LinkDecision::kAutoLink, "clear winner"},
      {{.dice = 0.95, .runner_up_dice = 0.94}, LinkDecision::kReview, "two almost equal"},
      {{.dice = 0.75}, LinkDecision::kReview, "between thresholds"},
      {{.dice = 0.60}, LinkDecision::kNoLink, "below review"},
      {{.dice = 0.97, .first_name_containment = 0.5},
       LinkDecision::kReview,
       "twin: other first name"},
      {{.dice = 0.97, .birth_date_containment = 0.6}, LinkDecision::kReview, "parent namesake"},
      {{.dice = 0.99, .partial = true}, LinkDecision::kReview, "partial never auto"},
      {{.dice = 0.99, .cannot_link = true}, LinkDecision::kNoLink, "rejected before"},
      {{.dice = 0.50, .must_link = true}, LinkDecision::kAutoLink, "confirmed before"},
      {{.dice = 0.84}, LinkDecision::kAutoLink, "at the threshold"},
      {{.dice = 0.65}, LinkDecision::kReview, "at the review threshold"},
      {{.dice = 0.97, .first_name_containment = 0.9},
       LinkDecision::kReview,
       "Anna / Hanna: too close to call"},
  };
  for (const Case& c : cases) {
    LinkClassification got = ClassifyLink(c.e, t);
    EXPECT_EQ(got.decision, c.want) << c.why << ": " << got.reason;
    EXPECT_FALSE(got.reason.empty());
  }
}

}  // namespace
}  // namespace inbeeld
