#include "http/json_body.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

Request JsonRequest(std::string body) {
  Request r;
  r.path = "/api/v1/x";
  r.headers["content-type"] = "application/json";
  r.body = std::move(body);
  return r;
}

TEST(JsonBody, RejectsMalformedAndWrongType) {
  nlohmann::json j;
  Response err;
  EXPECT_FALSE(ParseJsonObject(JsonRequest("{\"a\":"), &j, &err));
  EXPECT_EQ(err.status, 400);
  EXPECT_FALSE(ParseJsonObject(JsonRequest("[1,2]"), &j, &err));
  EXPECT_EQ(err.status, 400);
  EXPECT_FALSE(ParseJsonObject(JsonRequest("{\"a\":\"\xFF\"}"), &j, &err));
  EXPECT_EQ(err.status, 400);
  Request r = JsonRequest("{}");
  r.headers["content-type"] = "text/plain";
  EXPECT_FALSE(ParseJsonObject(r, &j, &err));
  EXPECT_EQ(err.status, 415);
  for (const char* bad :
       {"application/jsonx", "application/json-patch+json", "application/json5", ""}) {
    r.headers["content-type"] = bad;
    EXPECT_FALSE(ParseJsonObject(r, &j, &err)) << bad;
    EXPECT_EQ(err.status, 415) << bad;
  }
  for (const char* good :
       {"Application/JSON", "application/json; charset=utf-8", "application/json ;charset=UTF-8"}) {
    r.headers["content-type"] = good;
    EXPECT_TRUE(ParseJsonObject(r, &j, &err)) << good;
  }
}

TEST(JsonBody, CollectsFieldErrors) {
  nlohmann::json j = nlohmann::json::parse(R"({"name":"x","age":"12","evil":1,"long":"aaaaaa"})");
  JsonFields f(j);
  f.RejectUnknown({"name", "age", "long", "missing"});
  EXPECT_EQ(f.String("name", true).value(), "x");
  EXPECT_FALSE(f.Int("age", true).has_value());
  EXPECT_FALSE(f.String("long", true, 5).has_value());
  EXPECT_FALSE(f.String("missing", true).has_value());
  Status s = f.status();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.errors().size(), 4u);  // evil, age, long, missing
}

// Regression (fuzz json_body, tests/fuzz/regressions/json_body/int_above_int64_max): an integer
// above INT64_MAX was read through get<int64_t> and wrapped, so 18446744073709551615 came back
// as -1 (a valid-looking id or timestamp). It is now a field error.
TEST(JsonBody, IntAboveInt64MaxIsAFieldErrorNotAWrappedNumber) {
  nlohmann::json j = nlohmann::json::parse(
      R"({"max":9223372036854775807,"min":-9223372036854775808,"over":9223372036854775808,)"
      R"("all_ones":18446744073709551615})");
  JsonFields f(j);
  EXPECT_EQ(f.Int("max", true).value(), INT64_MAX);
  EXPECT_EQ(f.Int("min", true).value(), INT64_MIN);
  EXPECT_FALSE(f.Int("over", true).has_value());
  EXPECT_FALSE(f.Int("all_ones", true).has_value());
  Status s = f.status();
  ASSERT_EQ(s.errors().size(), 2u);
  EXPECT_EQ(s.errors()[0].field, "over");
  EXPECT_EQ(s.errors()[1].field, "all_ones");
}

}  // namespace
}  // namespace inbeeld
