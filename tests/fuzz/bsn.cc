// Fuzz target: Bsn::Parse (BSNs typed into forms, sent in JSON and in register
// files). Differential against a plain reading of the contract in core/bsn.h.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/bsn.h"
#include "fuzz_check.h"

namespace {

// The contract, written out again: only digits, spaces and dots; 8 digits are
// read with a leading zero; 9 digits that pass the 11-test and are not all zero.
bool ReferenceAccepts(std::string_view text, std::string* digits) {
  digits->clear();
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits->push_back(c);
    } else if (c != ' ' && c != '.') {
      return false;
    }
  }
  if (digits->size() == 8) digits->insert(digits->begin(), '0');
  if (digits->size() != 9 || *digits == "000000000") return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (9 - i) * ((*digits)[i] - '0');
  sum -= (*digits)[8] - '0';
  return sum % 11 == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  inbeeld::Result<inbeeld::Bsn> bsn = inbeeld::Bsn::Parse(text);
  std::string expected;
  const bool accepts = ReferenceAccepts(text, &expected);
  FUZZ_CHECK(bsn.ok() == accepts);
  if (bsn.ok()) {
    FUZZ_CHECK(bsn->digits() == expected);
    FUZZ_CHECK(inbeeld::PassesElevenTest(bsn->digits()));
    // Parsing the digits again gives the same BSN.
    inbeeld::Result<inbeeld::Bsn> again = inbeeld::Bsn::Parse(bsn->digits());
    FUZZ_CHECK(again.ok() && again->digits() == bsn->digits());
  } else {
    FUZZ_CHECK(bsn.status().field() == "bsn");
    // The message never repeats the input (a BSN is never logged or shown).
    FUZZ_CHECK(expected.size() < 5 || bsn.status().message().find(expected) == std::string::npos);
  }
  return 0;
}
