// LinkageRecord: the identifying fields of a person as a signal or the register
// gives them, before they are encoded. Fields are free text as entered; the
// encoder normalises them (FoldName and friends below). A record lives only
// between intake and encoding: the index keeps encodings, never these fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/model.h"
#include "core/status.h"

namespace inbeeld {

struct LinkageRecord {
  std::string first_name;
  std::string last_name;   // without tussenvoegsel ("Berg" for "van den Berg")
  std::string birth_date;  // "YYYYMMDD" digits, or "" when unknown
  Sex sex = Sex::kUnknown;
  std::string street;
  std::string house_number;  // "12", "12A"
  std::string postcode;      // "1234 AB" (any spacing or case)
  std::string city;
  // Partial signals only: an estimated age in years instead of a birth date.
  std::optional<int> estimated_age;
};

// The register's view of a person at an address (the household's).
LinkageRecord RecordOf(const Person& p, const Address& a);

// Lower-case ASCII letters only: accents folded ("Zoë" -> "zoe", "Çelik" ->
// "celik"), digits, hyphens, apostrophes and spaces dropped.
std::string FoldName(std::string_view s);
// Lower-case ASCII letters and digits, accents folded, everything else dropped
// ("Lindenlaan 12-a" -> "lindenlaan12a").
std::string FoldText(std::string_view s);
// "1234 ab" -> "1234AB"; other shapes keep their letters and digits, upper-cased.
std::string FoldPostcode(std::string_view s);

// "YYYY-MM-DD" or "YYYYMMDD" -> "YYYYMMDD" digits; "" stays "". Does not check
// the calendar (FEBRL data has corrupted dates that still carry information).
std::string BirthDateDigits(std::string_view s);

// A record is complete enough to be auto-linked when it has a first name, a
// last name and a birth date; anything less is partial (a ranked list of
// households for a person to choose, never an automatic link).
bool IsPartial(const LinkageRecord& r);

// Input checks for a signal before linkage: a birth date that is not a real
// date or lies after `today`, a one-letter or absurdly long name, a record
// without any name, an estimated age outside 0..25. Fails with kInvalidArgument
// naming the field (Dutch message), never crashes on any input.
Status ValidateForLinkage(const LinkageRecord& r, Date today);

}  // namespace inbeeld
