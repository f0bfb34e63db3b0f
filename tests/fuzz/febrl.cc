// Fuzz target: FEBRL files as `inbeeld linkage eval` reads them (ParseFebrlCsv),
// then the folding every linkage field goes through (FoldName, FoldText,
// FoldPostcode, BirthDateDigits) and the input check of ValidateForLinkage.
// Invariants: an accepted file has one record per non-blank line, each with the
// entity of a rec-N-org / rec-N-dup-K id and trimmed fields without commas;
// written back as a FEBRL file it parses to the same records. A refused file
// names a line that exists. Folding keeps to its alphabet, is idempotent and,
// on valid UTF-8, works code point by code point and ignores ASCII case.
#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "identity/febrl.h"
#include "identity/linkage_record.h"

namespace {

bool Only(std::string_view s, bool (*keep)(char)) {
  for (char c : s) {
    if (!keep(c)) return false;
  }
  return true;
}
bool Lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool Digit(char c) {
  return c >= '0' && c <= '9';
}
bool LowerOrDigit(char c) {
  return Lower(c) || Digit(c);
}
bool UpperOrDigit(char c) {
  return (c >= 'A' && c <= 'Z') || Digit(c);
}

bool Trimmed(std::string_view f) {
  if (f.empty()) return true;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  return !space(f.front()) && !space(f.back()) && f.find(',') == std::string_view::npos &&
         f.find('\n') == std::string_view::npos;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Folding of one field (any bytes).
void CheckFolding(std::string_view s) {
  using namespace inbeeld;
  const std::string name = FoldName(s), text = FoldText(s), postcode = FoldPostcode(s);
  const std::string digits = BirthDateDigits(s);
  FUZZ_CHECK(Only(name, Lower) && Only(text, LowerOrDigit) && Only(postcode, UpperOrDigit));
  FUZZ_CHECK(Only(digits, Digit) && digits.size() <= s.size());
  FUZZ_CHECK(name.size() <= s.size() && text.size() <= s.size());
  // Idempotent, and the name is the text without its digits.
  FUZZ_CHECK(FoldName(name) == name && FoldText(text) == text &&
             FoldPostcode(postcode) == postcode);
  FUZZ_CHECK(BirthDateDigits(digits) == digits);
  std::string letters;
  for (char c : text) {
    if (Lower(c)) letters += c;
  }
  FUZZ_CHECK(letters == name);
  FUZZ_CHECK(AsciiUpper(text) == postcode);
  if (!IsValidUtf8(s)) return;
  // Valid UTF-8: ASCII case does not matter, and a split between two code
  // points folds to the two halves' folds.
  FUZZ_CHECK(FoldName(AsciiUpper(s)) == name && FoldText(AsciiUpper(s)) == text);
  for (size_t at = 1; at < s.size(); at += 1 + at / 3) {
    if ((static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) continue;  // inside a code point
    FUZZ_CHECK(FoldName(s.substr(0, at)) + FoldName(s.substr(at)) == name);
    FUZZ_CHECK(FoldText(s.substr(0, at)) + FoldText(s.substr(at)) == text);
  }
}

size_t CountDataLines(std::string_view in) {
  size_t count = 0, at = 0;
  bool header = true;
  while (at < in.size()) {
    size_t nl = in.find('\n', at);
    std::string_view line = in.substr(at, nl == std::string_view::npos ? in.npos : nl - at);
    at = nl == std::string_view::npos ? in.size() : nl + 1;
    if (header) {
      header = false;
      continue;
    }
    if (line.find_first_not_of(" \r\t") != std::string_view::npos) ++count;
  }
  return count;
}

std::string WriteFebrl(const std::vector<inbeeld::LabelledRecord>& records) {
  std::string out =
      "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, "
      "date_of_birth, soc_sec_id\n";
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i].record;
    out += "rec-" + records[i].entity + (i % 2 ? "-dup-" + std::to_string(i) : "-org") + ", " +
           r.first_name + ", " + r.last_name + ", " + r.house_number + ", " + r.street + ", , " +
           r.city + ", " + r.postcode + ", nsw, " + r.birth_date + ", \r\n";
    if (i % 3 == 0) out += " \t\n";  // blank lines are skipped
  }
  return out;
}

bool SameRecord(const inbeeld::LabelledRecord& a, const inbeeld::LabelledRecord& b) {
  return a.entity == b.entity && a.record.first_name == b.record.first_name &&
         a.record.last_name == b.record.last_name &&
         a.record.house_number == b.record.house_number && a.record.street == b.record.street &&
         a.record.city == b.record.city && a.record.postcode == b.record.postcode &&
         a.record.birth_date == b.record.birth_date;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::istringstream in(text);
  auto parsed = inbeeld::ParseFebrlCsv(in, "fuzz.csv");
  if (!parsed.ok()) {
    const std::string m = parsed.status().message();
    FUZZ_CHECK(parsed.status().code() == inbeeld::StatusCode::kInvalidArgument);
    FUZZ_CHECK(m.rfind("fuzz.csv", 0) == 0);
    if (m.rfind("fuzz.csv:", 0) == 0 && m.size() > 9 && m[9] >= '0' && m[9] <= '9') {
      // It names a line: one that exists, after the header.
      const size_t line = std::stoul(m.substr(9));
      size_t lines = 1;
      for (char c : text) lines += c == '\n';
      FUZZ_CHECK(line >= 2 && line <= lines);
    }
    for (size_t i = 0; i < size && i < 64; i += 8) CheckFolding(text.substr(i, 24));
    return 0;
  }
  const std::vector<inbeeld::LabelledRecord>& records = *parsed;
  FUZZ_CHECK(records.size() == CountDataLines(text));
  const inbeeld::Date today{std::chrono::year(2026), std::chrono::month(6), std::chrono::day(1)};
  for (const auto& r : records) {
    FUZZ_CHECK(!r.entity.empty() && Only(r.entity, Digit));
    for (const std::string* f :
         {&r.record.first_name, &r.record.last_name, &r.record.house_number, &r.record.street,
          &r.record.city, &r.record.postcode, &r.record.birth_date}) {
      FUZZ_CHECK(Trimmed(*f));
      CheckFolding(*f);
    }
    // The input check never throws; a record it accepts has a foldable name.
    inbeeld::Status s = inbeeld::ValidateForLinkage(r.record, today);
    if (s.ok()) {
      FUZZ_CHECK(inbeeld::FoldName(r.record.first_name).size() >= 2 ||
                 inbeeld::FoldName(r.record.last_name).size() >= 2);
    } else {
      FUZZ_CHECK(!s.errors().empty());
    }
  }
  // Written back, the file parses to the same records.
  std::istringstream again(WriteFebrl(records));
  auto reparsed = inbeeld::ParseFebrlCsv(again, "again.csv");
  FUZZ_CHECK(reparsed.ok() && reparsed->size() == records.size());
  for (size_t i = 0; i < records.size(); ++i) FUZZ_CHECK(SameRecord((*reparsed)[i], records[i]));
  return 0;
}
