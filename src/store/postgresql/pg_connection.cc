#include "store/postgresql/pg_connection.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "store/connection_pool.h"
#include "store/sql_identifier.h"

namespace inbeeld {

void AppendCopyField(const SqlValue& v, std::string& out) {
  if (auto* p = std::get_if<int64_t>(&v)) {
    out += std::to_string(*p);
  } else if (auto* p = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    out += buf;
  } else if (auto* p = std::get_if<std::string>(&v)) {
    for (char c : *p) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
      }
    }
  } else {
    out += "\\N";
  }
}

namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

Status StatusFromSqlState(const char* state, const std::string& msg) {
  std::string s = state ? state : "";
  if (s == "23505") return Status::AlreadyExists(msg);
  if (s.rfind("23", 0) == 0) return Status::Conflict(msg);
  if (s.rfind("08", 0) == 0 || s.rfind("57P0", 0) == 0 || s == "57014" || s == "40001" ||
      s == "40P01" || s == "53300") {
    return Status::Unavailable(msg);
  }
  return Status::Internal(msg);
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class PgConnection : public SqlConnection {
 public:
  PgConnection(PGconn* conn, std::string url) : conn_(conn), url_(std::move(url)) {}
  ~PgConnection() override { PQfinish(conn_); }

  Backend backend() const override { return Backend::kPostgresql; }

  Status Init() {
    std::string setup = "SET client_min_messages = warning; SET TIME ZONE 'UTC';";
    if (url_.find("statement_timeout") == std::string::npos) {
      setup += " SET statement_timeout = '30s';";
    }
    return ExecScriptOnce(setup);
  }

  Result<int64_t> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    auto r = Run(sql, params);
    if (!r.ok()) return r.status();
    const char* n = PQcmdTuples(r->get());
    return static_cast<int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
  }

  Result<SqlRows> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
    auto r = Run(sql, params);
    if (!r.ok()) return r.status();
    PGresult* res = r->get();
    int nrows = PQntuples(res), ncols = PQnfields(res);
    std::vector<Oid> types(ncols);
    for (int c = 0; c < ncols; ++c) types[c] = PQftype(res, c);
    SqlRows rows;
    rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<SqlValue> vals;
      vals.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, i, c)) {
          vals.emplace_back(SqlNull{});
          continue;
        }
        const char* v = PQgetvalue(res, i, c);
        switch (types[c]) {
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid: vals.emplace_back(int64_t{std::strtoll(v, nullptr, 10)}); break;
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid: vals.emplace_back(std::strtod(v, nullptr)); break;
          case kBoolOid: vals.emplace_back(int64_t{v[0] == 't' ? 1 : 0}); break;
          default: vals.emplace_back(std::string(v, PQgetlength(res, i, c)));
        }
      }
      rows.emplace_back(std::move(vals));
    }
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    Status s = ExecScriptOnce(sql);
    if (!s.ok() && !in_txn_ && Reconnect()) s = ExecScriptOnce(sql);
    return s;
  }

  Status Begin(bool /*write*/) override {
    // Writers serialise on row locks (SELECT ... FOR UPDATE), not on BEGIN.
    Status s = ExecScript("BEGIN");
    in_txn_ = s.ok();
    return s;
  }

  Status Commit() override {
    Status s = ExecScriptOnce("COMMIT");
    in_txn_ = false;
    // COMMIT of an aborted transaction reports ROLLBACK without an error.
    if (s.ok() && last_cmd_status_ == "ROLLBACK") {
      return Status::Internal("transaction was aborted and rolled back");
    }
    return s;
  }

  Status Rollback() override {
    in_txn_ = false;
    if (PQstatus(conn_) != CONNECTION_OK) return Status::Ok();
    return ExecScriptOnce("ROLLBACK");
  }

  Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                    const std::vector<std::vector<SqlValue>>& rows,
                    std::string_view conflict_target) override {
    INBEELD_RETURN_IF_ERROR(CheckIdentifiers(table, columns, conflict_target));
    if (!in_txn_) return Status::Internal("BulkInsert requires a transaction");
    std::string cols;
    for (size_t i = 0; i < columns.size(); ++i) cols += (i ? ", " : "") + columns[i];
    std::string target(table);
    if (!conflict_target.empty()) {
      // COPY cannot skip conflicts: stage in a temporary table of the same column types.
      target = "inbeeld_bulk_" + std::string(table);
      INBEELD_RETURN_IF_ERROR(ExecScriptOnce(
          "DROP TABLE IF EXISTS pg_temp." + target + "; CREATE TEMP TABLE " + target +
          " ON COMMIT DROP AS SELECT " + cols + " FROM " + std::string(table) + " WITH NO DATA"));
    }
    INBEELD_RETURN_IF_ERROR(CopyIn(target, cols, columns.size(), rows));
    if (!conflict_target.empty()) {
      INBEELD_RETURN_IF_ERROR(ExecScriptOnce(
          "INSERT INTO " + std::string(table) + " (" + cols + ") SELECT " + cols + " FROM " +
          target + " ON CONFLICT (" + std::string(conflict_target) + ") DO NOTHING"));
    }
    return Status::Ok();
  }

 private:
  static constexpr size_t kMaxCached = 256;

  Status Error(PGresult* res, std::string_view what) {
    std::string msg = std::string(what) + ": ";
    msg += Trim(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
    if (PQstatus(conn_) == CONNECTION_BAD) {
      return Status::Unavailable(msg.empty() ? "connection lost" : msg);
    }
    return StatusFromSqlState(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr, msg);
  }

  bool Reconnect() {
    if (PQstatus(conn_) != CONNECTION_BAD) return false;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    prepared_.clear();
    return Init().ok();
  }

  Status ExecScriptOnce(std::string_view sql) {
    std::string text(sql);
    PgResult res(PQexec(conn_, text.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
      return Error(res.get(), "exec");
    }
    last_cmd_status_ = PQcmdStatus(res.get());
    return Status::Ok();
  }

  Result<PgResult> RunOnce(std::string_view sql, const std::vector<SqlValue>& params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      if (prepared_.size() >= kMaxCached) {
        INBEELD_RETURN_IF_ERROR(ExecScriptOnce("DEALLOCATE ALL"));
        prepared_.clear();
      }
      std::string name = "s" + std::to_string(++next_name_);
      PgResult res(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
      if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return Error(res.get(), "prepare");
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlValue& v = params[i];
      if (std::holds_alternative<SqlNull>(v)) {
        values[i] = nullptr;
      } else if (auto* p = std::get_if<std::string>(&v)) {
        values[i] = p->c_str();
      } else {
        AppendCopyField(v, texts[i]);  // numbers only here: no escaping happens
        values[i] = texts[i].c_str();
      }
    }
    PgResult res(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                values.data(), nullptr, nullptr, 0));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(res.get(), "query");
    return res;
  }

  Result<PgResult> Run(std::string_view sql, const std::vector<SqlValue>& params) {
    auto r = RunOnce(sql, params);
    if (!r.ok() && !in_txn_ && Reconnect()) r = RunOnce(sql, params);
    return r;
  }

  Status CopyIn(const std::string& table, const std::string& cols, size_t ncols,
                const std::vector<std::vector<SqlValue>>& rows) {
    std::string copy = "COPY " + table + " (" + cols + ") FROM STDIN";
    PgResult res(PQexec(conn_, copy.c_str()));
    if (!res || PQresultStatus(res.get()) != PGRES_COPY_IN) return Error(res.get(), "copy");
    std::string buf;
    buf.reserve(1 << 17);
    const char* failure = nullptr;
    for (const auto& row : rows) {
      if (row.size() != ncols) {
        failure = "row has the wrong number of values";
        break;
      }
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buf += '\t';
        AppendCopyField(row[i], buf);
      }
      buf += '\n';
      if (buf.size() >= (1 << 16)) {
        if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) break;
        buf.clear();
      }
    }
    if (!failure && !buf.empty()) PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(conn_, failure);
    Status s;
    while (PGresult* r = PQgetResult(conn_)) {
      PgResult owned(r);
      if (PQresultStatus(r) != PGRES_COMMAND_OK && s.ok()) s = Error(r, "copy into " + table);
    }
    if (failure && s.ok()) s = Status::Internal(std::string("copy: ") + failure);
    return s;
  }

  PGconn* conn_;
  std::string url_;
  bool in_txn_ = false;
  std::string last_cmd_status_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
  int64_t next_name_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenPgConnection(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (!conn) return Status::Unavailable("PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Unavailable("cannot connect to PostgreSQL: " + msg);
  }
  auto c = std::make_unique<PgConnection>(conn, url);
  INBEELD_RETURN_IF_ERROR(c->Init());
  return std::unique_ptr<SqlConnection>(std::move(c));
}

Result<std::unique_ptr<SqlPool>> OpenPgPool(const std::string& url, int size) {
  std::vector<std::unique_ptr<SqlConnection>> conns;
  for (int i = 0; i < size; ++i) {
    auto c = OpenPgConnection(url);
    if (!c.ok()) return c.status();
    conns.push_back(std::move(*c));
  }
  return std::unique_ptr<SqlPool>(
      std::make_unique<ConnectionPool>(Backend::kPostgresql, std::move(conns)));
}

}  // namespace inbeeld
