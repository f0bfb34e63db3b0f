#include "demo/synthetic_bsn.h"

namespace inbeeld {
namespace {

constexpr uint64_t kSpace = 10'000'000;      // the 7 digits after the leading 9
constexpr uint64_t kMultiplier = 3'141'593;  // coprime with 10: i -> a*i+b is a bijection

}  // namespace

SyntheticBsnSource::SyntheticBsnSource(uint64_t seed)
    : offset_((seed * 0x9E3779B97F4A7C15ull >> 20) % kSpace) {}

std::string SyntheticBsnSource::Next() {
  for (;;) {
    const uint64_t body = (counter_++ * kMultiplier + offset_) % kSpace;
    std::string d(9, '0');
    d[0] = '9';
    uint64_t v = body;
    for (int i = 7; i >= 1; --i) {
      d[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (9 - i) * (d[i] - '0');
    const int check = sum % 11;  // 11-test: sum - d9 ≡ 0 (mod 11)
    if (check == 10) continue;   // no digit fits; about 1 in 11 bodies
    d[8] = static_cast<char>('0' + check);
    return d;
  }
}

}  // namespace inbeeld
