#include "http/message.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(Message, ParsesFormAndQuery) {
  auto m = ParseUrlEncoded("q=jan+de+vries&x=%3Cscript%3E&empty=&flag");
  EXPECT_EQ(m.find("q")->second, "jan de vries");
  EXPECT_EQ(m.find("x")->second, "<script>");
  EXPECT_EQ(m.find("empty")->second, "");
  EXPECT_EQ(m.count("flag"), 1u);
  EXPECT_EQ(UrlDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(UrlDecode("%", false), "%");
}

TEST(Message, ReadsCookies) {
  Request r;
  r.headers["cookie"] = "a=1; inbeeld_session=abc; lang=en";
  EXPECT_EQ(r.Cookie("inbeeld_session").value(), "abc");
  EXPECT_EQ(r.Cookie("lang").value(), "en");
  EXPECT_FALSE(r.Cookie("missing").has_value());
  EXPECT_FALSE(r.Cookie("inbeeld").has_value());
}

TEST(Message, EscapesHtml) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(Message, SessionCookieAttributes) {
  std::string c = SetCookieValue("s", "v", -1, true);
  EXPECT_NE(c.find("HttpOnly"), std::string::npos);
  EXPECT_NE(c.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(c.find("Secure"), std::string::npos);
  EXPECT_EQ(c.find("Max-Age"), std::string::npos);
  EXPECT_EQ(SetCookieValue("s", "v", 0, false).find("Secure"), std::string::npos);
}

}  // namespace
}  // namespace inbeeld

namespace inbeeld {
namespace {

TEST(ParseId, OnlyPositiveDecimalIdsOfAtMost18Digits) {
  EXPECT_EQ(ParseId("42"), 42);
  EXPECT_EQ(ParseId("000123"), 123);
  EXPECT_EQ(ParseId("999999999999999999"), 999999999999999999LL);
  for (const char* bad : {"", "0", "-1", "+1", "1a", " 1", "1.0", "9999999999999999999"}) {
    EXPECT_FALSE(ParseId(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace inbeeld
