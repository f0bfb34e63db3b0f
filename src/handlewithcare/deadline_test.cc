// Deadlines of Handle with Care notices through the real data files
// (data/calendars/): weekends, public holidays, regional school holidays,
// night-time incidents, a school's own day off and start time, DST changes.
#include <gtest/gtest.h>

#include "handlewithcare/rules.h"
#include "platform/calendar_files.h"
#include "platform/clock.h"

namespace inbeeld {
namespace {

const CalendarData& Cal() {
  static const CalendarData* data = [] {
    auto c = LoadCalendars(std::string(INBEELD_SOURCE_DIR) + "/data");
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    return new CalendarData(std::move(c).value());
  }();
  return *data;
}

int64_t At(const char* date, int h, int m) {
  return FromAmsterdam(*ParseIsoDate(date), h, m);
}

std::string Due(int64_t from, SchoolRegion region = SchoolRegion::kMiddle,
                const SchoolDaysOff* days = nullptr, const std::string& start = "") {
  auto due = HwcDueMs(Cal().schools, from, region, start, days);
  if (!due.ok()) return "error: " + due.status().ToString();
  return FormatAmsterdam(*due);
}

TEST(HwcDeadline, NightBeforeSchoolDayIsDueThatMorning) {
  EXPECT_EQ(Due(At("2026-11-24", 2, 0)), "2026-11-24 08:30");    // Tuesday 02:00
  EXPECT_EQ(Due(At("2026-11-23", 23, 45)), "2026-11-24 08:30");  // Monday late evening
}

TEST(HwcDeadline, DuringSchoolIsDueNextSchoolDay) {
  EXPECT_EQ(Due(At("2026-11-24", 10, 0)), "2026-11-25 08:30");
  EXPECT_EQ(Due(At("2026-11-24", 8, 30)), "2026-11-25 08:30");  // at the start: during school
}

TEST(HwcDeadline, WeekendGoesToMonday) {
  EXPECT_EQ(Due(At("2026-11-27", 18, 0)), "2026-11-30 08:30");  // Friday evening
  EXPECT_EQ(Due(At("2026-11-29", 3, 0)), "2026-11-30 08:30");   // Sunday night
}

TEST(HwcDeadline, PublicHolidaySkipped) {
  // Hemelvaartsdag 2026 is Thursday 14 May.
  EXPECT_EQ(Due(At("2026-05-13", 12, 0)), "2026-05-15 08:30");
}

TEST(HwcDeadline, RegionalSchoolHolidaySkipped) {
  // Kerstvakantie 2026-27 (all regions): 19 December – 3 January.
  EXPECT_EQ(Due(At("2026-12-18", 15, 0)), "2027-01-04 08:30");
  // Voorjaarsvakantie 2027 differs per region: south 6–14 Feb, north 20–28 Feb.
  EXPECT_EQ(Due(At("2027-02-05", 15, 0), SchoolRegion::kSouth), "2027-02-15 08:30");
  EXPECT_EQ(Due(At("2027-02-05", 15, 0), SchoolRegion::kNorth), "2027-02-08 08:30");
}

TEST(HwcDeadline, SchoolsOwnDayOffAndStartTime) {
  SchoolDaysOff days;
  days.days_off.push_back(
      {*ParseIsoDate("2026-11-30"), *ParseIsoDate("2026-11-30")});  // study day Monday
  EXPECT_EQ(Due(At("2026-11-27", 18, 0), SchoolRegion::kMiddle, &days), "2026-12-01 08:30");
  EXPECT_EQ(Due(At("2026-11-27", 18, 0), SchoolRegion::kMiddle, nullptr, "08:15"),
            "2026-11-30 08:15");
  EXPECT_EQ(Due(At("2026-11-24", 8, 20), SchoolRegion::kMiddle, nullptr, "08:45"),
            "2026-11-24 08:45");
}

TEST(HwcDeadline, AcrossDaylightSavingChanges) {
  // Autumn 2026: clocks go back on Sunday 25 October (end of herfstvakantie middle).
  int64_t from = At("2026-10-24", 22, 0);
  auto due = HwcDueMs(Cal().schools, from, SchoolRegion::kMiddle, "", nullptr);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(FormatAmsterdam(*due), "2026-10-26 08:30");
  EXPECT_EQ(*due, 1792999800000);  // 07:30 UTC (CET)
  // Spring 2027: clocks go forward on Easter Sunday 28 March; Easter Monday is a holiday.
  from = At("2027-03-26", 20, 0);  // Goede Vrijdag evening, CET
  due = HwcDueMs(Cal().schools, from, SchoolRegion::kMiddle, "", nullptr);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(FormatAmsterdam(*due), "2027-03-30 08:30");
  EXPECT_EQ(*due, 1806388200000);  // 06:30 UTC (CEST)
}

TEST(HwcDeadline, BeyondTheDataIsAnErrorNotAGuess) {
  EXPECT_EQ(HwcDueMs(Cal().schools, At("2035-01-10", 12, 0), SchoolRegion::kMiddle, "", nullptr)
                .status()
                .code(),
            StatusCode::kUnavailable);
}

}  // namespace
}  // namespace inbeeld
