// TOTP second factor (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 6 digits,
// 30-second steps — what every authenticator app speaks. Secrets are stored
// and shown as base32 (access/base32.h), as in User::totp_secret.
//
// Replay: VerifyTotp returns the time step that matched. The caller stores the
// last accepted step per user and passes it back as `last_used_step`, so the
// same code (or an older one) is refused the second time.
//
// All functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace inbeeld {

inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) as
// 32 base32 characters.
std::string GenerateTotpSecret();

// RFC 4226 HOTP: `digits` decimal digits (zero-padded) of HMAC-SHA1(key, counter).
// REQUIRES: 1 <= digits <= 9.
std::string HotpCode(std::string_view key, uint64_t counter, int digits = kTotpDigits);

// The time step that contains unix_s: floor(unix_s / 30).
int64_t TotpStep(int64_t unix_s);

// The 6-digit code for the base32 `secret` at unix_s. kInvalidArgument when
// the secret is not valid base32 or empty.
Result<std::string> TotpCode(std::string_view secret, int64_t unix_s);

// The step whose code equals `code`, searching steps TotpStep(unix_s) - window
// .. + window; std::nullopt when none matches, the code is not 6 digits
// (spaces are ignored), the secret is invalid, or the matching step is
// <= last_used_step (a replay). Every candidate is compared in constant time
// and the search does not stop at the first match.
// REQUIRES: 0 <= window <= 10.
std::optional<int64_t> VerifyTotp(std::string_view secret, std::string_view code, int64_t unix_s,
                                  int window = 1, int64_t last_used_step = -1);

// The enrolment URI for a QR code:
// otpauth://totp/<issuer>:<account>?secret=<secret>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded (RFC 3986 unreserved characters kept).
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace inbeeld
