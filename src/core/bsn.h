// Bsn: a Dutch citizen service number that passed the 11-test.
// A Bsn in the clear exists only between parsing and pseudonymising
// (identity/pseudonym.h); it is never stored, logged or rendered.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace inbeeld {

class Bsn {
 public:
  // Parses 9 digits (or 8, read with a leading zero); spaces and dots between
  // digits are allowed ("1234.56.782"). Fails with kInvalidArgument on field
  // "bsn" when the shape or the 11-test is wrong, or for 000000000.
  static Result<Bsn> Parse(std::string_view text);

  // The 9 digits. Use only to pseudonymise.
  const std::string& digits() const { return digits_; }

 private:
  explicit Bsn(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

// True when the 9 digits pass the 11-test (9*d1 + 8*d2 + ... + 2*d8 - d9 ≡ 0 mod 11).
bool PassesElevenTest(std::string_view nine_digits);

}  // namespace inbeeld
