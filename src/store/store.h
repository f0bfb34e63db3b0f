// Store: the one storage interface of InBeeld, over SQLite or PostgreSQL.
// Every method is safe to call from many threads (each call leases its own
// connection). Methods return Status/Result; a unique-key clash is
// kAlreadyExists, a missing row kNotFound, a database outage kUnavailable.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit_record.h"
#include "core/model.h"
#include "core/status.h"
#include "store/sql.h"

namespace inbeeld {

struct SessionRecord {
  std::string id_hash;  // SHA-256 of the cookie value; the cookie itself is never stored
  UserId user_id = 0;
  std::string csrf_token;
  int64_t created_s = 0;
  int64_t expires_s = 0;  // absolute; sliding expiry updates it
  bool second_factor_done = false;
};

struct PersonSearch {
  std::string name;  // matches first name, last name or "first last", case-insensitive prefix
  std::optional<Date> birth_date;
  std::string postcode;  // "1234AB" or "1234 AB"
  int limit = 50;
};

// A flat import batch (see importer/): rows keyed by ext_ref so that importing
// the same rows twice changes nothing.
struct ImportBatch {
  std::vector<Household> households;
  std::vector<Person> persons;                     // household_id unused; see person_household_refs
  std::vector<std::string> person_household_refs;  // parallel to persons ("" = none)
  std::vector<Organisation> organisations;
  struct EnrolmentRow {
    std::string person_ref;
    std::string org_ref;
    Date from{};
    std::optional<Date> to;
  };
  std::vector<EnrolmentRow> enrolments;
};
struct ImportCounts {
  int64_t inserted = 0;
  int64_t unchanged = 0;
  int64_t updated = 0;
  // Rows not stored, with a reason for the first kMaxRejections of them:
  // an empty or repeated key within the batch, an unknown household, person or
  // organisation reference, or a BSN pseudonym that already belongs to a person
  // with another ext_ref (never merged automatically: two register keys for one
  // BSN is a data error for a person to resolve, not for the importer to guess).
  int64_t rejected = 0;
  std::vector<std::string> rejections;  // "person P12: unknown household H9"
  static constexpr size_t kMaxRejections = 100;
};

// --- outbox types (see the outbox section of Store) ------------------------
enum class OutboxChannel { kInbox, kEmail, kWebhook };
// "inbox" | "email" | "webhook": the names stored in outbox.channel.
std::string_view OutboxChannelName(OutboxChannel c);
std::optional<OutboxChannel> ParseOutboxChannel(std::string_view name);

enum class OutboxState { kQueued, kDelivered };
std::string_view OutboxStateName(OutboxState s);  // "queued" | "delivered"

// One notice to deliver, as stored in the outbox table.
struct OutboxItem {
  int64_t id = 0;               // set by EnqueueOutbox
  std::string idempotency_key;  // REQUIRED, unique: the same key is one notice
  OutboxChannel channel = OutboxChannel::kInbox;
  std::string recipient;  // inbox: user id (decimal); email: address; webhook: URL
  std::string subject;
  std::string body;  // UTF-8 text (email, inbox) or JSON (webhook)
  OutboxState state = OutboxState::kQueued;
  int attempts = 0;  // claims so far (a claim counts as an attempt)
  int64_t created_ms = 0;
  int64_t next_attempt_ms = 0;  // due from this moment
  std::optional<int64_t> delivered_ms;
  std::string last_error;
  std::optional<std::string> lease_owner;
  std::optional<int64_t> lease_until_ms;
};

struct OutboxCounts {
  int64_t queued = 0;
  int64_t delivered = 0;
  int64_t failing = 0;  // queued with attempts >= the threshold given to CountOutbox
};

struct InboxMessage {
  int64_t id = 0;
  int64_t outbox_id = 0;
  UserId user_id = 0;
  std::string subject;
  std::string body;
  int64_t created_ms = 0;
  std::optional<int64_t> read_ms;
};

class Store {
 public:
  // Opens the database at `url` ("sqlite:PATH" | "postgresql://...") with a
  // pool of `pool_size` connections. Does not migrate.
  static Result<std::unique_ptr<Store>> Open(const std::string& url, int pool_size);
  explicit Store(std::unique_ptr<SqlPool> pool);

