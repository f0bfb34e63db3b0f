#include "notify/backoff.h"

#include <algorithm>

namespace inbeeld {
namespace {

// SplitMix64: a fast, well-mixed hash of a 64-bit value.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

int64_t BackoffDelayMs(const BackoffPolicy& p, int attempts, int64_t item_id) {
  const int64_t base = std::max<int64_t>(p.base_ms, 0);
  const int64_t cap = std::max<int64_t>(p.cap_ms, base);
  const int doublings = std::max(attempts, 1) - 1;
  int64_t d = base;
  for (int i = 0; i < doublings && d < cap; ++i) d = d > cap / 2 ? cap : d * 2;  // no overflow
  const int percent = std::clamp(p.jitter_percent, 0, 100);
  const int64_t spread = d / 100 * percent + (d % 100) * percent / 100;
  if (spread <= 0) return d;
  const uint64_t h =
      Mix(static_cast<uint64_t>(item_id) * 1'000'003u + static_cast<uint64_t>(attempts));
  const int64_t jitter = static_cast<int64_t>(h % (static_cast<uint64_t>(spread) + 1));
  return std::max<int64_t>(d - jitter, base > 0 ? 1 : 0);
}

int64_t NextAttemptMs(const BackoffPolicy& p, int64_t now_ms, int attempts, int64_t item_id) {
  return now_ms + BackoffDelayMs(p, attempts, item_id);
}

}  // namespace inbeeld
