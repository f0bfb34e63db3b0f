// FEBRL test data (Freely Extensible Biomedical Record Linkage): CSV with the
// header rec_id, given_name, surname, street_number, address_1, address_2,
// suburb, postcode, state, date_of_birth, soc_sec_id. The true matches are in
// rec_id: "rec-N-org" and its duplicates "rec-N-dup-K" are one person (N).
// soc_sec_id is left out on purpose: signals carry no number to link on.
#pragma once

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
// header or a line with the wrong number of columns.
Result<std::vector<LabelledRecord>> ReadFebrlCsv(const std::string& path);

}  // namespace inbeeld
