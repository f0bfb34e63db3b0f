// MeldcodeService: Flow 4 of the domain — a professional (school, JGZ,
// midwife, local team) keeps a record through the five steps of the meldcode:
// (1) map the signals, with the kindcheck for an adult client; (2) consult a
// colleague, and if needed Veilig Thuis (anonymously) or a forensic doctor;
// (3) talk with the parent(s) and the child; (4) the afwegingskader's five
// questions in order, each with its reasons (meldcode/rules.h); (5) decide:
// report to Veilig Thuis (a melding pre-filled from the record), help (follow-up
// agreements with a review date, reminded by the job) or close.
//
// A record belongs to the professional's organisation: colleagues of that
// organisation read and write it; anyone else is refused (kPermissionDenied)
// and the refusal is logged. Veilig Thuis sees only what was sent to it
// (VtRequests). Every write names the version it read (optimistic locking):
// a stale version is kConflict, never a silent overwrite. Every read and write
// of the record goes to the access log; every change is kept as an event.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "access/policy.h"
#include "identity/pseudonym.h"
#include "meldcode/rules.h"
#include "platform/clock.h"
#include "store/store.h"
#include "vt/service.h"

namespace inbeeld {

struct MeldcodeNewRecord {
  // The person the concern is about: a register id or a BSN (exactly one).
  std::optional<PersonId> person_id;
  std::string bsn;                   // in the clear only until pseudonymised
  std::string client_kind;           // "child" | "adult" (an adult client: the kindcheck applies)
  std::optional<int64_t> signal_id;  // the organisation's signal this record starts from
  std::string reason;  // break-the-glass reason when the person is outside the own area
  // Started from an escalation in the child's voice (src/voice/): step 1 is
  // recorded with `signals` (the adult's concern and the child's own words, at
  // most 4000 characters) — as every text of a record, readable by the
  // organisation's colleagues only; the record links back to the escalation
  // once LinkVoiceEscalation ran.
  std::string signals;
};

struct MeldcodeAgreementView {
  int64_t id = 0;
  std::string agreements, review_date;
  int64_t created_ms = 0;
  std::optional<int64_t> reminded_ms;
};

struct MeldcodeEventView {
  int64_t at_ms = 0;
  std::string user_name, kind;
  int step = 0;
  std::string summary;
};

// What Veilig Thuis received: a report pre-filled from the record, or an
// anonymous consultation (no person, no family data).
struct MeldcodeVtRequestView {
  int64_t id = 0, record_id = 0;
  std::string kind;   // "report" | "advice"
  std::string state;  // "to_vt" (waiting for Veilig Thuis' intake)
  std::string org_name, professional_name, professional_email;
  std::optional<PersonId> person_id;
  std::string content;  // JSON text: the melding or the question
  int64_t created_ms = 0;
  std::optional<int64_t> vt_report_id;  // the Veilig Thuis intake's report, once forwarded
};

struct MeldcodeRecordView {
  int64_t id = 0;
  OrgId org_id = 0;
  std::string org_name;
  UserId user_id = 0;
  std::string owner_name;
  PersonId person_id = 0;
  std::string person_name, person_birth_date;
  std::string client_kind;  // "child" | "adult"
  std::optional<int64_t> signal_id;
  std::string state;  // "open" | "help" | "reported" | "closed"
  int64_t version = 0;
  MeldcodeStepInput steps;
  std::array<std::optional<int64_t>, 3> step_ms;  // when steps 1–3 were last saved
  MeldcodeAnswers answers;
  std::array<std::string, kMeldcodeQuestions> reasons;
  AfwegingState afweging;  // EvaluateAfwegingskader(answers)
  std::string decision, decision_reasons;
  std::optional<int64_t> decided_ms;
  std::vector<MeldcodeAgreementView> agreements;   // newest first
  std::vector<MeldcodeEventView> events;           // oldest first (filled by Get only)
  std::vector<MeldcodeVtRequestView> vt_requests;  // what went to Veilig Thuis (filled by Get only)
  std::optional<int64_t> voice_escalation_id;      // started from this escalation (src/voice/)
  int64_t created_ms = 0, updated_ms = 0;

