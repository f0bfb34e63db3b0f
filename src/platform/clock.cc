#include "platform/clock.h"

#include <chrono>
#include <cstdio>

namespace inbeeld {

int64_t SystemClock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Date Clock::Today() const { return ToAmsterdam(NowMs()).date; }

LocalDateTime ToAmsterdam(int64_t ms) {
  // Europe/Amsterdam without a time-zone database: CET (+1) with CEST (+2)
  // from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
  using namespace std::chrono;
  sys_days utc_day{days(ms / 86400000)};
  year_month_day ymd{utc_day};
  auto last_sunday = [](year y, month m) {
    sys_days last = sys_days{y / m / std::chrono::last};
    weekday wd{last};
    return last - days((wd.c_encoding() + 7 - 0) % 7);
  };
  int64_t start = (last_sunday(ymd.year(), March).time_since_epoch().count() * 86400 + 3600) * 1000;
  int64_t end = (last_sunday(ymd.year(), October).time_since_epoch().count() * 86400 + 3600) * 1000;
  int64_t offset_ms = (ms >= start && ms < end) ? 2 * 3600000 : 3600000;
  int64_t local = ms + offset_ms;
  int64_t day = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  int64_t in_day = (local - day * 86400000) / 1000;
  LocalDateTime out;
  out.date = Date{sys_days{days(day)}};
  out.hour = static_cast<int>(in_day / 3600);
  out.minute = static_cast<int>((in_day % 3600) / 60);
  return out;
}

std::string FormatAmsterdam(int64_t unix_ms) {
  LocalDateTime t = ToAmsterdam(unix_ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d", FormatIsoDate(t.date).c_str(), t.hour, t.minute);
  return buf;
}

}  // namespace inbeeld
