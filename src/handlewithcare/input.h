// Handle with Care input: what the police (or Veilig Thuis) and the schools send,
// parsed into the service's types. Pure (no store, no clock): the routes call
// these, and tests/fuzz/hwc_input.cc feeds them arbitrary input.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/model.h"
#include "core/status.h"

namespace inbeeld {

struct HwcChildInput {
  std::optional<PersonId> person_id;  // from the proposals at the address
  std::string bsn;                    // in the clear only until pseudonymised
  std::string first_name, last_name;  // with birth_date, when the BSN is unknown
  std::string birth_date;             // YYYY-MM-DD
  bool present = false;
};

struct HwcIncidentInput {
  int64_t occurred_ms = 0;
  std::string postcode;  // "1234 AB" or "1234AB"
  std::string house_number;
  std::string police_ref;       // optional
  std::string idempotency_key;  // optional; default: police_ref + time + address
  std::vector<HwcChildInput> children;
};

// At most this many children per incident are read (more are ignored).
inline constexpr size_t kHwcMaxChildren = 21;

// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM" (Amsterdam wall clock, as
// <input type=datetime-local> sends it), optionally with ":SS" (dropped) ->
// Unix ms. nullopt for anything else, a time zone suffix included: the field
// is Dutch time, and "…Z" read as Dutch time would be an hour or two off.
std::optional<int64_t> ParseHwcLocalDateTime(std::string_view s);
// Unix ms -> "YYYY-MM-DDTHH:MM" (Amsterdam), the form's value.
std::string HwcLocalDateTimeText(int64_t ms);

// The body of POST /api/v1/hwc/incidents (a JSON object): occurred_ms or
// occurred_at, postcode, house_number, police_ref, children[] of {person_id,
// bsn, first_name, last_name, birth_date, present}. `idempotency_key` is the
// header's value. kInvalidArgument with one error per field (children[i].x
// for a child's field) when something is missing, of the wrong type or too long.
Result<HwcIncidentInput> ParseHwcIncidentJson(const nlohmann::json& body,
                                              std::string idempotency_key);

// The form of /hwc/melden (application/x-www-form-urlencoded, parsed): tijdstip,
// postcode, huisnummer, pv, kind (person ids, repeated), aanwezig (the ids of
// the children present), and one extra child by bsn or voornaam/achternaam/
// geboortedatum/extra_aanwezig. Never fails: the service checks the values (an
// unreadable tijdstip is occurred_ms 0, which it refuses).
HwcIncidentInput ParseHwcIncidentForm(const std::multimap<std::string, std::string>& form);

// A school's days off and extra school days in the API's JSON: the members
// "days_off" and "school_days" of `body`, each a list of {"from": "YYYY-MM-DD",
// "to": "YYYY-MM-DD"} ("to" defaults to "from"; at most 400). An entry that is
// not valid adds an error to `errors` (field "days_off[i]") and is left out.
SchoolDaysOff HwcDaysFromJson(const nlohmann::json& body, std::vector<FieldError>* errors);

// The settings page's form of periods: one day or period per line, "2026-03-04"
// or "2026-02-16 t/m 2026-02-20" (also "-", "tot en met", "to"). Errors name
// the line (field `field`); a line in error is left out.
std::vector<DateRange> ParseHwcPeriods(std::string_view text, const std::string& field,
                                       std::vector<FieldError>* errors);
// Periods as that form shows them, one per line; ParseHwcPeriods reads it back.
std::string HwcPeriodsText(const std::vector<DateRange>& ranges);

}  // namespace inbeeld
