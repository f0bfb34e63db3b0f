#include "linkage/review_rules.h"

namespace inbeeld {

ReviewFields ReviewFieldsFor(Role role) {
  switch (role) {
    case Role::kVtTriage:
    case Role::kVtCaseWorker:
    case Role::kVtSupervisor: return {true, true, true};
    default: return {};
  }
}

std::optional<ReviewDecision> ParseReviewDecision(std::string_view s) {
  if (s == "confirm") return ReviewDecision::kConfirm;
  if (s == "reject") return ReviewDecision::kReject;
  return std::nullopt;
}

}  // namespace inbeeld
