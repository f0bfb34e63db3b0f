#include "notify/backoff.h"

#include <gtest/gtest.h>

#include <set>

namespace inbeeld {
namespace {

TEST(Backoff, DoublesUpToTheCapWithoutJitter) {
  BackoffPolicy p{1'000, 60'000, 0};
  struct Case {
    int attempts;
    int64_t delay;
  };
  const Case cases[] = {
      {-3, 1'000},  {0, 1'000},   {1, 1'000},          {2, 2'000},  {3, 4'000},
      {4, 8'000},   {5, 16'000},  {6, 32'000},         {7, 60'000}, {8, 60'000},
      {63, 60'000}, {64, 60'000}, {1'000'000, 60'000},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(BackoffDelayMs(p, c.attempts, 42), c.delay) << "attempts " << c.attempts;
    EXPECT_EQ(NextAttemptMs(p, 1'000'000, c.attempts, 42), 1'000'000 + c.delay);
  }
}

TEST(Backoff, JitterIsDeterministicBoundedAndSpreadsItems) {
  BackoffPolicy p{5'000, 300'000, 20};
  struct Case {
    int attempts;
    int64_t full;  // the delay without jitter
  };
  const Case cases[] = {{1, 5'000},   {2, 10'000},  {3, 20'000},
                        {6, 160'000}, {7, 300'000}, {50, 300'000}};
  for (const auto& c : cases) {
    std::set<int64_t> seen;
    for (int64_t id = 1; id <= 200; ++id) {
      int64_t d = BackoffDelayMs(p, c.attempts, id);
      EXPECT_LE(d, c.full);
      EXPECT_GE(d, c.full - c.full / 5);
      EXPECT_EQ(d, BackoffDelayMs(p, c.attempts, id)) << "same inputs, same delay";
      seen.insert(d);
    }
    EXPECT_GT(seen.size(), 50u) << "200 items at attempt " << c.attempts << " should spread out";
  }
}

TEST(Backoff, DegenerateSettings) {
  EXPECT_EQ(BackoffDelayMs({0, 0, 20}, 5, 1), 0);
  EXPECT_EQ(BackoffDelayMs({1, 1, 100}, 9, 1), 1);              // never below 1 ms when base > 0
  EXPECT_EQ(BackoffDelayMs({10'000, 1'000, 0}, 3, 1), 10'000);  // a cap below base is base
  EXPECT_EQ(BackoffDelayMs({INT64_MAX / 2, INT64_MAX, 0}, 10, 1), INT64_MAX);
}

}  // namespace
}  // namespace inbeeld
