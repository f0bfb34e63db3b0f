// The PostgreSQL driver: SqlConnection over libpq.
//
// On connect: statement_timeout 30 s (unless the URL sets one through
// `options`), client_min_messages=warning, TimeZone=UTC. Statements are
// prepared once per connection (PQprepare, names s1, s2, ...) and cached by SQL
// text. Results arrive as text and are typed by column OID: int2/4/8 → int64,
// float4/8/numeric → double, bool → 0/1, everything else text; NULL → SqlNull.
// A broken connection is reset and the statement retried once, unless a
// transaction was open (then kUnavailable: the caller retries the transaction).
// SQLSTATE mapping: 23505 → kAlreadyExists; other class 23 → kConflict;
// class 08, 57P0x, 57014, 40001, 40P01 → kUnavailable; else kInternal.
// BulkInsert sends rows with COPY (text format).
#pragma once

#include <memory>
#include <string>

#include "store/sql.h"

namespace inbeeld {

// Fails with kUnavailable carrying libpq's message when the server cannot be reached.
Result<std::unique_ptr<SqlConnection>> OpenPgConnection(const std::string& url);
Result<std::unique_ptr<SqlPool>> OpenPgPool(const std::string& url, int size);

// Appends `v` to `out` in COPY text format (\N for NULL; \\ \t \n \r escaped).
void AppendCopyField(const SqlValue& v, std::string& out);

}  // namespace inbeeld
