#include "access/auth_service.h"

#include "access/tokens.h"
#include "access/totp.h"

namespace inbeeld {

namespace {
const char kBadLogin[] = "onjuiste gebruikersnaam of wachtwoord";
const char kLocked[] =
    "dit account is tijdelijk geblokkeerd na te veel mislukte pogingen; probeer het later opnieuw "
    "of neem contact op met de beheerder";
}  // namespace

AuthService::AuthService(Store& store, PasswordHasher& hasher, AuditLog& audit, const Clock& clock,
                         AuthConfig config)
    : store_(store), hasher_(hasher), audit_(audit), clock_(clock), config_(config) {
  auto h = hasher_.Hash("inbeeld-dummy-password-for-timing");
  if (h.ok()) dummy_hash_ = *h;
}

void AuthService::LogEvent(const User* u, const std::string& username, const std::string& action,
                           const std::string& detail) {
  AuditRecord r;
  r.user_id = u ? u->id : 0;
  r.username = username;
  r.org_id = u ? u->org_id : 0;
  r.role = u ? std::string(RoleName(u->role)) : "";
  r.action = action;
  r.object_type = "user";
  r.detail = detail;
  r.responsibility = "authenticatie";
  (void)audit_.Record(std::move(r));
}

Result<AuthService::LoginResult> AuthService::Login(const std::string& username,
                                                    const std::string& password,
                                                    const std::string& remote_addr) {
  if (username.empty() || username.size() > 100 || password.size() > kMaxPasswordBytes) {
    return Status::Unauthenticated(kBadLogin);
  }
  auto user = store_.FindUserByName(username);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    (void)hasher_.Verify(dummy_hash_, password);
    LogEvent(nullptr, username, "login_failed", "onbekende gebruiker vanaf " + remote_addr);
    return Status::Unauthenticated(kBadLogin);
  }
  User u = *user;
  int64_t now = clock_.NowS();
  if (u.disabled) {
    (void)hasher_.Verify(dummy_hash_, password);
    LogEvent(&u, username, "login_failed", "account uitgeschakeld");
    return Status::PermissionDenied("dit account is uitgeschakeld");
  }
  if (config_.lockout.IsLocked(u, now)) {
    LogEvent(&u, username, "login_failed", "account geblokkeerd");
    return Status::PermissionDenied(kLocked);
  }
  if (!hasher_.Verify(u.password_hash, password)) {
    LoginDecision d = config_.lockout.OnFailure(u, now);
    INBEELD_RETURN_IF_ERROR(store_.UpdateUser(u));
    LogEvent(&u, username, "login_failed", "onjuist wachtwoord vanaf " + remote_addr);
    if (d.locked) return Status::PermissionDenied(kLocked);
    return Status::Unauthenticated(kBadLogin);
  }
  bool needs_totp = RoleRequiresTotp(u.role);
  if (!needs_totp) {
    config_.lockout.OnSuccess(u);
    INBEELD_RETURN_IF_ERROR(store_.UpdateUser(u));
  }
  std::string token = RandomToken();
  SessionRecord s;
  s.id_hash = Sha256Hex(token);
  s.user_id = u.id;
  s.csrf_token = RandomToken();
  s.created_s = now;
  s.expires_s = now + (needs_totp ? 300 : config_.idle_timeout_s);
  s.second_factor_done = !needs_totp;
  INBEELD_RETURN_IF_ERROR(store_.InsertSession(s));
  LogEvent(&u, username, needs_totp ? "login_password" : "login", "ingelogd vanaf " + remote_addr);
  return LoginResult{token, needs_totp};
}

Result<std::string> AuthService::VerifySecondFactor(const std::string& token,
                                                    const std::string& code,
                                                    const std::string& remote_addr) {
  auto s = store_.GetSession(Sha256Hex(token));
  int64_t now = clock_.NowS();
  if (!s.ok() || s->expires_s <= now) return Status::Unauthenticated("sessie verlopen");
  auto user = store_.GetUser(s->user_id);
  if (!user.ok()) return Status::Unauthenticated("sessie verlopen");
  User u = *user;
  if (u.disabled) return Status::PermissionDenied("dit account is uitgeschakeld");
  if (config_.lockout.IsLocked(u, now)) return Status::PermissionDenied(kLocked);
  std::optional<int64_t> step;
  if (!u.totp_secret.empty()) step = VerifyTotp(u.totp_secret, code, now, 1, u.totp_last_step);
  if (!step) {
    LoginDecision d = config_.lockout.OnFailure(u, now);
    INBEELD_RETURN_IF_ERROR(store_.UpdateUser(u));
    LogEvent(&u, u.username, "login_failed", "onjuiste code vanaf " + remote_addr);
    if (d.locked) {
      (void)store_.DeleteSession(s->id_hash);
      return Status::PermissionDenied(kLocked);
    }
    return Status::Invalid("de code klopt niet", "code");
  }
  config_.lockout.OnSuccess(u);
  u.totp_last_step = *step;  // the same code is never accepted again (replay)
  INBEELD_RETURN_IF_ERROR(store_.UpdateUser(u));
  INBEELD_RETURN_IF_ERROR(store_.DeleteSession(s->id_hash));
  std::string fresh = RandomToken();
  SessionRecord n;
  n.id_hash = Sha256Hex(fresh);
  n.user_id = u.id;
  n.csrf_token = RandomToken();
  n.created_s = now;
  n.expires_s = now + config_.idle_timeout_s;
  n.second_factor_done = true;
  INBEELD_RETURN_IF_ERROR(store_.InsertSession(n));
  LogEvent(&u, u.username, "login", "ingelogd met tweede factor vanaf " + remote_addr);
  return fresh;
}

