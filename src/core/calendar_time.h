// Europe/Amsterdam wall-clock time without a time-zone database: CET (UTC+1), and CEST
// (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC
// (the EU rule since 1996). Pure; platform/clock.h re-exports these for existing callers.
#pragma once

#include <cstdint>

#include "core/date.h"

namespace inbeeld {

// A moment as Amsterdam wall-clock time (CET/CEST).
struct LocalDateTime {
  Date date;
  int hour = 0;
  int minute = 0;
};

// Unix milliseconds -> Amsterdam wall clock (seconds are dropped).
LocalDateTime ToAmsterdam(int64_t unix_ms);

// Amsterdam wall clock -> Unix milliseconds.
// REQUIRES: 0 <= hour <= 23, 0 <= minute <= 59.
// A wall-clock time that happens twice (the last Sunday of October, 02:00-02:59) maps to
// its first occurrence (still CEST). A time that does not exist (the last Sunday of March,
// 02:00-02:59) is read as CET, so it lands one hour later on the wall clock (03:xx CEST).
int64_t FromAmsterdam(Date date, int hour, int minute);

// Whether Amsterdam observes CEST at this moment.
bool IsAmsterdamSummerTime(int64_t unix_ms);

}  // namespace inbeeld
