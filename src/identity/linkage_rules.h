// The linkage decision for one candidate, as a pure function of the evidence:
// auto-link, review by a Veilig Thuis worker, or no link, with the reason.
//
// A false merge of two children is worse than a miss, so an automatic link
// needs, besides a Dice score at or above the auto-link threshold:
//   - a complete signal (first name, last name, birth date; IsPartial false);
//   - the first names agreeing (twins and siblings share everything else):
//     most of the signal's first-name bits present in the candidate;
//   - the birth dates agreeing (a parent and child with one name differ there);
//   - a clear winner: no second candidate within `margin` of the best;
//   - no cannot-link decision for this pair.
// A must-link decision (a VT worker confirmed this pair) links regardless.
// Thresholds were calibrated on FEBRL 4 and a synthetic Dutch population
// (docs/identity.md).
#pragma once

#include <optional>
#include <string>

namespace inbeeld {

struct LinkThresholds {
  double auto_link = 0.84;         // Dice at or above: may link automatically
  double review = 0.65;            // Dice at or above (and below auto_link): review
  double first_name_agree = 0.95;  // containment of the signal's first-name bits
  double birth_date_agree = 0.99;  // containment of the signal's birth-date bits
  double margin = 0.03;            // best minus runner-up, for an automatic link
};

enum class LinkDecision { kNoLink, kReview, kAutoLink };

struct LinkEvidence {
  double dice = 0;
  std::optional<double> runner_up_dice;  // the next candidate's Dice, if any
  double first_name_containment = 1;     // of the signal's first-name bits in the candidate
  double birth_date_containment = 1;     // of the signal's birth-date bits in the candidate
  bool partial = false;                  // IsPartial(signal)
  bool must_link = false;                // a VT worker confirmed this pair
  bool cannot_link = false;              // a VT worker rejected this pair
};

struct LinkClassification {
  LinkDecision decision = LinkDecision::kNoLink;
  std::string reason;  // English, for the access log and the review screen
};

LinkClassification ClassifyLink(const LinkEvidence& e, const LinkThresholds& t);

const char* LinkDecisionName(LinkDecision d);  // "no_link" | "review" | "auto_link"

}  // namespace inbeeld
