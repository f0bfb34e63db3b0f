// Store: users and sessions.
#include <chrono>

#include "store/store.h"
#include "store/store_rows.h"

namespace inbeeld {

using namespace store_rows;  // NOLINT(google-build-using-namespace): internal helpers

namespace {

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status OneRowChanged(const Result<int64_t>& r, const std::string& what) {
  if (!r.ok()) return r.status();
  if (*r == 0) return Status::NotFound(what);
  return Status::Ok();
}

}  // namespace

Result<UserId> Store::InsertUser(const User& u) {
  auto c = pool_->Acquire();
  auto rows = c->Query(
      "INSERT INTO users (username, display_name, email, org_id, role, password_hash, totp_secret,"
      " disabled, failed_logins, locked_until, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      {u.username, u.display_name, u.email, u.org_id, std::string(RoleName(u.role)),
       u.password_hash, u.totp_secret, int64_t{u.disabled ? 1 : 0}, int64_t{u.failed_logins},
       u.locked_until, NowSeconds()});
  if (!rows.ok()) return rows.status();
  return rows->front().Int(0);
}

Result<User> Store::GetUser(UserId id) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("user " + std::to_string(id));
  return UserFromRow(rows->front());
}

Result<User> Store::FindUserByName(const std::string& username) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE username = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {username});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no such user");
  return UserFromRow(rows->front());
}

Result<std::vector<User>> Store::ListUsers() {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql);
  if (!rows.ok()) return rows.status();
  std::vector<User> out;
  for (const auto& r : *rows) out.push_back(UserFromRow(r));
  return out;
}

Status Store::UpdateUser(const User& u) {
  auto c = pool_->Acquire();
  auto r = c->Exec(
      "UPDATE users SET password_hash = $2, totp_secret = $3, disabled = $4, failed_logins = $5,"
      " locked_until = $6, totp_last_step = $7 WHERE id = $1",
      {u.id, u.password_hash, u.totp_secret, int64_t{u.disabled ? 1 : 0}, int64_t{u.failed_logins},
       u.locked_until, u.totp_last_step});
  return OneRowChanged(r, "user " + std::to_string(u.id));
}

Status Store::InsertSession(const SessionRecord& s) {
  auto c = pool_->Acquire();
  auto r = c->Exec(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, created_s, expires_s, "
      "second_factor_done)"
      " VALUES ($1, $2, $3, $4, $5, $6)",
      {s.id_hash, s.user_id, s.csrf_token, s.created_s, s.expires_s,
       int64_t{s.second_factor_done ? 1 : 0}});
  return r.status();
}

Result<SessionRecord> Store::GetSession(const std::string& id_hash) {
  static const std::string sql =
      std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE id_hash = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id_hash});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no such session");
  return SessionFromRow(rows->front());
}

Result<Store::SessionWithUser> Store::GetSessionWithUser(const std::string& id_hash) {
  // The user's columns without the password hash and TOTP secret (read as ''):
  // a request acts as the user, it never needs their credentials.
  static const std::string sql = "SELECT " + Qualify(kSessionColumns, "s") + ", " +
                                 Qualify(kUserColumnsNoSecrets, "u") + ", " +
                                 Qualify(kOrganisationColumns, "o") +
                                 " FROM sessions s JOIN users u ON u.id = s.user_id"
                                 " JOIN organisations o ON o.id = u.org_id WHERE s.id_hash = $1";
  static const size_t session_cols = SplitCount(kSessionColumns);
  static const size_t user_cols = SplitCount(kUserColumns);
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id_hash});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no such session");
  const SqlRow& r = rows->front();
  SessionWithUser out;
  out.session = SessionFromRow(r);
  out.user = UserFromRow(r, session_cols);
  out.org = OrganisationFromRow(r, session_cols + user_cols);
  return out;
}

Status Store::UpdateSession(const SessionRecord& s) {
  auto c = pool_->Acquire();
  auto r = c->Exec(
      "UPDATE sessions SET csrf_token = $2, expires_s = $3, second_factor_done = $4"
      " WHERE id_hash = $1",
      {s.id_hash, s.csrf_token, s.expires_s, int64_t{s.second_factor_done ? 1 : 0}});
  return OneRowChanged(r, "no such session");
}

Status Store::DeleteSession(const std::string& id_hash) {
  auto c = pool_->Acquire();
  return c->Exec("DELETE FROM sessions WHERE id_hash = $1", {id_hash}).status();
}

Status Store::DeleteSessionsOf(UserId user) {
  auto c = pool_->Acquire();
  return c->Exec("DELETE FROM sessions WHERE user_id = $1", {user}).status();
}

Result<int64_t> Store::DeleteExpiredSessions(int64_t now_s) {
  auto c = pool_->Acquire();
  return c->Exec("DELETE FROM sessions WHERE expires_s <= $1", {now_s});
}

}  // namespace inbeeld
