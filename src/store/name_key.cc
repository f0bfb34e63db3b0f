#include "store/name_key.h"

#include <array>

namespace inbeeld {
namespace {

// ASCII folds of U+00C0..U+00FF ("" = keep the character as it is).
constexpr std::array<const char*, 64> kLatin1Fold = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0
};

}  // namespace

std::string NameKey(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  auto put = [&](std::string_view s) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += s;
  };
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = true;
    } else if (c < 0x80) {
      char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      if (l == '`') l = '\'';
      put(std::string_view(&l, 1));
    } else if (c == 0xC3 && i + 1 < name.size()) {
      unsigned char d = static_cast<unsigned char>(name[i + 1]);
      if (d >= 0x80 && d <= 0xBF && kLatin1Fold[d - 0x80][0] != '\0') {
        put(kLatin1Fold[d - 0x80]);
      } else {
        put(name.substr(i, 2));
      }
      ++i;
    } else {
      put(name.substr(i, 1));  // other UTF-8 bytes pass through unchanged
    }
  }
  return out;
}

bool IsTussenvoegselWord(std::string_view w) {
  static constexpr std::array<std::string_view, 26> kWords = {
      "van", "von", "de",  "der", "den", "het", "'t",  "t",  "ter", "ten", "te", "in", "op",
      "aan", "bij", "uit", "la",  "le",  "du",  "des", "d'", "l'",  "'s",  "da", "di", "del"};
  for (auto k : kWords) {
    if (w == k) return true;
  }
  return false;
}

namespace {

std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < key.size()) {
    size_t sp = key.find(' ', start);
    if (sp == std::string::npos) sp = key.size();
    if (sp > start) words.push_back(key.substr(start, sp - start));
    start = sp + 1;
  }
  return words;
}

}  // namespace

std::string LastNameKey(std::string_view last_name) {
  std::string key = NameKey(last_name);
  size_t pos = 0;
  for (;;) {
    size_t sp = key.find(' ', pos);
    if (sp == std::string::npos) break;
    if (!IsTussenvoegselWord(std::string_view(key).substr(pos, sp - pos))) break;
    pos = sp + 1;
  }
  return key.substr(pos);
}

std::vector<std::string> NameQueryWords(std::string_view query) {
  std::vector<std::string> all = Words(NameKey(query));
  std::vector<std::string> kept;
  for (auto& w : all) {
    if (!IsTussenvoegselWord(w)) kept.push_back(w);
  }
  return kept.empty() ? all : kept;
}

std::string PostcodeKey(std::string_view postcode) {
  std::string out;
  for (char c : postcode) {
    if (c == ' ' || c == '\t') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string PrefixEnd(std::string_view prefix) {
  return std::string(prefix) + "\xF4\x8F\xBF\xBF";
}

}  // namespace inbeeld
