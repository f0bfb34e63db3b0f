#include "voice/rules.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <string_view>

namespace inbeeld {
namespace {

// A fixed sequence of "random" numbers, each taken modulo upper.
UniformRandom Sequence(const std::vector<uint32_t>& values) {
  auto i = std::make_shared<size_t>(0);
  return [values, i](uint32_t upper) { return values[(*i)++ % values.size()] % upper; };
}

UniformRandom Seeded(uint32_t seed) {
  auto gen = std::make_shared<std::mt19937>(seed);
  return
      [gen](uint32_t upper) { return std::uniform_int_distribution<uint32_t>(0, upper - 1)(*gen); };
}

TEST(VoiceCode, FormatAndAlphabet) {
  std::string code = GenerateVoiceCode(Sequence({0, 1, 2, 3, 4, 5, 6, 7, 8, 28}));
  EXPECT_EQ(code, "23456-789AZ");
  for (int i = 0; i < 200; ++i) {
    std::string c = GenerateVoiceCode(Seeded(i));
    ASSERT_EQ(c.size(), 11u) << c;
    EXPECT_EQ(c[5], '-');
    for (size_t k = 0; k < c.size(); ++k) {
      if (k == 5) continue;
      EXPECT_NE(kVoiceCodeAlphabet.find(c[k]), std::string_view::npos) << c;
    }
  }
}

TEST(VoiceCode, AlphabetHasNoLookAlikes) {
  for (char bad : {'0', 'O', '1', 'I', 'L', 'U', 'V'}) {
    EXPECT_EQ(kVoiceCodeAlphabet.find(bad), std::string_view::npos) << bad;
  }
  EXPECT_EQ(kVoiceCodeAlphabet.size(), 29u);
}

TEST(VoiceCode, CodesDoNotRepeatInPractice) {
  std::set<std::string> seen;
  auto uniform = Seeded(42);
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(GenerateVoiceCode(uniform)).second);
}

TEST(VoicePassphrase, WordList) {
  const auto& words = VoicePassphraseWords();
  ASSERT_EQ(words.size(), 256u);
  std::set<std::string_view> unique(words.begin(), words.end());
  EXPECT_EQ(unique.size(), words.size());
  for (auto w : words) {
    EXPECT_GE(w.size(), 2u) << w;
    EXPECT_LE(w.size(), 8u) << w;
    for (char c : w) EXPECT_TRUE(c >= 'a' && c <= 'z') << w;
  }
}

TEST(VoicePassphrase, ThreeWordsAndTwoDigits) {
  const auto& words = VoicePassphraseWords();
  std::string p = GenerateVoicePassphrase(Sequence({0, 1, 255, 0}));
  EXPECT_EQ(p, std::string(words[0]) + "-" + std::string(words[1]) + "-" + std::string(words[255]) +
                   "-10");
  p = GenerateVoicePassphrase(Sequence({3, 3, 3, 89}));
  EXPECT_EQ(p.substr(p.size() - 3), "-99");
  for (int i = 0; i < 100; ++i) {
    std::string q = GenerateVoicePassphrase(Seeded(i));
    EXPECT_FALSE(NormaliseVoiceCode(q).empty()) << q;  // every passphrase is a valid code
  }
}

TEST(VoiceCode, Normalise) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"ABCDE-FGHJK", "abcdefghjk"},
      {"abcde fghjk", "abcdefghjk"},
      {"  Abcde-Fghjk\n", "abcdefghjk"},
      {"Appel Fiets Zon 42", "appelfietszon42"},
      {"appel-fiets-zon-42", "appelfietszon42"},
      {"kort", ""},           // too short
      {"a-b-c-d-e-f-g", ""},  // 7 characters left
      {"", ""},
      {"é-ABCDEFGH", "abcdefgh"},  // non-ASCII dropped
      {"'; DROP TABLE x; --abcdefgh", "droptablexabcdefgh"},
  };
  for (const auto& c : cases) EXPECT_EQ(NormaliseVoiceCode(c.in), c.want) << c.in;
  EXPECT_EQ(NormaliseVoiceCode(std::string(65, 'a')), "");
  EXPECT_EQ(NormaliseVoiceCode(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(VoiceCodePrefix("abcdefghjk"), "abc");
}

TEST(VoiceRateLimit, Table) {
  const RateLimit limit{3, 1000};
  struct Case {
    std::optional<RateWindow> w;
    int64_t now;
    bool limited;
  } cases[] = {
      {std::nullopt, 0, false},         {RateWindow{0, 2}, 500, false},
      {RateWindow{0, 3}, 500, true},    {RateWindow{0, 3}, 999, true},
      {RateWindow{0, 3}, 1000, false},  // the window is over
      {RateWindow{0, 50}, 5000, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IsRateLimited(c.w, limit, c.now), c.limited)
        << (c.w ? c.w->failures : -1) << " at " << c.now;
  }
}

TEST(VoiceRateLimit, FailuresCountWithinAWindowAndRestartAfter) {
  const RateLimit limit{3, 1000};
  std::optional<RateWindow> w;
  for (int i = 0; i < 3; ++i) w = AfterFailure(w, limit, 100 + i);
  EXPECT_EQ(w->window_start_ms, 100);
  EXPECT_EQ(w->failures, 3);
  EXPECT_TRUE(IsRateLimited(w, limit, 200));
  w = AfterFailure(w, limit, 1100);  // a new window
  EXPECT_EQ(w->window_start_ms, 1100);
  EXPECT_EQ(w->failures, 1);
  EXPECT_FALSE(IsRateLimited(w, limit, 1101));
}

TEST(VoiceRateLimit, ProductionLimits) {
  std::optional<RateWindow> w;
  for (int i = 0; i < kVoiceAddressLimit.max_failures - 1; ++i)
    w = AfterFailure(w, kVoiceAddressLimit, 0);
  EXPECT_FALSE(IsRateLimited(w, kVoiceAddressLimit, 0));
  w = AfterFailure(w, kVoiceAddressLimit, 0);
  EXPECT_TRUE(IsRateLimited(w, kVoiceAddressLimit, 14 * 60 * 1000));
  EXPECT_FALSE(IsRateLimited(w, kVoiceAddressLimit, 15 * 60 * 1000));
  EXPECT_GT(kVoicePrefixLimit.max_failures, kVoiceAddressLimit.max_failures);
}

TEST(VoiceText, Check) {
  struct Case {
    std::string text;
    size_t max;
    VoiceTextProblem want;
  } cases[] = {
      {"Hoi, ik wil praten", 2000, VoiceTextProblem::kOk},
      {"", 2000, VoiceTextProblem::kEmpty},
      {"   \n\t ", 2000, VoiceTextProblem::kEmpty},
      {std::string(2000, 'a'), 2000, VoiceTextProblem::kOk},
      {std::string(2001, 'a'), 2000, VoiceTextProblem::kTooLong},
      {"\xC3\xA9\xC3\xA9\xC3\xA9", 3, VoiceTextProblem::kOk},  // 3 code points, 6 bytes
      {"\xF0\x9F\x98\x80", 1, VoiceTextProblem::kOk},          // one emoji
      {"regel 1\nregel 2", 2000, VoiceTextProblem::kOk},
      {std::string("nul\0byte", 8), 2000, VoiceTextProblem::kInvalid},
      {"\x1b[31m", 2000, VoiceTextProblem::kInvalid},
      {"\xC3", 2000, VoiceTextProblem::kInvalid},          // cut off
      {"\xC0\xAF", 2000, VoiceTextProblem::kInvalid},      // overlong
      {"\xED\xA0\x80", 2000, VoiceTextProblem::kInvalid},  // surrogate
  };
  for (const auto& c : cases) EXPECT_EQ(CheckVoiceText(c.text, c.max), c.want) << c.text;
}

TEST(VoiceTalk, Codes) {
  for (auto w : VoiceTalkWhens()) EXPECT_TRUE(IsVoiceTalkWhen(w));
  for (auto w : VoiceTalkWheres()) EXPECT_TRUE(IsVoiceTalkWhere(w));
  EXPECT_FALSE(IsVoiceTalkWhen("adult_room"));
  EXPECT_FALSE(IsVoiceTalkWhere("today_break"));
  EXPECT_FALSE(IsVoiceTalkWhen(""));
  EXPECT_EQ(ParseVoiceCodeKind("code"), VoiceCodeKind::kCode);
  EXPECT_EQ(ParseVoiceCodeKind("passphrase"), VoiceCodeKind::kPassphrase);
  EXPECT_EQ(ParseVoiceCodeKind("pin"), std::nullopt);
}

TEST(JimInvitation, StateByTable) {
  const int64_t t0 = 1'700'000'000'000;
  const int64_t exp = t0 + kJimInvitationTtlMs;
  struct Case {
    std::optional<int64_t> accepted, withdrawn;
    int64_t now;
    JimInvitationState want;
  };
  const std::vector<Case> cases = {
      {std::nullopt, std::nullopt, t0, JimInvitationState::kOpen},
      {std::nullopt, std::nullopt, exp - 1, JimInvitationState::kOpen},
      {std::nullopt, std::nullopt, exp, JimInvitationState::kExpired},  // expiry is exclusive
      {std::nullopt, std::nullopt, exp + 86'400'000, JimInvitationState::kExpired},
      {t0 + 5, std::nullopt, exp + 1, JimInvitationState::kAccepted},  // accepted in time stays so
      {std::nullopt, t0 + 5, t0 + 6, JimInvitationState::kWithdrawn},
      {t0 + 5, t0 + 9, t0 + 10, JimInvitationState::kWithdrawn},  // the mentor withdrawn later
  };
  for (const auto& c : cases) {
    EXPECT_EQ(JimInvitationStateAt(exp, c.accepted, c.withdrawn, c.now), c.want)
        << JimInvitationStateName(c.want) << " at " << c.now - t0;
  }
  EXPECT_EQ(kJimInvitationTtlMs, 14 * 86'400'000LL);
  EXPECT_EQ(JimInvitationStateName(JimInvitationState::kExpired), "expired");
}

TEST(JimInvitation, EmailByTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"karim@example.nl", "karim@example.nl"},
      {"  Karim.El-Amrani@Voorbeeld.NL ", "karim.el-amrani@voorbeeld.nl"},
      {"a+b@sub.example.org", "a+b@sub.example.org"},
      {"", ""},
      {"karim", ""},
      {"@example.nl", ""},
      {"karim@", ""},
      {"karim@example", ""},
      {"karim@@example.nl", ""},
      {"ka rim@example.nl", ""},
      {"karim@example..nl", ""},
      {"karim@.example.nl", ""},
      {"karim@example.nl.", ""},
      {"karim@example.nl\r\nBcc: x@y.nl", ""},  // header injection
      {"<karim@example.nl>", ""},
      {std::string(250, 'a') + "@x.nl", ""},  // longer than 254
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(NormaliseJimEmail(in), want) << in;
}

