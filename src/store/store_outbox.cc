// Store: the durable outbox, the in-app inbox and scheduled job runs.
//
// Claims are leases: ClaimOutbox marks due items with an owner and an expiry in
// one statement (PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent claimers
// skip each other's rows; SQLite: inside BEGIN IMMEDIATE, so claimers take
// turns). Completing needs the live lease (fencing), so a worker that stalled
// past its lease cannot mark an item another worker has taken over.
#include <algorithm>

#include "store/store.h"

namespace inbeeld {
namespace {

constexpr const char* kOutboxColumns =
    "id, idempotency_key, channel, recipient, subject, body, state, attempts, created_ms, "
    "next_attempt_ms, delivered_ms, last_error, lease_owner, lease_until_ms";
constexpr const char* kInboxColumns = "id, outbox_id, user_id, subject, body, created_ms, read_ms";
constexpr size_t kMaxErrorLength = 1000;

OutboxItem OutboxFromRow(const SqlRow& r) {
  OutboxItem o;
  o.id = r.Int(0);
  o.idempotency_key = r.Text(1);
  o.channel = ParseOutboxChannel(r.Text(2)).value_or(OutboxChannel::kInbox);
  o.recipient = r.Text(3);
  o.subject = r.Text(4);
  o.body = r.Text(5);
  o.state = r.Text(6) == "delivered" ? OutboxState::kDelivered : OutboxState::kQueued;
  o.attempts = static_cast<int>(r.Int(7));
  o.created_ms = r.Int(8);
  o.next_attempt_ms = r.Int(9);
  o.delivered_ms = r.OptInt(10);
  o.last_error = r.Text(11);
  o.lease_owner = r.OptText(12);
  o.lease_until_ms = r.OptInt(13);
  return o;
}

InboxMessage InboxFromRow(const SqlRow& r) {
  InboxMessage m;
  m.id = r.Int(0);
  m.outbox_id = r.Int(1);
  m.user_id = r.Int(2);
  m.subject = r.Text(3);
  m.body = r.Text(4);
  m.created_ms = r.Int(5);
  m.read_ms = r.OptInt(6);
  return m;
}

// Why a lease-guarded update changed no row: the item is unknown (kNotFound)
// or `owner` does not hold it (kConflict).
Status LeaseLost(SqlConnection& c, int64_t id, const std::string& owner) {
  auto rows = c.Query("SELECT state, lease_owner FROM outbox WHERE id = $1", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("outbox item " + std::to_string(id));
  return Status::Conflict("outbox item " + std::to_string(id) + " is " + rows->front().Text(0) +
                          " and leased by '" + rows->front().Text(1) + "', not by '" + owner + "'");
}

// True when item `id` is delivered and `owner` delivered it (a repeated call).
Result<bool> DeliveredBy(SqlConnection& c, int64_t id, const std::string& owner) {
  auto rows = c.Query(
      "SELECT count(*) FROM outbox WHERE id = $1 AND state = 'delivered' AND lease_owner = $2",
      {id, owner});
  if (!rows.ok()) return rows.status();
  return rows->front().Int(0) > 0;
}

}  // namespace

std::string_view OutboxChannelName(OutboxChannel c) {
  switch (c) {
    case OutboxChannel::kInbox: return "inbox";
    case OutboxChannel::kEmail: return "email";
    case OutboxChannel::kWebhook: return "webhook";
  }
  return "inbox";
}

std::optional<OutboxChannel> ParseOutboxChannel(std::string_view name) {
  if (name == "inbox") return OutboxChannel::kInbox;
  if (name == "email") return OutboxChannel::kEmail;
  if (name == "webhook") return OutboxChannel::kWebhook;
  return std::nullopt;
}

std::string_view OutboxStateName(OutboxState s) {
  return s == OutboxState::kDelivered ? "delivered" : "queued";
}

Status Store::NotifyUser(SqlConnection& c, UserId user, const std::string& key,
                         const std::string& subject, const std::string& body, int64_t now_ms,
                         bool email_too) {
  auto u = c.Query("SELECT email, disabled FROM users WHERE id = $1", {int64_t{user}});
  if (!u.ok()) return u.status();
  if (u->empty() || (*u)[0].Int(1) != 0) return Status::Ok();
  const std::string email = (*u)[0].Text(0);
  for (OutboxChannel ch : {OutboxChannel::kInbox, OutboxChannel::kEmail}) {
    if (ch == OutboxChannel::kEmail && (email.empty() || !email_too)) continue;
    OutboxItem item;
    item.idempotency_key = key + "." + std::string(OutboxChannelName(ch));
    item.channel = ch;
    item.recipient = ch == OutboxChannel::kInbox ? std::to_string(user) : email;
    item.subject = subject;
    item.body = body;
    item.created_ms = now_ms;
    item.next_attempt_ms = now_ms;
    auto added = EnqueueOutbox(c, item);
    if (!added.ok()) return added.status();
  }
  return Status::Ok();
}

Result<bool> Store::EnqueueOutbox(SqlConnection& c, OutboxItem& item) {
  if (item.idempotency_key.empty()) {
    return Status::Invalid("an outbox item needs an idempotency key", "idempotency_key");
  }
  if (item.recipient.empty())
    return Status::Invalid("an outbox item needs a recipient", "recipient");
  auto inserted = c.Query(
      "INSERT INTO outbox (idempotency_key, channel, recipient, subject, body, state, attempts,"
      " created_ms, next_attempt_ms, last_error)"
      " VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, '')"
      " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
      {item.idempotency_key, std::string(OutboxChannelName(item.channel)), item.recipient,
       item.subject, item.body, item.created_ms, item.next_attempt_ms});
  if (!inserted.ok()) return inserted.status();
  bool created = !inserted->empty();
  static const std::string select =
      std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE idempotency_key = $1";
  auto rows = c.Query(select, {item.idempotency_key});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Internal("outbox item vanished after enqueue");
  item = OutboxFromRow(rows->front());
  return created;
}

Result<bool> Store::EnqueueOutbox(OutboxItem& item) {
  bool created = false;
  OutboxItem attempt;
  Status s = WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    attempt = item;  // each retry starts from the caller's item
    auto r = EnqueueOutbox(c, attempt);
    if (!r.ok()) return r.status();
    created = *r;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  item = std::move(attempt);
  return created;
}

Result<std::vector<OutboxItem>> Store::ClaimOutbox(const std::string& owner, int64_t now_ms,
                                                   int64_t lease_ms, int limit) {
  if (owner.empty()) return Status::Invalid("a claim needs an owner", "owner");
  if (limit <= 0) return std::vector<OutboxItem>{};
  const bool pg = backend() == Backend::kPostgresql;
  static const std::string due =
      "SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_ms <= $2"
      " AND (lease_until_ms IS NULL OR lease_until_ms <= $2)"
      " ORDER BY next_attempt_ms, id LIMIT $4";
  static const std::string sql_pg =
      "UPDATE outbox SET lease_owner = $1, lease_until_ms = $3, attempts = attempts + 1"
      " WHERE id IN (" +
      due + " FOR UPDATE SKIP LOCKED) RETURNING " + kOutboxColumns;
  static const std::string sql_sqlite =
      "UPDATE outbox SET lease_owner = $1, lease_until_ms = $3, attempts = attempts + 1"
      " WHERE id IN (" +
      due + ") RETURNING " + kOutboxColumns;
  std::vector<OutboxItem> out;
  Status s = WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    out.clear();
    auto rows =
        c.Query(pg ? sql_pg : sql_sqlite, {owner, now_ms, now_ms + lease_ms, int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) out.push_back(OutboxFromRow(r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  std::sort(out.begin(), out.end(), [](const OutboxItem& a, const OutboxItem& b) {
    return a.next_attempt_ms != b.next_attempt_ms ? a.next_attempt_ms < b.next_attempt_ms
                                                  : a.id < b.id;
  });
  return out;
}

Status Store::CompleteOutbox(int64_t id, const std::string& owner, int64_t now_ms) {
  return WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    auto n = c.Exec(
        "UPDATE outbox SET state = 'delivered', delivered_ms = $3, lease_until_ms = NULL,"
        " last_error = '' WHERE id = $1 AND state = 'queued' AND lease_owner = $2"
        " AND lease_until_ms > $3",
        {id, owner, now_ms});
    if (!n.ok()) return n.status();
    if (*n == 1) return Status::Ok();
    auto again = DeliveredBy(c, id, owner);
    if (!again.ok()) return again.status();
    if (*again) return Status::Ok();
    return LeaseLost(c, id, owner);
  });
}

Status Store::RetryOutbox(int64_t id, const std::string& owner, int64_t next_attempt_ms,
                          const std::string& error) {
  std::string err = error.size() > kMaxErrorLength ? error.substr(0, kMaxErrorLength) : error;
  return WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    auto n = c.Exec(
        "UPDATE outbox SET next_attempt_ms = $3, last_error = $4, lease_owner = NULL,"
        " lease_until_ms = NULL WHERE id = $1 AND state = 'queued' AND lease_owner = $2",
        {id, owner, next_attempt_ms, err});
    if (!n.ok()) return n.status();
    if (*n == 1) return Status::Ok();
    return LeaseLost(c, id, owner);
  });
}

Status Store::DeliverToInbox(int64_t id, const std::string& owner, UserId user_id, int64_t now_ms) {
  return WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    // Fence first: the update takes the row (lock on PostgreSQL) only while our
    // lease lives; the insert then cannot race another deliverer.
    auto n = c.Exec(
        "UPDATE outbox SET state = 'delivered', delivered_ms = $3, lease_until_ms = NULL,"
        " last_error = '' WHERE id = $1 AND state = 'queued' AND lease_owner = $2"
        " AND lease_until_ms > $3",
        {id, owner, now_ms});
    if (!n.ok()) return n.status();
    if (*n == 0) {
      auto again = DeliveredBy(c, id, owner);
      if (!again.ok()) return again.status();
      if (*again) return Status::Ok();
      return LeaseLost(c, id, owner);
    }
    auto ins = c.Exec(
        "INSERT INTO inbox_messages (outbox_id, user_id, subject, body, created_ms)"
        " SELECT id, CAST($2 AS BIGINT), subject, body, CAST($3 AS BIGINT) FROM outbox WHERE id = "
        "$1"
        " ON CONFLICT (outbox_id) DO NOTHING",
        {id, user_id, now_ms});
    return ins.status();
  });
}

