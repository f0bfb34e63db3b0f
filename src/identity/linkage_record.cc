#include "identity/linkage_record.h"

#include <cctype>

namespace inbeeld {
namespace {

// Folds one UTF-8 code point from Latin-1 Supplement / Latin Extended-A to an
// ASCII letter; returns 0 for anything else. `i` is advanced past the point.
char FoldUtf8(std::string_view s, size_t& i) {
  const auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    ++i;
    return static_cast<char>(std::tolower(c0));
  }
  size_t len = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) {
    i = s.size();
    return 0;
  }
  unsigned cp = 0;
  if (len == 2) cp = ((c0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
  i += len;
  if (len != 2) return 0;
  // U+00C0..U+00FF
  static const char kLatin1[] =
      "aaaaaaaceeeeiiii"    // C0..CF
      "dnooooo\0ouuuuyts"   // D0..DF (D7 ×, DE Þ, DF ß)
      "aaaaaaaceeeeiiii"    // E0..EF
      "dnooooo\0ouuuuyty";  // F0..FF (F7 ÷)
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  // U+0100..U+017F: pairs of upper/lower case; the base letters in order.
  static const char kExtA[] =
      "aaaaaaccccccccdddd"  // 100..111
      "eeeeeeeeeegggggggg"  // 112..123
      "hhhhiiiiiiiiiijjjj"  // 124..135  (132/133 = ĳ -> j)
      "kkklllllllllln"      // 136..143
      "nnnnnnnnoooooooo"    // 144..153
      "rrrrrrssssssssttt"   // 154..164
      "tttuuuuuuuuuuuuww"   // 165..175
      "yyyzzzzzzs";         // 176..17F
  if (cp >= 0x100 && cp <= 0x17F && cp - 0x100 < sizeof kExtA - 1) return kExtA[cp - 0x100];
  return 0;
}

template <typename Keep>
std::string Fold(std::string_view s, Keep keep) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char c = FoldUtf8(s, i);
    if (c != 0 && keep(c)) out.push_back(c);
  }
  return out;
}

}  // namespace

LinkageRecord RecordOf(const Person& p, const Address& a) {
  LinkageRecord r;
  r.first_name = p.first_name;
  r.last_name = p.last_name;
  if (p.birth_date.ok()) r.birth_date = BirthDateDigits(FormatIsoDate(p.birth_date));
  r.sex = p.sex;
  r.street = a.street;
  r.house_number = a.house_number;
  r.postcode = a.postcode;
  r.city = a.city;
  return r;
}

std::string FoldName(std::string_view s) {
  return Fold(s, [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string FoldText(std::string_view s) {
  return Fold(s, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

std::string FoldPostcode(std::string_view s) {
  std::string out = FoldText(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string BirthDateDigits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool IsPartial(const LinkageRecord& r) {
  return FoldName(r.first_name).size() < 2 || FoldName(r.last_name).size() < 2 ||
         BirthDateDigits(r.birth_date).size() != 8;
}

Status ValidateForLinkage(const LinkageRecord& r, Date today) {
  std::vector<FieldError> errors;
  auto check_name = [&](const std::string& raw, const char* field) {
    if (raw.empty()) return;
    if (raw.size() > 200) {
      errors.push_back({field, "naam is te lang (hoogstens 200 tekens)"});
      return;
    }
    if (FoldName(raw).size() < 2) {
      errors.push_back({field, "naam moet minstens twee letters hebben"});
    }
  };
  check_name(r.first_name, "first_name");
  check_name(r.last_name, "last_name");
  if (r.first_name.empty() && r.last_name.empty()) {
    errors.push_back({"first_name", "vul minstens een voornaam of achternaam in"});
  }
  if (!r.birth_date.empty()) {
    std::string d = BirthDateDigits(r.birth_date);
    if (d.size() != 8) {
      errors.push_back({"birth_date", "geboortedatum is geen datum (JJJJ-MM-DD)"});
    } else {
      auto date =
          ParseIsoDate(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2), "birth_date");
      if (!date.ok()) {
        errors.push_back({"birth_date", "geboortedatum is geen bestaande datum"});
      } else if (*date > today) {
        errors.push_back({"birth_date", "geboortedatum ligt in de toekomst"});
      }
    }
  }
  if (r.estimated_age && (*r.estimated_age < 0 || *r.estimated_age > 25)) {
    errors.push_back({"estimated_age", "geschatte leeftijd moet tussen 0 en 25 jaar liggen"});
  }
  if (r.street.size() > 200 || r.city.size() > 200 || r.house_number.size() > 20 ||
      r.postcode.size() > 20) {
    errors.push_back({"street", "adres is te lang"});
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return Status::Ok();
}

}  // namespace inbeeld
