#include "identity/blocking.h"

namespace inbeeld {

std::string Soundex(std::string_view name) {
  static const char kCode[] = "01230120022455012623010202";  // a..z
  std::string out;
  char last = 0;
  for (char c : name) {
    if (c < 'a' || c > 'z') continue;
    char code = kCode[c - 'a'];
    if (out.empty()) {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
      last = code;
      continue;
    }
    if (code != '0' && code != last) out.push_back(code);
    // h and w do not separate equal codes; vowels do.
    if (c != 'h' && c != 'w') last = code;
    if (out.size() == 4) break;
  }
  if (!out.empty()) out.resize(4, '0');
  return out;
}

BlockingKeys MakeBlockingKeys(const BloomEncoder& encoder, const LinkageRecord& r) {
  BlockingKeys k;
  const std::string dob = BirthDateDigits(r.birth_date);
  const std::string first = FoldName(r.first_name);
  const std::string last = FoldName(r.last_name);
  const std::string pc = FoldPostcode(r.postcode);
  if (dob.size() == 8) {
    k.key[0] = encoder.KeyedHash64("0" + dob);
    k.present[0] = true;
  }
  if (first.size() >= 2 && last.size() >= 2) {
    std::string s1 = Soundex(first), s2 = Soundex(last);
    if (s2 < s1) std::swap(s1, s2);
    k.key[1] = encoder.KeyedHash64("1" + s1 + s2);
    k.present[1] = true;
  }
  const std::string number = FoldText(r.house_number);
  const std::string street = FoldName(r.street).substr(0, 2);
  if (!pc.empty() && !street.empty()) {
    k.key[2] = encoder.KeyedHash64("2" + pc + "/" + street);
    k.present[2] = true;
  }
  if (!pc.empty() && !number.empty()) {
    k.key[3] = encoder.KeyedHash64("3" + pc + "/" + number);
    k.present[3] = true;
  }
  return k;
}

}  // namespace inbeeld
