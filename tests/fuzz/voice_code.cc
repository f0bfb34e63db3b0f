// Fuzz target: what a child types to open their place (NormaliseVoiceCode,
// VoiceCodePrefix) and sends (CheckVoiceText, Trim), and the codes and
// passphrases the service hands out (GenerateVoiceCode, GenerateVoicePassphrase,
// here drawing their randomness from the input).
// Invariants: a normal form is "" or 8..64 lowercase letters and digits, the
// same whatever case or separators were typed, and idempotent; every issued
// code and passphrase, however it is typed back, normalises to one value that
// no other passphrase shares (its words split one way only); text that passes
// CheckVoiceText is valid UTF-8 without control characters and within its
// length, and trimming never makes it fail.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "fuzz_check.h"
#include "http/message.h"
#include "voice/rules.h"

namespace {

using inbeeld::NormaliseVoiceCode;

std::string Reference(std::string_view in) {
  std::string out;
  for (char c : in) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out.size() >= 8 && out.size() <= 64 ? out : "";
}

// The number of ways `letters` splits into `words` list words.
int Splits(std::string_view letters, int words) {
  if (words == 0) return letters.empty() ? 1 : 0;
  int n = 0;
  for (std::string_view w : inbeeld::VoicePassphraseWords()) {
    if (letters.substr(0, w.size()) == w) n += Splits(letters.substr(w.size()), words - 1);
  }
  return n;
}

// The ways a child may type a code back: upper case, spaces for dashes, no separators.
std::vector<std::string> TypedBack(const std::string& code) {
  std::string upper = code, spaced = code, joined;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (char& c : spaced) {
    if (c == '-') c = ' ';
  }
  for (char c : code) {
    if (c != '-') joined += c;
  }
  return {code, upper, " " + spaced + "\n", joined};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  // Typed codes.
  const std::string norm = NormaliseVoiceCode(in);
  FUZZ_CHECK(norm == Reference(in));
  FUZZ_CHECK(NormaliseVoiceCode(norm) == norm);
  if (!norm.empty()) {
    FUZZ_CHECK(inbeeld::VoiceCodePrefix(norm) == norm.substr(0, 3));
    FUZZ_CHECK(NormaliseVoiceCode("-" + std::string(in) + " ") == norm);
  }

  // Issued codes, with the input as the random source.
  size_t at = 0;
  inbeeld::UniformRandom uniform = [&](uint32_t upper) -> uint32_t {
    FUZZ_CHECK(upper > 0);
    uint32_t v = 0;
    for (int i = 0; i < 2; ++i) v = v << 8 | (at < size ? data[at++] : 0);
    return v % upper;
  };
  const std::string code = inbeeld::GenerateVoiceCode(uniform);
  FUZZ_CHECK(code.size() == 11 && code[5] == '-');
  const std::string code_norm = NormaliseVoiceCode(code);
  FUZZ_CHECK(code_norm.size() == 10);
  for (const std::string& typed : TypedBack(code))
    FUZZ_CHECK(NormaliseVoiceCode(typed) == code_norm);

  const std::string pass = inbeeld::GenerateVoicePassphrase(uniform);
  const std::string pass_norm = NormaliseVoiceCode(pass);
  FUZZ_CHECK(!pass_norm.empty() && pass_norm.size() >= 8);
  for (const std::string& typed : TypedBack(pass))
    FUZZ_CHECK(NormaliseVoiceCode(typed) == pass_norm);
  // No other passphrase normalises to this one: its letters split into three
  // list words in exactly one way.
  const size_t digits = pass_norm.find_first_of("0123456789");
  FUZZ_CHECK(digits == pass_norm.size() - 2);
  FUZZ_CHECK(Splits(std::string_view(pass_norm).substr(0, digits), 3) == 1);

  // Text a child sends.
  const size_t max_chars = 1 + (size > 0 ? data[0] % 64 : 0);
  const inbeeld::VoiceTextProblem p = inbeeld::CheckVoiceText(in, max_chars);
  const std::string trimmed = inbeeld::Trim(in);
  FUZZ_CHECK(trimmed.size() <= in.size() && inbeeld::Trim(trimmed) == trimmed);
  FUZZ_CHECK(in.find(trimmed) != std::string_view::npos);
  if (p == inbeeld::VoiceTextProblem::kOk) {
    FUZZ_CHECK(inbeeld::IsValidUtf8(in));
    size_t chars = 0;
    for (unsigned char c : in) {
      chars += (c & 0xC0) != 0x80;
      FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t' || c == '\r');
      FUZZ_CHECK(c != 0x7F);
    }
    FUZZ_CHECK(chars <= max_chars && !trimmed.empty());
    FUZZ_CHECK(inbeeld::CheckVoiceText(trimmed, max_chars) == inbeeld::VoiceTextProblem::kOk);
  } else if (p == inbeeld::VoiceTextProblem::kEmpty) {
    FUZZ_CHECK(trimmed.empty() && inbeeld::IsValidUtf8(in));
  } else if (p == inbeeld::VoiceTextProblem::kInvalid) {
    // Invalid stays invalid after trimming, unless trimming removed everything.
    FUZZ_CHECK(trimmed.empty() ||
               inbeeld::CheckVoiceText(trimmed, max_chars) == inbeeld::VoiceTextProblem::kInvalid);
  }
  return 0;
}
