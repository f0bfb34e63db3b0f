// Roles a user holds within one organisation, and the kinds of organisation.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace inbeeld {

enum class Role {
  kPolice,
  kVtTriage,
  kVtCaseWorker,
  kVtSupervisor,
  kSchoolContact,
  kSchoolTrustedPerson,
  kLocalTeam,
  kJgz,
  kMidwife,
  kAnalyst,
  kAdmin,
  // A JIM mentor from the child's own network, invited by the child's professional
  // (src/voice/): an account restricted to the threads of the children who chose them.
  kJimMentor,
};

// "police", "vt_triage", ... — the stable names used in the store, the API and the CLI.
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();
// Roles that see case files must log in with a TOTP second factor.
bool RoleRequiresTotp(Role r);

enum class OrgKind {
  kPolice,       // politie-eenheid / basisteam
  kVeiligThuis,  // VT region
  kSchool,       // PO / VO / MBO location (BRIN + location code)
  kJgz,
  kMidwife,     // verloskundigenpraktijk
  kLocalTeam,   // wijkteam
  kLeerplicht,  // municipal school attendance office
  kAdmin,       // the operator of this InBeeld installation
};
std::string_view OrgKindName(OrgKind k);
std::optional<OrgKind> ParseOrgKind(std::string_view name);

// The school holiday region.
enum class SchoolRegion { kNorth, kMiddle, kSouth };
std::string_view SchoolRegionName(SchoolRegion r);  // "north" | "middle" | "south"
std::optional<SchoolRegion> ParseSchoolRegion(std::string_view name);

}  // namespace inbeeld
