// Backoff: when to try a failed notice again. A pure function of its inputs,
// tested by table (backoff_test.cc).
#pragma once

#include <cstdint>

namespace inbeeld {

struct BackoffPolicy {
  int64_t base_ms = 5'000;      // delay after the first failed attempt
  int64_t cap_ms = 5 * 60'000;  // never wait longer than this between attempts
  int jitter_percent = 20;      // up to this share of the delay is taken off
};

// The delay before the attempt after `attempts` failed attempts:
// d = min(base · 2^(attempts-1), cap), minus a jitter in [0, d · jitter% / 100]
// derived from `item_id` and `attempts` (deterministic: the same inputs give
// the same delay; different items spread out). attempts < 1 counts as 1.
// Never overflows; always in [d - d·jitter%, d] and > 0 when base > 0.
int64_t BackoffDelayMs(const BackoffPolicy& p, int attempts, int64_t item_id);

// now + BackoffDelayMs(...).
int64_t NextAttemptMs(const BackoffPolicy& p, int64_t now_ms, int attempts, int64_t item_id);

}  // namespace inbeeld
