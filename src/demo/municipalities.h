// The demo's table of real Dutch municipalities: CBS code, name, province,
// school holiday region, a plausible postcode range and a weight (roughly the
// population in thousands) used to spread the synthetic households.
//
// The holiday region follows the national split by province, approximately:
// north = Groningen, Friesland, Drenthe, Overijssel, Flevoland (not Zeewolde),
// Noord-Holland; middle = Utrecht, Zuid-Holland, Zeewolde, the western and
// northern part of Gelderland (Veluwe, Betuwe, Achterhoek); south = Zeeland,
// Noord-Brabant (not Altena), Limburg, and Gelderland around Arnhem and
// Nijmegen. Demo data only: good enough to exercise regional calendars.
#pragma once

#include <span>
#include <string_view>

#include "core/role.h"

namespace inbeeld {

struct DemoMunicipality {
  std::string_view code;      // "GM0363"
  std::string_view name;      // "Amsterdam"
  std::string_view province;  // "Noord-Holland"
  SchoolRegion region;
  int postcode_lo;  // first four digits, inclusive
  int postcode_hi;
  int weight;  // relative size
};

// All municipalities of the demo, grouped by province (stable order).
std::span<const DemoMunicipality> DemoMunicipalities();

// The police unit (politie-eenheid) serving a municipality, approximately.
std::string_view PoliceUnitOf(const DemoMunicipality& m);

}  // namespace inbeeld
