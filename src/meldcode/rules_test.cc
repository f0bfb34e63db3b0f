#include "meldcode/rules.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

constexpr std::optional<bool> Y = true, N = false, _ = std::nullopt;

Date D(const char* s) {
  return ParseIsoDate(s).value();
}

struct AfwegingCase {
  MeldcodeAnswers answers;
  int next;
  MeldcodeOutcome outcome;
  int decided_by;
};

TEST(Afwegingskader, NextQuestionAndOutcomeByTable) {
  const AfwegingCase cases[] = {
      {{_, _, _, _, _}, 1, MeldcodeOutcome::kOpen, 0},
      {{N, _, _, _, _}, 0, MeldcodeOutcome::kCloseNoSuspicion, 1},
      {{Y, _, _, _, _}, 2, MeldcodeOutcome::kOpen, 0},
      {{Y, Y, _, _, _}, 0, MeldcodeOutcome::kReport, 2},
      {{Y, N, _, _, _}, 3, MeldcodeOutcome::kOpen, 0},
      {{Y, N, N, _, _}, 0, MeldcodeOutcome::kReport, 3},
      {{Y, N, Y, _, _}, 4, MeldcodeOutcome::kOpen, 0},
      {{Y, N, Y, N, _}, 0, MeldcodeOutcome::kReport, 4},
      {{Y, N, Y, Y, _}, 5, MeldcodeOutcome::kHelp, 4},
      {{Y, N, Y, Y, N}, 0, MeldcodeOutcome::kReport, 5},
      {{Y, N, Y, Y, Y}, 0, MeldcodeOutcome::kCloseWithAgreements, 5},
      // Answers after the deciding one do not count.
      {{N, Y, Y, Y, Y}, 0, MeldcodeOutcome::kCloseNoSuspicion, 1},
      {{Y, Y, N, N, N}, 0, MeldcodeOutcome::kReport, 2},
      // A gap ends the reading: question 2 is next, whatever follows.
      {{Y, _, Y, Y, Y}, 2, MeldcodeOutcome::kOpen, 0},
  };
  for (const auto& c : cases) {
    AfwegingState s = EvaluateAfwegingskader(c.answers);
    SCOPED_TRACE(testing::Message() << "case decided_by=" << c.decided_by << " next=" << c.next);
    EXPECT_EQ(s.next_question, c.next);
    EXPECT_EQ(s.outcome, c.outcome);
    EXPECT_EQ(s.decided_by, c.decided_by);
    if (c.decided_by) {
      EXPECT_EQ(s.explanation.rfind("vraag " + std::to_string(c.decided_by) + ": ", 0), 0u)
          << s.explanation;
    }
  }
}

TEST(Afwegingskader, ExplanationsSayWhy) {
  EXPECT_EQ(EvaluateAfwegingskader({Y, Y, _, _, _}).explanation,
            "vraag 2: acute of structurele onveiligheid → melden bij Veilig Thuis");
  EXPECT_EQ(EvaluateAfwegingskader({N, _, _, _, _}).explanation,
            "vraag 1: geen vermoeden (meer) → vastleggen en afsluiten");
  EXPECT_NE(EvaluateAfwegingskader({Y, N, Y, Y, N}).explanation.find("(opnieuw) melden"),
            std::string::npos);
}

struct AllowedCase {
  bool steps_done;
  MeldcodeAnswers answers;
  int q;
  StatusCode code;
};

