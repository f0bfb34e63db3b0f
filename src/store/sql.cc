#include "store/sql.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "store/postgresql/pg_connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace inbeeld {

SqlValue SqlOpt(const std::optional<std::string>& v) {
  if (!v || v->empty()) return SqlNull{};
  return *v;
}

SqlValue SqlOpt(const std::optional<int64_t>& v) {
  if (!v) return SqlNull{};
  return *v;
}

namespace {

int64_t ParseInt(const std::string& s) {
  int64_t v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  while (b < e && *b == ' ') ++b;
  if (b < e && *b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec == std::errc() && ptr == e) return v;
  // "1.0", "t"/"f" (PostgreSQL booleans read as text elsewhere).
  if (s == "t" || s == "true") return 1;
  if (s == "f" || s == "false") return 0;
  return static_cast<int64_t>(std::strtod(s.c_str(), nullptr));
}

}  // namespace

int64_t SqlRow::Int(size_t i) const {
  const SqlValue& v = values_.at(i);
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto* p = std::get_if<std::string>(&v)) return ParseInt(*p);
  return 0;
}

double SqlRow::Real(size_t i) const {
  const SqlValue& v = values_.at(i);
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto* p = std::get_if<std::string>(&v)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string SqlRow::Text(size_t i) const {
  const SqlValue& v = values_.at(i);
  if (auto* p = std::get_if<std::string>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto* p = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *p);
    return buf;
  }
  return "";
}

std::optional<std::string> SqlRow::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> SqlRow::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

Result<std::unique_ptr<SqlPool>> SqlPool::Open(const std::string& url, int size) {
  if (size < 1) return Status::Invalid("pool size must be at least 1", "pool_size");
  if (url.rfind("sqlite:", 0) == 0) return OpenSqlitePool(url.substr(7), size);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPgPool(url, size);
  }
  return Status::Invalid("unknown database URL scheme (use sqlite:PATH or postgresql://...)",
                         "database_url");
}

Status WithTransaction(SqlPool& pool, bool write, const std::function<Status(SqlConnection&)>& fn) {
  constexpr int kAttempts = 5;
  thread_local std::minstd_rand rng(std::random_device{}());
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      // 10, 20, 40, 80 ms, with jitter so that two retrying writers drift apart.
      int base = 10 << (attempt - 1);
      std::uniform_int_distribution<int> jitter(0, base);
      std::this_thread::sleep_for(std::chrono::milliseconds(base + jitter(rng)));
    }
    auto c = pool.Acquire();
    SqlTransaction tx(*c, write);
    last = tx.begin_status();
    if (last.ok()) {
      last = fn(*c);
      if (last.ok()) last = tx.Commit();
      if (last.ok()) return last;
    }
    if (last.code() != StatusCode::kUnavailable) return last;
  }
  return last;
}

}  // namespace inbeeld
