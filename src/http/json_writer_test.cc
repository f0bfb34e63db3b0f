#include "http/json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

namespace inbeeld {
namespace {

TEST(JsonWriter, NestingAndCommas) {
  JsonWriter w;
  w.BeginObject()
      .Key("a")
      .Int(-7)
      .Key("b")
      .BeginArray()
      .Bool(true)
      .Null()
      .BeginObject()
      .EndObject()
      .BeginArray()
      .EndArray()
      .String("x")
      .EndArray()
      .Key("c")
      .BeginObject()
      .Key("d")
      .Bool(false)
      .EndObject()
      .EndObject();
  EXPECT_EQ(std::move(w).Take(), R"({"a":-7,"b":[true,null,{},[],"x"],"c":{"d":false}})");
}

TEST(JsonWriter, SameTextAsNlohmannForSortedKeys) {
  // nlohmann's objects are std::maps: keys written in sorted order give the
  // very same text, escapes included.
  const std::string tricky = std::string("qu\"ote back\\slash \n\r\t\b\f \x01\x1f \x7f ") +
                             "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 </script>";
  nlohmann::json j = {{"a", tricky},
                      {"b", int64_t{9007199254740993}},
                      {"c", nullptr},
                      {"d", nlohmann::json::array({1, "2"})}};
  JsonWriter w;
  w.BeginObject().Key("a").String(tricky).Key("b").Int(9007199254740993).Key("c").Null();
  w.Key("d").BeginArray().Int(1).String("2").EndArray().EndObject();
  EXPECT_EQ(std::move(w).Take(), j.dump());
}

TEST(JsonWriter, RandomTextRoundTrips) {
  // Random bytes: every well-formed UTF-8 string reads back unchanged; any
  // other input still gives valid JSON (U+FFFD for what is not UTF-8).
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> len(0, 24), byte(0, 255), pick(0, 5);
  const char* pieces[] = {"\xC3\xA9", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xC0\xAF", "\"", "\\"};
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    for (int n = len(rng); n > 0; --n) {
      if (pick(rng) == 0)
        s += pieces[pick(rng)];
      else
        s += static_cast<char>(byte(rng));
    }
    JsonWriter w;
    w.BeginArray().String(s).EndArray();
    std::string text = std::move(w).Take();
    nlohmann::json parsed;
    try {
      parsed = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      FAIL() << e.what() << ": " << text;
    }
    bool utf8 = true;
    try {
      (void)nlohmann::json(s).dump();
    } catch (const nlohmann::json::exception&) {
      utf8 = false;
    }
    if (utf8) {
      EXPECT_EQ(parsed[0].get<std::string>(), s);
    }
  }
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacter) {
  JsonWriter w;
  w.BeginArray()
      .String(
          "a\xFF"
          "b\xC3")
      .String("\xED\xA0\x80")
      .EndArray();
  EXPECT_EQ(std::move(w).Take(),
            "[\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\",\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"]");
}

}  // namespace
}  // namespace inbeeld
