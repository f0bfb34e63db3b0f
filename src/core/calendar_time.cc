#include "core/calendar_time.h"

#include <chrono>

namespace inbeeld {
namespace {

constexpr int64_t kMsPerHour = 3600000;
constexpr int64_t kMsPerDay = 24 * kMsPerHour;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Days since the epoch of the last Sunday of `m` in `y`.
int64_t LastSunday(std::chrono::year y, std::chrono::month m) {
  using namespace std::chrono;
  sys_days last = sys_days{y / m / std::chrono::last};
  return (last - days(weekday{last}.c_encoding())).time_since_epoch().count();
}

// The CEST interval [start, end) of `y` in Unix ms: both switches happen at 01:00 UTC.
void SummerTime(std::chrono::year y, int64_t* start, int64_t* end) {
  *start = LastSunday(y, std::chrono::March) * kMsPerDay + kMsPerHour;
  *end = LastSunday(y, std::chrono::October) * kMsPerDay + kMsPerHour;
}

}  // namespace

bool IsAmsterdamSummerTime(int64_t ms) {
  Date utc = DateFromDays(static_cast<int>(FloorDiv(ms, kMsPerDay)));
  int64_t start = 0, end = 0;
  SummerTime(utc.year(), &start, &end);
  return ms >= start && ms < end;
}

LocalDateTime ToAmsterdam(int64_t ms) {
  int64_t local = ms + (IsAmsterdamSummerTime(ms) ? 2 : 1) * kMsPerHour;
  int64_t day = FloorDiv(local, kMsPerDay);
  int64_t in_day_s = (local - day * kMsPerDay) / 1000;
  LocalDateTime out;
  out.date = DateFromDays(static_cast<int>(day));
  out.hour = static_cast<int>(in_day_s / 3600);
  out.minute = static_cast<int>((in_day_s % 3600) / 60);
  return out;
}

int64_t FromAmsterdam(Date date, int hour, int minute) {
  int64_t local = static_cast<int64_t>(DaysSinceEpoch(date)) * kMsPerDay + hour * kMsPerHour +
                  static_cast<int64_t>(minute) * 60000;
  int64_t start = 0, end = 0;
  SummerTime(date.year(), &start, &end);
  int64_t as_summer = local - 2 * kMsPerHour;
  if (as_summer >= start && as_summer < end) return as_summer;
  return local - kMsPerHour;
}

}  // namespace inbeeld
