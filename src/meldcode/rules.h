// The meldcode's rules, pure (STYLE habit 3): which question of the
// afwegingskader comes next and what its outcome is, whether an answer may be
// given now, which decision fits the outcome, and which fields a step needs.
// No I/O; tested by table in rules_test.cc.
//
// The afwegingskader (Flow 4 of ../shared/domain.md), in order:
//   1. After steps 1–3, is there (still) a suspicion?        no  → close (record and close)
//   2. Is there acute or structural unsafety?                 yes → report to Veilig Thuis
//   3. Can I offer or organise effective help?                no  → report
//   4. Is the help accepted?                                  no  → report
//   5. Does the help bring lasting safety in time?            no  → report (again)
//                                                             yes → close with follow-up agreements
// After "yes" on question 4 the help starts (follow-up agreements with a
// review date); question 5 is answered at the review.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace inbeeld {

constexpr int kMeldcodeQuestions = 5;

// answers[0] is question 1; nullopt = not answered.
using MeldcodeAnswers = std::array<std::optional<bool>, kMeldcodeQuestions>;

enum class MeldcodeOutcome {
  kOpen,              // a question before the help is still to be answered
  kCloseNoSuspicion,  // question 1 "no": record and close
  kReport,            // report to Veilig Thuis
  kHelp,              // question 4 "yes": help with follow-up agreements; question 5 at the review
  kCloseWithAgreements,  // question 5 "yes": close with follow-up agreements
};
std::string_view MeldcodeOutcomeName(MeldcodeOutcome o);  // "open", "close_no_suspicion", ...

struct AfwegingState {
  int next_question = 0;  // 1..5; 0 = nothing more to answer (decided)
  MeldcodeOutcome outcome = MeldcodeOutcome::kOpen;
  int decided_by = 0;       // the question whose answer decided the outcome (0 = none yet)
  std::string explanation;  // Dutch: why, e.g. "vraag 2: acute of structurele onveiligheid → melden
                            // bij Veilig Thuis"
};

// The state after `answers`, read in order: answers after the deciding one are
// ignored (the service never stores them), a gap ends the reading.
AfwegingState EvaluateAfwegingskader(const MeldcodeAnswers& answers);

// Whether question `q` (1..5) may be answered now: steps 1–3 must be recorded,
// every earlier question answered, and no earlier answer may have decided the
// outcome. Changing an earlier answer is allowed. kInvalidArgument (field
// "question") or kConflict (the order) otherwise.
Status CheckAnswerAllowed(bool steps_1_to_3_recorded, const MeldcodeAnswers& answers, int q);

// `answers` with question `q` answered `value`; a changed answer drops every
// later answer (they were given on other grounds).
MeldcodeAnswers WithAnswer(const MeldcodeAnswers& answers, int q, bool value);

// The decisions of step 5.
enum class MeldcodeAction { kReport, kHelp, kClose };
std::optional<MeldcodeAction> ParseMeldcodeAction(
    std::string_view s);  // "report" | "help" | "close"
std::string_view MeldcodeActionName(MeldcodeAction a);

// Whether `action` fits the afwegingskader's outcome: close after "no
// suspicion" or "lasting safety", report after any "report", help after
// "help accepted". kConflict with a Dutch reason otherwise.
Status CheckDecision(const AfwegingState& state, MeldcodeAction action);

// What a professional records in steps 1–3 (one step at a time).
struct MeldcodeStepInput {
  // Step 1: map the signals; for an adult client the kindcheck.
  std::string signals;
  std::string kindcheck;           // "yes" | "no" (adult client only)
  std::string kindcheck_children;  // which children, when "yes"
  // Step 2: consult a colleague, and if needed Veilig Thuis or a forensic doctor.
  std::string colleague;  // who was consulted
  std::string colleague_advice;
  bool consulted_vt = false, consulted_forensic = false;
  std::string consultation_notes;
  // Step 3: talk with the parent(s) and the child (or why not).
  std::string talk_parents, talk_child;
};

constexpr size_t kMeldcodeTextMax = 4000;

// Field errors (Dutch) for step `step` (1..3) of a record about a child
// (`adult_client` = false) or an adult client. Empty = valid.
std::vector<FieldError> ValidateMeldcodeStep(int step, bool adult_client,
                                             const MeldcodeStepInput& in);

// Field errors for a decision's reasons and follow-up agreements. help and a
// close after question 5 need agreements and a review date after `today` and
// within a year; reasons are always required.
std::vector<FieldError> ValidateMeldcodeDecision(const AfwegingState& state, MeldcodeAction action,
                                                 const std::string& reasons,
                                                 const std::string& agreements,
                                                 const std::string& review_date, Date today);

}  // namespace inbeeld
