// Name tables for the synthetic demo population: Dutch-like first names,
// surnames with their tussenvoegsel, street-name stems and school names.
// Invented combinations only; no table row describes a real person.
#pragma once

#include <span>
#include <string_view>

namespace inbeeld {

struct DemoSurname {
  std::string_view tussenvoegsel;  // "van der", "in 't", or ""
  std::string_view last_name;      // "Meer"
};

std::span<const std::string_view> BoyNames();
std::span<const std::string_view> GirlNames();
std::span<const DemoSurname> Surnames();
// A street is a stem and a suffix written together: "Kerk" + "straat".
std::span<const std::string_view> StreetStems();
std::span<const std::string_view> StreetSuffixes();
std::span<const std::string_view> PrimarySchoolNames();     // "De Regenboog"
std::span<const std::string_view> PrimarySchoolPrefixes();  // "OBS"
std::span<const std::string_view> SecondarySchoolNames();   // "Het Stedelijk College"
std::span<const std::string_view> VocationalSchoolNames();  // "ROC"

}  // namespace inbeeld
