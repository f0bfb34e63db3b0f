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

}  // namespace
}  // namespace inbeeld