  Backend backend() const { return pool_->backend(); }
  SqlPool& pool() { return *pool_; }

  // --- schema ---------------------------------------------------------------
  // Applies pending migrations in order, each in its own transaction.
  // Fails with kConflict when the database's schema is newer than this binary.
  Status Migrate();
  Result<int> SchemaVersion();
  static int LatestSchemaVersion();

  // --- register -------------------------------------------------------------
  Result<HouseholdId> InsertHousehold(const Household& h);
  Result<Household> GetHousehold(HouseholdId id);
  Result<PersonId> InsertPerson(const Person& p);  // kAlreadyExists on a duplicate BSN or ext_ref
  Result<Person> GetPerson(PersonId id);
  Result<Person> FindPersonByBsn(const BsnPseudonym& bsn);  // kNotFound on a miss
  Result<std::vector<Person>> SearchPersons(const PersonSearch& q);
  Result<std::vector<Person>> HouseholdMembers(HouseholdId id);
  Result<OrgId> InsertOrganisation(const Organisation& o);
  Result<Organisation> GetOrganisation(OrgId id);
  Result<std::vector<Organisation>> ListOrganisations(std::optional<OrgKind> kind);
  Status InsertEnrolment(const Enrolment& e);
  Result<std::vector<Enrolment>> EnrolmentsOf(PersonId id);
  // A person with what their page shows — household, the other members,
  // enrolments with their organisations — read in ONE read transaction on one
  // connection (a consistent snapshot, and one lock instead of five).
  struct PersonBundle {
    Person person;
    std::optional<Household> household;
    std::vector<Person> members;  // the household's other members, in birth order
    std::vector<std::pair<Enrolment, Organisation>> enrolments;
  };
  Result<PersonBundle> GetPersonBundle(PersonId id);  // kNotFound on a miss
  // The same for the person with this BSN pseudonym, in one read transaction.
  Result<PersonBundle> GetPersonBundleByBsn(const BsnPseudonym& bsn);  // kNotFound on a miss
  // Imports a batch in one transaction. Rows whose ext_ref exists are compared:
  // identical → unchanged, different → updated; others are inserted or, when
  // they cannot be stored, rejected (see ImportCounts). Order within a batch:
  // households, organisations, persons (household by ext_ref), enrolments
  // (person and organisation by ext_ref), so one batch may refer to itself.
  // Counts are summed over the four kinds. Fast path: each kind is copied into
  // a temporary table (BulkInsert) and merged with four set-based statements.
  Result<ImportCounts> Import(const ImportBatch& batch);
  struct Counts {
    int64_t persons = 0, households = 0, organisations = 0, enrolments = 0, users = 0;
  };
  Result<Counts> CountRows();

  // --- users and sessions --------------------------------------------------
  Result<UserId> InsertUser(const User& u);  // kAlreadyExists on a taken username
  Result<User> GetUser(UserId id);
  Result<User> FindUserByName(const std::string& username);
  Result<std::vector<User>> ListUsers();
  // Writes password_hash, totp_secret, disabled, failed_logins, locked_until.
  Status UpdateUser(const User& u);
  Status InsertSession(const SessionRecord& s);
  Result<SessionRecord> GetSession(const std::string& id_hash);  // kNotFound on a miss
  // A session with its user and the user's organisation, in one query (every
  // authenticated request resolves one). The user comes without password_hash
  // and totp_secret (empty): no request needs them. kNotFound on a miss.
  struct SessionWithUser {
    SessionRecord session;
    User user;
    Organisation org;
  };
  Result<SessionWithUser> GetSessionWithUser(const std::string& id_hash);
  Status UpdateSession(const SessionRecord& s);
  Status DeleteSession(const std::string& id_hash);
  Status DeleteSessionsOf(UserId user);
  Result<int64_t> DeleteExpiredSessions(int64_t now_s);

