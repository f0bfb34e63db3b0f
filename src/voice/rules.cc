#include "voice/rules.h"

#include <algorithm>
#include <set>

#include "core/text.h"

namespace inbeeld {

std::string_view VoiceCodeKindName(VoiceCodeKind k) {
  return k == VoiceCodeKind::kCode ? "code" : "passphrase";
}

std::optional<VoiceCodeKind> ParseVoiceCodeKind(std::string_view name) {
  if (name == "code") return VoiceCodeKind::kCode;
  if (name == "passphrase") return VoiceCodeKind::kPassphrase;
  return std::nullopt;
}

std::string GenerateVoiceCode(const UniformRandom& uniform) {
  std::string out;
  for (int i = 0; i < 10; ++i) {
    if (i == 5) out += '-';
    out += kVoiceCodeAlphabet[uniform(static_cast<uint32_t>(kVoiceCodeAlphabet.size()))];
  }
  return out;
}

const std::vector<std::string_view>& VoicePassphraseWords() {
  static const std::vector<std::string_view> kWords = {
      "appel",   "auto",   "baby",    "bal",     "banaan",  "bank",    "beer",     "berg",
      "bes",     "bij",    "bloem",   "boek",    "boom",    "boot",    "bos",      "brood",
      "brug",    "bus",    "cake",    "circus",  "cola",    "dak",     "das",      "deur",
      "dier",    "dino",   "dolfijn", "doos",    "draak",   "duif",    "duim",     "eend",
      "egel",    "eik",    "eiland",  "emmer",   "ezel",    "fee",     "fiets",    "film",
      "fluit",   "foto",   "friet",   "gans",    "geit",    "gitaar",  "glas",     "gras",
      "haai",    "haan",   "hagel",   "hak",     "hamer",   "hand",    "haring",   "hart",
      "haven",   "heks",   "hek",     "hemel",   "hert",    "hoed",    "hond",     "honing",
      "hoorn",   "hut",    "ijs",     "inkt",    "jas",     "jurk",    "kaas",     "kabel",
      "kam",     "kamer",  "kameel",  "kanon",   "kast",    "kat",     "keuken",   "kers",
      "kip",     "kist",   "klok",    "knoop",   "koe",     "koek",    "koffer",   "konijn",
      "kool",    "koning", "kous",    "kraan",   "krab",    "kroon",   "kuiken",   "laars",
      "lamp",    "lepel",  "leeuw",   "lelie",   "letter",  "lied",    "lift",     "lijm",
      "lint",    "lucht",  "maan",    "mand",    "markt",   "mat",     "meeuw",    "melk",
      "mes",     "mier",   "molen",   "mol",     "mossel",  "muis",    "munt",     "muur",
      "mus",     "neus",   "noot",    "vijver",  "olifant", "oma",     "ooievaar", "oor",
      "opa",     "otter",  "oven",    "paard",   "pad",     "pan",     "panda",    "papier",
      "park",    "pauw",   "peer",    "pen",     "pet",     "piano",   "pijl",     "pizza",
      "plant",   "plas",   "plein",   "pop",     "pot",     "potlood", "raam",     "raket",
      "regen",   "reus",   "riet",    "ring",    "rits",    "rob",     "roos",     "rots",
      "rups",    "sap",    "schaap",  "schelp",  "schip",   "school",  "schoen",   "sjaal",
      "slak",    "slee",   "sleutel", "sloot",   "snoep",   "sok",     "soep",     "spin",
      "spons",   "ster",   "stoel",   "storm",   "strand",  "straat",  "stroop",   "suiker",
      "taart",   "tafel",  "tak",     "tand",    "tas",     "taxi",    "tegel",    "tent",
      "tijger",  "tomaat", "toren",   "tractor", "trein",   "trap",    "trommel",  "tuin",
      "uil",     "ui",     "vaas",    "veer",    "venster", "vis",     "vlag",     "vlieg",
      "vlinder", "vlot",   "vogel",   "vork",    "vos",     "vuur",    "wafel",    "wagen",
      "wals",    "walvis", "wand",    "wang",    "water",   "web",     "weg",      "wiel",
      "wind",    "wolk",   "wolf",    "worm",    "worst",   "zaag",    "zadel",    "zak",
      "zand",    "zebra",  "zee",     "wortel",  "zeep",    "zeil",    "zon",      "zool",
      "zwaan",   "zwam",   "aap",     "arend",   "anker",   "boor",    "berk",     "dijk",
      "dorp",    "duin",   "gum",     "haas",    "hooi",    "jojo",    "kano",     "kiwi",
  };
  return kWords;
}

std::string GenerateVoicePassphrase(const UniformRandom& uniform) {
  const auto& words = VoicePassphraseWords();
  std::string out;
  for (int i = 0; i < 3; ++i) {
    out += words[uniform(static_cast<uint32_t>(words.size()))];
    out += '-';
  }
  uint32_t n = 10 + uniform(90);  // 10..99: always two digits
  out += std::to_string(n);
  return out;
}

std::string NormaliseVoiceCode(std::string_view input) {
  std::string out;
  for (char ch : input) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += static_cast<char>(c);
    if (out.size() > 64) return "";
  }
  if (out.size() < 8) return "";
  return out;
}

