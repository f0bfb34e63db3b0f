// SignalService: Flow 2 of the domain — professionals register signals about a
// child; signals of different organisations on the same child or household
// meet (a match, with each other's contact details, never each other's notes);
// accumulation rules turn weak signals into a review task for Veilig Thuis;
// the radar shows Veilig Thuis a child's or household's chronology; retention
// archives and deletes signals on time.
//
// Every write commits in one transaction with its matches, review tasks and
// outbox notices (transactional outbox): nothing accepted is lost. Every read
// or write of a person's data is recorded in the access log; a read of another
// organisation's signal is refused (kPermissionDenied) and logged. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "access/policy.h"
#include "core/calendar.h"
#include "identity/pseudonym.h"
#include "platform/clock.h"
#include "signals/rules.h"
#include "store/store.h"

namespace inbeeld {

struct SignalInput {
  // The child: exactly one of person_id, bsn, or first/last name + birth date
  // (+ postcode and house number when known). A child the register does not
  // know is accepted unlinked and linked later.
  std::optional<PersonId> person_id;
  std::string bsn;  // in the clear only until pseudonymised
  std::string first_name, last_name, birth_date, postcode, house_number;
  std::string category;     // a code from the category list
  int64_t level = 0;        // 1..3
  std::string note;         // optional; only the own organisation and Veilig Thuis read it
  std::string signal_date;  // YYYY-MM-DD; "" = today
  std::string contact_phone, contact_email;  // at least one
};

struct SignalCategory {
  std::string code, label_nl, label_en;
  bool active = true;
};

struct SignalView {
  int64_t id = 0;
  std::optional<PersonId> person_id;
  std::string child_name;        // register name, or the subject as given when unlinked
  std::string child_birth_date;  // YYYY-MM-DD ("" when unknown)
  OrgId org_id = 0;
  std::string org_name;
  UserId user_id = 0;
  std::string contact_name, contact_phone, contact_email;
  std::string category;
  int level = 0;
  std::string note;
  bool note_visible = false;  // false: note withheld (never sent)
  std::string signal_date;
  std::string state;  // "active" | "archived"
  std::string active_until, archive_until;
  int64_t created_ms = 0, updated_ms = 0;
};

struct SignalResult {
  SignalView signal;
  bool created = false;              // false: the organisation's active signal was updated
  std::vector<int64_t> new_matches;  // match ids made now
  std::vector<int64_t> reviews;      // review tasks fired now
};

struct SignalMatchView {
  int64_t id = 0;
  std::string kind;  // "same_child" | "household"
  int64_t my_signal_id = 0;
  std::optional<PersonId> child_id;  // the child of MY signal
  std::string child_name;
  std::string child_birth_date;
  // The other professional: contact details only, never the note.
  std::string other_org_name, other_contact_name, other_contact_phone, other_contact_email;
  int64_t created_ms = 0;
  std::string due_date;     // follow up before the end of this day (10 working days)
  std::string coordinator;  // "me" | "other" | ""
  std::string coordinator_org_name;
  std::optional<int64_t> followed_up_ms, overdue_ms;
  std::string state;  // "open" | "followed_up" | "overdue"
};

struct SignalMatchStats {
  int64_t total = 0, followed_up = 0, open = 0, overdue = 0, overdue_then_followed_up = 0;
};

struct SignalReviewView {
  int64_t id = 0;
  std::string rule_code;
  int rule_version = 0;
  PersonId person_id = 0;
  std::string child_name, child_birth_date;
  int64_t fired_ms = 0;
  std::string explanation;
  std::vector<int64_t> event_ids, hwc_notice_ids;
  std::string state;  // "open" | "closed"
  std::string outcome;
  std::optional<int64_t> closed_ms;
};

// One line of the radar's chronology.
struct RadarEntry {
  std::string date;  // YYYY-MM-DD
  int64_t at_ms = 0;
  std::string kind;  // "signal" | "match" | "hwc" | "review"
  PersonId person_id = 0;
  std::string person_name;
  std::string org_name;
  std::string title;   // Dutch
  std::string detail;  // Dutch: category + level, note, state, explanation
};

struct RadarFilter {
  std::optional<Date> from, to;  // inclusive
  std::set<std::string> kinds;   // empty = all
};

struct Radar {
  std::string
      subject;  // "Emma de Vries (12 maart 2015)" or "huishouden Lindenlaan 4, 1234 AB Dorp"
  std::vector<RadarEntry> entries;  // newest first
  std::vector<PersonId> persons;    // the persons covered
};

struct SignalJobStats {
  int archived = 0, deleted = 0, overdue_matches = 0;
};

class SignalService {
 public:
  // All references must outlive the service.
  SignalService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
                const Clock& clock, const HolidayCalendar& holidays);

