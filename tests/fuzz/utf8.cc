// Fuzz target, differential: core's IsValidUtf8 (every JSON body) and the
// importer's IsValidUtf8Text (every CSV field) against a reference decoder
// written from the Unicode standard's table of well-formed byte sequences
// (Unicode 15, table 3-7). IsValidUtf8Text also rejects NUL.
#include <cstdint>
#include <string_view>

#include "core/text.h"
#include "fuzz_check.h"
#include "importer/csv_reader.h"

namespace {

bool InRange(uint8_t b, uint8_t lo, uint8_t hi) {
  return b >= lo && b <= hi;
}

bool ReferenceValid(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t b = p[i];
    auto at = [&](size_t k) -> int { return i + k < n ? p[i + k] : -1; };
    auto cont = [&](size_t k, uint8_t lo, uint8_t hi) {
      int c = at(k);
      return c >= 0 && InRange(static_cast<uint8_t>(c), lo, hi);
    };
    if (b <= 0x7F) {
      i += 1;
    } else if (InRange(b, 0xC2, 0xDF)) {
      if (!cont(1, 0x80, 0xBF)) return false;
      i += 2;
    } else if (b == 0xE0) {
      if (!cont(1, 0xA0, 0xBF) || !cont(2, 0x80, 0xBF)) return false;
      i += 3;
    } else if (InRange(b, 0xE1, 0xEC) || InRange(b, 0xEE, 0xEF)) {
      if (!cont(1, 0x80, 0xBF) || !cont(2, 0x80, 0xBF)) return false;
      i += 3;
    } else if (b == 0xED) {
      if (!cont(1, 0x80, 0x9F) || !cont(2, 0x80, 0xBF)) return false;
      i += 3;
    } else if (b == 0xF0) {
      if (!cont(1, 0x90, 0xBF) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return false;
      i += 4;
    } else if (InRange(b, 0xF1, 0xF3)) {
      if (!cont(1, 0x80, 0xBF) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return false;
      i += 4;
    } else if (b == 0xF4) {
      if (!cont(1, 0x80, 0x8F) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool reference = ReferenceValid(data, size);
  FUZZ_CHECK(inbeeld::IsValidUtf8(s) == reference);
  const bool has_nul = s.find('\0') != std::string_view::npos;
  FUZZ_CHECK(inbeeld::IsValidUtf8Text(s) == (reference && !has_nul));
  // Validity is a property of the whole: a valid string stays valid when cut
  // at a character boundary.
  if (reference && size > 0) {
    size_t cut = size / 2;
    while (cut > 0 && (data[cut] & 0xC0) == 0x80) --cut;
    FUZZ_CHECK(inbeeld::IsValidUtf8(s.substr(0, cut)));
    FUZZ_CHECK(inbeeld::IsValidUtf8(s.substr(cut)));
  }
  return 0;
}
