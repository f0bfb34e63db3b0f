#include "handlewithcare/input.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/calendar_time.h"
#include "http/message.h"

namespace inbeeld {
namespace {

Date D(const char* s) {
  return *ParseIsoDate(s);
}

TEST(HwcInput, LocalDateTimeIsAmsterdamWallClock) {
  EXPECT_EQ(ParseHwcLocalDateTime("2026-03-04T21:15"), FromAmsterdam(D("2026-03-04"), 21, 15));
  EXPECT_EQ(ParseHwcLocalDateTime("2026-03-04 21:15"), FromAmsterdam(D("2026-03-04"), 21, 15));
  // Seconds, as some clients send them, are dropped.
  EXPECT_EQ(ParseHwcLocalDateTime("2026-03-04T21:15:59"), FromAmsterdam(D("2026-03-04"), 21, 15));
  for (const char* bad : {"", "2026-03-04", "2026-03-04T21", "2026-03-04T24:00", "2026-03-04T21:60",
                          "2026-02-30T10:00", "2026-03-04X21:15", "2026-03-04T21:15:60",
                          "2026-03-04T21:15:5", "2026-03-04T2a:15"}) {
    EXPECT_FALSE(ParseHwcLocalDateTime(bad)) << bad;
  }
  EXPECT_EQ(HwcLocalDateTimeText(FromAmsterdam(D("2026-07-01"), 8, 5)), "2026-07-01T08:05");
}

// Regression (fuzz hwc_input, regressions/hwc_input/time_with_utc_zone; found
// when the parser moved out of routes.cc for the target, whose invariant "an
// accepted time reads back from its own text" pins it): everything after the
// minutes was ignored, so an ISO time in UTC ("…Z") or with an offset was read
// as Dutch time — 23:30Z (00:30 the next day in Amsterdam) became 23:30 the
// day before, which can be another school day.
TEST(HwcInput, LocalDateTimeRefusesZonesAndTrailingText) {
  for (const char* bad : {"2026-03-04T23:30Z", "2026-03-04T23:30:00Z", "2026-03-04T23:30+01:00",
                          "2026-03-04T23:30:00+01:00", "2026-03-04T23:30 en wat"}) {
    EXPECT_FALSE(ParseHwcLocalDateTime(bad)) << bad;
  }
  nlohmann::json body = {{"occurred_at", "2026-03-04T23:30:00Z"},
                         {"postcode", "3511 AB"},
                         {"house_number", "12"},
                         {"children", nlohmann::json::array()}};
  auto in = ParseHwcIncidentJson(body, "");
  ASSERT_FALSE(in.ok());
  ASSERT_EQ(in.status().errors().size(), 1u);
  EXPECT_EQ(in.status().errors()[0].field, "occurred_at");
}

TEST(HwcInput, IncidentJsonNamesEveryBadField) {
  nlohmann::json body = {
      {"occurred_ms", 1772655300000},
      {"postcode", "3511 AB"},
      {"house_number", "12"},
      {"children",
       {{{"person_id", 7}, {"present", true}},
        {{"bsn", "111222333"}, {"first_name", "Anna"}, {"last_name", "Jansen"}}}}};
  auto in = ParseHwcIncidentJson(body, "key-1");
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->occurred_ms, 1772655300000);
  EXPECT_EQ(in->idempotency_key, "key-1");
  ASSERT_EQ(in->children.size(), 2u);
  EXPECT_EQ(in->children[0].person_id, 7);
  EXPECT_TRUE(in->children[0].present);
  EXPECT_EQ(in->children[1].last_name, "Jansen");

  body["children"] = {{{"person_id", "7"}}, 3};
  body["extra"] = 1;
  in = ParseHwcIncidentJson(body, std::string(101, 'k'));
  ASSERT_FALSE(in.ok());
  std::vector<std::string> fields;
  for (const auto& e : in.status().errors()) fields.push_back(e.field);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"Idempotency-Key", "children[0].person_id",
                                              "children[1]", "extra"}));
}

TEST(HwcInput, IncidentFormTakesValidIdsAndTheExtraChild) {
  auto form = ParseUrlEncoded(
      "tijdstip=2026-03-04T21%3A15&postcode=3511+AB&huisnummer=12&kind=7&kind=x&kind=8&aanwezig=8"
      "&achternaam=Jansen&voornaam=Anna&geboortedatum=2015-03-04");
  HwcIncidentInput in = ParseHwcIncidentForm(form);
  EXPECT_EQ(in.occurred_ms, FromAmsterdam(D("2026-03-04"), 21, 15));
  EXPECT_EQ(in.postcode, "3511 AB");
  ASSERT_EQ(in.children.size(), 3u);
  EXPECT_EQ(in.children[0].person_id, 7);
  EXPECT_FALSE(in.children[0].present);
  EXPECT_EQ(in.children[1].person_id, 8);
  EXPECT_TRUE(in.children[1].present);
  EXPECT_FALSE(in.children[2].person_id);
  EXPECT_EQ(in.children[2].last_name, "Jansen");
}

TEST(HwcInput, PeriodsReadBackFromTheirText) {
  std::vector<FieldError> errors;
  auto ranges = ParseHwcPeriods(
      "2026-02-16 t/m 2026-02-20\r\n2026-03-04\n\n2026-05-01 tot en met 2026-05-10\n", "f",
      &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(HwcPeriodsText(ranges),
            "2026-02-16 t/m 2026-02-20\n2026-03-04\n2026-05-01 t/m 2026-05-10\n");
  ranges = ParseHwcPeriods("2026-13-01\n2026-06-02 - 2026-06-01\n2026-06-03", "f", &errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message.rfind("regel 1: ", 0), 0u);
  EXPECT_EQ(errors[1].message.rfind("regel 2: ", 0), 0u);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].first, D("2026-06-03"));
}

TEST(HwcInput, DaysJsonSkipsAndNamesBadEntries) {
  auto body = nlohmann::json::parse(
      R"({"days_off":[{"from":"2026-02-16","to":"2026-02-20"},{"from":"2026-05-05"},{"to":"2026-01-01"}],
          "school_days":[{"from":"2026-07-20","to":"2026-07-01"}]})");
  std::vector<FieldError> errors;
  SchoolDaysOff days = HwcDaysFromJson(body, &errors);
  ASSERT_EQ(days.days_off.size(), 2u);
  EXPECT_EQ(days.days_off[1].first, days.days_off[1].last);
  EXPECT_TRUE(days.school_days.empty());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "days_off[2]");
  EXPECT_EQ(errors[1].field, "school_days[0]");
}

}  // namespace
}  // namespace inbeeld
