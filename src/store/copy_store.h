// CopyStore: copies every table of one Store into another (e.g. SQLite into
// PostgreSQL for `inbeeld migrate-store`), keeping ids, then proves the copy:
// row counts and a SHA-256 per table over the rows in primary-key order, each
// value normalised as text, computed independently on both sides.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace inbeeld {

struct CopyReport {
  struct Table {
    std::string name;
    int64_t rows_from = 0;
    int64_t rows_to = 0;
    std::string sha256_from;  // hex
    std::string sha256_to;
    bool match() const { return rows_from == rows_to && sha256_from == sha256_to; }
  };
  std::vector<Table> tables;  // in copy order
  bool ok() const;
};

// REQUIRES: both stores are migrated to the same schema version; `to` holds no
// rows (kConflict otherwise); nothing writes to `from` while this runs.
// `progress` (may be empty) receives one line per step. Fails with kConflict
// when a table's count or checksum differs after the copy (the report says which).
// PostgreSQL identity sequences of `to` are moved past the copied ids.
Status CopyStore(Store& from, Store& to, std::function<void(std::string)> progress,
                 CopyReport* report);

// The checksum of one table as CopyStore computes it. Exposed for tests and
// for `inbeeld verify-store`.
Result<CopyReport::Table> ChecksumTable(Store& store, const std::string& table);

// The tables CopyStore copies, parents before children.
const std::vector<std::string>& CopiedTables();

}  // namespace inbeeld