  bool steps_1_to_3_recorded() const { return step_ms[0] && step_ms[1] && step_ms[2]; }
  bool final() const { return state == "reported" || state == "closed"; }
};

struct MeldcodeDecisionInput {
  std::string action;  // "report" | "help" | "close"
  std::string reasons, agreements, review_date;
  // A report: the forms of violence (Veilig Thuis' code list) and whether it is acute.
  std::vector<std::string> codes;
  bool acute = false;
};

class MeldcodeService {
 public:
  // All references must outlive the service. `vt` (may be null) is Veilig
  // Thuis' intake: reports and consultations are handed to it after they are
  // recorded; without it (or when it refuses) they wait as 'to_vt' and the
  // Veilig Thuis triage users are told through the outbox.
  MeldcodeService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
                  const Clock& clock, VtService* vt);

  // Veilig Thuis' forms of violence for a report (empty without the intake).
  Result<std::vector<VtCode>> VtCodes();

  // Starts a record about a person `who` may see (need-to-know: refused and
  // logged when not; outside the own area with a reason). Field errors change nothing.
  Result<MeldcodeRecordView> Create(const Principal& who, const MeldcodeNewRecord& in);
  // Inside the caller's transaction `c`: records that record `record_id` was
  // made for the child's-voice escalation `escalation_id` (an event of the
  // record). The entry point for src/voice/, which escalates to the school's contact.
  static Status LinkVoiceEscalation(SqlConnection& c, int64_t record_id, int64_t escalation_id,
                                    const Principal& who, int64_t now_ms);
  // The organisation's records, most recently changed first.
  Result<std::vector<MeldcodeRecordView>> List(const Principal& who, int limit);
  // One record with its events and what went to Veilig Thuis: the own
  // organisation only (others: kPermissionDenied, logged).
  Result<MeldcodeRecordView> Get(const Principal& who, int64_t id);

  // Writes; each REQUIRES the `version` read (kConflict when another write came first)
  // and an open record (kConflict once reported or closed).
  // Steps 1–3 (field errors per step).
  Result<MeldcodeRecordView> SaveStep(const Principal& who, int64_t id, int64_t version, int step,
                                      const MeldcodeStepInput& in);
  // A question of the afwegingskader with its reasons, in order (rules.h).
  Result<MeldcodeRecordView> Answer(const Principal& who, int64_t id, int64_t version, int question,
                                    bool answer, const std::string& reasons);
  // An anonymous consultation with Veilig Thuis: the question only — no name,
  // no person, no family data leave the record.
  Result<MeldcodeRecordView> Consult(const Principal& who, int64_t id, int64_t version,
                                     const std::string& question);
  // Step 5: report (a Veilig Thuis melding pre-filled from the record), help
  // (follow-up agreements with a review date) or close; must fit the afwegingskader.
  Result<MeldcodeRecordView> Decide(const Principal& who, int64_t id, int64_t version,
                                    const MeldcodeDecisionInput& in);

  // Veilig Thuis roles: what professionals sent (reports and anonymous consultations), newest
  // first.
  Result<std::vector<MeldcodeVtRequestView>> VtRequests(const Principal& who, int limit);

  // Scheduled (once across instances): reminds the professional of agreements
  // whose review date has come (Amsterdam date of `now_ms`), once each. Returns how many.
  Result<int> RunReminders(int64_t now_ms);

 private:
  Status Log(const Principal& who, const std::string& action, std::optional<PersonId> person,
             const std::string& detail, const std::string& reason = "");
  // Loads the record for a write inside `c`, checking organisation, version and state.
  Result<MeldcodeRecordView> LoadForWrite(const Principal& who, SqlConnection& c, int64_t id,
                                          int64_t version);
  // `s`, after logging a refused write on another organisation's record.
  Status Refused(const Principal& who, int64_t id, const Status& s);
  // Hands a recorded report or consultation to Veilig Thuis' intake; on
  // refusal it stays 'to_vt' and the triage users are told. Never fails the caller's write.
  void Forward(const Principal& who, int64_t request_id);
  Result<MeldcodeRecordView> ReadBack(const Principal& who, int64_t id, const std::string& what);

  Store& store_;
  AuditLog& audit_;
  const BsnPseudonymizer& pseudonymizer_;
  const Clock& clock_;
  VtService* vt_;
};

}  // namespace inbeeld
