// Civil dates (no time zone) for birth dates, enrolments and deadlines.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.h"

namespace inbeeld {

using Date = std::chrono::year_month_day;

// Parses "YYYY-MM-DD" strictly (a real calendar date, years 1900..2199).
// Fails with kInvalidArgument naming `field`.
Result<Date> ParseIsoDate(std::string_view text, std::string_view field = "date");

// "YYYY-MM-DD".
std::string FormatIsoDate(Date d);

// "15 maart 2014" (nl) or "15 March 2014" (en).
std::string FormatLongDate(Date d, std::string_view lang);

// Completed years of age on `today`.
int AgeOn(Date birth, Date today);

// Days since 1970-01-01.
inline int DaysSinceEpoch(Date d) {
  return static_cast<int>(std::chrono::sys_days(d).time_since_epoch().count());
}
inline Date DateFromDays(int days) {
  return Date(std::chrono::sys_days(std::chrono::days(days)));
}

}  // namespace inbeeld
