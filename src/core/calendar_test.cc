#include "core/calendar.h"

#include <gtest/gtest.h>

#include "core/calendar_time.h"

namespace inbeeld {
namespace {

using namespace std::chrono;

// Fixtures: the rows of data/calendars/ for 2025-2027 (logic tests must not move when the
// data files are updated; src/platform/calendar_files_test.cc checks the real files).
constexpr const char* kPublicHolidays = R"(date,name_nl,name_en,counts_for_deadlines
2025-01-01,Nieuwjaarsdag,New Year's Day,yes
2025-04-18,Goede Vrijdag,Good Friday,yes
2025-04-20,Eerste Paasdag,Easter Sunday,yes
2025-04-21,Tweede Paasdag,Easter Monday,yes
2025-04-26,Koningsdag,King's Day,yes
2025-05-05,Bevrijdingsdag,Liberation Day,yes
2025-05-29,Hemelvaartsdag,Ascension Day,yes
2025-06-08,Eerste Pinksterdag,Whit Sunday,yes
2025-06-09,Tweede Pinksterdag,Whit Monday,yes
2025-12-25,Eerste Kerstdag,Christmas Day,yes
2025-12-26,Tweede Kerstdag,Boxing Day,yes
2026-01-01,Nieuwjaarsdag,New Year's Day,yes
2026-04-03,Goede Vrijdag,Good Friday,yes
2026-04-05,Eerste Paasdag,Easter Sunday,yes
2026-04-06,Tweede Paasdag,Easter Monday,yes
2026-04-27,Koningsdag,King's Day,yes
2026-05-05,Bevrijdingsdag,Liberation Day,yes
2026-05-14,Hemelvaartsdag,Ascension Day,yes
2026-05-24,Eerste Pinksterdag,Whit Sunday,yes
2026-05-25,Tweede Pinksterdag,Whit Monday,yes
2026-12-25,Eerste Kerstdag,Christmas Day,yes
2026-12-26,Tweede Kerstdag,Boxing Day,yes
2027-01-01,Nieuwjaarsdag,New Year's Day,yes
2027-03-26,Goede Vrijdag,Good Friday,yes
2027-03-28,Eerste Paasdag,Easter Sunday,yes
2027-03-29,Tweede Paasdag,Easter Monday,yes
2027-04-27,Koningsdag,King's Day,yes
2027-05-05,Bevrijdingsdag,Liberation Day,yes
2027-05-06,Hemelvaartsdag,Ascension Day,yes
2027-05-16,Eerste Pinksterdag,Whit Sunday,yes
2027-05-17,Tweede Pinksterdag,Whit Monday,yes
2027-12-25,Eerste Kerstdag,Christmas Day,yes
2027-12-26,Tweede Kerstdag,Boxing Day,yes
)";

constexpr const char* kSchoolHolidays =
    R"(school_year,region,kind,first_day,last_day,advisory,source
2024-2025,north,zomervakantie,2025-07-12,2025-08-24,no,secondary
2024-2025,middle,zomervakantie,2025-07-19,2025-08-31,no,secondary
2024-2025,south,zomervakantie,2025-07-05,2025-08-17,no,derived
2025-2026,north,herfstvakantie,2025-10-18,2025-10-26,yes,secondary
2025-2026,middle,herfstvakantie,2025-10-18,2025-10-26,yes,secondary
2025-2026,south,herfstvakantie,2025-10-11,2025-10-19,yes,secondary
2025-2026,north,kerstvakantie,2025-12-20,2026-01-04,no,secondary
2025-2026,middle,kerstvakantie,2025-12-20,2026-01-04,no,secondary
2025-2026,south,kerstvakantie,2025-12-20,2026-01-04,no,secondary
2025-2026,north,voorjaarsvakantie,2026-02-21,2026-03-01,yes,secondary
2025-2026,middle,voorjaarsvakantie,2026-02-14,2026-02-22,yes,secondary
2025-2026,south,voorjaarsvakantie,2026-02-14,2026-02-22,yes,secondary
2025-2026,north,meivakantie,2026-04-25,2026-05-03,no,derived
2025-2026,middle,meivakantie,2026-04-25,2026-05-03,no,derived
2025-2026,south,meivakantie,2026-04-25,2026-05-03,no,derived
2025-2026,north,meivakantie,2026-04-18,2026-04-26,yes,derived
2025-2026,middle,meivakantie,2026-04-18,2026-04-26,yes,derived
2025-2026,south,meivakantie,2026-04-18,2026-04-26,yes,derived
2025-2026,north,zomervakantie,2026-07-04,2026-08-16,no,secondary
2025-2026,middle,zomervakantie,2026-07-18,2026-08-30,no,secondary
2025-2026,south,zomervakantie,2026-07-11,2026-08-23,no,secondary
2026-2027,north,herfstvakantie,2026-10-10,2026-10-18,yes,secondary
2026-2027,middle,herfstvakantie,2026-10-17,2026-10-25,yes,secondary
2026-2027,south,herfstvakantie,2026-10-17,2026-10-25,yes,secondary
2026-2027,north,kerstvakantie,2026-12-19,2027-01-03,no,secondary
2026-2027,middle,kerstvakantie,2026-12-19,2027-01-03,no,secondary
2026-2027,south,kerstvakantie,2026-12-19,2027-01-03,no,secondary
2026-2027,north,voorjaarsvakantie,2027-02-20,2027-02-28,yes,secondary
2026-2027,middle,voorjaarsvakantie,2027-02-20,2027-02-28,yes,secondary
2026-2027,south,voorjaarsvakantie,2027-02-06,2027-02-14,yes,unverified
2026-2027,north,meivakantie,2027-05-01,2027-05-09,no,derived
2026-2027,middle,meivakantie,2027-05-01,2027-05-09,no,derived
2026-2027,south,meivakantie,2027-05-01,2027-05-09,no,derived
2026-2027,north,meivakantie,2027-04-24,2027-05-02,yes,derived
2026-2027,middle,meivakantie,2027-04-24,2027-05-02,yes,derived
2026-2027,south,meivakantie,2027-04-24,2027-05-02,yes,derived
2026-2027,north,zomervakantie,2027-07-10,2027-08-22,no,secondary
2026-2027,middle,zomervakantie,2027-07-17,2027-08-29,no,secondary
2026-2027,south,zomervakantie,2027-07-17,2027-08-29,no,unverified
)";

