// Pure rules of the child's voice (Flow 5): the codes and passphrases a child
// opens their place with, their normal form and prefix, rate limiting of wrong
// codes, and what a child may send. No I/O; tested by table (rules_test.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inbeeld {

enum class VoiceCodeKind { kCode, kPassphrase };
// "code" | "passphrase".
std::string_view VoiceCodeKindName(VoiceCodeKind k);
std::optional<VoiceCodeKind> ParseVoiceCodeKind(std::string_view name);

// A source of uniform random numbers in [0, upper). REQUIRES: upper > 0.
// Production passes libsodium's randombytes_uniform; tests a fixed sequence.
using UniformRandom = std::function<uint32_t(uint32_t upper)>;

// The alphabet of personal codes: digits and capitals without 0/O, 1/I/L and
// U/V look-alikes (29 symbols, unambiguous when read aloud or written down).
inline constexpr std::string_view kVoiceCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";
// A personal code: 10 symbols (≈ 48.6 bits) shown as "ABCDE-FGHJK".
std::string GenerateVoiceCode(const UniformRandom& uniform);

// The word list of passphrases: 256 short, common Dutch words a child can
// spell (lowercase a-z only, unique).
const std::vector<std::string_view>& VoicePassphraseWords();
// A passphrase: three words and a number of two digits, "appel-fiets-zon-42"
// (24 + 6.6 ≈ 30.6 bits; wrong guesses are rate-limited).
std::string GenerateVoicePassphrase(const UniformRandom& uniform);

// The form a code is hashed in: lowercase letters and digits only, so that
// "abcde fghjk", "ABCDE-FGHJK" and "Appel Fiets Zon 42" all work. "" when what
// remains is shorter than 8 or longer than 64 characters (not a code).
std::string NormaliseVoiceCode(std::string_view input);
// The first three characters of a normalised code: the rate-limit bucket for
// guesses spread over many addresses. REQUIRES: a non-empty normalised code.
std::string VoiceCodePrefix(std::string_view normalised);

// Rate limiting of wrong codes in fixed windows.
struct RateLimit {
  int max_failures = 0;  // refused once this many failures are in the window
  int64_t window_ms = 0;
};
struct RateWindow {
  int64_t window_start_ms = 0;
  int failures = 0;
};
// Per client address: 10 wrong codes per 15 minutes.
inline constexpr RateLimit kVoiceAddressLimit{10, 15 * 60 * 1000};
// Per code prefix (across addresses): 30 wrong codes per 15 minutes.
inline constexpr RateLimit kVoicePrefixLimit{30, 15 * 60 * 1000};
// True when a new attempt must be refused now.
bool IsRateLimited(const std::optional<RateWindow>& w, RateLimit limit, int64_t now_ms);
// The window after one more failure at `now_ms` (a new window when the old one ended).
RateWindow AfterFailure(const std::optional<RateWindow>& w, RateLimit limit, int64_t now_ms);

// What a child (or adult) sends.
inline constexpr size_t kVoiceMaxMessageChars = 2000;  // code points
inline constexpr size_t kVoiceMaxNicknameChars = 30;
enum class VoiceTextProblem { kOk, kEmpty, kTooLong, kInvalid };
// Whitespace-only is empty; control characters other than newline and tab
// and invalid UTF-8 are invalid.
VoiceTextProblem CheckVoiceText(std::string_view text, size_t max_chars);

// Talk requests: when and where, as codes the pages translate.
const std::vector<std::string_view>& VoiceTalkWhens();   // "today_break", "tomorrow_break", ...
const std::vector<std::string_view>& VoiceTalkWheres();  // "adult_room", "outside", ...
bool IsVoiceTalkWhen(std::string_view code);
bool IsVoiceTalkWhere(std::string_view code);
// Moods: 1 (very bad) .. 5 (very good).
inline constexpr int kVoiceMinMood = 1;
inline constexpr int kVoiceMaxMood = 5;

// JIM mentor invitations: a one-time link, valid 14 days from the invitation.
inline constexpr int64_t kJimInvitationTtlMs = int64_t{14} * 24 * 3600 * 1000;
enum class JimInvitationState { kOpen, kAccepted, kWithdrawn, kExpired };
// "open" | "accepted" | "withdrawn" | "expired".
std::string_view JimInvitationStateName(JimInvitationState s);
// The state at `now_ms`: a withdrawal wins over acceptance (a mentor withdrawn
// after accepting has left), acceptance over expiry; open until `expires_ms`
// (exclusive).
JimInvitationState JimInvitationStateAt(int64_t expires_ms, std::optional<int64_t> accepted_ms,
                                        std::optional<int64_t> withdrawn_ms, int64_t now_ms);
// The e-mail address in the form stored and used as the mentor's username:
// trimmed, ASCII letters lowercased. "" when it is not a plausible address
// (one @, a local part, a domain with a dot and no empty label, no spaces or
// control characters, at most 254 characters).
std::string NormaliseJimEmail(std::string_view input);

}  // namespace inbeeld