Result<OutboxItem> Store::GetOutbox(int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE id = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("outbox item " + std::to_string(id));
  return OutboxFromRow(rows->front());
}

Result<std::vector<OutboxItem>> Store::ListOutbox(int limit) {
  static const std::string sql =
      std::string("SELECT ") + kOutboxColumns + " FROM outbox ORDER BY id DESC LIMIT $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<OutboxItem> out;
  for (const auto& r : *rows) out.push_back(OutboxFromRow(r));
  return out;
}

Result<OutboxCounts> Store::CountOutbox(int failing_attempts) {
  auto c = pool_->Acquire();
  auto rows = c->Query(
      "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued'),"
      " (SELECT count(*) FROM outbox WHERE state = 'delivered'),"
      " (SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts >= $1)",
      {int64_t{failing_attempts}});
  if (!rows.ok()) return rows.status();
  OutboxCounts n;
  n.queued = rows->front().Int(0);
  n.delivered = rows->front().Int(1);
  n.failing = rows->front().Int(2);
  return n;
}

Result<std::vector<InboxMessage>> Store::InboxFor(UserId user_id, int limit) {
  static const std::string sql =
      std::string("SELECT ") + kInboxColumns +
      " FROM inbox_messages WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {user_id, int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<InboxMessage> out;
  for (const auto& r : *rows) out.push_back(InboxFromRow(r));
  return out;
}

