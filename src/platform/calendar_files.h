// Loads the calendars from data/calendars/ at start-up (public_holidays.csv and
// school_holidays.csv; format: data/calendars/README.md).
#pragma once

#include <string>

#include "core/calendar.h"
#include "core/status.h"

namespace inbeeld {

struct CalendarData {
  HolidayCalendar holidays;  // for working-day deadlines
  SchoolCalendar schools;    // for school days (holds its own copy of the public holidays)
};

// The source tree's data/ directory, compiled in: the default of the app's --data-dir.
std::string DefaultDataDir();

// Reads and parses <data_dir>/calendars/public_holidays.csv and school_holidays.csv.
// Fails with kInvalidArgument naming the file: "<path>: regel 12, veld date: ..." (field() is
// the column), or "<path>: kan het bestand niet lezen" when it is missing or unreadable.
Result<CalendarData> LoadCalendars(const std::string& data_dir);

}  // namespace inbeeld
