#include "access/lockout.h"

#include <gtest/gtest.h>

#include <vector>

namespace inbeeld {
namespace {

constexpr int64_t kNow = 1'700'000'000;

// One login attempt in a scripted sequence, and what the rule must say.
struct Step {
  int64_t at;        // seconds after kNow
  bool success;      // a correct password (only tried when not locked)
  bool want_locked;  // IsLocked before, or the decision after a failure
  int want_failed;   // User::failed_logins afterwards
  int want_left;     // attempts_left of a failure (ignored on success)
};

struct Script {
  const char* name;
  LockoutPolicy policy;
  std::vector<Step> steps;
};

void RunScript(const Script& script) {
  User u;
  for (size_t i = 0; i < script.steps.size(); ++i) {
    const Step& s = script.steps[i];
    SCOPED_TRACE(std::string(script.name) + ", step " + std::to_string(i));
    const int64_t now = kNow + s.at;
    if (s.success && !script.policy.IsLocked(u, now)) {
      script.policy.OnSuccess(u);
      EXPECT_FALSE(s.want_locked);
    } else if (s.success) {
      EXPECT_TRUE(s.want_locked);  // a correct password does not help while locked
    } else {
      const LoginDecision d = script.policy.OnFailure(u, now);
      EXPECT_EQ(d.locked, s.want_locked);
      EXPECT_EQ(d.attempts_left, s.want_left);
      if (d.locked) {
        EXPECT_EQ(d.locked_until, u.locked_until);
      }
    }
    EXPECT_EQ(script.policy.IsLocked(u, now), s.want_locked);
    EXPECT_EQ(u.failed_logins, s.want_failed);
  }
}

TEST(LockoutTest, Scripts) {
  const LockoutPolicy def;  // 5 failures, 900 s
  const std::vector<Script> scripts = {
      {"five failures lock",
       def,
       {{0, false, false, 1, 4},
        {1, false, false, 2, 3},
        {2, false, false, 3, 2},
        {3, false, false, 4, 1},
        {4, false, true, 0, 0}}},
      {"success resets the count",
       def,
       {{0, false, false, 1, 4},
        {1, false, false, 2, 3},
        {2, false, false, 3, 2},
        {3, false, false, 4, 1},
        {4, true, false, 0, 0},
        {5, false, false, 1, 4}}},
      {"locked: correct password refused, failures neither count nor extend",
       def,
       {{0, false, false, 1, 4},
        {0, false, false, 2, 3},
        {0, false, false, 3, 2},
        {0, false, false, 4, 1},
        {0, false, true, 0, 0},
        {100, true, true, 0, 0},
        {899, false, true, 0, 0},
        {900, true, false, 0, 0}}},
      {"after the lock expires: fresh attempts",
       def,
       {{0, false, false, 1, 4},
        {0, false, false, 2, 3},
        {0, false, false, 3, 2},
        {0, false, false, 4, 1},
        {0, false, true, 0, 0},
        {900, false, false, 1, 4},
        {901, false, false, 2, 3}}},
      {"a stricter policy",
       LockoutPolicy{2, 60},
       {{0, false, false, 1, 1},
        {1, false, true, 0, 0},
        {60, false, true, 0, 0},
        {61, false, false, 1, 1},
        {62, true, false, 0, 0}}},
      {"max_failures 1 locks at once",
       LockoutPolicy{1, 30},
       {{0, false, true, 0, 0}, {29, false, true, 0, 0}, {30, true, false, 0, 0}}},
  };
  for (const Script& s : scripts) RunScript(s);
}

TEST(LockoutTest, LockLastsExactlyLockSeconds) {
  const LockoutPolicy p{3, 900};
  User u;
  for (int i = 0; i < 3; ++i) p.OnFailure(u, kNow);
  EXPECT_EQ(u.locked_until, kNow + 900);
  EXPECT_TRUE(p.IsLocked(u, kNow));
  EXPECT_TRUE(p.IsLocked(u, kNow + 899));
  EXPECT_FALSE(p.IsLocked(u, kNow + 900));
}

TEST(LockoutTest, OnSuccessClearsEverything) {
  User u;
  u.failed_logins = 3;
  u.locked_until = kNow - 10;  // an expired lock
  LockoutPolicy{}.OnSuccess(u);
  EXPECT_EQ(u.failed_logins, 0);
  EXPECT_EQ(u.locked_until, 0);
}

TEST(LockoutTest, CorruptCountsAreTreatedSafely) {
  User u;
  u.failed_logins = -7;  // nonsense from storage counts as 0
  const LoginDecision d = LockoutPolicy{}.OnFailure(u, kNow);
  EXPECT_EQ(u.failed_logins, 1);
  EXPECT_EQ(d.attempts_left, 4);
  u.failed_logins = 40;  // above the limit: the next failure locks
  EXPECT_TRUE(LockoutPolicy{}.OnFailure(u, kNow).locked);
}

}  // namespace
}  // namespace inbeeld