Result<Principal> AuthService::Resolve(const std::string& token) {
  if (token.empty() || token.size() > 200) return Status::Unauthenticated("niet ingelogd");
  auto found = store_.GetSessionWithUser(Sha256Hex(token));
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kNotFound)
      return Status::Unauthenticated("niet ingelogd");
    return found.status();
  }
  const SessionRecord* s = &found->session;
  int64_t now = clock_.NowS();
  if (s->expires_s <= now || now - s->created_s > config_.absolute_timeout_s) {
    (void)store_.DeleteSession(s->id_hash);
    return Status::Unauthenticated("je sessie is verlopen; log opnieuw in");
  }
  if (found->user.disabled) return Status::Unauthenticated("niet ingelogd");
  // Slide the idle expiry, at most once a minute (not a write per request).
  if (s->second_factor_done && s->expires_s - now < config_.idle_timeout_s - 60) {
    SessionRecord updated = *s;
    updated.expires_s = now + config_.idle_timeout_s;
    (void)store_.UpdateSession(updated);
  }
  Principal p;
  p.user = std::move(found->user);
  p.org = std::move(found->org);
  p.session_id_hash = s->id_hash;
  p.csrf_token = s->csrf_token;
  p.second_factor_done = s->second_factor_done;
  return p;
}

Status AuthService::Logout(const std::string& token) {
  auto s = store_.GetSession(Sha256Hex(token));
  if (s.ok()) {
    auto u = store_.GetUser(s->user_id);
    if (u.ok()) LogEvent(&*u, u->username, "logout", "uitgelogd");
    return store_.DeleteSession(s->id_hash);
  }
  return Status::Ok();
}

Result<AuthService::Credentials> AuthService::AddUser(const std::string& username,
                                                      const std::string& display_name,
                                                      const std::string& email,
                                                      const std::string& org_ref, Role role,
                                                      const std::string& password) {
  if (username.empty() || username.size() > 64) {
    return Status::Invalid("gebruikersnaam is verplicht (maximaal 64 tekens)", "username");
  }
  for (char c : username) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) {
      return Status::Invalid("gebruikersnaam: alleen letters, cijfers, . _ -", "username");
    }
  }
  auto orgs = store_.ListOrganisations(std::nullopt);
  if (!orgs.ok()) return orgs.status();
  const Organisation* org = nullptr;
  for (const auto& o : *orgs) {
    if (o.ext_ref == org_ref) org = &o;
  }
  if (!org) return Status::NotFound("onbekende organisatie: " + org_ref);
  Credentials c;
  c.username = username;
  c.password = password.empty() ? RandomToken(12) : password;
  INBEELD_RETURN_IF_ERROR(CheckPasswordPolicy(c.password));
  auto hash = hasher_.Hash(c.password);
  if (!hash.ok()) return hash.status();
  User u;
  u.username = username;
  u.display_name = display_name.empty() ? username : display_name;
  u.email = email;
  u.org_id = org->id;
  u.role = role;
  u.password_hash = *hash;
  if (RoleRequiresTotp(role)) {
    c.totp_secret = GenerateTotpSecret();
    c.totp_uri = TotpUri("InBeeld", username, c.totp_secret);
    u.totp_secret = c.totp_secret;
  }
  auto id = store_.InsertUser(u);
  if (!id.ok()) return id.status();
  LogEvent(&u, username, "user_add", std::string("rol ") + std::string(RoleName(role)));
  return c;
}

Result<AuthService::Credentials> AuthService::ResetUser(const std::string& username) {
  auto user = store_.FindUserByName(username);
  if (!user.ok()) return user.status();
  User u = *user;
  Credentials c;
  c.username = username;
  c.password = RandomToken(12);
  auto hash = hasher_.Hash(c.password);
  if (!hash.ok()) return hash.status();
  u.password_hash = *hash;
  if (RoleRequiresTotp(u.role)) {
    c.totp_secret = GenerateTotpSecret();
    c.totp_uri = TotpUri("InBeeld", username, c.totp_secret);
    u.totp_secret = c.totp_secret;
  }
  u.failed_logins = 0;
  u.locked_until = 0;
  u.totp_last_step = 0;
  u.disabled = false;
  INBEELD_RETURN_IF_ERROR(store_.UpdateUser(u));
  INBEELD_RETURN_IF_ERROR(store_.DeleteSessionsOf(u.id));
  LogEvent(&u, username, "user_reset", "wachtwoord en tweede factor opnieuw ingesteld");
  return c;
}

Status AuthService::DisableUser(const std::string& username) {
  auto user = store_.FindUserByName(username);
  if (!user.ok()) return user.status();
  User u = *user;
  u.disabled = true;
  INBEELD_RETURN_IF_ERROR(store_.UpdateUser(u));
  INBEELD_RETURN_IF_ERROR(store_.DeleteSessionsOf(u.id));
  LogEvent(&u, username, "user_disable", "account uitgeschakeld");
  return Status::Ok();
}

}  // namespace inbeeld
