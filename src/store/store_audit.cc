// Store: the hash-chained, append-only access log.
#include "store/store.h"
#include "store/store_rows.h"

namespace inbeeld {

using namespace store_rows;  // NOLINT(google-build-using-namespace): internal helpers

Status Store::AppendAudit(std::vector<AuditRecord>& entries,
                          const std::function<std::string(const AuditRecord&)>& chain) {
  if (entries.empty()) return Status::Ok();
  return WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    // The head row is the serialisation point: SQLite's BEGIN IMMEDIATE already
    // holds the write lock; PostgreSQL locks the row until commit.
    auto head = c.Query(c.backend() == Backend::kPostgresql
                            ? "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE"
                            : "SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
    if (!head.ok()) return head.status();
    if (head->empty()) return Status::Internal("audit_head row is missing");
    int64_t seq = head->front().Int(0);
    std::string hash = head->front().Text(1);
    for (AuditRecord& e : entries) {  // recomputed on every retry
      e.seq = ++seq;
      e.prev_hash = hash;
      e.hash = chain(e);
      hash = e.hash;
      auto r = c.Exec(
          "INSERT INTO audit_log (seq, at_ms, user_id, username, org_id, org_name, role, action,"
          " object_type, person_id, detail, responsibility, reason, prev_hash, hash)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
          {e.seq, e.at_ms, e.user_id, e.username, e.org_id, e.org_name, e.role, e.action,
           e.object_type, SqlOpt(e.person_id), e.detail, e.responsibility, e.reason, e.prev_hash,
           e.hash});
      if (!r.ok()) return r.status();
    }
    return c.Exec("UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1", {seq, hash})
        .status();
  });
}

Result<std::vector<AuditRecord>> Store::AuditForPerson(PersonId id, int limit) {
  static const std::string sql = std::string("SELECT ") + kAuditColumns +
                                 " FROM audit_log WHERE person_id = $1 ORDER BY seq DESC LIMIT $2";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id, int64_t{limit < 1 ? 1 : limit}});
  if (!rows.ok()) return rows.status();
  std::vector<AuditRecord> out;
  for (const auto& r : *rows) out.push_back(AuditFromRow(r));
  return out;
}

Status Store::ScanAudit(const std::function<Status(const AuditRecord&)>& fn) {
  static const std::string sql = std::string("SELECT ") + kAuditColumns +
                                 " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000";
  int64_t after = 0;
  for (;;) {
    auto fetch = [&] {
      auto c = pool_->Acquire();  // not held while `fn` runs
      return c->Query(sql, {after});
    };
    auto rows = fetch();
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Ok();
    for (const auto& r : *rows) {
      AuditRecord a = AuditFromRow(r);
      after = a.seq;
      INBEELD_RETURN_IF_ERROR(fn(a));
    }
  }
}

}  // namespace inbeeld
