#include "core/bsn.h"

namespace inbeeld {

bool PassesElevenTest(std::string_view d) {
  if (d.size() != 9) return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    if (d[i] < '0' || d[i] > '9') return false;
    sum += (9 - i) * (d[i] - '0');
  }
  if (d[8] < '0' || d[8] > '9') return false;
  sum -= d[8] - '0';
  return sum % 11 == 0;
}

Result<Bsn> Bsn::Parse(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      if (digits.size() > 9) break;
    } else if (c == ' ' || c == '.') {
      continue;
    } else {
      return Status::Invalid("een BSN bestaat alleen uit cijfers", "bsn");
    }
  }
  if (digits.size() == 8) digits.insert(digits.begin(), '0');
  if (digits.size() != 9) return Status::Invalid("een BSN heeft 9 cijfers", "bsn");
  if (digits == "000000000" || !PassesElevenTest(digits)) {
    return Status::Invalid("dit BSN voldoet niet aan de elfproef", "bsn");
  }
  return Bsn(std::move(digits));
}

}  // namespace inbeeld
