// Passwords: the policy a new password must meet, and argon2id hashing
// (libsodium crypto_pwhash_str at the INTERACTIVE limits).
//
// One hash or verification costs about 100 ms of CPU and 64 MiB of memory, so
// a PasswordHasher lets at most `max_concurrent` of them run at once; further
// callers wait. A login storm therefore queues instead of exhausting memory.
#pragma once

#include <atomic>
#include <cstddef>
#include <semaphore>
#include <string>
#include <string_view>

#include "core/status.h"

namespace inbeeld {

inline constexpr size_t kMinPasswordChars = 12;
inline constexpr size_t kMaxPasswordChars = 256;
// Verify() rejects longer inputs without hashing them (4 bytes per character).
inline constexpr size_t kMaxPasswordBytes = 4 * kMaxPasswordChars;

// Ok when `password` may be chosen: valid UTF-8, 12 to 256 characters (code
// points), no control characters. Otherwise kInvalidArgument with a Dutch
// message and field "password". Pure; thread-safe.
Status CheckPasswordPolicy(std::string_view password);

class PasswordHasher {
 public:
  // REQUIRES: max_concurrent >= 1.
  explicit PasswordHasher(int max_concurrent = 2);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // The argon2id string ("$argon2id$v=19$m=65536,t=2,p=1$...") of `password`,
  // with a fresh random salt. kUnavailable when memory cannot be allocated;
  // kInvalidArgument when the password is longer than kMaxPasswordBytes.
  // Does not check the policy (call CheckPasswordPolicy first). Thread-safe;
  // blocks while max_concurrent hashes are running.
  Result<std::string> Hash(std::string_view password) const;

  // True when `password` matches `hash`. False on a mismatch, on a malformed
  // or empty hash, and on a password longer than kMaxPasswordBytes.
  // Thread-safe; blocks while max_concurrent hashes are running.
  bool Verify(std::string_view hash, std::string_view password) const;

  // True when `hash` was made with other limits or another algorithm (or is
  // malformed): after a successful Verify, store Hash(password) instead.
  // Cheap; thread-safe.
  bool NeedsRehash(std::string_view hash) const;

  // The most hashes that ever ran at once (for metrics and tests).
  int peak_concurrency() const { return peak_.load(); }

 private:
  // Holds one slot of the semaphore for its lifetime.
  class Slot;
  mutable std::counting_semaphore<> slots_;
  mutable std::atomic<int> running_{0};
  mutable std::atomic<int> peak_{0};
};

}  // namespace inbeeld
