#include "store/sql_identifier.h"

namespace inbeeld {

bool IsSqlIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && digit))) return false;
  }
  return true;
}

Status CheckIdentifiers(std::string_view table, const std::vector<std::string>& columns,
                        std::string_view conflict_target) {
  if (!IsSqlIdentifier(table)) return Status::Invalid("bad table name", "table");
  if (columns.empty()) return Status::Invalid("no columns", "columns");
  for (const auto& c : columns) {
    if (!IsSqlIdentifier(c)) return Status::Invalid("bad column name", "columns");
  }
  size_t start = 0;
  while (start < conflict_target.size()) {
    size_t comma = conflict_target.find(',', start);
    if (comma == std::string_view::npos) comma = conflict_target.size();
    std::string_view part = conflict_target.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!IsSqlIdentifier(part)) return Status::Invalid("bad conflict target", "conflict_target");
    start = comma + 1;
  }
  return Status::Ok();
}

}  // namespace inbeeld
