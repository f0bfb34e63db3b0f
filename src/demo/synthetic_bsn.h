// SyntheticBsnSource: deterministic, unique, clearly synthetic BSNs for the
// demo population. Every number has 9 digits, passes the 11-test and begins
// with 9 (demo data only ever uses this prefix, so a demo BSN is recognisable
// at a glance). The same seed yields the same sequence.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace inbeeld {

class SyntheticBsnSource {
 public:
  // Numbers stay unique for the first kCapacity calls of Next().
  static constexpr int64_t kCapacity = 9'000'000;

  explicit SyntheticBsnSource(uint64_t seed);

  // The next number, 9 digits. REQUIRES: fewer than kCapacity calls so far.
  std::string Next();

 private:
  uint64_t offset_;
  uint64_t counter_ = 0;
};

}  // namespace inbeeld
