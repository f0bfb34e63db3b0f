#include "demo/population.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "core/text.h"
#include "demo/demo_names.h"
#include "demo/demo_random.h"
#include "demo/municipalities.h"
#include "demo/synthetic_bsn.h"

namespace inbeeld {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr int64_t kMaxChildren = 3'500'000;
constexpr int kMunicipalitiesPerVtRegion = 15;
// Letters used in demo postcodes (no SA, SD or SS: those pairs are never issued).
constexpr std::string_view kPostcodeLetters = "ABCDEGHJKLMNPRSTVWXZ";
constexpr std::array<std::string_view, 7> kStartTimes = {"08:15", "08:20", "08:25", "08:30",
                                                         "08:35", "08:40", "08:45"};

std::string Padded(int64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

// A BRIN-like code "12AB" for school number k: a bijection of [0, 67600).
std::string BrinCode(uint64_t k, uint64_t seed) {
  constexpr uint64_t kSpace = 100 * 26 * 26;
  const uint64_t p = (k * 7919 + seed % kSpace) % kSpace;
  std::string s = Padded(static_cast<int64_t>(p % 100), 2);
  s.push_back(static_cast<char>('A' + (p / 100) / 26));
  s.push_back(static_cast<char>('A' + (p / 100) % 26));
  return s;
}

Date AddDays(Date d, int days) {
  return DateFromDays(DaysSinceEpoch(d) + days);
}

Date AddYears(Date d, int years) {
  Date r = d.year() / d.month() / d.day() + std::chrono::years(years);
  if (!r.ok()) r = r.year() / r.month() / std::chrono::last;  // 29 February
  return r;
}

// 1 August of the school year in which a child born on `birth` is `age` on 1 October.
Date SchoolYearStart(Date birth, int age) {
  int y = static_cast<int>(birth.year()) + age;
  if (birth.month() >= month(10)) ++y;
  return year(y) / month(8) / day(1);
}

struct ChildPlan {
  int age;
  Sex sex;
};

}  // namespace

Result<DemoPopulation> DemoPopulation::Create(const DemoOptions& options) {
  if (options.children < 1 || options.children > kMaxChildren) {
    return Status::Invalid("het aantal kinderen moet tussen 1 en 3.500.000 liggen", "children");
  }
  if (!options.today.ok()) return Status::Invalid("ongeldige peildatum", "today");
  DemoPopulation p(options);
  p.BuildOrganisations();
  return p;
}

void DemoPopulation::BuildOrganisations() {
  const auto munis = DemoMunicipalities();
  DemoRandom rng(options_.seed, 0);
  int64_t total_weight = 0;
  for (const auto& m : munis) {
    total_weight += m.weight;
    cumulative_weight_.push_back(total_weight);
  }
  auto add = [&](OrgKind kind, std::string ref, std::string name, std::string_view gm,
                 std::string email) {
    Organisation o;
    o.kind = kind;
    o.ext_ref = std::move(ref);
    o.name = std::move(name);
    o.municipality_code = std::string(gm);
    o.email = std::move(email);
    orgs_.push_back(std::move(o));
    return static_cast<int>(orgs_.size()) - 1;
  };

  add(OrgKind::kAdmin, "ADMIN", "InBeeld functioneel beheer", "GM0344", "beheer@inbeeld.example");

  // Police units, in order of first appearance.
  std::vector<std::string_view> units;
  for (const auto& m : munis) {
    const auto unit = PoliceUnitOf(m);
    auto it = std::find(units.begin(), units.end(), unit);
    if (it == units.end()) {
      units.push_back(unit);
      const std::string ref = "POL-" + Padded(static_cast<int64_t>(units.size()), 2);
      add(OrgKind::kPolice, ref, "Politie eenheid " + std::string(unit), m.code,
          Lower(ref) + "@politie.example");
      it = units.end() - 1;
    }
    police_ref_.push_back("POL-" + Padded(it - units.begin() + 1, 2));
  }

  // Veilig Thuis regions and JGZ: one per kMunicipalitiesPerVtRegion municipalities.
  const int n_regions = (static_cast<int>(munis.size()) + kMunicipalitiesPerVtRegion - 1) /
                        kMunicipalitiesPerVtRegion;
  for (size_t i = 0; i < munis.size(); ++i) {
    vt_region_.push_back(static_cast<int>(i) / kMunicipalitiesPerVtRegion);
  }
  for (int r = 0; r < n_regions; ++r) {
    // The hub is the region's largest municipality.
    size_t hub = static_cast<size_t>(r) * kMunicipalitiesPerVtRegion;
    for (size_t i = hub; i < munis.size() && vt_region_[i] == r; ++i) {
      if (munis[i].weight > munis[hub].weight) hub = i;
    }
    const std::string nn = Padded(r + 1, 2);
    add(OrgKind::kVeiligThuis, "VT-" + nn, "Veilig Thuis " + std::string(munis[hub].name) + " e.o.",
        munis[hub].code, "vt" + nn + "@veiligthuis.example");
    add(OrgKind::kJgz, "JGZ-" + nn, "JGZ " + std::string(munis[hub].name) + " e.o.",
        munis[hub].code, "jgz" + nn + "@jgz.example");
  }

  // Per municipality: wijkteam(s), leerplicht, midwives, schools.
  std::map<std::string_view, std::vector<int>> mbo_by_province;
  std::map<std::string_view, size_t> largest_of_province;
  for (size_t i = 0; i < munis.size(); ++i) {
    auto [it, fresh] = largest_of_province.emplace(munis[i].province, i);
    if (!fresh && munis[i].weight > munis[it->second].weight) it->second = i;
  }
  uint64_t school_number = 0;
  schools_.resize(munis.size());
  for (size_t i = 0; i < munis.size(); ++i) {
    const auto& m = munis[i];
    const std::string code(m.code);
    const std::string name(m.name);
    const double expected =
        static_cast<double>(options_.children) * m.weight / static_cast<double>(total_weight);
    const int teams = 1 + m.weight / 200;
    for (int t = 1; t <= teams; ++t) {
      const std::string ref = "WT-" + code + "-" + std::to_string(t);
      add(OrgKind::kLocalTeam, ref,
          teams == 1 ? "Wijkteam " + name : "Wijkteam " + name + " " + std::to_string(t), code,
          Lower(ref) + "@wijkteam.example");
    }
    add(OrgKind::kLeerplicht, "LP-" + code, "Leerplicht " + name, code,
        "leerplicht." + Lower(code) + "@gemeente.example");
    const int midwives = m.weight >= 100 ? 2 : 1;
    for (int v = 1; v <= midwives; ++v) {
      const std::string ref = "VK-" + code + "-" + std::to_string(v);
      add(OrgKind::kMidwife, ref, "Verloskundigenpraktijk " + name + (v == 1 ? "" : " Zuid"), code,
          Lower(ref) + "@verloskunde.example");
    }
    auto add_school = [&](std::string_view type, std::string school_name) {
      const std::string brin = BrinCode(school_number++, options_.seed);
      const int idx = add(OrgKind::kSchool, brin + "00", std::move(school_name), code,
                          "zorg." + Lower(brin) + "00@school.example");
      Organisation& o = orgs_[idx];
      o.school_type = std::string(type);
      o.region = m.region;
      o.start_time = std::string(rng.Pick(std::span<const std::string_view>(kStartTimes)));
      return idx;
    };
    const int n_po = std::max(1, static_cast<int>(std::lround(expected * 0.42 / 220.0)));
    const int n_vo = std::max(1, static_cast<int>(std::lround(expected * 0.30 / 1000.0)));
    int n_mbo =
        m.weight >= 100 ? std::max(1, static_cast<int>(std::lround(expected * 0.06 / 1500.0))) : 0;
    if (largest_of_province[m.province] == i) n_mbo = std::max(n_mbo, 1);
    for (int k = 0; k < n_po; ++k) {
      std::string school_name = std::string(rng.Pick(PrimarySchoolPrefixes())) + " " +
                                std::string(rng.Pick(PrimarySchoolNames()));
      schools_[i].po.push_back(add_school("PO", std::move(school_name)));
    }
    for (int k = 0; k < n_vo; ++k) {
      schools_[i].vo.push_back(add_school("VO", std::string(rng.Pick(SecondarySchoolNames()))));
    }
    for (int k = 0; k < n_mbo; ++k) {
      mbo_by_province[m.province].push_back(
          add_school("MBO", std::string(rng.Pick(VocationalSchoolNames())) + " " + name));
    }
  }
  for (const auto& m : munis) mbo_by_province_.push_back(mbo_by_province[m.province]);
  for (size_t i = 0; i < munis.size(); ++i) {
    if (munis[i].code == "GM0363") demo_school_ref_ = orgs_[schools_[i].po.front()].ext_ref;
  }
}

std::string DemoPopulation::police_ref_of(std::string_view gm) const {
  const auto munis = DemoMunicipalities();
  for (size_t i = 0; i < munis.size(); ++i) {
    if (munis[i].code == gm) return police_ref_[i];
  }
  return {};
}

std::string DemoPopulation::vt_ref_of(std::string_view gm) const {
  const auto munis = DemoMunicipalities();
  for (size_t i = 0; i < munis.size(); ++i) {
    if (munis[i].code == gm) return "VT-" + Padded(vt_region_[i] + 1, 2);
  }
  return {};
}

std::string DemoPopulation::jgz_ref_of(std::string_view gm) const {
  const std::string vt = vt_ref_of(gm);
  return vt.empty() ? vt : "JGZ-" + vt.substr(3);
}

Status DemoPopulation::ForEachHousehold(
    const std::function<Status(const DemoHousehold&)>& fn) const {
  const auto munis = DemoMunicipalities();
  const auto boys = BoyNames();
  const auto girls = GirlNames();
  const auto surnames = Surnames();
  const int today_days = DaysSinceEpoch(options_.today);
  SyntheticBsnSource bsns(options_.seed);
  DemoHousehold hh;
  int64_t children_left = options_.children;
  int64_t person_number = 0;
  std::vector<ChildPlan> plan;

  for (int64_t h = 0; children_left > 0; ++h) {
    DemoRandom rng(options_.seed, static_cast<uint64_t>(h) + 1);
    hh.members.clear();
    hh.enrolments.clear();

    // --- address -----------------------------------------------------------
    const int64_t w =
        static_cast<int64_t>(rng.Below(static_cast<uint64_t>(cumulative_weight_.back())));
    const size_t mi = static_cast<size_t>(
        std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), w) -
        cumulative_weight_.begin());
    const DemoMunicipality& m = munis[mi];
    Household& house = hh.household;
    house.ext_ref = "HH" + Padded(h + 1, 8);
    house.address.street =
        std::string(rng.Pick(StreetStems())) + std::string(rng.Pick(StreetSuffixes()));
    house.address.house_number = std::to_string(rng.Between(1, 220));
    if (rng.PerMille(80)) {
      static constexpr std::array<std::string_view, 6> kSuffixes = {"A",  "B",  "C",
                                                                    "-1", "-2", "-3"};
      house.address.house_number += rng.Pick(std::span<const std::string_view>(kSuffixes));
    }
    {
      std::string pc = std::to_string(rng.Between(m.postcode_lo, m.postcode_hi));
      pc.push_back(' ');
      const char a = kPostcodeLetters[rng.Below(kPostcodeLetters.size())];
      char b;
      do {
        b = kPostcodeLetters[rng.Below(kPostcodeLetters.size())];
      } while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
      pc.push_back(a);
      pc.push_back(b);
      house.address.postcode = std::move(pc);
    }
    house.address.city = std::string(m.name);
    house.address.municipality_code = std::string(m.code);

