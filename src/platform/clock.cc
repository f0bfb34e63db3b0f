#include "platform/clock.h"

#include <chrono>
#include <cstdio>

namespace inbeeld {

int64_t SystemClock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Date Clock::Today() const {
  return ToAmsterdam(NowMs()).date;
}

std::string FormatAmsterdam(int64_t unix_ms) {
  LocalDateTime t = ToAmsterdam(unix_ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d", FormatIsoDate(t.date).c_str(), t.hour, t.minute);
  return buf;
}

}  // namespace inbeeld
