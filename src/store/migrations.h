// The schema migrations embedded in the binary: src/store/migrations/<backend>/
// NNNN_name.sql, read by CMake into a generated source file at configure time.
// Both backends have the same versions; a version is never edited once shipped.
#pragma once

#include <vector>

#include "store/sql.h"

namespace inbeeld {

struct Migration {
  int version;       // 1, 2, 3, ... (from the file name's leading digits)
  const char* name;  // "0001_register"
  const char* sql;   // the whole script, run with ExecScript
};

// Sorted by version.
const std::vector<Migration>& MigrationsFor(Backend backend);

}  // namespace inbeeld
