// Small text helpers shared by the capabilities (pure, ASCII-only: Dutch names
// keep their accented letters as they are).
#pragma once

#include <string>
#include <string_view>

namespace inbeeld {

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string Trim(std::string_view s);

// `s` with A-Z lowered; every other byte (UTF-8 included) unchanged.
std::string Lower(std::string_view s);

}  // namespace inbeeld
