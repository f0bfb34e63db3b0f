// A small SQL driver interface over the native C APIs (sqlite3, libpq).
// All SQL in InBeeld uses $1..$n placeholders; the SQLite driver maps them to ?N.
// Both dialects share: INSERT ... ON CONFLICT, RETURNING, CTEs, BIGINT/TEXT.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace inbeeld {

enum class Backend { kSqlite, kPostgresql };

using SqlNull = std::monostate;
using SqlValue = std::variant<SqlNull, int64_t, double, std::string>;

// Convenience: an optional string/int becomes NULL when empty.
SqlValue SqlOpt(const std::optional<std::string>& v);
SqlValue SqlOpt(const std::optional<int64_t>& v);

// One result row. Values are typed by what the backend reported; the accessors
// convert (text "42" reads as Int 42) so the same code works on both backends.
class SqlRow {
 public:
  explicit SqlRow(std::vector<SqlValue> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<SqlNull>(values_.at(i)); }
  int64_t Int(size_t i) const;       // NULL reads as 0
  double Real(size_t i) const;       // NULL reads as 0
  std::string Text(size_t i) const;  // NULL reads as ""
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  const SqlValue& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<SqlValue> values_;
};

using SqlRows = std::vector<SqlRow>;

// One connection. Not thread-safe: one thread uses a connection at a time
// (SqlPool hands them out). Prepared statements are cached per SQL text.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Backend backend() const = 0;

  // Runs one statement. Returns the number of rows changed.
  // Errors: kAlreadyExists on a unique violation, kConflict on a foreign-key or
  // check violation, kUnavailable when the server is unreachable or busy past the
  // timeout, kInternal for everything else.
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // Runs one statement and returns its rows.
  virtual Result<SqlRows> Query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;

  // Transactions. Begin(true) takes the write lock up front (SQLite: BEGIN
  // IMMEDIATE) so that read-then-write transactions do not deadlock.
  virtual Status Begin(bool write) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Bulk insert: rows of `columns` into `table`, skipping rows that conflict on
  // `conflict_target` (e.g. "ext_ref"). PostgreSQL uses COPY into a temporary
  // table; SQLite a cached prepared INSERT. REQUIRES: inside a transaction.
  virtual Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                            const std::vector<std::vector<SqlValue>>& rows,
                            std::string_view conflict_target) = 0;
};

// RAII transaction: rolls back unless Commit() was called.
class SqlTransaction {
 public:
  SqlTransaction(SqlConnection& c, bool write) : c_(c) {
    status_ = c_.Begin(write);
    open_ = status_.ok();
  }
  ~SqlTransaction() {
    if (open_) (void)c_.Rollback();
  }
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;
  const Status& begin_status() const { return status_; }
  Status Commit() {
    open_ = false;
    return c_.Commit();
  }

 private:
  SqlConnection& c_;
  Status status_;
  bool open_ = false;
};

// A fixed-size pool of connections. Thread-safe.
class SqlPool {
 public:
  // Opens `size` connections to `url`: "sqlite:PATH" or "postgresql://...".
  // Fails with kUnavailable (with the driver's message) when the database
  // cannot be opened, kInvalidArgument for an unknown URL scheme.
  static Result<std::unique_ptr<SqlPool>> Open(const std::string& url, int size);
  virtual ~SqlPool() = default;
  virtual Backend backend() const = 0;

  class Lease {
   public:
    Lease(SqlPool* pool, SqlConnection* c) : pool_(pool), c_(c) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), c_(o.c_) { o.c_ = nullptr; }
    Lease(const Lease&) = delete;
    ~Lease() {
      if (c_) pool_->Release(c_);
    }
    SqlConnection& operator*() { return *c_; }
    SqlConnection* operator->() { return c_; }

   private:
    SqlPool* pool_;
    SqlConnection* c_;
  };
  // Blocks until a connection is free.
  virtual Lease Acquire() = 0;

 protected:
  virtual void Release(SqlConnection* c) = 0;
};

// Runs `fn` in a transaction with retries on kUnavailable (busy) errors.
Status WithTransaction(SqlPool& pool, bool write, const std::function<Status(SqlConnection&)>& fn);

}  // namespace inbeeld
