#include "core/bsn.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(Bsn, AcceptsValidNumbers) {
  // 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66 = 6*11.
  auto b = Bsn::Parse("111222333");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->digits(), "111222333");
  EXPECT_TRUE(Bsn::Parse("1112.22.333").ok());
  EXPECT_TRUE(Bsn::Parse("123456782").ok());
}

TEST(Bsn, PadsEightDigitsWithLeadingZero) {
  // 012345679 -> 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2-9 = 103? use a computed one.
  std::string base = "01234567";
  for (char last = '0'; last <= '9'; ++last) {
    std::string nine = base + last;
    if (PassesElevenTest(nine)) {
      auto b = Bsn::Parse(nine.substr(1));
      ASSERT_TRUE(b.ok());
      EXPECT_EQ(b->digits(), nine);
    }
  }
}

struct BadBsn {
  const char* text;
  const char* why;
};

class BsnRejects : public ::testing::TestWithParam<BadBsn> {};

TEST_P(BsnRejects, WithFieldBsn) {
  auto b = Bsn::Parse(GetParam().text);
  ASSERT_FALSE(b.ok()) << GetParam().why;
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(b.status().field(), "bsn");
}

INSTANTIATE_TEST_SUITE_P(Table, BsnRejects,
                         ::testing::Values(BadBsn{"123456789", "fails the 11-test"},
                                           BadBsn{"000000000", "all zeros"}, BadBsn{"", "empty"},
                                           BadBsn{"12345", "too short"},
                                           BadBsn{"1234567890", "too long"},
                                           BadBsn{"11122233a", "a letter"},
                                           BadBsn{"111222333'--", "sql"},
                                           BadBsn{"１１１２２２３３３", "full-width digits"}));

TEST(Bsn, ElevenTestTable) {
  EXPECT_TRUE(PassesElevenTest("111222333"));
  EXPECT_FALSE(PassesElevenTest("111222334"));
  EXPECT_FALSE(PassesElevenTest("11122233"));
}

}  // namespace
}  // namespace inbeeld
