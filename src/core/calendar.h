// Calendars: Dutch working days (for statutory deadlines) and school days (for Handle with Care:
// a signal must reach the school before lessons start on the child's next school day).
//
// Both are built from the versioned files in data/calendars/ (format: data/calendars/README.md),
// handed in as text: core does no I/O (platform/calendar_files.h reads the files). A calendar
// knows the range its data cover; every computation that would step outside it fails with
// kUnavailable instead of guessing — a deadline is never computed from missing data.
//
// Thread safety: both classes are immutable after Parse; const methods are safe to call
// concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/role.h"
#include "core/status.h"

namespace inbeeld {

// Easter Sunday of `year` by the Gregorian computus (Meeus/Jones/Butcher).
// REQUIRES: 1583 <= year <= 9999.
Date EasterSunday(int year);

// One row of public_holidays.csv.
struct PublicHoliday {
  Date date;
  std::string name_nl;
  std::string name_en;
  // Whether the day stops the clock of working-day deadlines (see the data file's comment:
  // Algemene termijnenwet art. 3). A listed day with `no` is still a public holiday.
  bool counts_for_deadlines = true;
};

// A moment by which something must be done, and why (habit 10: decisions explain themselves).
struct Deadline {
  int64_t due_ms = 0;       // Unix ms: 23:59:59 Amsterdam time on `due_date`
  Date due_date;            // the Amsterdam civil date the deadline falls on
  std::string explanation;  // Dutch, e.g. "5 werkdagen na 2 april 2026: ... (niet meegeteld: ...)"
};

// Dutch public holidays and the working days they leave.
class HolidayCalendar {
 public:
  // Parses public_holidays.csv text. Errors are kInvalidArgument with the line number and
  // column in the message ("regel 12, veld date: ...") and the column in field().
  // The covered range is 1 January of the first year through 31 December of the last year in the
  // file; every year in between must have rows.
  static Result<HolidayCalendar> Parse(std::string_view csv);

  // The first and last covered day, inclusive.
  Date first_day() const { return first_; }
  Date last_day() const { return last_; }
  bool Covers(Date d) const;

  // The holiday on `d`, or nullptr (also outside the covered range).
  const PublicHoliday* Find(Date d) const;
  // Any listed holiday, whether or not it counts for deadlines.
  // REQUIRES: Covers(d); outside the range this answers false.
  bool IsPublicHoliday(Date d) const { return Find(d) != nullptr; }
  // Monday to Friday and not a holiday that counts for deadlines.
  // REQUIRES: Covers(d); outside the range only the weekday is looked at.
  bool IsWorkingDay(Date d) const;

  // The n-th working day after `from` (n > 0), before it (n < 0), or `from` itself (n == 0).
  // `from` need not be a working day and is never counted. Fails with kUnavailable when `from`
  // or any day stepped over lies outside the covered range.
  Result<Date> AddWorkingDays(Date from, int n) const;

  // The number of working days d with a < d <= b; negative (-(count in b < d <= a)) when b < a.
  // So AddWorkingDays(a, WorkingDaysBetween(a, b)) == b whenever b is a working day.
  // Fails with kUnavailable when a or b lies outside the covered range.
  Result<int> WorkingDaysBetween(Date a, Date b) const;

  // A deadline of n working days after a moment, for Veilig Thuis (e.g. the safety assessment
  // within 5 working days of a report). Semantics: take the Amsterdam civil date of `from_ms`
  // (a report at 00:30 belongs to that day; a report on a Saturday to that Saturday); the
  // deadline is the end (23:59:59 Amsterdam time) of the n-th working day after that date.
  // n == 0 gives the end of the reporting day itself.
  // Fails: kInvalidArgument when n < 0; kUnavailable when the data do not cover the days.
  Result<Deadline> AddWorkingDaysDeadline(int64_t from_ms, int n) const;

  // All holidays, sorted by date.
  const std::vector<PublicHoliday>& holidays() const { return holidays_; }

 private:
  HolidayCalendar() = default;
  Status CheckCovers(Date d) const;

