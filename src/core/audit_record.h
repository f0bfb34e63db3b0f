// One entry of the access log (NEN 7513): who, when, which person, what, on
// whose responsibility, and the reason when break-the-glass was used.
// The log is append-only and hash-chained (access/audit_log.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model.h"

namespace inbeeld {

struct AuditRecord {
  int64_t seq = 0;     // assigned by the store, 1, 2, 3, ...
  int64_t at_ms = 0;   // unix milliseconds
  UserId user_id = 0;  // 0 = the system (import, scheduled job)
  std::string username;
  OrgId org_id = 0;
  std::string org_name;
  std::string role;
  std::string action;       // "read" | "write" | "search" | "import" | "login" | ...
  std::string object_type;  // "person" | "household" | "user" | "file" | ...
  std::optional<PersonId> person_id;
  std::string detail;          // what was read or changed, never the data itself
  std::string responsibility;  // on whose responsibility (organisation / legal task)
  std::string reason;          // break-the-glass reason; empty otherwise
  std::string prev_hash;       // hex SHA-256 of the previous entry ("" for the first)
  std::string hash;            // hex SHA-256 over prev_hash and this entry's fields
};

}  // namespace inbeeld
