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

TEST(Text, Utf8SequencesByTable) {
  struct Case {
    const char* s;
    size_t want;  // Utf8SequenceLength(s, 0)
  };
  for (const Case& c : std::initializer_list<Case>{
           {"a", 1},
           {"\xC3\xA9", 2},          // é
           {"\xE2\x82\xAC", 3},      // €
           {"\xF0\x9F\x98\x80", 4},  // emoji
           {"\xC0\xAF", 0},          // overlong
           {"\xE0\x80\xAF", 0},      // overlong
           {"\xED\xA0\x80", 0},      // surrogate
           {"\xF4\x90\x80\x80", 0},  // above U+10FFFF
           {"\xE2\x82", 0},          // truncated
           {"\xFF", 0},
           {"\x80", 0},  // a continuation byte on its own
       }) {
    EXPECT_EQ(Utf8SequenceLength(c.s, 0), c.want) << c.s;
    EXPECT_EQ(IsValidUtf8(c.s), c.want != 0) << c.s;
  }
  EXPECT_TRUE(IsValidUtf8("Zo\xC3\xAB van der Bergh"));
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));
}

}  // namespace
}  // namespace inbeeld
