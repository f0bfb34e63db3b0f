#include "core/text.h"

namespace inbeeld {

std::string Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t a = s.find_first_not_of(kSpace);
  if (a == std::string_view::npos) return "";
  const size_t b = s.find_last_not_of(kSpace);
  return std::string(s.substr(a, b - a + 1));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace inbeeld