TEST(Afwegingskader, ALaterAnswerCannotComeBeforeTheEarlierOnes) {
  const AllowedCase cases[] = {
      {false, {_, _, _, _, _}, 1, StatusCode::kConflict},  // steps 1–3 first
      {true, {_, _, _, _, _}, 1, StatusCode::kOk},
      {true, {_, _, _, _, _}, 2, StatusCode::kConflict},
      {true, {_, _, _, _, _}, 5, StatusCode::kConflict},
      {true, {Y, _, _, _, _}, 2, StatusCode::kOk},
      {true, {Y, _, _, _, _}, 3, StatusCode::kConflict},
      {true, {N, _, _, _, _}, 2, StatusCode::kConflict},  // decided by question 1
      {true, {N, _, _, _, _}, 1, StatusCode::kOk},        // changing question 1 is allowed
      {true, {Y, Y, _, _, _}, 3, StatusCode::kConflict},  // decided: report
      {true, {Y, Y, _, _, _}, 2, StatusCode::kOk},
      {true, {Y, N, Y, Y, _}, 5, StatusCode::kOk},
      {true, {Y, N, Y, _, _}, 5, StatusCode::kConflict},
      {true, {Y, N, Y, Y, Y}, 5, StatusCode::kOk},
      {true, {_, _, _, _, _}, 0, StatusCode::kInvalidArgument},
      {true, {_, _, _, _, _}, 6, StatusCode::kInvalidArgument},
  };
  for (const auto& c : cases) {
    Status s = CheckAnswerAllowed(c.steps_done, c.answers, c.q);
    EXPECT_EQ(s.code(), c.code) << "question " << c.q << ": " << s.ToString();
  }
  EXPECT_EQ(CheckAnswerAllowed(true, {Y, _, _, _, _}, 4).message(), "beantwoord eerst vraag 2");
}

TEST(Afwegingskader, AChangedAnswerDropsTheLaterOnes) {
  MeldcodeAnswers a{Y, N, Y, Y, _};
  EXPECT_EQ(WithAnswer(a, 2, false), a);  // the same answer keeps the rest
  MeldcodeAnswers changed = WithAnswer(a, 2, true);
  EXPECT_EQ(changed, (MeldcodeAnswers{Y, Y, _, _, _}));
  EXPECT_EQ(EvaluateAfwegingskader(changed).outcome, MeldcodeOutcome::kReport);
  EXPECT_EQ(WithAnswer(a, 5, true), (MeldcodeAnswers{Y, N, Y, Y, Y}));
}

TEST(Afwegingskader, TheDecisionMustFitTheOutcome) {
  struct Case {
    MeldcodeAnswers answers;
    MeldcodeAction action;
    bool ok;
  };
  const Case cases[] = {
      {{_, _, _, _, _}, MeldcodeAction::kReport, false},
      {{Y, _, _, _, _}, MeldcodeAction::kClose, false},
      {{N, _, _, _, _}, MeldcodeAction::kClose, true},
      {{N, _, _, _, _}, MeldcodeAction::kReport, false},
      {{Y, Y, _, _, _}, MeldcodeAction::kReport, true},
      {{Y, Y, _, _, _}, MeldcodeAction::kHelp, false},
      {{Y, N, N, _, _}, MeldcodeAction::kReport, true},
      {{Y, N, Y, N, _}, MeldcodeAction::kReport, true},
      {{Y, N, Y, Y, _}, MeldcodeAction::kHelp, true},
      {{Y, N, Y, Y, _}, MeldcodeAction::kClose, false},
      {{Y, N, Y, Y, N}, MeldcodeAction::kReport, true},
      {{Y, N, Y, Y, Y}, MeldcodeAction::kClose, true},
      {{Y, N, Y, Y, Y}, MeldcodeAction::kReport, false},
  };
  for (const auto& c : cases) {
    Status s = CheckDecision(EvaluateAfwegingskader(c.answers), c.action);
    EXPECT_EQ(s.ok(), c.ok) << MeldcodeActionName(c.action) << ": " << s.ToString();
    if (!c.ok) {
      EXPECT_EQ(s.code(), StatusCode::kConflict);
    }
  }
}

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(MeldcodeSteps, RequiredFieldsPerStep) {
  using V = std::vector<std::string>;
  MeldcodeStepInput empty;
  EXPECT_EQ(Fields(ValidateMeldcodeStep(1, false, empty)), V{"signals"});
  EXPECT_EQ(Fields(ValidateMeldcodeStep(1, true, empty)), (V{"signals", "kindcheck"}));
  MeldcodeStepInput s1;
  s1.signals = "Blauwe plekken op de armen, twee keer deze maand.";
  EXPECT_TRUE(ValidateMeldcodeStep(1, false, s1).empty());
  s1.kindcheck = "yes";
  EXPECT_EQ(Fields(ValidateMeldcodeStep(1, false, s1)), V{"kindcheck"});  // only for adult clients
  EXPECT_EQ(Fields(ValidateMeldcodeStep(1, true, s1)), V{"kindcheck_children"});
  s1.kindcheck_children = "Twee kinderen, 4 en 7 jaar";
  EXPECT_TRUE(ValidateMeldcodeStep(1, true, s1).empty());
  s1.kindcheck = "no";
  s1.kindcheck_children.clear();
  EXPECT_TRUE(ValidateMeldcodeStep(1, true, s1).empty());
  s1.kindcheck = "misschien";
  EXPECT_EQ(Fields(ValidateMeldcodeStep(1, true, s1)), V{"kindcheck"});

  EXPECT_EQ(Fields(ValidateMeldcodeStep(2, false, empty)), (V{"colleague", "colleague_advice"}));
  MeldcodeStepInput s2;
  s2.colleague = "Intern begeleider";
  s2.colleague_advice = "Gesprek met de ouders voorbereiden.";
  EXPECT_TRUE(ValidateMeldcodeStep(2, false, s2).empty());
  s2.consulted_vt = true;
  EXPECT_EQ(Fields(ValidateMeldcodeStep(2, false, s2)), V{"consultation_notes"});
  s2.consultation_notes = "VT adviseerde een gesprek.";
  EXPECT_TRUE(ValidateMeldcodeStep(2, false, s2).empty());

  EXPECT_EQ(Fields(ValidateMeldcodeStep(3, false, empty)), (V{"talk_parents", "talk_child"}));
  MeldcodeStepInput s3;
  s3.talk_parents = "ok";  // too short to be traceable
  s3.talk_child = std::string(4001, 'x');
  auto e3 = ValidateMeldcodeStep(3, false, s3);
  EXPECT_EQ(Fields(e3), (V{"talk_parents", "talk_child"}));
  EXPECT_EQ(e3[1].message, "hoogstens 4000 tekens");
  EXPECT_EQ(Fields(ValidateMeldcodeStep(4, false, s3)), V{"step"});
}

