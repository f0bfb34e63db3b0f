// AuthService: password login (argon2id), the TOTP second factor, sessions
// stored in the Store (so they work across instances), lock-out after
// repeated failures, and user administration. Logs every login attempt in the
// access log. Thread-safe.
#pragma once

#include <string>

#include "access/audit_log.h"
#include "access/lockout.h"
#include "access/password.h"
#include "access/principal.h"
#include "platform/clock.h"
#include "store/store.h"

namespace inbeeld {

struct AuthConfig {
  int64_t idle_timeout_s = 30 * 60;
  int64_t absolute_timeout_s = 12 * 3600;
  LockoutPolicy lockout;
};

class AuthService {
 public:
  AuthService(Store& store, PasswordHasher& hasher, AuditLog& audit, const Clock& clock,
              AuthConfig config = {});

  struct LoginResult {
    std::string session_token;  // the cookie / bearer value; only its hash is stored
    bool needs_second_factor = false;
  };
  // Errors: kUnauthenticated ("onjuiste gebruikersnaam of wachtwoord", the same
  // for unknown users and wrong passwords), kPermissionDenied when the account
  // is locked ("geblokkeerd") or disabled.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& remote_addr);
  // Checks the TOTP code for a half-logged-in session and returns a NEW session
  // token (the old one is deleted: no session fixation). Wrong codes count
  // towards the lock-out.
  Result<std::string> VerifySecondFactor(const std::string& token, const std::string& code,
                                         const std::string& remote_addr);
  // kUnauthenticated when the token is unknown, expired, or the user disabled.
  // Slides the idle expiry. A principal may still lack the second factor.
  Result<Principal> Resolve(const std::string& token);
  Status Logout(const std::string& token);

  // --- administration (CLI `inbeeld user`) --------------------------------
  struct Credentials {
    std::string username;
    std::string password;     // generated, shown once
    std::string totp_secret;  // base32, shown once ("" when the role needs none)
    std::string totp_uri;
  };
  // Creates a user in the organisation with ext_ref `org_ref`. kAlreadyExists
  // for a taken username, kNotFound for an unknown organisation.
  Result<Credentials> AddUser(const std::string& username, const std::string& display_name,
                              const std::string& email, const std::string& org_ref, Role role,
                              const std::string& password = "");
  // New password and TOTP secret; unlocks; ends every session of the user.
  Result<Credentials> ResetUser(const std::string& username);
  Status DisableUser(const std::string& username);

 private:
  void LogEvent(const User* u, const std::string& username, const std::string& action,
                const std::string& detail);
  Store& store_;
  PasswordHasher& hasher_;
  AuditLog& audit_;
  const Clock& clock_;
  AuthConfig config_;
  std::string dummy_hash_;  // verified for unknown users so timing does not tell
};

}  // namespace inbeeld
