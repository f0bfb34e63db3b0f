// Random tokens, SHA-256 and constant-time comparison (libsodium).
// Session ids and CSRF tokens are RandomToken()s; only Sha256Hex(token) is
// stored, so a copy of the database does not hand out live sessions.
// All functions are thread-safe and never fail (libsodium aborts the process
// when the operating system cannot supply randomness).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace inbeeld {

// `bytes` random bytes, URL-safe base64 without padding (43 characters for
// the default 32 bytes): fit for cookies, URLs and form fields.
// REQUIRES: bytes > 0.
std::string RandomToken(size_t bytes = 32);

// `bytes` random bytes as lowercase hex (2 * bytes characters).
std::string RandomHex(size_t bytes = 32);

// Lowercase hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Lowercase hex of `bytes`.
std::string ToHex(std::string_view bytes);

// True when a and b are equal. The time taken does not depend on where they
// differ; it may depend on their lengths (lengths of tokens are not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace inbeeld