TEST(MeldcodeSteps, DecisionNeedsReasonsAndForHelpAgreementsWithAReviewDate) {
  using V = std::vector<std::string>;
  const Date today = D("2026-11-30");
  AfwegingState report = EvaluateAfwegingskader({Y, Y, _, _, _});
  AfwegingState help = EvaluateAfwegingskader({Y, N, Y, Y, _});
  AfwegingState lasting = EvaluateAfwegingskader({Y, N, Y, Y, Y});
  AfwegingState none = EvaluateAfwegingskader({N, _, _, _, _});
  EXPECT_EQ(Fields(ValidateMeldcodeDecision(report, MeldcodeAction::kReport, "", "", "", today)),
            V{"reasons"});
  EXPECT_TRUE(ValidateMeldcodeDecision(report, MeldcodeAction::kReport, "Acuut gevaar thuis.", "",
                                       "", today)
                  .empty());
  EXPECT_TRUE(ValidateMeldcodeDecision(none, MeldcodeAction::kClose, "Zorg weggenomen na gesprek.",
                                       "", "", today)
                  .empty());
  EXPECT_EQ(Fields(ValidateMeldcodeDecision(help, MeldcodeAction::kHelp, "Hulp aanvaard.", "", "",
                                            today)),
            (V{"agreements", "review_date"}));
  EXPECT_EQ(Fields(ValidateMeldcodeDecision(help, MeldcodeAction::kHelp, "Hulp aanvaard.",
                                            "Wijkteam start opvoedhulp.", "2026-11-30", today)),
            V{"review_date"});  // today is not after today
  EXPECT_EQ(Fields(ValidateMeldcodeDecision(help, MeldcodeAction::kHelp, "Hulp aanvaard.",
                                            "Wijkteam start opvoedhulp.", "2028-01-01", today)),
            V{"review_date"});
  EXPECT_EQ(Fields(ValidateMeldcodeDecision(help, MeldcodeAction::kHelp, "Hulp aanvaard.",
                                            "Wijkteam start opvoedhulp.", "1-12-2026", today)),
            V{"review_date"});
  EXPECT_TRUE(ValidateMeldcodeDecision(help, MeldcodeAction::kHelp, "Hulp aanvaard.",
                                       "Wijkteam start opvoedhulp.", "2027-01-15", today)
                  .empty());
  EXPECT_EQ(Fields(ValidateMeldcodeDecision(lasting, MeldcodeAction::kClose, "Veilig nu.", "", "",
                                            today)),
            (V{"agreements", "review_date"}));
}

}  // namespace
}  // namespace inbeeld
