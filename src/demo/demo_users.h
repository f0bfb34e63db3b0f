// The demo's staff accounts: at least one per role, each at a demo
// organisation (by ext_ref). Only the list: the app creates the users and sets
// their passwords; nothing here hashes or stores anything.
#pragma once

#include <string>
#include <vector>

#include "core/role.h"
#include "demo/population.h"

namespace inbeeld {

struct DemoUser {
  std::string username;      // "vt.triage"
  std::string display_name;  // synthetic, e.g. "Demo VT-triage (Amsterdam)"
  std::string email;         // at a reserved .example domain
  Role role = Role::kPolice;
  std::string org_ref;  // Organisation::ext_ref in population.organisations()
};

// One user per role (AllRoles()), working around Amsterdam (GM0363); the school
// roles work at population.demo_school_ref(). Stable order and names.
std::vector<DemoUser> DemoUsers(const DemoPopulation& population);

}  // namespace inbeeld