// The number of ways `letters` splits into `words` list words.
int Splits(std::string_view letters, int words) {
  if (words == 0) return letters.empty() ? 1 : 0;
  int n = 0;
  for (std::string_view w : VoicePassphraseWords()) {
    if (letters.substr(0, w.size()) == w) n += Splits(letters.substr(w.size()), words - 1);
  }
  return n;
}

// Regression (fuzz voice_code, regressions/voice_code/zee_friet_is_zeef_riet):
// a passphrase is hashed in its normal form, letters and digits only, so two
// passphrases whose words run together the same way were one code:
// "zee-friet-…" and "zeef-riet-…", "pan-dak-oester-…" and "panda-koe-ster-…".
// Every three words of the list now join in one way only.
TEST(VoicePassphrase, EveryNormalFormSplitsIntoItsWordsOneWayOnly) {
  const auto& words = VoicePassphraseWords();
  for (std::string_view a : words) {
    for (std::string_view b : words) {
      ASSERT_EQ(Splits(std::string(a) + std::string(b), 2), 1) << a << "-" << b;
    }
  }
  // With the same first word, three words split as the last two do (above);
  // with another first word, one of the two first words extends the other.
  for (std::string_view a : words) {
    for (std::string_view d : words) {
      if (a == d || d.substr(0, a.size()) != a) continue;
      for (std::string_view b : words) {
        for (std::string_view c : words) {
          const std::string s = std::string(a) + std::string(b) + std::string(c);
          if (s.compare(0, d.size(), d) != 0) continue;
          ASSERT_EQ(Splits(std::string_view(s).substr(d.size()), 2), 0)
              << a << "-" << b << "-" << c << " is also " << d << "-…";
        }
      }
    }
  }
}

}  // namespace
}  // namespace inbeeld
