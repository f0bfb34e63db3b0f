// Checks for table and column names that drivers splice into SQL text
// (BulkInsert): only [A-Za-z_][A-Za-z0-9_]*, so a name can never carry SQL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace inbeeld {

bool IsSqlIdentifier(std::string_view name);
// `conflict_target` is a comma-separated list of identifiers, or empty.
Status CheckIdentifiers(std::string_view table, const std::vector<std::string>& columns,
                        std::string_view conflict_target);

}  // namespace inbeeld
