// Pure rules of the linkage review: which identifying fields a role sees when
// it compares a signal's subject with a register person side by side, and the
// decisions a worker can take.
#pragma once

#include <optional>
#include <string_view>

#include "core/role.h"

namespace inbeeld {

// The fields of the side-by-side view. Never shown: the BSN (pseudonym) and
// the signal's note — identification does not need them.
struct ReviewFields {
  bool names = false;
  bool birth_date = false;
  bool address = false;  // street, house number, postcode, city
};

// Veilig Thuis triage, case workers and supervisors decide links: they see the
// names, birth date and address. Every other role sees nothing.
ReviewFields ReviewFieldsFor(Role role);

enum class ReviewDecision { kConfirm, kReject };
// "confirm" | "reject"; nullopt for anything else.
std::optional<ReviewDecision> ParseReviewDecision(std::string_view s);

}  // namespace inbeeld
