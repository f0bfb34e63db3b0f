// The SQLite driver: SqlConnection over the sqlite3 C API.
//
// Each connection sets journal_mode=WAL, synchronous=NORMAL (a committed
// transaction survives a kill -9 of the process; a power cut may lose the last
// few), foreign_keys=ON, busy_timeout=5000 ms, temp_store=MEMORY and a 64 MiB
// page cache. Statements are prepared once per connection and cached by SQL
// text; $N placeholders are rewritten to ?N outside string literals.
// Errors: unique/primary key → kAlreadyExists; foreign key, check, not null and
// trigger aborts → kConflict; SQLITE_BUSY/LOCKED → kUnavailable; else kInternal.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/sql.h"

namespace inbeeld {

// Opens (creating if needed) the database file at `path`, with the access
// log's file SqliteAuditPath(path) attached as schema `audit`. ":memory:" gives
// a private in-memory database per connection, so a pool of it has size 1.
Result<std::unique_ptr<SqlConnection>> OpenSqliteConnection(const std::string& path);

// The access log's database file beside `path`: "<path>-audit" (":memory:"
// for ":memory:"). The two files are one store: back them up and move them
// together.
std::string SqliteAuditPath(const std::string& path);
Result<std::unique_ptr<SqlPool>> OpenSqlitePool(const std::string& path, int size);

// "$1 = '$2'" → "?1 = '$2'": placeholders outside literals, identifiers and comments.
std::string RewritePlaceholders(std::string_view sql);

}  // namespace inbeeld