  Result<std::vector<SignalCategory>> Categories();
  // Adds a category or changes its labels / whether new signals may use it
  // (existing signals keep theirs). Veilig Thuis supervisor or admin; logged.
  Result<SignalCategory> PutCategory(const Principal& who, const SignalCategory& category);

  // Registers (or, for the organisation's active signal on the same child,
  // updates) a signal, with its matches, rule evaluation and notices in one
  // transaction. Field errors (kInvalidArgument) change nothing.
  Result<SignalResult> Register(const Principal& who, const SignalInput& in);
  // The organisation's own signals (active first, newest first).
  Result<std::vector<SignalView>> OwnSignals(const Principal& who, int limit);
  // One signal: its own organisation and Veilig Thuis only (others: kPermissionDenied, logged).
  Result<SignalView> Get(const Principal& who, int64_t id);
  // Veilig Thuis links an unlinked signal to a person of the register; then matching and rules run.
  Result<SignalResult> Link(const Principal& who, int64_t id, PersonId person);
  // Unlinked active signals (Veilig Thuis), newest first.
  Result<std::vector<SignalView>> Unlinked(const Principal& who, int limit);

  // Matches involving the organisation's signals, newest first.
  Result<std::vector<SignalMatchView>> Matches(const Principal& who, int limit);
  // `who`'s organisation becomes coordinator (regievoerder) of the match; this
  // counts as follow-up; the other professional is told. kConflict when the other party already
  // took it.
  Result<SignalMatchView> TakeCoordination(const Principal& who, int64_t match_id);
  // Records that the professionals were in touch (follow-up without taking coordination).
  Result<SignalMatchView> MarkFollowedUp(const Principal& who, int64_t match_id);
  Result<SignalMatchStats> MatchStats();

  // Rules: listed and changed by the Veilig Thuis supervisor or admin; every change is logged.
  Result<std::vector<SignalRule>> Rules();
  Result<SignalRule> UpdateRule(const Principal& who, const std::string& code,
                                const SignalRule& changed);

  // Review tasks for Veilig Thuis.
  Result<std::vector<SignalReviewView>> Reviews(const Principal& who, const std::string& state,
                                                int limit);
  Result<SignalReviewView> CloseReview(const Principal& who, int64_t id,
                                       const std::string& outcome);

  // The radar (Veilig Thuis roles): the chronology of a child, or of every
  // member of a household. `reason` is required and recorded per person.
  Result<Radar> PersonRadar(const Principal& who, PersonId person, const std::string& reason,
                            const RadarFilter& f);
  Result<Radar> HouseholdRadar(const Principal& who, HouseholdId household,
                               const std::string& reason, const RadarFilter& f);

  // Scheduled (once across instances): archive signals past active_until,
  // delete archived signals past archive_until, flag matches not followed up
  // by their due date (both professionals are told). Idempotent for `now_ms`.
  Result<SignalJobStats> RunJobs(int64_t now_ms);

 private:
  Status Log(const Principal& who, const std::string& action, std::optional<PersonId> person,
             const std::string& detail, const std::string& reason = "");
  Result<Radar> BuildRadar(const Principal& who, const std::vector<Person>& persons,
                           std::string subject, const std::string& reason, const RadarFilter& f);

  Store& store_;
  AuditLog& audit_;
  const BsnPseudonymizer& pseudonymizer_;
  const Clock& clock_;
  const HolidayCalendar& holidays_;
};

}  // namespace inbeeld
