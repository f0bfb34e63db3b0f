// Blocking: which records are worth comparing with a new one. Four passes,
// each a keyed 64-bit hash (BloomEncoder::KeyedHash64) of a few normalised
// fields; two records are candidates when any pass agrees:
//   0  the birth date                               (survives typos in names and address)
//   1  the Soundex codes of the first and last name, in sorted order
//      (survives a wrong birth date, and first and last name swapped)
//   2  the postcode + the first two letters of the street
//   3  the postcode + the house number
//      (2 and 3: the address; they survive wrong names and a wrong date, and
//      each one a typo in the other's part)
// A pass whose fields are missing has no key. Figures (pair completeness,
// reduction ratio) in docs/identity.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "identity/bloom_encoder.h"
#include "identity/linkage_record.h"

namespace inbeeld {

inline constexpr int kBlockingPasses = 4;

struct BlockingKeys {
  std::array<uint64_t, kBlockingPasses> key{};
  std::array<bool, kBlockingPasses> present{};
  bool any() const { return present[0] || present[1] || present[2] || present[3]; }
};

// American Soundex of a normalised name ("robert" -> "R163"); "" for "".
std::string Soundex(std::string_view name);

BlockingKeys MakeBlockingKeys(const BloomEncoder& encoder, const LinkageRecord& r);

}  // namespace inbeeld
