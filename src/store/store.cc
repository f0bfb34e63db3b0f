#include "store/store.h"

#include <chrono>
#include <ctime>
#include <set>

#include "store/migrations.h"

namespace inbeeld {
namespace {

// Key of the advisory lock that serialises Migrate across processes ("INBEELD").
constexpr int64_t kMigrateLockKey = 0x494E4245454C44;

std::string UtcNowIso() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

Result<int> ReadSchemaVersion(SqlConnection& c) {
  const char* exists = c.backend() == Backend::kSqlite
                           ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                             "name = 'schema_migrations'"
                           : "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                             "AND tablename = 'schema_migrations'";
  auto rows = c.Query(exists);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().Int(0) == 0) return 0;
  auto v = c.Query("SELECT COALESCE(max(version), 0) FROM schema_migrations");
  if (!v.ok()) return v.status();
  return static_cast<int>(v->front().Int(0));
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& url, int pool_size) {
  auto pool = SqlPool::Open(url, pool_size);
  if (!pool.ok()) return pool.status();
  return std::make_unique<Store>(std::move(*pool));
}

Store::Store(std::unique_ptr<SqlPool> pool) : pool_(std::move(pool)) {}

int Store::LatestSchemaVersion() {
  const auto& ms = MigrationsFor(Backend::kSqlite);
  return ms.empty() ? 0 : ms.back().version;
}

Result<int> Store::SchemaVersion() {
  auto c = pool_->Acquire();
  return ReadSchemaVersion(*c);
}

Status Store::Migrate() {
  const auto& migrations = MigrationsFor(backend());
  const int latest = LatestSchemaVersion();
  // One transaction per migration; each re-reads the version under the lock,
  // so two processes migrating at once apply every step exactly once.
  for (;;) {
    bool done = false;
    Status s = WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
      if (c.backend() == Backend::kPostgresql) {
        auto lock = c.Query("SELECT pg_advisory_xact_lock($1)", {kMigrateLockKey});
        if (!lock.ok()) return lock.status();
      }
      auto current = ReadSchemaVersion(c);
      if (!current.ok()) return current.status();
      if (*current > latest) {
        return Status::Conflict("database schema version " + std::to_string(*current) +
                                " is newer than this binary (" + std::to_string(latest) + ")");
      }
      // Versions are reserved per capability and may land out of order (0009
      // before 0008): apply the first one not yet recorded, not only those
      // above the highest.
      std::set<int64_t> applied_versions;
      if (*current > 0) {
        auto done_rows = c.Query("SELECT version FROM schema_migrations");
        if (!done_rows.ok()) return done_rows.status();
        for (const auto& r : *done_rows) applied_versions.insert(r.Int(0));
      }
      const Migration* next = nullptr;
      for (const auto& m : migrations) {
        if (applied_versions.count(m.version) == 0) {
          next = &m;
          break;
        }
      }
      if (!next) {
        done = true;
        return Status::Ok();
      }
      INBEELD_RETURN_IF_ERROR(c.ExecScript(kCreateSchemaMigrations));
      Status applied = c.ExecScript(next->sql);
      if (!applied.ok()) {
        if (applied.code() == StatusCode::kUnavailable) return applied;
        return Status::Internal(std::string("migration ") + next->name + ": " + applied.message());
      }
      auto ins =
          c.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 {int64_t{next->version}, std::string(next->name), UtcNowIso()});
      return ins.status();
    });
    if (!s.ok()) return s;
    if (done) return Status::Ok();
  }
}

Result<Store::Counts> Store::CountRows() {
  auto c = pool_->Acquire();
  auto rows = c->Query(
      "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM households), "
      "(SELECT count(*) FROM organisations), (SELECT count(*) FROM enrolments), "
      "(SELECT count(*) FROM users)");
  if (!rows.ok()) return rows.status();
  const SqlRow& r = rows->front();
  Counts n;
  n.persons = r.Int(0);
  n.households = r.Int(1);
  n.organisations = r.Int(2);
  n.enrolments = r.Int(3);
  n.users = r.Int(4);
  return n;
}

}  // namespace inbeeld