    // --- composition ---------------------------------------------------------
    const uint64_t size_roll = rng.Below(100);
    int n_children = size_roll < 38   ? 1
                     : size_roll < 78 ? 2
                     : size_roll < 93 ? 3
                     : size_roll < 98 ? 4
                                      : 5;
    n_children = static_cast<int>(std::min<int64_t>(n_children, children_left));
    const bool two_adults = !rng.PerMille(220);
    const Relation adult_relation = rng.PerMille(20) ? Relation::kCarer : Relation::kParent;
    const DemoSurname& surname_a = rng.Pick(surnames);
    const DemoSurname* surname_b = &rng.Pick(surnames);
    while (surname_b == &surname_a) surname_b = &rng.Pick(surnames);
    const DemoSurname& family = rng.PerMille(800) ? surname_a : *surname_b;
    const bool step_family = two_adults && n_children >= 2 && rng.PerMille(150);

    // Children's ages: the youngest plus gaps of 1..4 years, all within 0..19.
    plan.clear();
    {
      std::array<int, 5> gaps{};
      int span = 0;
      for (int c = 1; c < n_children; ++c) {
        gaps[c] = rng.Between(1, 4);
        span += gaps[c];
      }
      if (span > 19) {
        span = n_children - 1;
        std::fill(gaps.begin() + 1, gaps.end(), 1);
      }
      int age = rng.Between(0, 19 - span);
      for (int c = 0; c < n_children; ++c) {
        age += gaps[c];
        const uint64_t s = rng.Below(1000);
        plan.push_back({age, s < 2 ? Sex::kUnknown : s < 501 ? Sex::kMale : Sex::kFemale});
      }
      std::reverse(plan.begin(), plan.end());  // eldest first
    }
    const int eldest = plan.front().age;
    const bool twins = n_children >= 2 && rng.PerMille(60);
    if (twins) plan[1].age = plan[0].age;

