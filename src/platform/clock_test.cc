#include "platform/clock.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

TEST(Clock, TodayUsesAmsterdamTime) {
  // 2026-11-23 23:30 UTC is 2026-11-24 00:30 in Amsterdam (CET, +1).
  FakeClock winter(1795476600000);  // 2026-11-23T23:30:00Z
  EXPECT_EQ(FormatIsoDate(winter.Today()), "2026-11-24");
  // 2026-07-01 22:30 UTC is 2026-07-02 00:30 CEST (+2).
  FakeClock summer(1782945000000);  // 2026-07-01T22:30:00Z
  EXPECT_EQ(FormatIsoDate(summer.Today()), "2026-07-02");
  // 2026-07-01 21:30 UTC is 23:30 CEST, still July 1st.
  FakeClock summer2(1782941400000);
  EXPECT_EQ(FormatIsoDate(summer2.Today()), "2026-07-01");
}

}  // namespace
}  // namespace inbeeld
