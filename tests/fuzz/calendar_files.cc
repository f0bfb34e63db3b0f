// Fuzz target: the calendar files of data/calendars/ (HolidayCalendar::Parse,
// SchoolCalendar::Parse). Input: public_holidays.csv text, a line "%%", then
// school_holidays.csv text; without "%%" the whole input is tried as both
// (school holidays then over a small built-in public-holiday file).
// Invariants on what parses: holidays sorted, unique and covered; working-day
// arithmetic consistent (AddWorkingDays inverts WorkingDaysBetween); school
// holidays inside their school year; the next school day start is a school day.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/calendar_time.h"
#include "fuzz_check.h"

namespace {

using inbeeld::Date;

Date AddDays(Date d, int n) {
  return Date{std::chrono::sys_days{d} + std::chrono::days(n)};
}

// One holiday a year, 2020..2030: enough coverage for school calendars.
const inbeeld::HolidayCalendar& BuiltinHolidays() {
  static const inbeeld::HolidayCalendar cal = [] {
    std::string csv = "date,name_nl,name_en,counts_for_deadlines\n";
    for (int y = 2020; y <= 2030; ++y) {
      csv += std::to_string(y) + "-01-01,Nieuwjaarsdag,New Year's Day,yes\n";
    }
    return inbeeld::HolidayCalendar::Parse(csv).value();
  }();
  return cal;
}

void CheckHolidays(const inbeeld::HolidayCalendar& cal) {
  FUZZ_CHECK(!cal.holidays().empty());
  FUZZ_CHECK(cal.first_day() <= cal.last_day());
  for (size_t i = 0; i < cal.holidays().size(); ++i) {
    const inbeeld::PublicHoliday& h = cal.holidays()[i];
    FUZZ_CHECK(cal.Covers(h.date));
    FUZZ_CHECK(cal.Find(h.date) == &h);
    FUZZ_CHECK(i == 0 || cal.holidays()[i - 1].date < h.date);
  }
  // Working-day arithmetic over the first weeks of the covered range.
  const Date a = cal.first_day();
  for (int n : {0, 1, 5, 10}) {
    inbeeld::Result<Date> due = cal.AddWorkingDays(a, n);
    if (!due.ok()) {
      FUZZ_CHECK(due.status().code() == inbeeld::StatusCode::kUnavailable);
      continue;
    }
    FUZZ_CHECK(n == 0 ? *due == a : (a < *due && cal.IsWorkingDay(*due)));
    inbeeld::Result<int> between = cal.WorkingDaysBetween(a, *due);
    FUZZ_CHECK(between.ok() && *between == n);
    inbeeld::Result<int> back = cal.WorkingDaysBetween(*due, a);
    FUZZ_CHECK(back.ok() && *back == -n);
  }
  FUZZ_CHECK(!cal.AddWorkingDays(AddDays(cal.first_day(), -1), 1).ok());
  FUZZ_CHECK(!cal.AddWorkingDays(cal.last_day(), 400).ok());
}

void CheckSchools(const inbeeld::SchoolCalendar& cal) {
  for (const inbeeld::SchoolHoliday& h : cal.holidays()) {
    FUZZ_CHECK(h.first_day <= h.last_day);
    FUZZ_CHECK(h.school_year.size() == 9);
    FUZZ_CHECK(cal.FindHoliday(h.first_day, h.region) != nullptr);
  }
  for (inbeeld::SchoolRegion r : {inbeeld::SchoolRegion::kNorth, inbeeld::SchoolRegion::kMiddle,
                                  inbeeld::SchoolRegion::kSouth}) {
    const Date first = cal.first_day(r);
    if (!(first <= cal.last_day(r))) continue;  // the public holidays cover none of it
    FUZZ_CHECK(cal.Covers(first, r));
    const int64_t from_ms = inbeeld::FromAmsterdam(first, 12, 0);
    inbeeld::Result<int64_t> start = cal.NextSchoolDayStart(from_ms, r, nullptr);
    if (start.ok()) {
      FUZZ_CHECK(*start > from_ms);
      const Date day = inbeeld::ToAmsterdam(*start).date;
      FUZZ_CHECK(cal.IsSchoolDay(day, r, nullptr));
    } else {
      FUZZ_CHECK(start.status().code() == inbeeld::StatusCode::kUnavailable);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t sep = in.find("\n%%\n");
  const std::string_view public_csv = sep == std::string_view::npos ? in : in.substr(0, sep);
  const std::string_view school_csv = sep == std::string_view::npos ? in : in.substr(sep + 4);

  inbeeld::Result<inbeeld::HolidayCalendar> holidays = inbeeld::HolidayCalendar::Parse(public_csv);
  if (holidays.ok()) {
    CheckHolidays(*holidays);
  } else {
    FUZZ_CHECK(holidays.status().code() == inbeeld::StatusCode::kInvalidArgument);
  }
  inbeeld::Result<inbeeld::SchoolCalendar> schools =
      inbeeld::SchoolCalendar::Parse(school_csv, holidays.ok() ? *holidays : BuiltinHolidays());
  if (schools.ok()) {
    CheckSchools(*schools);
  } else {
    FUZZ_CHECK(schools.status().code() == inbeeld::StatusCode::kInvalidArgument);
  }
  return 0;
}