    auto pick_first = [&](Sex sex) -> std::string_view {
      if (sex == Sex::kMale) return rng.Pick(boys);
      if (sex == Sex::kFemale) return rng.Pick(girls);
      return rng.PerMille(500) ? rng.Pick(boys) : rng.Pick(girls);
    };
    auto add_member = [&](Relation rel, Sex sex, std::string_view first, const DemoSurname& sn,
                          Date birth) -> DemoMember& {
      DemoMember& dm = hh.members.emplace_back();
      Person& p = dm.person;
      p.ext_ref = "P" + Padded(++person_number, 9);
      p.first_name = std::string(first);
      p.tussenvoegsel = std::string(sn.tussenvoegsel);
      p.last_name = std::string(sn.last_name);
      p.birth_date = birth;
      p.sex = sex;
      p.relation = rel;
      if (!rng.PerMille(20)) dm.bsn = bsns.Next();
      return dm;
    };

    // --- adults ---------------------------------------------------------------
    const int age_at_first = rng.Between(20, 40);
    const bool same_sex = two_adults && rng.PerMille(40);
    const Sex sex_a = two_adults ? Sex::kMale : (rng.PerMille(850) ? Sex::kFemale : Sex::kMale);
    const Sex sex_b = same_sex ? Sex::kMale : Sex::kFemale;
    const int adult_a_age = eldest + age_at_first;
    add_member(
        adult_relation, sex_a, pick_first(sex_a), surname_a,
        DateFromDays(today_days - adult_a_age * 365 - adult_a_age / 4 - rng.Between(1, 364)));
    if (two_adults) {
      const int adult_b_age = std::max(18 + eldest, adult_a_age + rng.Between(-5, 4));
      add_member(
          adult_relation, sex_b, pick_first(sex_b), *surname_b,
          DateFromDays(today_days - adult_b_age * 365 - adult_b_age / 4 - rng.Between(1, 364)));
    }
    const size_t n_adults = hh.members.size();

