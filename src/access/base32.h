// Base32 (RFC 4648, section 6): the encoding of TOTP secrets in
// authenticator apps. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inbeeld {

// Upper-case base32 of `bytes`, without '=' padding.
std::string Base32Encode(std::string_view bytes);

// The bytes encoded by `text`. Case-insensitive; spaces, hyphens and trailing
// '=' padding are ignored. std::nullopt on any other character, or on a length
// no encoder produces (leftover bits that do not fit, or non-zero).
std::optional<std::string> Base32Decode(std::string_view text);

}  // namespace inbeeld
