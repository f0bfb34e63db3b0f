// Small text helpers shared by the capabilities (pure, ASCII-only: Dutch names
// keep their accented letters as they are).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace inbeeld {

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string Trim(std::string_view s);

// `s` with A-Z lowered; every other byte (UTF-8 included) unchanged.
std::string Lower(std::string_view s);

// The length of the well-formed UTF-8 sequence that starts at s[i] (1 for
// ASCII), or 0 when none starts there: RFC 3629, so no overlong forms, no
// surrogates, nothing above U+10FFFF, no truncated sequence. REQUIRES: i < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Whether all of `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Hash for unordered containers keyed by std::string that are looked up by
// std::string_view without building a string (with std::equal_to<>):
//   std::unordered_map<std::string, V, StringHash, std::equal_to<>> m;  m.find(view);
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace inbeeld
