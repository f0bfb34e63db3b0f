#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/text.h"
#include "store/connection_pool.h"
#include "store/sql_identifier.h"

namespace inbeeld {

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  auto copy_until = [&](std::string_view end) {
    size_t j = sql.find(end, i);
    j = (j == std::string_view::npos) ? sql.size() : j + end.size();
    out.append(sql.substr(i, j - i));
    i = j;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'') {  // '' inside a literal closes and reopens: same result
      out += c;
      ++i;
      copy_until("'");
    } else if (c == '"') {
      out += c;
      ++i;
      copy_until("\"");
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n");
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/");
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID: return Status::AlreadyExists(msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_TRIGGER: return Status::Conflict(msg);
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Unavailable(msg);
    case SQLITE_CONSTRAINT: return Status::Conflict(msg);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL: return Status::Unavailable(msg);
    default: return Status::Internal(msg);
  }
}

class SqliteConnection : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Backend backend() const override { return Backend::kSqlite; }
  sqlite3* db() const { return db_; }

  Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    Status s = Bind(*stmt, params);
    int rc = SQLITE_DONE;
    if (s.ok()) {
      while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) s = SqliteError(db_, rc, "exec");
    }
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    if (!s.ok()) return s;
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<SqlRows> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    sqlite3_stmt* st = *stmt;
    Status s = Bind(st, params);
    SqlRows rows;
    if (s.ok()) {
      int n = sqlite3_column_count(st);
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<SqlValue> vals;
        vals.reserve(n);
        for (int i = 0; i < n; ++i) {
          switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER: vals.emplace_back(int64_t{sqlite3_column_int64(st, i)}); break;
            case SQLITE_FLOAT: vals.emplace_back(sqlite3_column_double(st, i)); break;
            case SQLITE_NULL: vals.emplace_back(SqlNull{}); break;
            default: {
              const char* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
              vals.emplace_back(std::string(p ? p : "", sqlite3_column_bytes(st, i)));
            }
          }
        }
        rows.emplace_back(std::move(vals));
      }
      if (rc != SQLITE_DONE) s = SqliteError(db_, rc, "query");
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!s.ok()) return s;
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    Status s = SqliteError(db_, rc, "script");
    sqlite3_free(err);
    return s;
  }

  Status Begin(bool write) override { return Simple(write ? "BEGIN IMMEDIATE" : "BEGIN"); }

  Status Commit() override {
    Status s = Simple("COMMIT");
    // A COMMIT refused while busy leaves the transaction open: end it.
    if (!s.ok() && !sqlite3_get_autocommit(db_)) (void)Simple("ROLLBACK");
    return s;
  }

  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return Status::Ok();  // already rolled back by an error
    return Simple("ROLLBACK");
  }

  Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                    const std::vector<std::vector<SqlValue>>& rows,
                    std::string_view conflict_target) override {
    INBEELD_RETURN_IF_ERROR(CheckIdentifiers(table, columns, conflict_target));
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string vals;
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + columns[i];
      vals += (i ? ", ?" : "?") + std::to_string(i + 1);
    }
    sql += ") VALUES (" + vals + ")";
    if (!conflict_target.empty()) {
      sql += " ON CONFLICT (" + std::string(conflict_target) + ") DO NOTHING";
    }
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    for (const auto& row : rows) {
      if (row.size() != columns.size()) {
        return Status::Internal("BulkInsert: row has " + std::to_string(row.size()) +
                                " values for " + std::to_string(columns.size()) + " columns");
      }
      Status s = Bind(*stmt, row);
      int rc = s.ok() ? sqlite3_step(*stmt) : SQLITE_DONE;
      sqlite3_reset(*stmt);
      if (!s.ok()) return s;
      if (rc != SQLITE_DONE) return SqliteError(db_, rc, "bulk insert into " + std::string(table));
    }
    sqlite3_clear_bindings(*stmt);
    return Status::Ok();
  }

  // The access log lives in a database file of its own, attached as `audit`
  // (see SqliteAuditPath): its appends then leave the register's file
  // untouched, and with it every other connection's page cache — SQLite drops
  // a connection's whole cache of a file when another connection committed to
  // it, so with the log in the same file every lookup re-read its pages.
  // Unqualified names find the tables there (migration 0013 moved them).
  Status Init(const std::string& audit_path) {
    INBEELD_RETURN_IF_ERROR(
        ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                   "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;"));
    INBEELD_RETURN_IF_ERROR(Exec("ATTACH DATABASE $1 AS audit", {audit_path}).status());
    return ExecScript(
        "PRAGMA audit.journal_mode=WAL; PRAGMA audit.synchronous=NORMAL;"
        "PRAGMA audit.cache_size=-8192;");
  }

 private:
  static constexpr size_t kMaxCached = 256;

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);  // no string built per statement (transparent hash)
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCached) {
      for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
      cache_.clear();
    }
    std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
    if (!stmt) return Status::Internal("prepare: empty statement");
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status Bind(sqlite3_stmt* st, const std::vector<SqlValue>& params) {
    int n = sqlite3_bind_parameter_count(st);
    if (static_cast<size_t>(n) > params.size()) {
      return Status::Internal("statement needs " + std::to_string(n) + " parameters, got " +
                              std::to_string(params.size()));
    }
    for (int i = 0; i < n; ++i) {
      const SqlValue& v = params[i];
      int rc;
      if (auto* p = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(st, i + 1, *p);
      } else if (auto* p = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(st, i + 1, *p);
      } else if (auto* p = std::get_if<std::string>(&v)) {
        // SQLITE_STATIC: params outlive the step that reads them.
        rc = sqlite3_bind_text64(st, i + 1, p->data(), p->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(st, i + 1);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return Status::Ok();
  }

  Status Simple(const char* sql) {
    auto r = Exec(sql, {});
    return r.status();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

}  // namespace

// Waits for the write lock another connection holds: short polls first (a
// write transaction here lasts well under a millisecond), then 1 ms sleeps, up
// to about 5 s in all. sqlite3_busy_timeout sleeps 1, 2, 5, 10, 15, 20, 25 ...
// ms between tries, which turns every brief overlap into a 10-20 ms stall.
static int BusyWait(void*, int count) {
  constexpr int kShort = 200;  // 200 x 50 us = 10 ms of short polls
  if (count < kShort) {
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    return 1;
  }
  if (count < kShort + 5000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
  }
  return 0;  // SQLITE_BUSY: the caller reports kUnavailable
}

std::string SqliteAuditPath(const std::string& path) {
  return path == ":memory:" ? path : path + "-audit";
}

// Process-wide settings, before the first connection initialises SQLite.
// Memory statistics off: with them, every sqlite3_malloc and sqlite3_free
// takes one global mutex, which the request threads then contend for (6 % of
// a person lookup's CPU time, measured with perf).
static void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Result<std::unique_ptr<SqlConnection>> OpenSqliteConnection(const std::string& path) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open SQLite database " + path + ": " +
                      (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Status::Unavailable(msg);
  }
  sqlite3_busy_handler(db, BusyWait, nullptr);
  sqlite3_extended_result_codes(db, 1);
  auto conn = std::make_unique<SqliteConnection>(db);
  Status s = conn->Init(SqliteAuditPath(path));
  if (!s.ok())
    return Status::Unavailable("cannot open SQLite database " + path + ": " + s.message());
  return std::unique_ptr<SqlConnection>(std::move(conn));
}

namespace {

// Checkpoints the WAL from a thread of its own. SQLite's automatic checkpoint
// runs inside the COMMIT that crosses 1000 WAL pages and fsyncs there: one
// commit in a few hundred stalled for 10+ ms while the other writers (and the
// access-log writer every read waits for) queued behind it. Here every pool
// connection's commit only reports the WAL size (wal hook); past the threshold,
// or every 2 s when there is anything to do, this thread runs a PASSIVE
// checkpoint, which never blocks readers or writers.
class Checkpointer {
 public:
  // WAL pages that make a checkpoint due, per file. The access log's file is
  // written by every read and read by almost nothing (a person's access
  // history, `audit verify`), so its WAL may grow further between
  // checkpoints: each checkpoint costs two fsyncs, and more of the pages it
  // copies were rewritten several times over (the log's last leaf, its head
  // row) and are copied once. 1000 pages = 4 MiB.
  static constexpr int kPages = 1000;
  static constexpr int kAuditPages = 8000;

  explicit Checkpointer(std::unique_ptr<SqlConnection> conn)
      : conn_(std::move(conn)), thread_([this] { Loop(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  // Past 8 x its threshold the checkpoint is a RESTART: it holds writers back
  // until the WAL is copied and starts again from its beginning. Back-pressure,
  // so that writers outrunning the PASSIVE checkpoints (a bulk import on a busy
  // machine) cannot grow the WAL without bound: a WAL only restarts after a
  // checkpoint that completed with no new frames behind it.
  static constexpr int kHardFactor = 8;

  // From a committing connection's wal hook: `pages` frames are in the WAL of
  // schema `db` ("main" or "audit": each file has its own WAL).
  void Committed(const char* db, int pages) {
    File& f = FileFor(db);
    f.dirty.store(true, std::memory_order_relaxed);
    f.pages.store(pages, std::memory_order_relaxed);
    if (pages >= f.threshold) {
      {
        std::lock_guard lock(mu_);
        due_ = true;
      }
      cv_.notify_one();
    }
  }

 private:
  struct File {
    const char* schema;
    int threshold;  // pages
    std::atomic<bool> dirty{false};
    std::atomic<int> pages{0};
  };

  File& FileFor(const char* db) { return std::string_view(db) == "audit" ? audit_ : main_; }

  void Loop() {
    sqlite3* db = static_cast<SqliteConnection*>(conn_.get())->db();
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait_for(lock, std::chrono::seconds(2), [&] { return stop_ || due_; });
      const bool stopping = stop_;
      due_ = false;
      lock.unlock();
      for (File* f : {&main_, &audit_}) {
        if (!f->dirty.exchange(false)) continue;
        const int mode = stopping ? SQLITE_CHECKPOINT_TRUNCATE
                         : f->pages.load(std::memory_order_relaxed) >= kHardFactor * f->threshold
                             ? SQLITE_CHECKPOINT_RESTART
                             : SQLITE_CHECKPOINT_PASSIVE;
        sqlite3_wal_checkpoint_v2(db, f->schema, mode, nullptr, nullptr);
      }
      lock.lock();
      if (stopping) return;
    }
  }

  std::unique_ptr<SqlConnection> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  bool due_ = false;   // guarded by mu_
  File main_{"main", kPages};
  File audit_{"audit", kAuditPages};
  std::thread thread_;  // last: starts after the members it uses
};

int WalHook(void* arg, sqlite3*, const char* db, int pages) {
  static_cast<Checkpointer*>(arg)->Committed(db, pages);
  return SQLITE_OK;
}

class SqlitePool final : public ConnectionPool {
 public:
  SqlitePool(std::vector<std::unique_ptr<SqlConnection>> conns,
             std::unique_ptr<Checkpointer> checkpointer)
      : ConnectionPool(Backend::kSqlite, std::move(conns)),
        checkpointer_(std::move(checkpointer)) {}

 private:
  std::unique_ptr<Checkpointer> checkpointer_;  // stopped before the connections close
};

}  // namespace

Result<std::unique_ptr<SqlPool>> OpenSqlitePool(const std::string& path, int size) {
  if (path.empty()) return Status::Invalid("sqlite: URL needs a path", "database_url");
  const bool memory = path == ":memory:";
  if (memory) size = 1;
  std::unique_ptr<Checkpointer> checkpointer;
  if (!memory) {
    auto c = OpenSqliteConnection(path);
    if (!c.ok()) return c.status();
    checkpointer = std::make_unique<Checkpointer>(std::move(*c));
  }
  std::vector<std::unique_ptr<SqlConnection>> conns;
  for (int i = 0; i < size; ++i) {
    auto c = OpenSqliteConnection(path);
    if (!c.ok()) return c.status();
    if (checkpointer)
      sqlite3_wal_hook(static_cast<SqliteConnection*>(c->get())->db(), WalHook, checkpointer.get());
    conns.push_back(std::move(*c));
  }
  return std::unique_ptr<SqlPool>(
      std::make_unique<SqlitePool>(std::move(conns), std::move(checkpointer)));
}

}  // namespace inbeeld
