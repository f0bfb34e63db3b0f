#include "core/calendar_time.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

using namespace std::chrono;

int64_t UtcMs(int y, unsigned m, unsigned d, int h, int min) {
  return (static_cast<int64_t>(sys_days{year(y) / month(m) / day(d)}.time_since_epoch().count()) *
              86400 +
          h * 3600 + min * 60) *
         1000;
}

Date D(int y, unsigned m, unsigned d) {
  return Date{year(y), month(m), day(d)};
}

TEST(AmsterdamTime, FromAmsterdamByTable) {
  struct Case {
    const char* what;
    Date date;
    int hour, minute;
    int64_t want;
  };
  const Case cases[] = {
      {"winter, CET", D(2026, 1, 15), 8, 30, UtcMs(2026, 1, 15, 7, 30)},
      {"summer, CEST", D(2026, 7, 1), 8, 30, UtcMs(2026, 7, 1, 6, 30)},
      {"day before spring change", D(2026, 3, 28), 23, 0, UtcMs(2026, 3, 28, 22, 0)},
      {"spring change day, before", D(2026, 3, 29), 1, 59, UtcMs(2026, 3, 29, 0, 59)},
      {"spring gap 02:30 read as CET", D(2026, 3, 29), 2, 30, UtcMs(2026, 3, 29, 1, 30)},
      {"spring change day, after", D(2026, 3, 29), 3, 0, UtcMs(2026, 3, 29, 1, 0)},
      {"Monday after spring change", D(2026, 3, 30), 8, 30, UtcMs(2026, 3, 30, 6, 30)},
      {"autumn change day, before", D(2026, 10, 25), 1, 30, UtcMs(2026, 10, 24, 23, 30)},
      {"autumn repeated hour: first", D(2026, 10, 25), 2, 30, UtcMs(2026, 10, 25, 0, 30)},
      {"autumn change day, after", D(2026, 10, 25), 3, 0, UtcMs(2026, 10, 25, 2, 0)},
      {"Monday after autumn change", D(2026, 10, 26), 8, 30, UtcMs(2026, 10, 26, 7, 30)},
      {"new year's eve", D(2026, 12, 31), 23, 59, UtcMs(2026, 12, 31, 22, 59)},
      {"last Sunday of March 2027", D(2027, 3, 28), 12, 0, UtcMs(2027, 3, 28, 10, 0)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FromAmsterdam(c.date, c.hour, c.minute), c.want) << c.what;
  }
}

TEST(AmsterdamTime, RoundTripsEveryQuarterHourAroundBothChanges) {
  for (int64_t ms = UtcMs(2026, 3, 28, 0, 0); ms < UtcMs(2026, 3, 30, 0, 0); ms += 15 * 60000) {
    LocalDateTime t = ToAmsterdam(ms);
    EXPECT_EQ(FromAmsterdam(t.date, t.hour, t.minute), ms) << ms;
  }
  for (int64_t ms = UtcMs(2026, 10, 24, 0, 0); ms < UtcMs(2026, 10, 26, 0, 0); ms += 15 * 60000) {
    LocalDateTime t = ToAmsterdam(ms);
    int64_t back = FromAmsterdam(t.date, t.hour, t.minute);
    // The repeated hour (01:00-02:00 UTC shows as 02:xx CET) maps to its first occurrence.
    if (ms >= UtcMs(2026, 10, 25, 1, 0) && ms < UtcMs(2026, 10, 25, 2, 0)) {
      EXPECT_EQ(back, ms - 3600000) << ms;
    } else {
      EXPECT_EQ(back, ms) << ms;
    }
  }
}

TEST(AmsterdamTime, ToAmsterdamSwitchesAtOneUtc) {
  EXPECT_FALSE(IsAmsterdamSummerTime(UtcMs(2026, 3, 29, 0, 59)));
  EXPECT_TRUE(IsAmsterdamSummerTime(UtcMs(2026, 3, 29, 1, 0)));
  EXPECT_TRUE(IsAmsterdamSummerTime(UtcMs(2026, 10, 25, 0, 59)));
  EXPECT_FALSE(IsAmsterdamSummerTime(UtcMs(2026, 10, 25, 1, 0)));
  LocalDateTime t = ToAmsterdam(UtcMs(2026, 3, 29, 1, 0));
  EXPECT_EQ(t.date, D(2026, 3, 29));
  EXPECT_EQ(t.hour, 3);
  EXPECT_EQ(t.minute, 0);
  // Before 1970 the day still floors correctly.
  t = ToAmsterdam(UtcMs(1969, 12, 31, 22, 30));
  EXPECT_EQ(t.date, D(1969, 12, 31));
  EXPECT_EQ(t.hour, 23);
}

}  // namespace
}  // namespace inbeeld