Status Store::MarkInboxRead(int64_t message_id, UserId user_id, int64_t now_ms) {
  auto c = pool_->Acquire();
  auto n = c->Exec(
      "UPDATE inbox_messages SET read_ms = COALESCE(read_ms, $3) WHERE id = $1 AND user_id = $2",
      {message_id, user_id, now_ms});
  if (!n.ok()) return n.status();
  if (*n == 0) return Status::NotFound("bericht " + std::to_string(message_id));
  return Status::Ok();
}

Result<bool> Store::ClaimJobRun(const std::string& job, int64_t slot, const std::string& owner,
                                int64_t now_ms) {
  auto c = pool_->Acquire();
  auto n = c->Exec(
      "INSERT INTO job_runs (job, slot, owner, started_ms) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (job, slot) DO NOTHING",
      {job, slot, owner, now_ms});
  if (!n.ok()) return n.status();
  return *n == 1;
}

Status Store::FinishJobRun(const std::string& job, int64_t slot, const std::string& owner,
                           int64_t now_ms) {
  auto c = pool_->Acquire();
  auto n =
      c->Exec("UPDATE job_runs SET finished_ms = $4 WHERE job = $1 AND slot = $2 AND owner = $3",
              {job, slot, owner, now_ms});
  if (!n.ok()) return n.status();
  if (*n == 0)
    return Status::NotFound("job run " + job + " " + std::to_string(slot) + " of " + owner);
  return Status::Ok();
}

}  // namespace inbeeld
