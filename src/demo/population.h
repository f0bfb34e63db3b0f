// DemoPopulation: a deterministic synthetic register of children, their
// households and parents/carers, their school enrolments, and the
// organisations of the chain (schools, police units, Veilig Thuis regions,
// JGZ, wijkteams, leerplicht, midwives, the operator). Synthetic only: no row
// describes a real person; every BSN begins with 9 (demo/synthetic_bsn.h).
//
// Same options -> byte-identical output, on every platform. Households are
// produced one at a time (ForEachHousehold), so 3.5 million children never sit
// in memory at once; only the organisations are kept.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"
#include "store/store.h"

namespace inbeeld {

struct DemoOptions {
  uint64_t seed = 20250901;
  int64_t children = 1000;  // 1 .. 3,500,000
  // Ages and enrolments are computed on this date; fixed so that the output
  // does not change with the day it is made.
  Date today = Date(std::chrono::year(2025), std::chrono::month(9), std::chrono::day(1));
};

// One person as the register delivers them.
struct DemoMember {
  Person person;    // ext_ref, names, birth date, sex, relation; bsn and ids unset
  std::string bsn;  // synthetic BSN in the clear; "" = this person has none
};

// One household with its members (adults first) and the children's enrolments.
struct DemoHousehold {
  Household household;  // ext_ref and address; id unset
  std::vector<DemoMember> members;
  std::vector<ImportBatch::EnrolmentRow> enrolments;
};

class DemoPopulation {
 public:
  // Fails with kInvalidArgument when options.children is out of range.
  static Result<DemoPopulation> Create(const DemoOptions& options);

  const DemoOptions& options() const { return options_; }
  // Every organisation, in a stable order (admin, police, VT, JGZ, per
  // municipality: wijkteam, leerplicht, midwives, schools).
  const std::vector<Organisation>& organisations() const { return orgs_; }
  // The ext_ref of the primary school the demo school users work at
  // (the first primary school of Amsterdam).
  const std::string& demo_school_ref() const { return demo_school_ref_; }
  // ext_refs of the organisations the other demo users work at.
  std::string police_ref_of(std::string_view municipality_code) const;
  std::string vt_ref_of(std::string_view municipality_code) const;
  std::string jgz_ref_of(std::string_view municipality_code) const;

  // Calls `fn` for each household in order until all options.children children
  // have been produced, or `fn` returns a non-ok Status (which is returned).
  // The DemoHousehold passed to `fn` is reused: copy what must outlive the call.
  Status ForEachHousehold(const std::function<Status(const DemoHousehold&)>& fn) const;

 private:
  struct MunicipalitySchools {
    std::vector<int> po, vo;  // indexes into orgs_
  };
  explicit DemoPopulation(const DemoOptions& options) : options_(options) {}
  void BuildOrganisations();

  DemoOptions options_;
  std::vector<Organisation> orgs_;
  std::vector<MunicipalitySchools> schools_;       // per municipality (table order)
  std::vector<std::vector<int>> mbo_by_province_;  // per municipality: its province's MBOs
  std::vector<int> vt_region_;                     // per municipality: region number
  std::vector<std::string> police_ref_;            // per municipality: its police unit
  std::vector<int64_t> cumulative_weight_;
  std::string demo_school_ref_;
};

}  // namespace inbeeld