std::string VoiceCodePrefix(std::string_view normalised) {
  return std::string(normalised.substr(0, 3));
}

bool IsRateLimited(const std::optional<RateWindow>& w, RateLimit limit, int64_t now_ms) {
  if (!w) return false;
  if (now_ms >= w->window_start_ms + limit.window_ms) return false;  // the window is over
  return w->failures >= limit.max_failures;
}

RateWindow AfterFailure(const std::optional<RateWindow>& w, RateLimit limit, int64_t now_ms) {
  if (!w || now_ms >= w->window_start_ms + limit.window_ms) return RateWindow{now_ms, 1};
  return RateWindow{w->window_start_ms, w->failures + 1};
}

VoiceTextProblem CheckVoiceText(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  bool visible = false;
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return VoiceTextProblem::kInvalid;
    // Control characters and blanks are all ASCII: one byte.
    const auto cp = n == 1 ? static_cast<unsigned char>(text[i]) : 0x80u;
    if ((cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r') || cp == 0x7F)
      return VoiceTextProblem::kInvalid;
    if (cp != ' ' && cp != '\n' && cp != '\t' && cp != '\r') visible = true;
    ++chars;
    i += n;
  }
  if (!visible) return VoiceTextProblem::kEmpty;
  if (chars > max_chars) return VoiceTextProblem::kTooLong;
  return VoiceTextProblem::kOk;
}

const std::vector<std::string_view>& VoiceTalkWhens() {
  static const std::vector<std::string_view> k = {
      "today_break", "today_after_school", "tomorrow_break", "tomorrow_after_school", "this_week"};
  return k;
}

const std::vector<std::string_view>& VoiceTalkWheres() {
  static const std::vector<std::string_view> k = {"adult_room", "quiet_room", "walk_outside",
                                                  "online"};
  return k;
}

bool IsVoiceTalkWhen(std::string_view code) {
  const auto& k = VoiceTalkWhens();
  return std::find(k.begin(), k.end(), code) != k.end();
}

bool IsVoiceTalkWhere(std::string_view code) {
  const auto& k = VoiceTalkWheres();
  return std::find(k.begin(), k.end(), code) != k.end();
}

std::string_view JimInvitationStateName(JimInvitationState s) {
  switch (s) {
    case JimInvitationState::kOpen: return "open";
    case JimInvitationState::kAccepted: return "accepted";
    case JimInvitationState::kWithdrawn: return "withdrawn";
    case JimInvitationState::kExpired: return "expired";
  }
  return "open";
}

JimInvitationState JimInvitationStateAt(int64_t expires_ms, std::optional<int64_t> accepted_ms,
                                        std::optional<int64_t> withdrawn_ms, int64_t now_ms) {
  if (withdrawn_ms) return JimInvitationState::kWithdrawn;
  if (accepted_ms) return JimInvitationState::kAccepted;
  if (now_ms >= expires_ms) return JimInvitationState::kExpired;
  return JimInvitationState::kOpen;
}

std::string NormaliseJimEmail(std::string_view input) {
  size_t b = 0, e = input.size();
  while (b < e && (input[b] == ' ' || input[b] == '\t')) ++b;
  while (e > b && (input[e - 1] == ' ' || input[e - 1] == '\t')) --e;
  std::string out(input.substr(b, e - b));
  if (out.empty() || out.size() > 254) return "";
  size_t at = out.find('@');
  if (at == std::string::npos || at == 0 || out.find('@', at + 1) != std::string::npos) return "";
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
        c == '\\' || c == '(' || c == ')' || c == '[' || c == ']')
      return "";
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string domain = out.substr(at + 1);
  if (domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string::npos)
    return "";
  return out;
}

}  // namespace inbeeld
