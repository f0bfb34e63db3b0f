// LinkageService: links unlinked signals (src/signals/) to register persons
// without a BSN. The in-memory index (identity/linkage_index.h) is built from
// the register — every person with their household's address — and rebuilt
// when the register changes. A signal's postcode and house number complete its
// street and city from the register (one address). Run() looks at each active
// unlinked signal once:
//   - above the auto-link threshold, and passing the twin/sibling, birth-date
//     and clear-winner rules: linked through SignalService::Link (so matching
//     and the accumulation rules run), as the system acting for the signal's
//     author;
//   - between the thresholds: candidates in the review queue (linkage_reviews)
//     for a Veilig Thuis worker, who sees subject and person side by side
//     (ReviewFieldsFor) and confirms (SignalService::Link, kept as must-link)
//     or rejects (kept as cannot-link: never proposed again);
//   - below: no link (looked at again after the register changes).
// Every proposal, view and decision is in the access log. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "access/principal.h"
#include "identity/bloom_encoder.h"
#include "identity/linkage_index.h"
#include "identity/linkage_rules.h"
#include "linkage/review_rules.h"
#include "platform/clock.h"
#include "signals/service.h"
#include "store/store.h"

namespace inbeeld {

// One side of the side-by-side view; fields the role may not see are "".
struct LinkageSide {
  std::string first_name, last_name, birth_date, street, house_number, postcode, city;
};

struct LinkageCandidateView {
  int64_t review_id = 0;
  PersonId person_id = 0;
  int position = 0;
  double score = 0;
  std::string reason;
  std::string state;  // "open" | "confirmed" | "rejected" | "closed"
  LinkageSide person;
};

struct LinkageReviewItem {
  int64_t signal_id = 0;
  std::string org_name;
  std::string signal_date;
  LinkageSide subject;
  std::vector<LinkageCandidateView> candidates;  // best first
};

// Partial signals (a first name, an estimated age, a street): candidate
// households, best first, for a person to choose from — never a link.
struct PartialMember {
  PersonId person_id = 0;
  std::string first_name, last_name, birth_date;
  double score = 0;  // share of the signal's bits present
};
struct PartialHousehold {
  HouseholdId household_id = 0;
  std::string street, house_number, postcode, city;
  double score = 0;                    // its best member's
  std::vector<PartialMember> members;  // the matching members
};

struct LinkageRunStats {
  int64_t indexed = 0;  // persons in the index
  bool rebuilt = false;
  int64_t checked = 0, auto_linked = 0, review = 0, no_candidate = 0;
};

class LinkageService {
 public:
  LinkageService(Store& store, AuditLog& audit, const Clock& clock, SignalService& signals,
                 BloomEncoder encoder, LinkThresholds thresholds = {});

  // Rebuilds the index when the register changed (or `force`). A rebuild drops
  // the no-candidate checks, so those signals are looked at again.
  Result<bool> RefreshIndex(bool force = false);
  // Refreshes the index, then looks at every active unlinked signal not looked
  // at yet (at most 1000 per call).
  Result<LinkageRunStats> Run();
  // Open candidates, grouped per signal, oldest signal first; each person shown
  // is logged as read.
  Result<std::vector<LinkageReviewItem>> Reviews(const Principal& who, int limit);
  // Ranked candidate households for a partial signal (ValidateForLinkage; a
  // first name and a street or postcode are required). Each person shown is
  // logged as read. kInvalidArgument with field errors on bad input.
  Result<std::vector<PartialHousehold>> PartialCandidates(const Principal& who,
                                                          const LinkageRecord& partial);
  // Confirm (link through SignalService::Link; must-link) or reject
  // (cannot-link). kNotFound: no such review; kConflict: already decided.
  Result<LinkageReviewItem> Decide(const Principal& who, int64_t review_id,
                                   ReviewDecision decision);

 private:
  struct Snapshot {
    LinkageIndex index;
    int64_t persons = 0, max_id = 0;
    int64_t built_ms = 0;
  };
  Status LogAs(const Principal* who, const std::string& action, std::optional<PersonId> person,
               const std::string& detail);
  Result<LinkageReviewItem> LoadItem(const Principal& who, int64_t signal_id, bool only_open);

  Store& store_;
  AuditLog& audit_;
  const Clock& clock_;
  SignalService& signals_;
  BloomEncoder encoder_;
  LinkThresholds thresholds_;
  std::mutex run_mu_;  // one Run at a time in this process (the API and the scheduler)
  std::mutex mu_;      // guards snapshot_
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace inbeeld
