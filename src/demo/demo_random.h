// DemoRandom: a small, portable, deterministic random generator for the demo
// population (xoshiro256** seeded by splitmix64). The standard library's
// distributions differ between implementations; these do not, so the same seed
// gives byte-identical output on every platform and compiler.
// Not for anything secret. Not thread-safe; cheap to construct per household.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace inbeeld {

class DemoRandom {
 public:
  // A stream for (seed, stream): different streams are independent.
  explicit DemoRandom(uint64_t seed, uint64_t stream = 0) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull) ^ 0x6A09E667F3BCC909ull;
    for (auto& s : s_) s = SplitMix(x);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n). REQUIRES: n > 0. (Lemire's multiply-shift; the tiny bias
  // is irrelevant for demo data and keeps the result portable.)
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // True with probability `per_mille` / 1000.
  bool PerMille(int per_mille) { return Below(1000) < static_cast<uint64_t>(per_mille); }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
};

}  // namespace inbeeld
