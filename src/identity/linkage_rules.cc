#include "identity/linkage_rules.h"

namespace inbeeld {

LinkClassification ClassifyLink(const LinkEvidence& e, const LinkThresholds& t) {
  if (e.cannot_link)
    return {LinkDecision::kNoLink, "rejected earlier by a Veilig Thuis worker (cannot-link)"};
  if (e.must_link)
    return {LinkDecision::kAutoLink, "confirmed earlier by a Veilig Thuis worker (must-link)"};
  if (e.dice < t.review) return {LinkDecision::kNoLink, "similarity below the review threshold"};
  if (e.dice < t.auto_link)
    return {LinkDecision::kReview, "similarity between the review and auto-link thresholds"};
  if (e.partial) return {LinkDecision::kReview, "partial signal: never linked automatically"};
  if (e.first_name_containment < t.first_name_agree) {
    return {LinkDecision::kReview,
            "first names differ (a twin or sibling?): never linked automatically"};
  }
  if (e.birth_date_containment < t.birth_date_agree) {
    return {LinkDecision::kReview,
            "birth dates differ (a parent or namesake?): never linked automatically"};
  }
  if (e.runner_up_dice && e.dice - *e.runner_up_dice < t.margin) {
    return {LinkDecision::kReview, "a second candidate is almost as similar"};
  }
  return {LinkDecision::kAutoLink,
          "similarity above the auto-link threshold, names and birth date agree"};
}

const char* LinkDecisionName(LinkDecision d) {
  switch (d) {
    case LinkDecision::kNoLink: return "no_link";
    case LinkDecision::kReview: return "review";
    case LinkDecision::kAutoLink: return "auto_link";
  }
  return "?";
}

}  // namespace inbeeld
