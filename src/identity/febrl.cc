#include "identity/febrl.h"

#include <fstream>

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

}  // namespace

Result<std::vector<LabelledRecord>> ReadFebrlCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid("cannot read " + path, "file");
  std::string line;
  if (!std::getline(in, line) || SplitTrim(line).size() != 11 || SplitTrim(line)[0] != "rec_id") {
    return Status::Invalid(
        path + ": not a FEBRL file (expected the header rec_id, given_name, ...)", "file");
  }
  std::vector<LabelledRecord> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    std::vector<std::string> f = SplitTrim(line);
    if (f.size() != 11) {
      return Status::Invalid(path + ":" + std::to_string(n) + ": expected 11 columns, found " +
                                 std::to_string(f.size()),
                             "file");
    }
    const std::string& id = f[0];
    size_t a = id.find('-'), b = id.find('-', a == std::string::npos ? 0 : a + 1);
    if (id.rfind("rec-", 0) != 0 || b == std::string::npos) {
      return Status::Invalid(
          path + ":" + std::to_string(n) + ": rec_id is not rec-N-org or rec-N-dup-K", "file");
    }
    LabelledRecord r;
    r.entity = id.substr(a + 1, b - a - 1);
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