  // --- access log -----------------------------------------------------------
  // Appends entries in one transaction, chaining each to the last stored hash
  // with `chain` (prev_hash, entry) -> hash. Serialised across connections and
  // instances. Fills seq, prev_hash and hash into `entries`.
  Status AppendAudit(std::vector<AuditRecord>& entries,
                     const std::function<std::string(const AuditRecord&)>& chain);
  Result<std::vector<AuditRecord>> AuditForPerson(PersonId id, int limit);
  // Visits every entry in seq order; stops at the first non-ok Status from `fn`.
  Status ScanAudit(const std::function<Status(const AuditRecord&)>& fn);

  // --- outbox, inbox and job runs (notify/) ----------------------------------
  // The durable outbox: a notice is enqueued once (by idempotency key), claimed
  // by one worker at a time under a lease, and completed only by the holder of
  // a live lease (fencing). Nothing is ever deleted or dropped.

  // Enqueues `item` (created_ms and next_attempt_ms as given). When an item
  // with the same idempotency_key exists, nothing changes and `item` is
  // overwritten with the stored one. Returns true when a new item was stored.
  // kInvalidArgument when the key or recipient is empty.
  Result<bool> EnqueueOutbox(OutboxItem& item);
  // The same on `c`, inside the caller's transaction (transactional outbox:
  // the notice commits or rolls back with the caller's own writes).
  static Result<bool> EnqueueOutbox(SqlConnection& c, OutboxItem& item);
  // Tells one user, inside the caller's transaction: an inbox message and, when
  // `email_too` and the user has an address, an e-mail with the same text;
  // idempotency keys `key`.inbox and `key`.email. A disabled or unknown user
  // gets nothing (Ok).
  static Status NotifyUser(SqlConnection& c, UserId user, const std::string& key,
                           const std::string& subject, const std::string& body, int64_t now_ms,
                           bool email_too = true);
  // Atomically claims up to `limit` due items (queued, next_attempt_ms <= now,
  // no live lease), oldest due first: each gets lease_owner = owner,
  // lease_until_ms = now + lease_ms, attempts + 1. Two concurrent claimers
  // (threads or instances) never get the same item while its lease lives.
  Result<std::vector<OutboxItem>> ClaimOutbox(const std::string& owner, int64_t now_ms,
                                              int64_t lease_ms, int limit);
  // Marks item `id` delivered — only while `owner` holds a live lease on it
  // (kConflict otherwise: the lease expired or another worker took it over;
  // kNotFound for an unknown id).
  Status CompleteOutbox(int64_t id, const std::string& owner, int64_t now_ms);
  // Releases `owner`'s lease and schedules the next attempt, recording `error`.
  // kConflict when `owner` no longer holds the lease.
  Status RetryOutbox(int64_t id, const std::string& owner, int64_t next_attempt_ms,
                     const std::string& error);
  // In one transaction: stores the item as a message in `user_id`'s inbox and
  // marks it delivered. kConflict when `owner` holds no live lease. A second
  // call for the same item never makes a second message (outbox_id is unique).
  Status DeliverToInbox(int64_t id, const std::string& owner, UserId user_id, int64_t now_ms);
  Result<OutboxItem> GetOutbox(int64_t id);  // kNotFound on a miss
  // The newest `limit` items, newest first.
  Result<std::vector<OutboxItem>> ListOutbox(int limit);
  // Items by state; `failing` counts queued items with attempts >= failing_attempts.
  Result<OutboxCounts> CountOutbox(int failing_attempts);
  // `user_id`'s messages, newest first.
  Result<std::vector<InboxMessage>> InboxFor(UserId user_id, int limit);
  // Sets read_ms once (a second call keeps the first time). kNotFound when the
  // message does not exist or is not `user_id`'s.
  Status MarkInboxRead(int64_t message_id, UserId user_id, int64_t now_ms);
  // Claims (job, slot) for `owner`: true for exactly one caller per slot across
  // threads and instances, false for everyone else.
  Result<bool> ClaimJobRun(const std::string& job, int64_t slot, const std::string& owner,
                           int64_t now_ms);
  Status FinishJobRun(const std::string& job, int64_t slot, const std::string& owner,
                      int64_t now_ms);

 private:
  // GetPersonBundle and GetPersonBundleByBsn: `person_sql` selects the person by `key`.
  Result<PersonBundle> ReadPersonBundle(const std::string& person_sql, SqlValue key);
  std::unique_ptr<SqlPool> pool_;
};

}  // namespace inbeeld
