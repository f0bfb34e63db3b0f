#include "store/name_key.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(NameKeyTest, LowersFoldsAndTrims) {
  EXPECT_EQ(NameKey("  Zoë  "), "zoe");
  EXPECT_EQ(NameKey("ÉMILE"), "emile");
  EXPECT_EQ(NameKey("Jan-Willem   de  Vries"), "jan-willem de vries");
  EXPECT_EQ(NameKey("Strauß"), "strauss");
}

TEST(NameKeyTest, LastNameDropsLeadingTussenvoegsel) {
  EXPECT_EQ(LastNameKey("Berg"), "berg");
  EXPECT_EQ(LastNameKey("van den Berg"), "berg");
  EXPECT_EQ(LastNameKey("De"), "de");  // nothing would remain
  EXPECT_EQ(LastNameKey("Berg van Dam"), "berg van dam");
}

TEST(NameKeyTest, QueryWords) {
  EXPECT_EQ(NameQueryWords("Jan van der Berg"), (std::vector<std::string>{"jan", "berg"}));
  EXPECT_EQ(NameQueryWords("van der"), (std::vector<std::string>{"van", "der"}));
  EXPECT_TRUE(NameQueryWords("   ").empty());
}

TEST(NameKeyTest, PostcodeAndPrefixEnd) {
  EXPECT_EQ(PostcodeKey("1234 ab"), "1234AB");
  EXPECT_LT(std::string("berg"), PrefixEnd("berg"));
  EXPECT_LT(std::string("bergzzz\xC3\xA9"), PrefixEnd("berg"));
  EXPECT_GT(std::string("bers"), PrefixEnd("berg"));
}

}  // namespace
}  // namespace inbeeld
