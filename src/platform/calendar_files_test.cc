#include "platform/calendar_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/calendar_time.h"

namespace inbeeld {
namespace {

using namespace std::chrono;

Date D(int y, unsigned m, unsigned d) {
  return Date{year(y), month(m), day(d)};
}
Date Plus(Date d, int n) {
  return Date{sys_days{d} + days(n)};
}

CalendarData Load() {
  Result<CalendarData> data = LoadCalendars(INBEELD_SOURCE_DATA_DIR);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  return std::move(data).value();
}

TEST(CalendarFiles, TheRealDataFilesParse) {
  EXPECT_EQ(DefaultDataDir(), INBEELD_SOURCE_DATA_DIR);
  CalendarData data = Load();
  EXPECT_EQ(FormatIsoDate(data.holidays.first_day()), "2025-01-01");
  EXPECT_EQ(FormatIsoDate(data.holidays.last_day()), "2028-12-31");
  // Each region from its summer of 2025 through the week after its summer of 2028.
  EXPECT_EQ(FormatIsoDate(data.schools.last_day(SchoolRegion::kNorth)), "2028-09-03");
  EXPECT_EQ(FormatIsoDate(data.schools.last_day(SchoolRegion::kMiddle)), "2028-08-27");
  EXPECT_EQ(FormatIsoDate(data.schools.last_day(SchoolRegion::kSouth)), "2028-09-10");
  for (SchoolRegion r : {SchoolRegion::kNorth, SchoolRegion::kMiddle, SchoolRegion::kSouth}) {
    EXPECT_LE(data.schools.first_day(r), D(2025, 7, 19));
  }
}

TEST(CalendarFiles, PublicHolidaysMatchTheComputus) {
  CalendarData data = Load();
  std::map<int, int> rows_per_year;
  for (const PublicHoliday& h : data.holidays.holidays()) {
    ++rows_per_year[static_cast<int>(h.date.year())];
    EXPECT_TRUE(h.counts_for_deadlines) << h.name_nl << " " << FormatIsoDate(h.date);
  }
  for (int y = 2025; y <= 2028; ++y) {
    Date easter = EasterSunday(y);
    Date kings = D(y, 4, 27);
    if (weekday{sys_days{kings}} == Sunday) kings = D(y, 4, 26);
    const std::pair<Date, const char*> want[] = {
        {D(y, 1, 1), "Nieuwjaarsdag"},
        {Plus(easter, -2), "Goede Vrijdag"},
        {easter, "Eerste Paasdag"},
        {Plus(easter, 1), "Tweede Paasdag"},
        {kings, "Koningsdag"},
        {D(y, 5, 5), "Bevrijdingsdag"},
        {Plus(easter, 39), "Hemelvaartsdag"},
        {Plus(easter, 49), "Eerste Pinksterdag"},
        {Plus(easter, 50), "Tweede Pinksterdag"},
        {D(y, 12, 25), "Eerste Kerstdag"},
        {D(y, 12, 26), "Tweede Kerstdag"},
    };
    for (const auto& [date, name] : want) {
      const PublicHoliday* h = data.holidays.Find(date);
      ASSERT_NE(h, nullptr) << y << " " << name << " expected on " << FormatIsoDate(date);
      EXPECT_EQ(h->name_nl, name) << FormatIsoDate(date);
    }
    EXPECT_EQ(rows_per_year[y], 11) << y;
  }
  EXPECT_EQ(FormatIsoDate(EasterSunday(2025)), "2025-04-20");
  EXPECT_EQ(data.holidays.Find(D(2025, 4, 26))->name_nl, "Koningsdag");  // 27 April was a Sunday
}

TEST(CalendarFiles, SchoolHolidaysRunSaturdayToSundayWithTheUsualLengths) {
  CalendarData data = Load();
  for (const SchoolHoliday& h : data.schools.holidays()) {
    std::string what = h.school_year + " " + std::string(SchoolRegionName(h.region)) + " " +
                       std::string(SchoolHolidayKindName(h.kind));
    EXPECT_EQ(weekday{sys_days{h.first_day}}, Saturday) << what;
    EXPECT_EQ(weekday{sys_days{h.last_day}}, Sunday) << what;
    int length = (sys_days{h.last_day} - sys_days{h.first_day}).count() + 1;
    int want = h.kind == SchoolHolidayKind::kZomer   ? 44
               : h.kind == SchoolHolidayKind::kKerst ? 16
                                                     : 9;
    EXPECT_EQ(length, want) << what;
    if (h.school_year == "2027-2028") {
      EXPECT_EQ(h.source, "rijksoverheid") << what;
    }
    EXPECT_EQ(h.advisory, h.kind == SchoolHolidayKind::kHerfst ||
                              h.kind == SchoolHolidayKind::kVoorjaar ||
                              (h.kind == SchoolHolidayKind::kMei && h.advisory))
        << what;
  }
}

TEST(CalendarFiles, NextSchoolDayOnTheOfficial2027To2028Rows) {
  CalendarData data = Load();
  struct Case {
    const char* what;
    int64_t incident;
    SchoolRegion region;
    std::string want;
  };
  auto local = [](int y, unsigned m, unsigned d, int h, int min) {
    return FromAmsterdam(D(y, m, d), h, min);
  };
  const Case cases[] = {
      {"herfstvakantie zuid 2027", local(2027, 10, 22, 18, 0), SchoolRegion::kSouth,
       "2027-11-01 08:30"},
      {"herfstvakantie noord 2027", local(2027, 10, 15, 18, 0), SchoolRegion::kNorth,
       "2027-10-25 08:30"},
      {"kerstvakantie into 2028", local(2027, 12, 24, 13, 0), SchoolRegion::kMiddle,
       "2028-01-10 08:30"},
      {"meivakantie 2028 with the advised week", local(2028, 4, 21, 13, 0), SchoolRegion::kNorth,
       "2028-05-08 08:30"},
      {"zomervakantie midden 2028", local(2028, 7, 20, 13, 0), SchoolRegion::kMiddle,
       "2028-08-21 08:30"},
  };
  for (const Case& c : cases) {
    Result<int64_t> got = data.schools.NextSchoolDayStart(c.incident, c.region, nullptr);
    ASSERT_TRUE(got.ok()) << c.what << ": " << got.status().ToString();
    LocalDateTime t = ToAmsterdam(*got);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d", FormatIsoDate(t.date).c_str(), t.hour, t.minute);
    EXPECT_EQ(std::string(buf), c.want) << c.what;
  }
  Result<int64_t> beyond =
      data.schools.NextSchoolDayStart(local(2028, 9, 20, 12, 0), SchoolRegion::kSouth, nullptr);
  EXPECT_EQ(beyond.status().code(), StatusCode::kUnavailable);
}

class TempDataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("inbeeld_calendar_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "calendars");
    for (const char* name : {"public_holidays.csv", "school_holidays.csv"}) {
      std::filesystem::copy_file(
          std::filesystem::path(INBEELD_SOURCE_DATA_DIR) / "calendars" / name,
          dir_ / "calendars" / name, std::filesystem::copy_options::overwrite_existing);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Append(const char* name, const std::string& text) {
    std::ofstream(dir_ / "calendars" / name, std::ios::app) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(TempDataDir, ErrorsNameTheFileAndTheLine) {
  ASSERT_TRUE(LoadCalendars(dir_.string()).ok());
  Append("public_holidays.csv", "2028-02-30,Schrikkeldag,Leap day,yes\n");
  Result<CalendarData> bad = LoadCalendars(dir_.string());
  ASSERT_FALSE(bad.ok());
  const std::string msg = bad.status().message();
  EXPECT_NE(msg.find("calendars/public_holidays.csv: regel "), std::string::npos) << msg;
  EXPECT_NE(msg.find(", veld date: deze datum bestaat niet"), std::string::npos) << msg;
  EXPECT_EQ(bad.status().field(), "date");
}

TEST_F(TempDataDir, SchoolFileErrorsNameTheSchoolFile) {
  Append("school_holidays.csv",
         "2028-2029,north,herfstvakantie,2028-10-14,2028-10-22,yes,derived\n");
  Result<CalendarData> bad = LoadCalendars(dir_.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("calendars/school_holidays.csv: regio north, schooljaar "
                                        "2028-2029: kerstvakantie ontbreekt"),
            std::string::npos)
      << bad.status().message();
}

TEST_F(TempDataDir, AMissingFileIsNamed) {
  std::filesystem::remove(dir_ / "calendars" / "school_holidays.csv");
  Result<CalendarData> bad = LoadCalendars(dir_.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("school_holidays.csv: kan het bestand niet lezen"),
            std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace inbeeld
