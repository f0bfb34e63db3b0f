#include "platform/clock.h"

#include <chrono>

namespace inbeeld {

int64_t SystemClock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Date Clock::Today() const {
  // Europe/Amsterdam without a time-zone database: CET (+1) with CEST (+2)
  // from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
  using namespace std::chrono;
  int64_t ms = NowMs();
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
  return Date{sys_days{days(local / 86400000)}};
}

}  // namespace inbeeld
