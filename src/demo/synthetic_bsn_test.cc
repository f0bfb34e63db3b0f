#include "demo/synthetic_bsn.h"

#include <gtest/gtest.h>

#include <unordered_set>

#include "core/bsn.h"

namespace inbeeld {
namespace {

TEST(SyntheticBsnTest, PassesElevenTestBeginsWithNineAndIsUnique) {
  SyntheticBsnSource source(42);
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 200000; ++i) {
    const std::string b = source.Next();
    ASSERT_EQ(b.size(), 9u);
    ASSERT_EQ(b[0], '9');
    ASSERT_TRUE(PassesElevenTest(b)) << i;
    ASSERT_TRUE(Bsn::Parse(b).ok());
    ASSERT_TRUE(seen.insert(b).second) << "duplicate at " << i;
  }
}

TEST(SyntheticBsnTest, SameSeedSameSequenceOtherSeedOther) {
  SyntheticBsnSource a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const std::string x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace inbeeld
