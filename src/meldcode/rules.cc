#include "meldcode/rules.h"

#include "core/text.h"

namespace inbeeld {
namespace {

// A required free-text field: at least a few words, at most kMeldcodeTextMax.
void RequireText(std::vector<FieldError>* errors, const char* field, const std::string& value,
                 const char* missing) {
  const std::string t = Trim(value);
  if (t.empty())
    errors->push_back({field, missing});
  else if (t.size() < 5)
    errors->push_back({field, "schrijf iets meer op (minstens 5 tekens)"});
  else if (t.size() > kMeldcodeTextMax)
    errors->push_back({field, "hoogstens 4000 tekens"});
}

void LimitText(std::vector<FieldError>* errors, const char* field, const std::string& value) {
  if (Trim(value).size() > kMeldcodeTextMax) errors->push_back({field, "hoogstens 4000 tekens"});
}

}  // namespace

std::string_view MeldcodeOutcomeName(MeldcodeOutcome o) {
  switch (o) {
    case MeldcodeOutcome::kOpen: return "open";
    case MeldcodeOutcome::kCloseNoSuspicion: return "close_no_suspicion";
    case MeldcodeOutcome::kReport: return "report";
    case MeldcodeOutcome::kHelp: return "help";
    case MeldcodeOutcome::kCloseWithAgreements: return "close_with_agreements";
  }
  return "open";
}

AfwegingState EvaluateAfwegingskader(const MeldcodeAnswers& answers) {
  AfwegingState s;
  for (int q = 1; q <= kMeldcodeQuestions; ++q) {
    const std::optional<bool>& a = answers[q - 1];
    if (!a) {
      s.next_question = q;
      if (q == 5) {
        s.outcome = MeldcodeOutcome::kHelp;
        s.decided_by = 4;
        s.explanation =
            "vraag 4: de hulp is aanvaard → hulp met vervolgafspraken; vraag 5 bij de evaluatie";
      }
      return s;
    }
    auto decide = [&](MeldcodeOutcome o, std::string why) {
      s.next_question = 0;
      s.outcome = o;
      s.decided_by = q;
      s.explanation = "vraag " + std::to_string(q) + ": " + std::move(why);
    };
    switch (q) {
      case 1:
        if (!*a) {
          decide(MeldcodeOutcome::kCloseNoSuspicion,
                 "geen vermoeden (meer) → vastleggen en afsluiten");
          return s;
        }
        break;
      case 2:
        if (*a) {
          decide(MeldcodeOutcome::kReport,
                 "acute of structurele onveiligheid → melden bij Veilig Thuis");
          return s;
        }
        break;
      case 3:
        if (!*a) {
          decide(MeldcodeOutcome::kReport,
                 "geen passende hulp te bieden of te organiseren → melden");
          return s;
        }
        break;
      case 4:
        if (!*a) {
          decide(MeldcodeOutcome::kReport, "de hulp wordt niet aanvaard → melden");
          return s;
        }
        break;
      case 5:
        if (*a) {
          decide(MeldcodeOutcome::kCloseWithAgreements,
                 "de hulp leidt tot duurzame veiligheid → afsluiten met vervolgafspraken");
        } else {
          decide(MeldcodeOutcome::kReport,
                 "de hulp leidt niet (op tijd) tot duurzame veiligheid → (opnieuw) melden");
        }
        return s;
    }
  }
  return s;
}

Status CheckAnswerAllowed(bool steps_1_to_3_recorded, const MeldcodeAnswers& answers, int q) {
  if (q < 1 || q > kMeldcodeQuestions) return Status::Invalid("vraag 1 tot en met 5", "question");
  if (!steps_1_to_3_recorded) {
    return Status::Conflict(
        "leg eerst stap 1 tot en met 3 vast (signalen, overleg, gesprek) voordat u de "
        "afwegingsvragen beantwoordt");
  }
  MeldcodeAnswers earlier{};
  for (int i = 0; i < q - 1; ++i) earlier[i] = answers[i];
  AfwegingState before = EvaluateAfwegingskader(earlier);
  if (before.next_question == q) return Status::Ok();
  if (before.next_question != 0 && before.next_question < q) {
    return Status::Conflict("beantwoord eerst vraag " + std::to_string(before.next_question));
  }
  return Status::Conflict("vraag " + std::to_string(q) +
                          " is niet meer aan de orde: " + before.explanation);
}

MeldcodeAnswers WithAnswer(const MeldcodeAnswers& answers, int q, bool value) {
  MeldcodeAnswers out = answers;
  if (q < 1 || q > kMeldcodeQuestions) return out;
  const bool changed = out[q - 1] != value;
  out[q - 1] = value;
  if (changed) {
    for (int i = q; i < kMeldcodeQuestions; ++i) out[i].reset();
  }
  return out;
}

std::optional<MeldcodeAction> ParseMeldcodeAction(std::string_view s) {
  if (s == "report") return MeldcodeAction::kReport;
  if (s == "help") return MeldcodeAction::kHelp;
  if (s == "close") return MeldcodeAction::kClose;
  return std::nullopt;
}

std::string_view MeldcodeActionName(MeldcodeAction a) {
  switch (a) {
    case MeldcodeAction::kReport: return "report";
    case MeldcodeAction::kHelp: return "help";
    case MeldcodeAction::kClose: return "close";
  }
  return "close";
}

Status CheckDecision(const AfwegingState& state, MeldcodeAction action) {
  switch (state.outcome) {
    case MeldcodeOutcome::kOpen:
      return Status::Conflict("het afwegingskader is nog niet doorlopen: beantwoord eerst vraag " +
                              std::to_string(state.next_question));
    case MeldcodeOutcome::kCloseNoSuspicion:
    case MeldcodeOutcome::kCloseWithAgreements:
      if (action == MeldcodeAction::kClose) return Status::Ok();
      break;
    case MeldcodeOutcome::kReport:
      if (action == MeldcodeAction::kReport) return Status::Ok();
      break;
    case MeldcodeOutcome::kHelp:
      if (action == MeldcodeAction::kHelp) return Status::Ok();
      break;
  }
  return Status::Conflict("dit besluit past niet bij het afwegingskader (" + state.explanation +
                          ")");
}

std::vector<FieldError> ValidateMeldcodeStep(int step, bool adult_client,
                                             const MeldcodeStepInput& in) {
  std::vector<FieldError> e;
  switch (step) {
    case 1:
      RequireText(&e, "signals", in.signals, "beschrijf de signalen");
      if (adult_client) {
        if (in.kindcheck != "yes" && in.kindcheck != "no") {
          e.push_back({"kindcheck",
                       "kindcheck: geef aan of de cliënt kinderen heeft (of zorgt voor kinderen)"});
        } else if (in.kindcheck == "yes") {
          RequireText(&e, "kindcheck_children", in.kindcheck_children,
                      "noem de kinderen (naam, leeftijd) en hun situatie");
        } else {
          LimitText(&e, "kindcheck_children", in.kindcheck_children);
        }
      } else if (!in.kindcheck.empty()) {
        e.push_back({"kindcheck", "de kindcheck hoort bij een volwassen cliënt"});
      }
      break;
    case 2:
      RequireText(&e, "colleague", in.colleague, "met wie heeft u overlegd (naam of functie)?");
      if (Trim(in.colleague).size() > 200) e.push_back({"colleague", "hoogstens 200 tekens"});
      RequireText(&e, "colleague_advice", in.colleague_advice, "wat kwam er uit het overleg?");
      LimitText(&e, "consultation_notes", in.consultation_notes);
      if ((in.consulted_vt || in.consulted_forensic) && Trim(in.consultation_notes).empty()) {
        e.push_back({"consultation_notes", "wat adviseerde Veilig Thuis of de forensisch arts?"});
      }
      break;
    case 3:
      RequireText(&e, "talk_parents", in.talk_parents,
                  "wat is besproken met de ouder(s), of waarom niet?");
      RequireText(&e, "talk_child", in.talk_child,
                  "wat is besproken met het kind, of waarom niet?");
      break;
    default:
      e.push_back({"step", "stap 1, 2 of 3 (stap 4 is het afwegingskader, stap 5 het besluit)"});
  }
  return e;
}

std::vector<FieldError> ValidateMeldcodeDecision(const AfwegingState& state, MeldcodeAction action,
                                                 const std::string& reasons,
                                                 const std::string& agreements,
                                                 const std::string& review_date, Date today) {
  std::vector<FieldError> e;
  RequireText(&e, "reasons", reasons, "waarom dit besluit? De afweging moet na te lezen zijn");
  const bool needs_agreements =
      action == MeldcodeAction::kHelp ||
      (action == MeldcodeAction::kClose && state.outcome == MeldcodeOutcome::kCloseWithAgreements);
  if (!needs_agreements) {
    LimitText(&e, "agreements", agreements);
    return e;
  }
  RequireText(&e, "agreements", agreements, "leg de vervolgafspraken vast (wie doet wat, wanneer)");
  const std::string d = Trim(review_date);
  if (d.empty()) {
    e.push_back({"review_date", "kies een evaluatiedatum"});
  } else {
    auto parsed = ParseIsoDate(d, "review_date");
    if (!parsed.ok())
      e.push_back({"review_date", "datum als JJJJ-MM-DD"});
    else if (DaysSinceEpoch(*parsed) <= DaysSinceEpoch(today))
      e.push_back({"review_date", "de evaluatiedatum ligt na vandaag"});
    else if (DaysSinceEpoch(*parsed) > DaysSinceEpoch(today) + 366)
      e.push_back({"review_date", "de evaluatiedatum ligt binnen een jaar"});
  }
  return e;
}

}  // namespace inbeeld
