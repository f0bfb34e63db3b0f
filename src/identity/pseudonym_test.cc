#include "identity/pseudonym.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(Pseudonym, DeterministicKeyedAndNotTheBsn) {
  auto a = BsnPseudonymizer::Create(std::string(32, 'a'));
  auto b = BsnPseudonymizer::Create(std::string(32, 'b'));
  ASSERT_TRUE(a.ok() && b.ok());
  auto bsn = Bsn::Parse("111222333");
  ASSERT_TRUE(bsn.ok());
  BsnPseudonym p1 = a->Pseudonymize(*bsn);
  EXPECT_EQ(p1, a->Pseudonymize(*bsn));
  EXPECT_NE(p1, b->Pseudonymize(*bsn));
  EXPECT_EQ(p1.hex.size(), 64u);
  EXPECT_EQ(p1.hex.find("111222333"), std::string::npos);
}

TEST(Pseudonym, RejectsShortKey) {
  EXPECT_FALSE(BsnPseudonymizer::Create("short").ok());
}

}  // namespace
}  // namespace inbeeld
