// Fuzz target: application/x-www-form-urlencoded bodies and query strings
// (ParseUrlEncoded, UrlDecode). Round trips: what UrlEncode writes, UrlDecode
// reads back; a parsed form, encoded again, parses to the same pairs.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);

  // Decoding never grows the text; without '%' or '+' it changes nothing.
  const std::string plain = inbeeld::UrlDecode(s, false);
  const std::string form = inbeeld::UrlDecode(s, true);
  FUZZ_CHECK(plain.size() <= s.size() && form.size() == plain.size());
  if (s.find_first_of("%+") == std::string_view::npos) FUZZ_CHECK(plain == s && form == s);
  FUZZ_CHECK(inbeeld::UrlDecode(inbeeld::UrlEncode(s), false) == s);
  FUZZ_CHECK(inbeeld::UrlDecode(inbeeld::UrlEncode(s), true) == s);

  const std::multimap<std::string, std::string> pairs = inbeeld::ParseUrlEncoded(s);
  size_t amps = 0;
  for (char c : s) amps += c == '&';
  FUZZ_CHECK(pairs.size() <= amps + 1);

  std::string again;
  for (const auto& [k, v] : pairs) {
    if (!again.empty()) again += '&';
    again += inbeeld::UrlEncode(k) + "=" + inbeeld::UrlEncode(v);
  }
  FUZZ_CHECK(inbeeld::ParseUrlEncoded(again) == pairs);
  return 0;
}
