#include "demo/demo_users.h"

namespace inbeeld {

std::vector<DemoUser> DemoUsers(const DemoPopulation& population) {
  const std::string gm = "GM0363";
  const std::string vt = population.vt_ref_of(gm);
  struct Row {
    const char* username;
    const char* display_name;
    Role role;
    std::string org_ref;
  };
  const Row rows[] = {
      {"politie", "Demo Agent (politie Amsterdam)", Role::kPolice, population.police_ref_of(gm)},
      {"vt.triage", "Demo Triagist (Veilig Thuis)", Role::kVtTriage, vt},
      {"vt.casemanager", "Demo Casemanager (Veilig Thuis)", Role::kVtCaseWorker, vt},
      {"vt.supervisor", "Demo Teamleider (Veilig Thuis)", Role::kVtSupervisor, vt},
      {"school.contact", "Demo Aandachtsfunctionaris (school)", Role::kSchoolContact,
       population.demo_school_ref()},
      {"school.vertrouwenspersoon", "Demo Vertrouwenspersoon (school)", Role::kSchoolTrustedPerson,
       population.demo_school_ref()},
      {"wijkteam", "Demo Wijkteammedewerker (Amsterdam)", Role::kLocalTeam, "WT-" + gm + "-1"},
      {"jgz", "Demo JGZ-verpleegkundige", Role::kJgz, population.jgz_ref_of(gm)},
      {"verloskundige", "Demo Verloskundige (Amsterdam)", Role::kMidwife, "VK-" + gm + "-1"},
      {"analist", "Demo Beleidsanalist", Role::kAnalyst, vt},
      {"beheer", "Demo Functioneel beheerder", Role::kAdmin, "ADMIN"},
      // Normally invited by e-mail (docs/voice.md); here so the authorization matrix has the role.
      {"jim.mentor", "Demo JIM-mentor (netwerk van een kind)", Role::kJimMentor,
       population.demo_school_ref()},
  };
  std::vector<DemoUser> users;
  for (const Row& r : rows) {
    users.push_back({r.username, r.display_name, std::string(r.username) + "@demo.inbeeld.example",
                     r.role, r.org_ref});
  }
  return users;
}

}  // namespace inbeeld
