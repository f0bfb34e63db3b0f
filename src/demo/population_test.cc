#include "demo/population.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <unordered_set>

#include "core/bsn.h"
#include "demo/demo_users.h"

namespace inbeeld {
namespace {

DemoPopulation Make(int64_t children, uint64_t seed = 1) {
  DemoOptions o;
  o.children = children;
  o.seed = seed;
  auto p = DemoPopulation::Create(o);
  EXPECT_TRUE(p.ok());
  return std::move(p).value();
}

bool WellFormedPostcode(const std::string& pc) {
  if (pc.size() != 7 || pc[4] != ' ') return false;
  if (pc[0] < '1' || pc[0] > '9') return false;
  for (int i = 1; i < 4; ++i) {
    if (pc[i] < '0' || pc[i] > '9') return false;
  }
  if (pc[5] < 'A' || pc[5] > 'Z' || pc[6] < 'A' || pc[6] > 'Z') return false;
  const std::string letters = pc.substr(5);
  return letters != "SA" && letters != "SD" && letters != "SS";
}

TEST(DemoPopulationTest, RejectsOutOfRangeSizes) {
  DemoOptions o;
  o.children = 0;
  EXPECT_FALSE(DemoPopulation::Create(o).ok());
  o.children = 3'500'001;
  EXPECT_FALSE(DemoPopulation::Create(o).ok());
}

TEST(DemoPopulationTest, ThousandChildrenHaveTheFamilyShapesWeNeed) {
  const DemoPopulation pop = Make(1000);
  int children = 0, adults = 0, without_bsn = 0, twins = 0, sibling_households = 0,
      step_families = 0, namesakes = 0, sex_o = 0, carers = 0, single_adult = 0;
  std::unordered_set<std::string> bsns;
  std::set<std::string> org_refs;
  std::map<std::string, const Organisation*> orgs;
  for (const auto& o : pop.organisations()) {
    EXPECT_TRUE(org_refs.insert(o.ext_ref).second) << "duplicate org " << o.ext_ref;
    orgs[o.ext_ref] = &o;
  }
  std::set<std::string> person_refs;
  ASSERT_TRUE(pop.ForEachHousehold([&](const DemoHousehold& hh) {
                   EXPECT_TRUE(WellFormedPostcode(hh.household.address.postcode))
                       << hh.household.address.postcode;
                   EXPECT_EQ(hh.household.address.municipality_code.substr(0, 2), "GM");
                   std::vector<const Person*> kids, grown;
                   for (const auto& m : hh.members) {
                     EXPECT_TRUE(person_refs.insert(m.person.ext_ref).second);
                     if (m.bsn.empty()) {
                       ++without_bsn;
                     } else {
                       EXPECT_TRUE(Bsn::Parse(m.bsn).ok()) << m.bsn;
                       EXPECT_TRUE(bsns.insert(m.bsn).second) << "duplicate BSN";
                     }
                     if (m.person.sex == Sex::kUnknown) ++sex_o;
                     if (m.person.relation == Relation::kChild) {
                       kids.push_back(&m.person);
                     } else {
                       grown.push_back(&m.person);
                       carers += m.person.relation == Relation::kCarer;
                     }
                   }
                   EXPECT_GE(kids.size(), 1u);
                   EXPECT_LE(kids.size(), 5u);
                   EXPECT_GE(grown.size(), 1u);
                   EXPECT_LE(grown.size(), 2u);
                   single_adult += grown.size() == 1;
                   children += static_cast<int>(kids.size());
                   adults += static_cast<int>(grown.size());
                   if (kids.size() >= 2) ++sibling_households;
                   std::set<std::string> surnames;
                   for (size_t i = 0; i < kids.size(); ++i) {
                     surnames.insert(kids[i]->tussenvoegsel + "|" + kids[i]->last_name);
                     for (size_t j = i + 1; j < kids.size(); ++j) {
                       EXPECT_NE(kids[i]->first_name, kids[j]->first_name);
                       if (kids[i]->birth_date == kids[j]->birth_date) ++twins;
                     }
                     for (const Person* a : grown)
                       namesakes += a->first_name == kids[i]->first_name;
                     EXPECT_LT(kids[i]->birth_date, pop.options().today);
                   }
                   if (surnames.size() > 1) ++step_families;
                   for (const auto& e : hh.enrolments) {
                     EXPECT_TRUE(person_refs.count(e.person_ref));
                     auto it = orgs.find(e.org_ref);
                     EXPECT_TRUE(it != orgs.end()) << e.org_ref;
                     if (it != orgs.end()) {
                       EXPECT_EQ(it->second->kind, OrgKind::kSchool);
                     }
                     if (e.to) {
                       EXPECT_LT(e.from, *e.to);
                     }
                   }
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(children, 1000);
  EXPECT_GT(twins, 0);
  EXPECT_GT(sibling_households, 100);
  EXPECT_GT(step_families, 0);
  EXPECT_GT(namesakes, 0);
  EXPECT_GT(single_adult, 0);
  EXPECT_GT(carers, 0);
  EXPECT_GT(without_bsn, 0);
  EXPECT_LT(without_bsn, (children + adults) / 20);
  EXPECT_LT(sex_o, (children + adults) / 50);
}

TEST(DemoPopulationTest, OrganisationsCoverTheChain) {
  const DemoPopulation pop = Make(1000);
  std::map<OrgKind, int> kinds;
  std::map<std::string, int> school_types;
  for (const auto& o : pop.organisations()) {
    ++kinds[o.kind];
    if (o.kind == OrgKind::kSchool) {
      ++school_types[o.school_type];
      ASSERT_EQ(o.ext_ref.size(), 6u);
      EXPECT_TRUE(isdigit(o.ext_ref[0]) && isdigit(o.ext_ref[1]) && isupper(o.ext_ref[2]) &&
                  isupper(o.ext_ref[3]) && o.ext_ref.substr(4) == "00")
          << o.ext_ref;
      EXPECT_TRUE(o.region.has_value());
      EXPECT_GE(o.start_time, "08:15");
      EXPECT_LE(o.start_time, "08:45");
      EXPECT_NE(o.email.find("@school.example"), std::string::npos);
    }
  }
  for (OrgKind k :
       {OrgKind::kPolice, OrgKind::kVeiligThuis, OrgKind::kSchool, OrgKind::kJgz, OrgKind::kMidwife,
        OrgKind::kLocalTeam, OrgKind::kLeerplicht, OrgKind::kAdmin}) {
    EXPECT_GT(kinds[k], 0) << OrgKindName(k);
  }
  EXPECT_GT(school_types["PO"], 0);
  EXPECT_GT(school_types["VO"], 0);
  EXPECT_GT(school_types["MBO"], 0);
}

TEST(DemoPopulationTest, EveryRoleHasAUserAtAnExistingOrganisation) {
  const DemoPopulation pop = Make(1000);
  std::set<std::string> refs;
  for (const auto& o : pop.organisations()) refs.insert(o.ext_ref);
  std::set<Role> roles;
  for (const DemoUser& u : DemoUsers(pop)) {
    roles.insert(u.role);
    EXPECT_TRUE(refs.count(u.org_ref)) << u.username << " " << u.org_ref;
  }
  EXPECT_EQ(roles.size(), AllRoles().size());
}

}  // namespace
}  // namespace inbeeld
