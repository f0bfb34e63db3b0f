#include "core/role.h"

#include <array>
#include <utility>

namespace inbeeld {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 12> kRoles = {{
    {Role::kPolice, "police"},
    {Role::kVtTriage, "vt_triage"},
    {Role::kVtCaseWorker, "vt_case_worker"},
    {Role::kVtSupervisor, "vt_supervisor"},
    {Role::kSchoolContact, "school_contact"},
    {Role::kSchoolTrustedPerson, "school_trusted_person"},
    {Role::kLocalTeam, "local_team"},
    {Role::kJgz, "jgz"},
    {Role::kMidwife, "midwife"},
    {Role::kAnalyst, "analyst"},
    {Role::kAdmin, "admin"},
    {Role::kJimMentor, "jim_mentor"},
}};

constexpr std::array<std::pair<OrgKind, std::string_view>, 8> kKinds = {{
    {OrgKind::kPolice, "police"},
    {OrgKind::kVeiligThuis, "veilig_thuis"},
    {OrgKind::kSchool, "school"},
    {OrgKind::kJgz, "jgz"},
    {OrgKind::kMidwife, "midwife"},
    {OrgKind::kLocalTeam, "local_team"},
    {OrgKind::kLeerplicht, "leerplicht"},
    {OrgKind::kAdmin, "admin"},
}};

}  // namespace

std::string_view RoleName(Role r) {
  for (const auto& [role, name] : kRoles) {
    if (role == r) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, n] : kRoles) {
    if (n == name) return role;
  }
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> all = [] {
    std::vector<Role> v;
    v.reserve(kRoles.size());
    for (const auto& [role, name] : kRoles) v.push_back(role);
    return v;
  }();
  return all;
}

bool RoleRequiresTotp(Role r) {
  switch (r) {
    case Role::kVtTriage:
    case Role::kVtCaseWorker:
    case Role::kVtSupervisor:
    case Role::kLocalTeam:
    case Role::kJgz:
    case Role::kMidwife:
    case Role::kAdmin: return true;
    default: return false;
  }
}

std::string_view OrgKindName(OrgKind k) {
  for (const auto& [kind, name] : kKinds) {
    if (kind == k) return name;
  }
  return "unknown";
}

std::optional<OrgKind> ParseOrgKind(std::string_view name) {
  for (const auto& [kind, n] : kKinds) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

std::string_view SchoolRegionName(SchoolRegion r) {
  switch (r) {
    case SchoolRegion::kNorth: return "north";
    case SchoolRegion::kMiddle: return "middle";
    case SchoolRegion::kSouth: return "south";
  }
  return "middle";
}

std::optional<SchoolRegion> ParseSchoolRegion(std::string_view n) {
  if (n == "north" || n == "noord") return SchoolRegion::kNorth;
  if (n == "middle" || n == "midden") return SchoolRegion::kMiddle;
  if (n == "south" || n == "zuid") return SchoolRegion::kSouth;
  return std::nullopt;
}

}  // namespace inbeeld
