#include "access/lockout.h"

#include <algorithm>

namespace inbeeld {

bool LockoutPolicy::IsLocked(const User& u, int64_t now_s) const {
  return u.locked_until > now_s;
}

LoginDecision LockoutPolicy::OnFailure(User& u, int64_t now_s) const {
  if (IsLocked(u, now_s)) return {true, u.locked_until, 0};
  const int max = std::max(max_failures, 1);
  u.failed_logins = std::max(u.failed_logins, 0) + 1;
  if (u.failed_logins >= max) {
    u.failed_logins = 0;
    u.locked_until = now_s + lock_seconds;
    return {true, u.locked_until, 0};
  }
  return {false, 0, max - u.failed_logins};
}

void LockoutPolicy::OnSuccess(User& u) const {
  u.failed_logins = 0;
  u.locked_until = 0;
}

}  // namespace inbeeld
