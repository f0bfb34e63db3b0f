#include "core/text.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(Text, TrimByTable) {
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t\r\n"), "");
  EXPECT_EQ(Trim("  van der Berg \r\n"), "van der Berg");
  EXPECT_EQ(Trim("a"), "a");
  EXPECT_EQ(Trim("\ta b\t"), "a b");
}

TEST(Text, LowerOnlyTouchesAsciiLetters) {
  EXPECT_EQ(Lower("JANSEN"), "jansen");
  EXPECT_EQ(Lower("Émile Ça 12-AB"), "Émile Ça 12-ab");  // UTF-8 bytes unchanged
  EXPECT_EQ(Lower(""), "");
}

}  // namespace
}  // namespace inbeeld
