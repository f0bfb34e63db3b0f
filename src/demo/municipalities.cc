#include "demo/municipalities.h"

#include <array>
#include <utility>

namespace inbeeld {
namespace {

constexpr auto N = SchoolRegion::kNorth;
constexpr auto M = SchoolRegion::kMiddle;
constexpr auto S = SchoolRegion::kSouth;

constexpr DemoMunicipality kMunicipalities[] = {
    // Groningen
    {"GM0014", "Groningen", "Groningen", N, 9711, 9747, 240},
    {"GM1952", "Midden-Groningen", "Groningen", N, 9601, 9629, 61},
    {"GM1895", "Oldambt", "Groningen", N, 9671, 9687, 38},
    {"GM0047", "Veendam", "Groningen", N, 9641, 9649, 28},
    {"GM1966", "Het Hogeland", "Groningen", N, 9951, 9989, 48},
    // Friesland
    {"GM0080", "Leeuwarden", "Friesland", N, 8911, 8939, 125},
    {"GM0090", "Smallingerland", "Friesland", N, 9200, 9209, 56},
    {"GM0074", "Heerenveen", "Friesland", N, 8440, 8449, 51},
    {"GM1900", "Súdwest-Fryslân", "Friesland", N, 8600, 8629, 90},
    {"GM0072", "Harlingen", "Friesland", N, 8860, 8862, 16},
    // Drenthe
    {"GM0106", "Assen", "Drenthe", N, 9401, 9409, 69},
    {"GM0114", "Emmen", "Drenthe", N, 7811, 7828, 108},
    {"GM0118", "Hoogeveen", "Drenthe", N, 7901, 7909, 56},
    {"GM0119", "Meppel", "Drenthe", N, 7941, 7944, 35},
    {"GM0109", "Coevorden", "Drenthe", N, 7740, 7742, 35},
    // Overijssel
    {"GM0193", "Zwolle", "Overijssel", N, 8011, 8048, 132},
    {"GM0153", "Enschede", "Overijssel", N, 7511, 7548, 161},
    {"GM0150", "Deventer", "Overijssel", N, 7411, 7429, 102},
    {"GM0164", "Hengelo", "Overijssel", N, 7550, 7559, 82},
    {"GM0141", "Almelo", "Overijssel", N, 7601, 7609, 74},
    {"GM0166", "Kampen", "Overijssel", N, 8261, 8267, 55},
    {"GM0160", "Hardenberg", "Overijssel", N, 7771, 7779, 62},
    // Flevoland
    {"GM0034", "Almere", "Flevoland", N, 1311, 1364, 222},
    {"GM0995", "Lelystad", "Flevoland", N, 8211, 8245, 81},
    {"GM0303", "Dronten", "Flevoland", N, 8251, 8256, 42},
    {"GM0171", "Noordoostpolder", "Flevoland", N, 8301, 8316, 48},
    {"GM0050", "Zeewolde", "Flevoland", M, 3890, 3899, 23},
    // Noord-Holland
    {"GM0363", "Amsterdam", "Noord-Holland", N, 1011, 1109, 920},
    {"GM0392", "Haarlem", "Noord-Holland", N, 2011, 2037, 163},
    {"GM0479", "Zaanstad", "Noord-Holland", N, 1501, 1567, 158},
    {"GM0394", "Haarlemmermeer", "Noord-Holland", N, 2131, 2136, 160},
    {"GM0361", "Alkmaar", "Noord-Holland", N, 1811, 1827, 110},
    {"GM0402", "Hilversum", "Noord-Holland", N, 1211, 1223, 92},
    {"GM0362", "Amstelveen", "Noord-Holland", N, 1181, 1189, 92},
    {"GM0439", "Purmerend", "Noord-Holland", N, 1441, 1448, 93},
    {"GM0405", "Hoorn", "Noord-Holland", N, 1621, 1628, 74},
    {"GM0400", "Den Helder", "Noord-Holland", N, 1781, 1789, 56},
    {"GM0375", "Beverwijk", "Noord-Holland", N, 1940, 1948, 42},
    {"GM0384", "Diemen", "Noord-Holland", N, 1111, 1113, 32},
    // Utrecht
    {"GM0344", "Utrecht", "Utrecht", M, 3511, 3585, 367},
    {"GM0307", "Amersfoort", "Utrecht", M, 3811, 3829, 160},
    {"GM0356", "Nieuwegein", "Utrecht", M, 3430, 3439, 64},
    {"GM0355", "Zeist", "Utrecht", M, 3701, 3709, 66},
    {"GM0345", "Veenendaal", "Utrecht", M, 3900, 3907, 67},
    {"GM0321", "Houten", "Utrecht", M, 3991, 3998, 50},
    {"GM0632", "Woerden", "Utrecht", M, 3440, 3449, 53},
    {"GM0353", "IJsselstein", "Utrecht", M, 3400, 3405, 34},
    // Zuid-Holland
    {"GM0599", "Rotterdam", "Zuid-Holland", M, 3011, 3089, 665},
    {"GM0518", "'s-Gravenhage", "Zuid-Holland", M, 2491, 2599, 560},
    {"GM0546", "Leiden", "Zuid-Holland", M, 2311, 2334, 127},
    {"GM0505", "Dordrecht", "Zuid-Holland", M, 3311, 3319, 120},
    {"GM0637", "Zoetermeer", "Zuid-Holland", M, 2711, 2729, 127},
    {"GM0503", "Delft", "Zuid-Holland", M, 2611, 2629, 105},
    {"GM0484", "Alphen aan den Rijn", "Zuid-Holland", M, 2401, 2409, 114},
    {"GM1783", "Westland", "Zuid-Holland", M, 2671, 2694, 115},
    {"GM0513", "Gouda", "Zuid-Holland", M, 2801, 2809, 74},
    {"GM0606", "Schiedam", "Zuid-Holland", M, 3111, 3125, 80},
    {"GM0622", "Vlaardingen", "Zuid-Holland", M, 3131, 3138, 75},
    {"GM0502", "Capelle aan den IJssel", "Zuid-Holland", M, 2901, 2909, 67},
    {"GM1930", "Nissewaard", "Zuid-Holland", M, 3200, 3209, 86},
    {"GM0512", "Gorinchem", "Zuid-Holland", M, 4201, 4209, 38},
    // Gelderland
    {"GM0200", "Apeldoorn", "Gelderland", M, 7311, 7339, 165},
    {"GM0228", "Ede", "Gelderland", M, 6711, 6720, 120},
    {"GM0203", "Barneveld", "Gelderland", M, 3771, 3781, 61},
    {"GM0243", "Harderwijk", "Gelderland", M, 3841, 3849, 49},
    {"GM0289", "Wageningen", "Gelderland", M, 6701, 6709, 40},
    {"GM0301", "Zutphen", "Gelderland", M, 7201, 7207, 48},
    {"GM0222", "Doetinchem", "Gelderland", M, 7001, 7009, 58},
    {"GM0281", "Tiel", "Gelderland", M, 4001, 4007, 42},
    {"GM0202", "Arnhem", "Gelderland", S, 6811, 6846, 164},
    {"GM0268", "Nijmegen", "Gelderland", S, 6511, 6546, 179},
    {"GM1734", "Overbetuwe", "Gelderland", S, 6660, 6669, 48},
    {"GM0296", "Wijchen", "Gelderland", S, 6600, 6605, 41},
    // Zeeland
    {"GM0687", "Middelburg", "Zeeland", S, 4331, 4338, 49},
    {"GM0718", "Vlissingen", "Zeeland", S, 4381, 4389, 45},
    {"GM0715", "Terneuzen", "Zeeland", S, 4531, 4539, 54},
    {"GM0664", "Goes", "Zeeland", S, 4461, 4465, 38},
    {"GM0677", "Hulst", "Zeeland", S, 4561, 4569, 27},
    // Noord-Brabant
    {"GM0772", "Eindhoven", "Noord-Brabant", S, 5611, 5658, 238},
    {"GM0855", "Tilburg", "Noord-Brabant", S, 5011, 5049, 224},
    {"GM0758", "Breda", "Noord-Brabant", S, 4811, 4839, 185},
    {"GM0796", "'s-Hertogenbosch", "Noord-Brabant", S, 5211, 5249, 158},
    {"GM0794", "Helmond", "Noord-Brabant", S, 5701, 5709, 93},
    {"GM0828", "Oss", "Noord-Brabant", S, 5341, 5349, 93},
    {"GM0748", "Bergen op Zoom", "Noord-Brabant", S, 4611, 4625, 68},
    {"GM1674", "Roosendaal", "Noord-Brabant", S, 4701, 4709, 78},
    {"GM0826", "Oosterhout", "Noord-Brabant", S, 4901, 4909, 56},
    {"GM0867", "Waalwijk", "Noord-Brabant", S, 5141, 5146, 49},
    {"GM0861", "Veldhoven", "Noord-Brabant", S, 5501, 5509, 46},
    {"GM1959", "Altena", "Noord-Brabant", M, 4250, 4288, 57},
    // Limburg
    {"GM0935", "Maastricht", "Limburg", S, 6211, 6229, 122},
    {"GM0983", "Venlo", "Limburg", S, 5911, 5928, 102},
    {"GM0917", "Heerlen", "Limburg", S, 6411, 6422, 87},
    {"GM1883", "Sittard-Geleen", "Limburg", S, 6131, 6166, 91},
    {"GM0957", "Roermond", "Limburg", S, 6041, 6049, 59},
    {"GM0928", "Kerkrade", "Limburg", S, 6461, 6471, 45},
    {"GM0988", "Weert", "Limburg", S, 6001, 6006, 51},
};

constexpr std::pair<std::string_view, std::string_view> kPoliceUnits[] = {
    {"Groningen", "Noord-Nederland"},  {"Friesland", "Noord-Nederland"},
    {"Drenthe", "Noord-Nederland"},    {"Overijssel", "Oost-Nederland"},
    {"Gelderland", "Oost-Nederland"},  {"Flevoland", "Midden-Nederland"},
    {"Utrecht", "Midden-Nederland"},   {"Noord-Holland", "Noord-Holland"},
    {"Zuid-Holland", "Rotterdam"},     {"Zeeland", "Zeeland-West-Brabant"},
    {"Noord-Brabant", "Oost-Brabant"}, {"Limburg", "Limburg"},
};

// Municipalities served by another unit than their province's default.
constexpr std::pair<std::string_view, std::string_view> kPoliceExceptions[] = {
    {"GM0363", "Amsterdam"},
    {"GM0362", "Amsterdam"},
    {"GM0384", "Amsterdam"},
    {"GM0518", "Den Haag"},
    {"GM0546", "Den Haag"},
    {"GM0637", "Den Haag"},
    {"GM0503", "Den Haag"},
    {"GM1783", "Den Haag"},
    {"GM0484", "Den Haag"},
    {"GM0513", "Den Haag"},
    {"GM0758", "Zeeland-West-Brabant"},
    {"GM0855", "Zeeland-West-Brabant"},
    {"GM0748", "Zeeland-West-Brabant"},
    {"GM1674", "Zeeland-West-Brabant"},
    {"GM0826", "Zeeland-West-Brabant"},
    {"GM0867", "Zeeland-West-Brabant"},
    {"GM1959", "Zeeland-West-Brabant"},
};

}  // namespace

std::span<const DemoMunicipality> DemoMunicipalities() {
  return kMunicipalities;
}

std::string_view PoliceUnitOf(const DemoMunicipality& m) {
  for (const auto& [gm, unit] : kPoliceExceptions) {
    if (gm == m.code) return unit;
  }
  for (const auto& [p, unit] : kPoliceUnits) {
    if (p == m.province) return unit;
  }
  return "Midden-Nederland";
}

}  // namespace inbeeld
