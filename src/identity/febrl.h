// FEBRL test data (Freely Extensible Biomedical Record Linkage): CSV with the
// header rec_id, given_name, surname, street_number, address_1, address_2,
// suburb, postcode, state, date_of_birth, soc_sec_id. The true matches are in
// rec_id: "rec-N-org" and its duplicates "rec-N-dup-K" are one person (N).
// soc_sec_id is left out on purpose: signals carry no number to link on.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "core/status.h"
#include "identity/linkage_record.h"

namespace inbeeld {

struct LabelledRecord {
  std::string entity;  // N of rec-N-...
  LinkageRecord record;
};

// Fails with kInvalidArgument (naming the line) on a missing file, a wrong
// header, a line with the wrong number of columns or a rec_id that is not
// rec-N-org or rec-N-dup-K (N and K decimal digits). Blank lines are skipped;
// fields are trimmed of spaces, tabs and carriage returns.
Result<std::vector<LabelledRecord>> ReadFebrlCsv(const std::string& path);
// The same over an open stream; `name` prefixes the error messages (the path).
Result<std::vector<LabelledRecord>> ParseFebrlCsv(std::istream& in, const std::string& name);

}  // namespace inbeeld
