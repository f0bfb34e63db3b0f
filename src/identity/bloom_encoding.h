// BloomEncoding: a record as a keyed 1024-bit Bloom filter (a cryptographic
// long-term key, CLK, after Schnell et al. 2011). Similar records share bits;
// the Dice coefficient of two encodings, 2|A∧B| / (|A|+|B|), estimates how
// alike their q-grams are. Without the secret key the bit positions cannot be
// recomputed, so an encoding cannot be tested against a guessed name.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace inbeeld {

struct alignas(64) BloomEncoding {
  static constexpr int kBits = 1024;
  static constexpr int kWords = kBits / 64;
  std::array<uint64_t, kWords> words{};

  void Set(unsigned bit) { words[bit >> 6] |= uint64_t{1} << (bit & 63); }
  bool Test(unsigned bit) const { return (words[bit >> 6] >> (bit & 63)) & 1; }
  BloomEncoding& operator|=(const BloomEncoding& o) {
    for (int i = 0; i < kWords; ++i) words[i] |= o.words[i];
    return *this;
  }
  bool operator==(const BloomEncoding&) const = default;
};
static_assert(sizeof(BloomEncoding) == 128);

inline int Popcount(const BloomEncoding& a) {
  int n = 0;
  for (uint64_t w : a.words) n += std::popcount(w);
  return n;
}
inline int PopcountAnd(const BloomEncoding& a, const BloomEncoding& b) {
  int n = 0;
  for (int i = 0; i < BloomEncoding::kWords; ++i) n += std::popcount(a.words[i] & b.words[i]);
  return n;
}
// 2|A∧B| / (|A|+|B|); 0 when both are empty.
inline double Dice(const BloomEncoding& a, const BloomEncoding& b) {
  int total = Popcount(a) + Popcount(b);
  return total == 0 ? 0.0 : 2.0 * PopcountAnd(a, b) / total;
}
// |A∧B| / |A|: how much of `part` is present in `whole`; 1 when `part` is empty.
inline double Containment(const BloomEncoding& part, const BloomEncoding& whole) {
  int n = Popcount(part);
  return n == 0 ? 1.0 : static_cast<double>(PopcountAnd(part, whole)) / n;
}

}  // namespace inbeeld
