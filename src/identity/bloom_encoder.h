// BloomEncoder: LinkageRecord -> keyed BloomEncoding, per field.
//
// Each field is cut into tokens (names and street: padded bigrams, "emma" ->
// _e em mm ma a_; the birth date: year, month, day and the whole date; sex;
// house number; postcode: whole, 4-digit part and bigrams; city: bigrams).
// Each token is hashed with SipHash-2-4 (128 bits) under a per-field key
// derived from the secret key, and its k bit positions are taken from that
// output (10 bits each; more SipHash blocks with a counter when k > 12) — no
// double hashing, whose structure leaks (Niedermeyer et al. 2014). A field's k
// is its weight: fields that identify more (birth date, last name) set more
// bits per token. The same q-gram in two fields lands on different positions,
// except in the first and last name, which share a key so that a swap of the
// two costs nothing.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/status.h"
#include "identity/bloom_encoding.h"
#include "identity/linkage_record.h"

namespace inbeeld {

enum class LinkField {
  kFirstName,
  kLastName,
  kBirthDate,
  kSex,
  kStreet,
  kHouseNumber,
  kPostcode,
  kCity
};
inline constexpr int kLinkFieldCount = 8;

// Bits per token, per field (0 = the field is not encoded).
struct FieldWeights {
  std::array<int, kLinkFieldCount> k = {14, 14, 24, 8, 5, 10, 8, 4};
};

// One encoding per field; their union is the record's encoding.
struct FieldEncodings {
  std::array<BloomEncoding, kLinkFieldCount> field;
  BloomEncoding Union() const;
  const BloomEncoding& operator[](LinkField f) const { return field[static_cast<int>(f)]; }
};

class BloomEncoder {
 public:
  // REQUIRES: key of at least 32 bytes (platform/secrets.h ReadKeyFile); every
  // weight in 0..48. Fails with kInvalidArgument otherwise.
  static Result<BloomEncoder> Create(std::string_view key, FieldWeights weights = {});

  // Thread-safe; no allocation beyond the normalised strings.
  FieldEncodings EncodeFields(const LinkageRecord& r) const;
  BloomEncoding Encode(const LinkageRecord& r) const { return EncodeFields(r).Union(); }

  // A keyed 64-bit hash of `text` for blocking keys (its own derived key), so
  // the index holds no names or dates in the clear.
  uint64_t KeyedHash64(std::string_view text) const;

  // The bits of one birth-year token ("y2017"), for checking an estimated age
  // against an encoding (partial signals).
  BloomEncoding BirthYearBits(int year) const;

  const FieldWeights& weights() const { return weights_; }

  // 32 random bytes as hex: a throwaway key for evaluations and benchmarks.
  static std::string RandomKey();

 private:
  BloomEncoder() = default;
  void AddToken(LinkField f, std::string_view token, BloomEncoding& out) const;
  void AddBigrams(LinkField f, std::string_view text, BloomEncoding& out) const;

  FieldWeights weights_;
  std::array<std::array<unsigned char, 16>, kLinkFieldCount> field_keys_{};
  std::array<unsigned char, 16> blocking_key_{};
};

}  // namespace inbeeld
