#include "linkage/review_rules.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(ReviewFields, OnlyVeiligThuisSeesIdentifyingFields) {
  for (Role r : {Role::kVtTriage, Role::kVtCaseWorker, Role::kVtSupervisor}) {
    ReviewFields f = ReviewFieldsFor(r);
    EXPECT_TRUE(f.names && f.birth_date && f.address) << RoleName(r);
  }
  for (Role r : {Role::kPolice, Role::kSchoolContact, Role::kSchoolTrustedPerson, Role::kLocalTeam,
                 Role::kJgz, Role::kMidwife, Role::kAnalyst, Role::kAdmin}) {
    ReviewFields f = ReviewFieldsFor(r);
    EXPECT_FALSE(f.names || f.birth_date || f.address) << RoleName(r);
  }
}

TEST(ReviewDecision, Parses) {
  EXPECT_EQ(ParseReviewDecision("confirm"), ReviewDecision::kConfirm);
  EXPECT_EQ(ParseReviewDecision("reject"), ReviewDecision::kReject);
  EXPECT_FALSE(ParseReviewDecision("Confirm"));
  EXPECT_FALSE(ParseReviewDecision(""));
}

}  // namespace
}  // namespace inbeeld