Date D(int y, unsigned m, unsigned d) {
  return Date{year(y), month(m), day(d)};
}
int64_t Local(int y, unsigned m, unsigned d, int h, int min) {
  return FromAmsterdam(D(y, m, d), h, min);
}
std::string Show(int64_t ms) {
  LocalDateTime t = ToAmsterdam(ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d", FormatIsoDate(t.date).c_str(), t.hour, t.minute);
  return buf;
}

HolidayCalendar Holidays() {
  Result<HolidayCalendar> h = HolidayCalendar::Parse(kPublicHolidays);
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return std::move(h).value();
}

SchoolCalendar Schools() {
  Result<SchoolCalendar> s = SchoolCalendar::Parse(kSchoolHolidays, Holidays());
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

// ---------------------------------------------------------------- Easter

TEST(Calendar, EasterByGregorianComputus) {
  const std::pair<int, Date> known[] = {
      {1818, D(1818, 3, 22)},  // the earliest possible date
      {1943, D(1943, 4, 25)},  // the latest possible date
      {2019, D(2019, 4, 21)}, {2020, D(2020, 4, 12)}, {2021, D(2021, 4, 4)},
      {2022, D(2022, 4, 17)}, {2023, D(2023, 4, 9)},  {2024, D(2024, 3, 31)},
      {2025, D(2025, 4, 20)}, {2026, D(2026, 4, 5)},  {2027, D(2027, 3, 28)},
      {2028, D(2028, 4, 16)}, {2029, D(2029, 4, 1)},  {2030, D(2030, 4, 21)},
      {2038, D(2038, 4, 25)},
  };
  for (const auto& [y, easter] : known) EXPECT_EQ(EasterSunday(y), easter) << y;
}

// ---------------------------------------------------------------- HolidayCalendar

TEST(HolidayCalendar, ClassifiesEveryHolidayOf2026) {
  HolidayCalendar cal = Holidays();
  struct Row {
    Date date;
    const char* name_nl;
    bool weekday;  // falls Monday-Friday, so it removes a working day
  };
  const Row rows[] = {
      {D(2026, 1, 1), "Nieuwjaarsdag", true},       {D(2026, 4, 3), "Goede Vrijdag", true},
      {D(2026, 4, 5), "Eerste Paasdag", false},     {D(2026, 4, 6), "Tweede Paasdag", true},
      {D(2026, 4, 27), "Koningsdag", true},         {D(2026, 5, 5), "Bevrijdingsdag", true},
      {D(2026, 5, 14), "Hemelvaartsdag", true},     {D(2026, 5, 24), "Eerste Pinksterdag", false},
      {D(2026, 5, 25), "Tweede Pinksterdag", true}, {D(2026, 12, 25), "Eerste Kerstdag", true},
      {D(2026, 12, 26), "Tweede Kerstdag", false},
  };
  for (const Row& r : rows) {
    const PublicHoliday* h = cal.Find(r.date);
    ASSERT_NE(h, nullptr) << FormatIsoDate(r.date);
    EXPECT_EQ(h->name_nl, r.name_nl);
    EXPECT_TRUE(h->counts_for_deadlines) << r.name_nl;
    EXPECT_TRUE(cal.IsPublicHoliday(r.date));
    EXPECT_FALSE(cal.IsWorkingDay(r.date)) << r.name_nl;
  }
  // Every other day of 2026: a holiday exactly when listed above; weekdays are working days.
  int holidays = 0, working = 0;
  for (Date d = D(2026, 1, 1); d <= D(2026, 12, 31); d = Date{sys_days{d} + days(1)}) {
    if (cal.IsPublicHoliday(d)) ++holidays;
    if (cal.IsWorkingDay(d)) ++working;
  }
  EXPECT_EQ(holidays, 11);
  EXPECT_EQ(working, 261 - 8);  // 261 weekdays in 2026, 8 holidays fall on a weekday
}

TEST(HolidayCalendar, AddWorkingDaysByTable) {
  HolidayCalendar cal = Holidays();
  struct Case {
    const char* what;
    Date from;
    int n;
    Date want;
  };
  const Case cases[] = {
      {"plain week", D(2026, 3, 9), 5, D(2026, 3, 16)},
      {"zero is the day itself", D(2026, 3, 14), 0, D(2026, 3, 14)},
      {"from a Saturday", D(2026, 3, 14), 1, D(2026, 3, 16)},
      {"Easter: Goede Vrijdag and Tweede Paasdag skipped", D(2026, 4, 2), 1, D(2026, 4, 7)},
      {"Easter: five days", D(2026, 4, 2), 5, D(2026, 4, 13)},
      {"Koningsdag on a Monday", D(2026, 4, 24), 1, D(2026, 4, 28)},
      {"Bevrijdingsdag, every year", D(2026, 5, 4), 1, D(2026, 5, 6)},
      {"Ascension", D(2026, 5, 13), 1, D(2026, 5, 15)},
      {"Ascension, five days", D(2026, 5, 13), 5, D(2026, 5, 21)},
      {"Whit Monday", D(2026, 5, 21), 2, D(2026, 5, 26)},
      {"Christmas", D(2026, 12, 23), 5, D(2026, 12, 31)},
      {"Christmas and the year end", D(2026, 12, 23), 6, D(2027, 1, 4)},
      {"year end 2025: Nieuwjaarsdag on a Thursday", D(2025, 12, 31), 1, D(2026, 1, 2)},
      {"Easter 2027 in March", D(2027, 3, 25), 1, D(2027, 3, 30)},
      {"backwards over Easter", D(2026, 4, 7), -1, D(2026, 4, 2)},
      {"backwards over the year end", D(2027, 1, 4), -6, D(2026, 12, 23)},
  };
  for (const Case& c : cases) {
    Result<Date> got = cal.AddWorkingDays(c.from, c.n);
    ASSERT_TRUE(got.ok()) << c.what << ": " << got.status().ToString();
    EXPECT_EQ(FormatIsoDate(*got), FormatIsoDate(c.want)) << c.what;
    if (c.n > 0) {
      Result<int> back = cal.WorkingDaysBetween(c.from, c.want);
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(*back, c.n) << c.what;
    }
  }
}

TEST(HolidayCalendar, WorkingDaysBetween) {
  HolidayCalendar cal = Holidays();
  EXPECT_EQ(*cal.WorkingDaysBetween(D(2026, 4, 2), D(2026, 4, 13)), 5);
  EXPECT_EQ(*cal.WorkingDaysBetween(D(2026, 4, 13), D(2026, 4, 2)), -5);
  EXPECT_EQ(*cal.WorkingDaysBetween(D(2026, 4, 2), D(2026, 4, 2)), 0);
  EXPECT_EQ(*cal.WorkingDaysBetween(D(2026, 4, 2), D(2026, 4, 6)), 0);  // Fri-Mon all holidays
  EXPECT_EQ(*cal.WorkingDaysBetween(D(2025, 12, 31), D(2027, 1, 1)), 253);
}

TEST(HolidayCalendar, RefusesToComputeBeyondItsData) {
  HolidayCalendar cal = Holidays();
  EXPECT_EQ(FormatIsoDate(cal.first_day()), "2025-01-01");
  EXPECT_EQ(FormatIsoDate(cal.last_day()), "2027-12-31");
  EXPECT_TRUE(cal.Covers(D(2027, 12, 31)));
  EXPECT_FALSE(cal.Covers(D(2028, 1, 1)));
  Result<Date> over = cal.AddWorkingDays(D(2027, 12, 29), 3);  // 30, 31, then 3 January 2028
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(over.status().message().find("2028-01-01"), std::string::npos)
      << over.status().message();
  EXPECT_TRUE(cal.AddWorkingDays(D(2027, 12, 29), 2).ok());
  EXPECT_EQ(cal.AddWorkingDays(D(2024, 12, 31), 1).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(cal.AddWorkingDays(D(2025, 1, 2), -2).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(cal.WorkingDaysBetween(D(2027, 6, 1), D(2028, 6, 1)).status().code(),
            StatusCode::kUnavailable);
}

TEST(HolidayCalendar, AHolidayThatDoesNotCountLeavesAWorkingDay) {
  Result<HolidayCalendar> cal = HolidayCalendar::Parse(
      "date,name_nl,name_en,counts_for_deadlines\n"
      "2026-01-01,Nieuwjaarsdag,New Year's Day,yes\n"
      "2026-05-05,Bevrijdingsdag,Liberation Day,no\n");
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_TRUE(cal->IsPublicHoliday(D(2026, 5, 5)));
  EXPECT_TRUE(cal->IsWorkingDay(D(2026, 5, 5)));
  EXPECT_FALSE(cal->IsWorkingDay(D(2026, 1, 1)));
  EXPECT_EQ(*cal->AddWorkingDays(D(2026, 5, 4), 1), D(2026, 5, 5));
}

TEST(HolidayCalendar, ParseErrorsNameLineAndField) {
  const std::string header = "date,name_nl,name_en,counts_for_deadlines\n";
  struct Case {
    std::string csv;
    std::string want_in_message;
    std::string field;
  };
  const Case cases[] = {
      {"", "kopregel ontbreekt", ""},
      {"# only a comment\n", "kopregel ontbreekt", ""},
      {"date,name,counts\n2026-01-01,x,yes\n", "regel 1: de kopregel", ""},
      {header + "2026-01-01,Nieuwjaarsdag,New Year's Day\n", "regel 2: verwacht 4 velden", ""},
      {"# comment\n\n" + header + "2026-13-01,A,B,yes\n", "regel 4, veld date", "date"},
      {header + "2026-01-01,,B,yes\n", "regel 2, veld name_nl: mag niet leeg", "name_nl"},
      {header + "2026-01-01,A,B,ja\n", "regel 2, veld counts_for_deadlines",
       "counts_for_deadlines"},
      {header + "2026-01-01,A,B,yes\n2026-01-01,C,D,no\n",
       "regel 3, veld date: 2026-01-01 staat ook op regel 2", "date"},
      {header + "2025-01-01,A,B,yes\n2027-01-01,C,D,yes\n", "het jaar 2026 ontbreekt", "date"},
      {header, "geen feestdagen", ""},
  };
  for (const Case& c : cases) {
    Result<HolidayCalendar> cal = HolidayCalendar::Parse(c.csv);
    ASSERT_FALSE(cal.ok()) << c.csv;
    EXPECT_EQ(cal.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(cal.status().message().find(c.want_in_message), std::string::npos)
        << "got: " << cal.status().message();
    EXPECT_EQ(cal.status().field(), c.field) << c.csv;
  }
  // Windows line endings and spaces around fields are accepted.
  EXPECT_TRUE(HolidayCalendar::Parse("date, name_nl ,name_en,counts_for_deadlines\r\n"
                                     "2026-01-01 , Nieuwjaarsdag , New Year's Day , yes\r\n")
                  .ok());
}

TEST(HolidayCalendar, WorkingDayDeadlineForVeiligThuis) {
  HolidayCalendar cal = Holidays();
  struct Case {
    const char* what;
    int64_t report;
    int n;
    std::string want_due;  // Amsterdam wall clock
    int64_t want_ms;
  };
  const Case cases[] = {
      {"Thursday before Easter", Local(2026, 4, 2, 16, 0), 5, "2026-04-13 23:59",
       Local(2026, 4, 13, 23, 59) + 59000},
      {"Saturday night report, first day after the spring DST change", Local(2026, 3, 28, 23, 30),
       5, "2026-04-07 23:59", Local(2026, 4, 7, 23, 59) + 59000},
      {"00:30 belongs to that day", Local(2026, 4, 2, 0, 30), 1, "2026-04-07 23:59",
       Local(2026, 4, 7, 23, 59) + 59000},
      {"same day", Local(2026, 6, 10, 9, 0), 0, "2026-06-10 23:59",
       Local(2026, 6, 10, 23, 59) + 59000},
      {"over Christmas into January (CET)", Local(2026, 12, 23, 11, 0), 6, "2027-01-04 23:59",
       Local(2027, 1, 4, 23, 59) + 59000},
  };
  for (const Case& c : cases) {
    Result<Deadline> dl = cal.AddWorkingDaysDeadline(c.report, c.n);
    ASSERT_TRUE(dl.ok()) << c.what << ": " << dl.status().ToString();
    EXPECT_EQ(Show(dl->due_ms), c.want_due) << c.what;
    EXPECT_EQ(dl->due_ms, c.want_ms) << c.what;
  }
  Result<Deadline> easter = cal.AddWorkingDaysDeadline(Local(2026, 4, 2, 16, 0), 5);
  EXPECT_EQ(easter->explanation,
            "5 werkdagen na 2 april 2026 16:00: einde van maandag 13 april 2026 23:59:59; niet "
            "meegeteld: Goede Vrijdag (3 april 2026), Tweede Paasdag (6 april 2026)");
  // 23:59:59 CEST is 21:59:59 UTC.
  EXPECT_EQ(easter->due_ms % 86400000, (21 * 3600 + 59 * 60 + 59) * 1000);
  EXPECT_EQ(cal.AddWorkingDaysDeadline(Local(2026, 6, 1, 9, 0), -1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(cal.AddWorkingDaysDeadline(Local(2027, 12, 28, 9, 0), 5).status().code(),
            StatusCode::kUnavailable);
}

// ---------------------------------------------------------------- SchoolCalendar

TEST(SchoolCalendar, ParsesAndCoversEachRegion) {
  SchoolCalendar cal = Schools();
  EXPECT_EQ(cal.holidays().size(), 39u);
  EXPECT_EQ(FormatIsoDate(cal.first_day(SchoolRegion::kNorth)), "2025-07-12");
  EXPECT_EQ(FormatIsoDate(cal.first_day(SchoolRegion::kSouth)), "2025-07-05");
  EXPECT_EQ(FormatIsoDate(cal.last_day(SchoolRegion::kNorth)), "2027-08-29");  // summer + 7 days
  EXPECT_EQ(FormatIsoDate(cal.last_day(SchoolRegion::kMiddle)), "2027-09-05");
  const SchoolHoliday* h = cal.FindHoliday(D(2026, 4, 29), SchoolRegion::kMiddle);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, SchoolHolidayKind::kMei);
  EXPECT_FALSE(h->advisory);  // the fixed week wins over the overlapping advised week
  h = cal.FindHoliday(D(2026, 4, 21), SchoolRegion::kMiddle);
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(h->advisory);
  EXPECT_EQ(SchoolHolidayKindName(h->kind), "meivakantie");
}

TEST(SchoolCalendar, SchoolDaysByTable) {
  SchoolCalendar cal = Schools();
  struct Case {
    Date d;
    SchoolRegion r;
    bool want;
    const char* why;
  };
  const Case cases[] = {
      {D(2026, 3, 10), SchoolRegion::kNorth, true, "ordinary Tuesday"},
      {D(2026, 3, 14), SchoolRegion::kNorth, false, "Saturday"},
      {D(2026, 4, 3), SchoolRegion::kMiddle, false, "Goede Vrijdag"},
      {D(2026, 5, 14), SchoolRegion::kSouth, false, "Hemelvaartsdag"},
      {D(2026, 5, 15), SchoolRegion::kSouth, true, "Friday after Ascension: the school's choice"},
      {D(2025, 10, 13), SchoolRegion::kSouth, false, "herfstvakantie zuid"},
      {D(2025, 10, 13), SchoolRegion::kNorth, true, "not yet herfstvakantie noord"},
      {D(2025, 10, 20), SchoolRegion::kNorth, false, "herfstvakantie noord"},
      {D(2025, 10, 20), SchoolRegion::kSouth, true, "after herfstvakantie zuid"},
      {D(2026, 2, 23), SchoolRegion::kNorth, false, "voorjaarsvakantie noord"},
      {D(2026, 2, 23), SchoolRegion::kMiddle, true, "after voorjaarsvakantie midden"},
      {D(2026, 7, 6), SchoolRegion::kNorth, false, "zomervakantie noord"},
      {D(2026, 7, 6), SchoolRegion::kMiddle, true, "before zomervakantie midden"},
      {D(2026, 8, 17), SchoolRegion::kNorth, true, "first day after zomervakantie noord"},
      {D(2026, 8, 31), SchoolRegion::kMiddle, true, "first day after zomervakantie midden"},
      {D(2025, 7, 4), SchoolRegion::kNorth, false, "before the data: not covered"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(cal.IsSchoolDay(c.d, c.r, nullptr), c.want) << c.why;
  }
}

struct NextCase {
  const char* what;
  int64_t incident;
  SchoolRegion region;
  std::string want;  // Amsterdam wall clock of the next school day's start
};

void CheckNext(const SchoolCalendar& cal, const NextCase& c, const SchoolDaysOff* school) {
  Result<int64_t> got = cal.NextSchoolDayStart(c.incident, c.region, school);
  ASSERT_TRUE(got.ok()) << c.what << ": " << got.status().ToString();
  EXPECT_EQ(Show(*got), c.want) << c.what;
}

TEST(SchoolCalendar, NextSchoolDayStartByTable) {
  SchoolCalendar cal = Schools();
  const NextCase cases[] = {
      {"night before a school day: that same morning", Local(2026, 3, 10, 2, 0),
       SchoolRegion::kMiddle, "2026-03-10 08:30"},
      {"just before the start", Local(2026, 3, 10, 8, 29), SchoolRegion::kMiddle,
       "2026-03-10 08:30"},
      {"at the start: counts as during school", Local(2026, 3, 10, 8, 30), SchoolRegion::kMiddle,
       "2026-03-11 08:30"},
      {"school-day morning", Local(2026, 3, 10, 10, 0), SchoolRegion::kMiddle, "2026-03-11 08:30"},
      {"school-day afternoon", Local(2026, 3, 10, 15, 45), SchoolRegion::kMiddle,
       "2026-03-11 08:30"},
      {"Friday evening", Local(2026, 3, 13, 20, 0), SchoolRegion::kNorth, "2026-03-16 08:30"},
      {"Saturday", Local(2026, 3, 14, 12, 0), SchoolRegion::kSouth, "2026-03-16 08:30"},
      {"Friday evening (Goede Vrijdag) before Tweede Paasdag", Local(2026, 4, 3, 20, 0),
       SchoolRegion::kMiddle, "2026-04-07 08:30"},
      {"Thursday evening before Goede Vrijdag and Tweede Paasdag", Local(2026, 4, 2, 21, 0),
       SchoolRegion::kNorth, "2026-04-07 08:30"},
      {"Friday before Tweede Paasdag 2027, across the March DST change", Local(2027, 3, 26, 22, 0),
       SchoolRegion::kSouth, "2027-03-30 08:30"},
      {"Wednesday evening before Ascension", Local(2026, 5, 13, 19, 0), SchoolRegion::kNorth,
       "2026-05-15 08:30"},
      {"during zomervakantie midden: the first day after it", Local(2026, 7, 20, 14, 0),
       SchoolRegion::kMiddle, "2026-08-31 08:30"},
      {"during zomervakantie noord", Local(2026, 7, 20, 14, 0), SchoolRegion::kNorth,
       "2026-08-17 08:30"},
      {"during zomervakantie zuid", Local(2026, 7, 20, 14, 0), SchoolRegion::kSouth,
       "2026-08-24 08:30"},
      {"herfstvakantie differs: zuid off from 11 October 2025", Local(2025, 10, 10, 12, 0),
       SchoolRegion::kSouth, "2025-10-20 08:30"},
      {"herfstvakantie differs: noord still at school", Local(2025, 10, 10, 12, 0),
       SchoolRegion::kNorth, "2025-10-13 08:30"},
      {"meivakantie 2026 incl. the advised week", Local(2026, 4, 17, 12, 0), SchoolRegion::kNorth,
       "2026-05-04 08:30"},
      {"DST March 2026: Saturday night to Monday (CEST)", Local(2026, 3, 28, 23, 0),
       SchoolRegion::kNorth, "2026-03-30 08:30"},
      {"DST March 2026: Sunday 02:30 does not exist", FromAmsterdam(D(2026, 3, 29), 3, 30),
       SchoolRegion::kNorth, "2026-03-30 08:30"},
      {"DST October 2026: the repeated hour", FromAmsterdam(D(2026, 10, 25), 2, 30) + 3600000,
       SchoolRegion::kNorth, "2026-10-26 08:30"},
      {"DST October 2026: end of herfstvakantie midden", Local(2026, 10, 24, 20, 0),
       SchoolRegion::kMiddle, "2026-10-26 08:30"},
  };
  for (const NextCase& c : cases) CheckNext(cal, c, nullptr);
  // The two DST Mondays, as UTC: 08:30 CEST = 06:30 UTC, 08:30 CET = 07:30 UTC.
  EXPECT_EQ(
      *cal.NextSchoolDayStart(Local(2026, 3, 28, 23, 0), SchoolRegion::kNorth, nullptr) % 86400000,
      (6 * 3600 + 30 * 60) * 1000);
  EXPECT_EQ(*cal.NextSchoolDayStart(Local(2026, 10, 24, 20, 0), SchoolRegion::kMiddle, nullptr) %
                86400000,
            (7 * 3600 + 30 * 60) * 1000);
}

TEST(SchoolCalendar, LastDayBeforeKerstvakantieInEachRegion) {
  // The kerstvakantie is set nationally, so the regions agree — unlike the herfstvakantie above.
  SchoolCalendar cal = Schools();
  for (SchoolRegion r : {SchoolRegion::kNorth, SchoolRegion::kMiddle, SchoolRegion::kSouth}) {
    CheckNext(
        cal, {"Friday 19 December 2025, morning", Local(2025, 12, 19, 7, 0), r, "2025-12-19 08:30"},
        nullptr);
    CheckNext(
        cal,
        {"Friday 19 December 2025, afternoon", Local(2025, 12, 19, 13, 0), r, "2026-01-05 08:30"},
        nullptr);
    CheckNext(
        cal,
        {"Friday 18 December 2026, afternoon", Local(2026, 12, 18, 13, 0), r, "2027-01-04 08:30"},
        nullptr);
  }
}

TEST(SchoolCalendar, TheSchoolsOwnCalendarOverridesTheRegion) {
  SchoolCalendar cal = Schools();
  // A study day on Wednesday 11 March 2026.
  SchoolDaysOff study;
  study.days_off.push_back({D(2026, 3, 11), D(2026, 3, 11)});
  CheckNext(cal,
            {"Tuesday afternoon before a study day", Local(2026, 3, 10, 14, 0),
             SchoolRegion::kMiddle, "2026-03-12 08:30"},
            &study);
  CheckNext(cal,
            {"same, regional default", Local(2026, 3, 10, 14, 0), SchoolRegion::kMiddle,
             "2026-03-11 08:30"},
            nullptr);
  // A school in noord that moved its voorjaarsvakantie a week earlier (16-20 February 2026).
  SchoolDaysOff moved;
  moved.days_off.push_back({D(2026, 2, 14), D(2026, 2, 22)});
  moved.school_days.push_back({D(2026, 2, 21), D(2026, 3, 1)});
  CheckNext(cal,
            {"moved week: back on 23 February", Local(2026, 2, 20, 20, 0), SchoolRegion::kNorth,
             "2026-02-23 08:30"},
            &moved);
  CheckNext(cal,
            {"regional default: back on 2 March", Local(2026, 2, 20, 20, 0), SchoolRegion::kNorth,
             "2026-03-02 08:30"},
            nullptr);
  CheckNext(cal,
            {"moved week: off from 16 February", Local(2026, 2, 13, 20, 0), SchoolRegion::kNorth,
             "2026-02-23 08:30"},
            &moved);
  // A school that teaches on Goede Vrijdag; weekends stay free.
  SchoolDaysOff good_friday;
  good_friday.school_days.push_back({D(2026, 4, 3), D(2026, 4, 5)});
  CheckNext(cal,
            {"teaches on Goede Vrijdag", Local(2026, 4, 2, 20, 0), SchoolRegion::kMiddle,
             "2026-04-03 08:30"},
            &good_friday);
  EXPECT_FALSE(cal.IsSchoolDay(D(2026, 4, 4), SchoolRegion::kMiddle, &good_friday));
  // A different start time.
  Result<int64_t> at_815 =
      cal.NextSchoolDayStart(Local(2026, 3, 10, 2, 0), SchoolRegion::kMiddle, nullptr, "08:15");
  ASSERT_TRUE(at_815.ok());
  EXPECT_EQ(Show(*at_815), "2026-03-10 08:15");
}

TEST(SchoolCalendar, ClearErrors) {
  SchoolCalendar cal = Schools();
  Result<int64_t> beyond =
      cal.NextSchoolDayStart(Local(2027, 9, 10, 12, 0), SchoolRegion::kMiddle, nullptr);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(beyond.status().message().find("regio midden"), std::string::npos);
  EXPECT_NE(beyond.status().message().find("2027-09-05"), std::string::npos)
      << beyond.status().message();
  // The last covered week still answers.
  EXPECT_TRUE(
      cal.NextSchoolDayStart(Local(2027, 8, 30, 7, 0), SchoolRegion::kMiddle, nullptr).ok());
  for (const char* bad : {"8:30", "0830", "24:00", "08:60", "ab:cd", ""}) {
    Result<int64_t> r =
        cal.NextSchoolDayStart(Local(2026, 3, 10, 2, 0), SchoolRegion::kNorth, nullptr, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "start_time");
  }
}

TEST(SchoolCalendar, ParseErrorsNameLineAndField) {
  const std::string header = "school_year,region,kind,first_day,last_day,advisory,source\n";
  const std::string summer =
      "2024-2025,north,zomervakantie,2025-07-12,2025-08-24,no,secondary\n"
      "2024-2025,middle,zomervakantie,2025-07-19,2025-08-31,no,secondary\n"
      "2024-2025,south,zomervakantie,2025-07-05,2025-08-17,no,derived\n";
  struct Case {
    std::string csv;
    std::string want_in_message;
    std::string field;
  };
  const Case cases[] = {
      {header + "2025/2026,north,herfstvakantie,2025-10-18,2025-10-26,yes,secondary\n",
       "regel 2, veld school_year", "school_year"},
      {header + "2025-2027,north,herfstvakantie,2025-10-18,2025-10-26,yes,secondary\n",
       "regel 2, veld school_year", "school_year"},
      {header + "2025-2026,east,herfstvakantie,2025-10-18,2025-10-26,yes,secondary\n",
       "regel 2, veld region", "region"},
      {header + "2025-2026,north,paasvakantie,2026-04-04,2026-04-12,yes,secondary\n",
       "regel 2, veld kind", "kind"},
      {header + "2025-2026,north,herfstvakantie,2025-10-26,2025-10-18,yes,secondary\n",
       "regel 2, veld last_day: ligt voor first_day", "last_day"},
      {header + "2025-2026,north,herfstvakantie,2026-10-17,2026-10-25,yes,secondary\n",
       "regel 2, veld last_day: valt buiten schooljaar 2025-2026", "last_day"},
      {header + "2025-2026,north,herfstvakantie,2025-10-18,2025-10-26,maybe,secondary\n",
       "regel 2, veld advisory", "advisory"},
      {header + "2025-2026,north,herfstvakantie,2025-10-18,2025-10-26,yes,internet\n",
       "regel 2, veld source", "source"},
      {header + summer + "2024-2025,north,zomervakantie,2025-07-12,2025-08-24,no,secondary\n",
       "regel 5, veld kind: dubbel", "kind"},
      {header + "2024-2025,north,zomervakantie,2025-07-12,2025-08-24,no,secondary\n",
       "regio middle ontbreekt", "region"},
      {header + summer + "2025-2026,north,herfstvakantie,2025-10-18,2025-10-26,yes,secondary\n",
       "regio north, schooljaar 2025-2026: kerstvakantie ontbreekt", "kind"},
  };
  for (const Case& c : cases) {
    Result<SchoolCalendar> cal = SchoolCalendar::Parse(c.csv, Holidays());
    ASSERT_FALSE(cal.ok()) << c.csv;
    EXPECT_NE(cal.status().message().find(c.want_in_message), std::string::npos)
        << "got: " << cal.status().message() << "\nfor:\n"
        << c.csv;
    EXPECT_EQ(cal.status().field(), c.field) << c.csv;
  }
}

}  // namespace
}  // namespace inbeeld
