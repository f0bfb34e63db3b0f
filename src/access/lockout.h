// Account lockout after repeated failed logins: a pure rule over the
// User::failed_logins and User::locked_until fields. The caller loads the
// user, applies the rule and writes the user back (Store::UpdateUser).
//
// The rule: each failed login counts; the max_failures-th failure in a row
// locks the account for lock_seconds and resets the count, so after the lock
// the user has max_failures fresh attempts. A failure while locked neither
// counts nor extends the lock (a locked account's password is not checked at
// all: see IsLocked). A successful login clears the count.
// Disabled accounts (User::disabled) are a separate matter, not handled here.
//
// Pure; thread-safe on distinct users.
#pragma once

#include <cstdint>

#include "core/model.h"

namespace inbeeld {

struct LoginDecision {
  bool locked = false;       // the account is locked as of now
  int64_t locked_until = 0;  // unix seconds; meaningful when locked
  int attempts_left = 0;     // failures still allowed before the lock; 0 when locked
};

struct LockoutPolicy {
  int max_failures = 5;  // REQUIRES: >= 1
  int64_t lock_seconds = 900;

  // True when `u` may not log in at now_s: locked_until is in the future.
  // Check this before verifying the password.
  bool IsLocked(const User& u, int64_t now_s) const;

  // Records one failed login at now_s in `u` and says whether it is now locked.
  LoginDecision OnFailure(User& u, int64_t now_s) const;

  // Records a successful login: clears failed_logins and locked_until.
  // REQUIRES: !IsLocked(u, now) — the caller checked before verifying.
  void OnSuccess(User& u) const;
};

}  // namespace inbeeld