  std::vector<PublicHoliday> holidays_;  // sorted by date, unique
  Date first_{};
  Date last_{};
};

enum class SchoolHolidayKind { kHerfst, kKerst, kVoorjaar, kMei, kZomer };
// "herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie".
std::string_view SchoolHolidayKindName(SchoolHolidayKind k);

// One row of school_holidays.csv: a regional holiday, first and last day inclusive.
struct SchoolHoliday {
  std::string school_year;  // "2025-2026"
  SchoolRegion region = SchoolRegion::kNorth;
  SchoolHolidayKind kind = SchoolHolidayKind::kHerfst;
  Date first_day;
  Date last_day;
  bool advisory = false;  // adviesdata: a school may deviate (see SchoolDaysOff)
  std::string source;     // "rijksoverheid" | "secondary" | "derived" | "unverified"
};

// Inclusive range of civil dates.
struct DateRange {
  Date first;
  Date last;
  bool Contains(Date d) const { return first <= d && d <= last; }
};

// A school's own calendar, which overrides the regional default (domain.md: "a school's own
// calendar, when known, overrides the regional default").
//  - days_off: study days, extra days off, and the school's own (moved) holiday weeks.
//  - school_days: days the school teaches although the region has a holiday (or a public
//    holiday such as Goede Vrijdag falls) — the other half of a moved holiday week.
// A moved week is therefore one entry in each list. Weekends are never school days; when a day
// is in both lists, days_off wins.
struct SchoolDaysOff {
  std::vector<DateRange> days_off;
  std::vector<DateRange> school_days;
};

// Regional school holidays plus the public holidays: which days are school days.
class SchoolCalendar {
 public:
  // Parses school_holidays.csv text (errors as HolidayCalendar::Parse). Checks per region that
  // every school year after the earliest one has all five kinds, and that rows fall between
  // 1 August of the school year's first year and 30 September of its second year.
  // `holidays` supplies the public holidays (all listed days are days without school).
  static Result<SchoolCalendar> Parse(std::string_view csv, HolidayCalendar holidays);

  // A region is covered from the first day of its earliest holiday in the file through 7 days
  // after its last zomervakantie (the week after the summer holiday is a school week), and only
  // where the public holidays are covered too.
  bool Covers(Date d, SchoolRegion region) const;
  Date first_day(SchoolRegion region) const;
  Date last_day(SchoolRegion region) const;

  // The regional holiday on `d` (a non-advisory row before an advisory one), or nullptr.
  const SchoolHoliday* FindHoliday(Date d, SchoolRegion region) const;

  // Monday to Friday, not a public holiday, not in a holiday of the region and not a day off
  // of the school, with the school's overrides applied (see SchoolDaysOff). `school` may be null
  // (the regional default). REQUIRES: Covers(d, region); outside the range this answers false.
  bool IsSchoolDay(Date d, SchoolRegion region, const SchoolDaysOff* school) const;

  // The start of the child's next school day at this school, as Unix ms: `start_time` ("HH:MM",
  // Amsterdam wall clock) on the first school day whose start is still ahead of `unix_ms`.
  // So a night incident before a school day is due that same morning (Tuesday 02:00 -> Tuesday
  // 08:30), one during school hours the next school day (Tuesday 10:00 -> Wednesday 08:30), and
  // one on Friday evening on Monday unless Monday is a holiday. An incident at exactly the start
  // time counts as during school.
  // Fails: kInvalidArgument (field "start_time") for a malformed time; kUnavailable when the
  // data end before a school day is found.
  Result<int64_t> NextSchoolDayStart(int64_t unix_ms, SchoolRegion region,
                                     const SchoolDaysOff* school,
                                     std::string_view start_time = "08:30") const;

  const std::vector<SchoolHoliday>& holidays() const { return holidays_; }
  const HolidayCalendar& public_holidays() const { return public_; }

 private:
  explicit SchoolCalendar(HolidayCalendar h) : public_(std::move(h)) {}

  HolidayCalendar public_;
  std::vector<SchoolHoliday> holidays_;  // file order
  Date first_[3] = {};                   // per SchoolRegion, indexed by its value
  Date last_[3] = {};
};

}  // namespace inbeeld