    // --- children ---------------------------------------------------------------
    const bool namesake = rng.PerMille(15);
    const int po_school = schools_[mi].po[rng.Below(schools_[mi].po.size())];
    const int vo_school = schools_[mi].vo[rng.Below(schools_[mi].vo.size())];
    for (int c = 0; c < n_children; ++c) {
      const ChildPlan& cp = plan[c];
      Date birth;
      if (twins && c == 1) {
        birth = hh.members[n_adults].person.birth_date;
      } else {
        const int days_old = cp.age * 365 + cp.age / 4 + rng.Between(1, 364);
        birth = DateFromDays(today_days - std::max(1, days_old));
      }
      std::string_view first;
      const DemoMember* same_sex_adult = nullptr;
      for (size_t a = 0; a < n_adults; ++a) {
        if (hh.members[a].person.sex == cp.sex) same_sex_adult = &hh.members[a];
      }
      if (namesake && c == n_children - 1 && same_sex_adult != nullptr) {
        first = same_sex_adult->person.first_name;
      } else {
        // Siblings (and twins) never share a first name.
        for (int attempt = 0;; ++attempt) {
          first = pick_first(cp.sex);
          bool taken = false;
          for (size_t k = n_adults; k < hh.members.size(); ++k) {
            taken |= hh.members[k].person.first_name == first;
          }
          if (!taken || attempt > 20) break;
        }
      }
      // In a step-family the eldest child carries the other adult's surname.
      const DemoSurname& sn =
          step_family && c == 0 ? (&family == &surname_a ? *surname_b : surname_a) : family;
      add_member(Relation::kChild, cp.sex, first, sn, birth);
      --children_left;

      // --- enrolment ----------------------------------------------------------
      const std::string person_ref = hh.members.back().person.ext_ref;
      const int age = AgeOn(birth, options_.today);
      if (age < 4 || rng.PerMille(4)) continue;  // too young, or home-educated
      const auto& mbos = mbo_by_province_[mi];
      auto enrol = [&](int org, Date from, std::optional<Date> to) {
        hh.enrolments.push_back({person_ref, orgs_[org].ext_ref, from, to});
      };
      const Date vo_start = SchoolYearStart(birth, 12);
      if (age <= 11 || (age == 12 && vo_start > options_.today)) {
        const int po =
            rng.PerMille(900) ? po_school : schools_[mi].po[rng.Below(schools_[mi].po.size())];
        enrol(po, AddYears(birth, 4), std::nullopt);
      } else if (age <= 19) {
        const bool mbo = !mbos.empty() && (age >= 18 || (age >= 16 && rng.PerMille(250)));
        if (age >= 18 && !rng.PerMille(600)) continue;  // finished school
        if (rng.PerMille(300)) {                        // keep the primary school in the history
          enrol(po_school, AddYears(birth, 4), AddDays(vo_start, -15));
        }
        if (mbo) {
          enrol(mbos[rng.Below(mbos.size())], SchoolYearStart(birth, 16), std::nullopt);
        } else {
          const int vo =
              rng.PerMille(600) ? vo_school : schools_[mi].vo[rng.Below(schools_[mi].vo.size())];
          enrol(vo, vo_start, std::nullopt);
        }
      }
    }
    INBEELD_RETURN_IF_ERROR(fn(hh));
  }
  return Status::Ok();
}

}  // namespace inbeeld
