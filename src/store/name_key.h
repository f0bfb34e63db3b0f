// Search keys for names and postcodes, computed the same way when a person is
// stored and when a case worker searches, so that "Zoë van den Berg" is found
// by "zoe berg", "berg" and "van den berg".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace inbeeld {

// Lower case, Latin-1 diacritics folded (é → e, ß → ss), runs of spaces,
// hyphens excepted, collapsed to one space, trimmed.
std::string NameKey(std::string_view name);

// NameKey without leading tussenvoegsel words ("van der Berg" → "berg"), unless
// nothing would remain.
std::string LastNameKey(std::string_view last_name);

// True for "van", "der", "de", "den", "ter", "'t", ... (already NameKey'd).
bool IsTussenvoegselWord(std::string_view word);

// The words of a search query's NameKey, tussenvoegsel words dropped unless
// they are all there is.
std::vector<std::string> NameQueryWords(std::string_view query);

// "1234 ab" → "1234AB".
std::string PostcodeKey(std::string_view postcode);

// The smallest string greater than every string that starts with `prefix`
// (byte order): prefix + U+10FFFF. For range scans `k >= p AND k < PrefixEnd(p)`.
std::string PrefixEnd(std::string_view prefix);

}  // namespace inbeeld
