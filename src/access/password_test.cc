#include "access/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <thread>
#include <vector>

namespace inbeeld {
namespace {

TEST(PasswordPolicyTest, Table) {
  struct Case {
    std::string pw;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"", false},
      {"kort", false},
      {"elf tekens!", false},  // 11
      {"twaalftekens", true},  // 12
      {"correct horse battery staple", true},
      {std::string(256, 'a'), true},
      {std::string(257, 'a'), false},
      // Characters are code points, not bytes: 12 × "é" (24 bytes) is enough,
      // 11 × "€" (33 bytes) is not.
      {"éééééééééééé", true},
      {"€€€€€€€€€€€", false},
      {"wachtwoord\tmet tab", false},
      {"wachtwoord\nmet enter", false},
      {std::string("nul\0byte in het midden", 22), false},
      {"ongeldig \xff utf-8 hier", false},
      {"overlong \xc0\xaf slash!!", false},
      {"surrogaat \xed\xa0\x80 teken", false},
      {"afgekapt aan het eind \xe2\x82", false},
  };
  for (const Case& c : cases) {
    const Status s = CheckPasswordPolicy(c.pw);
    EXPECT_EQ(s.ok(), c.ok) << "'" << c.pw << "': " << s.message();
    if (!s.ok()) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(s.field(), "password");
    }
  }
}

TEST(PasswordPolicyTest, DutchMessages) {
  EXPECT_EQ(CheckPasswordPolicy("kort").message(),
            "Het wachtwoord moet minstens 12 tekens lang zijn.");
  EXPECT_EQ(CheckPasswordPolicy(std::string(300, 'x')).message(),
            "Het wachtwoord mag hoogstens 256 tekens lang zijn.");
  // 256 characters of 2 bytes each are still allowed.
  std::string wide;
  for (int i = 0; i < 256; ++i) wide += "é";
  EXPECT_TRUE(CheckPasswordPolicy(wide).ok());
}

TEST(PasswordHasherTest, HashAndVerify) {
  PasswordHasher hasher;
  auto h = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(hasher.Verify(*h, "correct horse battery staple"));
  EXPECT_FALSE(hasher.Verify(*h, "correct horse battery stapl"));
  EXPECT_FALSE(hasher.Verify(*h, "Correct horse battery staple"));
  EXPECT_FALSE(hasher.Verify(*h, ""));
  EXPECT_FALSE(hasher.NeedsRehash(*h));
}

TEST(PasswordHasherTest, SaltedSoEqualPasswordsHashDifferently) {
  PasswordHasher hasher;
  auto a = hasher.Hash("hetzelfde wachtwoord");
  auto b = hasher.Hash("hetzelfde wachtwoord");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher.Verify(*b, "hetzelfde wachtwoord"));
}

TEST(PasswordHasherTest, MalformedHashesNeverVerify) {
  PasswordHasher hasher;
  EXPECT_FALSE(hasher.Verify("", "iets"));
  EXPECT_FALSE(hasher.Verify("$argon2id$", "iets"));
  EXPECT_FALSE(hasher.Verify("plain text password", "plain text password"));
  EXPECT_FALSE(hasher.Verify(std::string(1000, '$'), "iets"));
  EXPECT_TRUE(hasher.NeedsRehash(""));
  EXPECT_TRUE(hasher.NeedsRehash("not a hash"));
}

TEST(PasswordHasherTest, WeakerParametersVerifyButNeedRehash) {
  // A hash made at libsodium's minimum limits (as an older release might have).
  char weak[crypto_pwhash_STRBYTES];
  const std::string pw = "een wachtwoord van lengte";
  ASSERT_EQ(crypto_pwhash_str_alg(weak, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
            0);
  PasswordHasher hasher;
  EXPECT_TRUE(hasher.Verify(weak, pw));
  EXPECT_TRUE(hasher.NeedsRehash(weak));
  // argon2i (not argon2id): verifies, needs rehash.
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(
                argon2i, pw.data(), pw.size(), crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
                crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(hasher.Verify(argon2i, pw));
  EXPECT_TRUE(hasher.NeedsRehash(argon2i));
}

TEST(PasswordHasherTest, ChangedParametersDoNotVerify) {
  PasswordHasher hasher;
  auto h = hasher.Hash("een wachtwoord van lengte");
  ASSERT_TRUE(h.ok());
  std::string other = *h;
  const auto pos = other.find("m=65536");
  ASSERT_NE(pos, std::string::npos) << other;
  other.replace(pos, 7, "m=32768");
  EXPECT_FALSE(hasher.Verify(other, "een wachtwoord van lengte"));
  EXPECT_TRUE(hasher.NeedsRehash(other));
}

TEST(PasswordHasherTest, OverlongPasswordsAreRefusedWithoutHashing) {
  PasswordHasher hasher;
  const std::string huge(kMaxPasswordBytes + 1, 'a');
  auto h = hasher.Hash(huge);
  EXPECT_FALSE(h.ok());
  EXPECT_EQ(h.status().field(), "password");
  EXPECT_FALSE(hasher.Verify("$argon2id$v=19$m=65536,t=2,p=1$AAAA$AAAA", huge));
}

TEST(PasswordHasherTest, ConcurrencyIsBounded) {
  PasswordHasher hasher(2);
  auto h = hasher.Hash("gedeeld wachtwoord!");
  ASSERT_TRUE(h.ok());
  std::vector<std::thread> threads;
  std::atomic<int> verified{0};
  threads.reserve(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (hasher.Verify(*h, "gedeeld wachtwoord!")) ++verified;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(verified.load(), 6);
  EXPECT_LE(hasher.peak_concurrency(), 2);
  EXPECT_GE(hasher.peak_concurrency(), 1);
}

TEST(PasswordHasherTest, OneAtATime) {
  PasswordHasher hasher(1);
  std::vector<std::thread> threads;
  threads.reserve(3);
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] { EXPECT_TRUE(hasher.Hash("nog een wachtwoord").ok()); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(hasher.peak_concurrency(), 1);
}

}  // namespace
}  // namespace inbeeld
