#include "identity/febrl.h"

#include <fstream>
#include <string_view>

namespace inbeeld {
namespace {

std::vector<std::string> SplitTrim(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    std::string f =
        line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t b = f.find_first_not_of(" \t\r"), e = f.find_last_not_of(" \t\r");
    out.push_back(b == std::string::npos ? "" : f.substr(b, e - b + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// rec-N-org or rec-N-dup-K: sets *entity to N.
bool EntityOf(std::string_view id, std::string* entity) {
  if (id.substr(0, 4) != "rec-") return false;
  id.remove_prefix(4);
  const size_t dash = id.find('-');
  if (dash == std::string_view::npos || !AllDigits(id.substr(0, dash))) return false;
  const std::string_view rest = id.substr(dash + 1);
  if (rest != "org" && !(rest.substr(0, 4) == "dup-" && AllDigits(rest.substr(4)))) return false;
  *entity = std::string(id.substr(0, dash));
  return true;
}

}  // namespace

Result<std::vector<LabelledRecord>> ReadFebrlCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid("cannot read " + path, "file");
  return ParseFebrlCsv(in, path);
}

Result<std::vector<LabelledRecord>> ParseFebrlCsv(std::istream& in, const std::string& name) {
  std::string line;
  if (!std::getline(in, line) || SplitTrim(line).size() != 11 || SplitTrim(line)[0] != "rec_id") {
    return Status::Invalid(
        name + ": not a FEBRL file (expected the header rec_id, given_name, ...)", "file");
  }
  std::vector<LabelledRecord> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    std::vector<std::string> f = SplitTrim(line);
    if (f.size() != 11) {
      return Status::Invalid(name + ":" + std::to_string(n) + ": expected 11 columns, found " +
                                 std::to_string(f.size()),
                             "file");
    }
    std::string entity;
    if (!EntityOf(f[0], &entity)) {
      return Status::Invalid(
          name + ":" + std::to_string(n) + ": rec_id is not rec-N-org or rec-N-dup-K", "file");
    }
    LabelledRecord r;
    r.entity = std::move(entity);
    r.record.first_name = f[1];
    r.record.last_name = f[2];
    r.record.house_number = f[3];
    r.record.street = f[4];
    r.record.city = f[6];
    r.record.postcode = f[7];
    r.record.birth_date = f[9];
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace inbeeld
