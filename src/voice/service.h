// VoiceService: Flow 5 of the domain — a child tells their story early, to an
// adult they trust, in their own way and time.
//
// Staff side (a Principal): organisations register trusted adults, who accept
// the role; adults hand out personal codes or passphrases; an adult reads the
// threads of the children who chose them (every read in the access log; anyone
// else is refused with kPermissionDenied, also logged), replies, and escalates
// to the school's contact or to Veilig Thuis with the child's own words, the
// consent or the legal ground recorded.
// Child side (a VoiceChild, no Principal): open the place with a code
// (rate-limited per address and per code prefix, stored across instances; a
// wrong code never says whether it exists), a session-only cookie, a nickname,
// choosing adults, sending messages, talk requests and moods, reading replies.
//
// Message bodies are sealed at rest (VoiceKeys); notices through the outbox
// never carry the child's words. Every write commits in one transaction with
// its notices. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/audit_log.h"
#include "access/password.h"
#include "access/policy.h"
#include "core/calendar.h"
#include "meldcode/service.h"
#include "platform/clock.h"
#include "store/store.h"
#include "voice/crypto.h"
#include "voice/rules.h"
#include "vt/service.h"

namespace inbeeld {

struct VoiceAdultView {
  int64_t id = 0;
  UserId user_id = 0;
  std::string user_name;  // the account's display name
  OrgId org_id = 0;
  std::string org_name;
  std::string kind;          // "trusted_person" | "jim_mentor" | "hwc_contact"
  std::string display_name;  // as children see it
  int64_t registered_ms = 0;
  std::optional<int64_t> accepted_ms, left_ms;
  std::optional<int64_t>
      child_id;  // a JIM mentor invited for one child: offered to that child only
  bool available() const { return accepted_ms.has_value() && !left_ms.has_value(); }
};

struct VoiceCodeIssued {
  int64_t child_id = 0;
  std::string code;  // shown once, never stored
  VoiceCodeKind kind = VoiceCodeKind::kCode;
};

struct VoiceChild {
  int64_t id = 0;
  std::string nickname;
  OrgId org_id = 0;
  std::optional<int64_t> hwc_notice_id;
};

struct VoiceChildSession {
  std::string token;  // the cookie value (only its SHA-256 is stored)
  std::string csrf;
  VoiceChild child;
};

struct VoiceMessageView {
  int64_t id = 0;
  std::string author;  // "child" | "adult"
  std::string kind;    // "message" | "talk" | "mood" | "reply"
  std::string text;
  std::string talk_when, talk_where;
  int mood = 0;
  std::string adult_name;  // replies: the adult's display name
  int64_t created_ms = 0;
  std::optional<int64_t> due_ms, answered_ms;
};

struct VoiceThreadSummary {
  int64_t child_id = 0;
  std::string nickname;
  int64_t last_ms = 0;
  int open = 0;  // child's messages not answered yet
  std::optional<int64_t> oldest_due_ms;
  bool overdue = false;
};

// The child's adults as the child's page shows them.
struct VoiceAdultChoice {
  int64_t adult_id = 0;
  std::string display_name;
  std::string kind;
  bool chosen = false;
  bool left = false;  // chosen before, but no longer there: the child is told kindly
};

struct VoiceSend {
  std::string kind;  // "message" | "talk" | "mood"
  std::string text;  // message; optional with a talk request or a mood
  std::string talk_when, talk_where;
  int mood = 0;
};

struct VoiceEscalationInput {
  std::string target;  // "school_contact" | "vt"
  bool consent = false;
  std::string legal_ground;          // required without consent
  std::string concern;               // the adult's short summary
  std::vector<int64_t> message_ids;  // the child's messages to copy (only these)
  // To the school's contact: the register number of the child when the adult
  // knows and may see them; then a meldcode record is started with the
  // child's words (MeldcodeService::Create, need-to-know of the adult).
  std::optional<PersonId> person_id;
};

struct VoiceEscalationView {
  int64_t id = 0;
  int64_t child_id = 0;
  std::string nickname;
  std::string target;
  bool consent = false;
  std::string legal_ground, concern;
  std::vector<VoiceMessageView> words;
  std::string by_name, org_name;
  int recipients = 0;
  std::optional<int64_t>
      vt_report_id;  // to Veilig Thuis: the advice request made through VtService
  std::optional<int64_t> meldcode_record_id;  // to the school: the meldcode record started
  int64_t created_ms = 0;
};

// An invitation of a JIM mentor from the child's own network (no account yet).
struct JimInvitationInput {
  std::string name;                 // how the child knows them: "oom Karim"
  std::string email;                // where the one-time link goes; their username once accepted
  std::optional<int64_t> child_id;  // the child's place that named them; none: the organisation
};

struct JimInvitationView {
  int64_t id = 0;
  OrgId org_id = 0;
  std::string org_name;
  std::optional<int64_t> child_id;
  std::string child_nickname;
  std::string name, email;
  std::string invited_by_name;
  int64_t created_ms = 0, expires_ms = 0;
  std::optional<int64_t> accepted_ms, withdrawn_ms, adult_id;
  std::string state;  // JimInvitationStateName: "open" | "accepted" | "withdrawn" | "expired" |
                      // "left" (accepted, then withdrawn)
};

struct VoiceJobStats {
  int reminded = 0;
  int sessions_ended = 0;
};

class VoiceService {
 public:
  // Sessions end after this much idleness (and always when the tab closes:
  // the cookie has no lifetime), and at the latest after kSessionMaxMs.
  static constexpr int64_t kSessionIdleMs = 30 * 60 * 1000;
  static constexpr int64_t kSessionMaxMs = 4 * 3600 * 1000;

  // All references must outlive the service. `vt` (may be null): escalations to
  // Veilig Thuis become a VT advice request through it, with the child's words.
  // `meldcode` (may be null): escalations to the school's contact with a
  // person start a meldcode record. `hasher` (may be null: no JIM invitations
  // can be accepted) hashes the password a JIM mentor sets. `public_url`: the
  // address users reach InBeeld at, for the link in the invitation e-mail.
  VoiceService(Store& store, AuditLog& audit, const VoiceKeys& keys, const Clock& clock,
               const HolidayCalendar& holidays, VtService* vt = nullptr,
               MeldcodeService* meldcode = nullptr, const PasswordHasher* hasher = nullptr,
               std::string public_url = "");

  // --- trusted adults --------------------------------------------------------
  // Registers `user` of `who`'s organisation (administrator: any) as a trusted
  // adult; the user is told and must accept. A registration of someone who left
  // is renewed. Field errors: kInvalidArgument.
  Result<VoiceAdultView> RegisterAdult(const Principal& who, UserId user, const std::string& kind,
                                       const std::string& display_name);
  // The organisation's adults (administrator: all).
  Result<std::vector<VoiceAdultView>> Adults(const Principal& who);
  // Users of `who`'s organisation (administrator: all) who could be registered: (id, "name
  // (role)").
  Result<std::vector<std::pair<UserId, std::string>>> Candidates(const Principal& who);
  // `who`'s own registration (kNotFound when none).
  Result<VoiceAdultView> Me(const Principal& who);
  Result<VoiceAdultView> Accept(const Principal& who);
  // The adult has left the organisation: children who chose them are told kindly.
  Result<VoiceAdultView> MarkLeft(const Principal& who, int64_t adult_id);

  // --- JIM mentors from the child's network ---------------------------------
  // The child's professional invites a mentor by name and e-mail, for one
  // child's place of `who`'s organisation or for the organisation. The mentor
  // gets an e-mail (outbox) with a one-time link, valid kJimInvitationTtlMs;
  // only the token's SHA-256 is stored. Field errors: kInvalidArgument.
  Result<JimInvitationView> InviteJim(const Principal& who, const JimInvitationInput& in);
  // The organisation's invitations, newest first (administrator: all).
  Result<std::vector<JimInvitationView>> JimInvitations(const Principal& who);
  // Withdraws an open invitation, or — once accepted — the mentor: the adult
  // has left (the child is told kindly), the account is disabled and its
  // sessions end. Another organisation's: kPermissionDenied, logged.
  Result<JimInvitationView> WithdrawJim(const Principal& who, int64_t id);
  // The invitation of a link's token, for the confirmation page (no change).
  // Unknown or forged: kNotFound; used, withdrawn or expired: kConflict with
  // the state as the message ("accepted" | "withdrawn" | "expired").
  Result<JimInvitationView> InvitationByToken(const std::string& token);
  // The mentor accepts: sets a password (CheckPasswordPolicy) and confirms the
  // duties; creates the restricted jim_mentor account (username: the e-mail
  // address) and the accepted trusted-adult row, chosen by the child for a
  // child's invitation. Errors as InvitationByToken, and field errors; nothing
  // changes on any error.
  Result<VoiceAdultView> AcceptJimInvitation(const std::string& token, const std::string& password,
                                             bool duties_confirmed);

  // A personal code or passphrase for a child, shown once. `hwc_notice_id`: the
  // invitation follows a Handle with Care notice to `who`'s school.
  Result<VoiceCodeIssued> IssueCode(const Principal& who, VoiceCodeKind kind,
                                    std::optional<int64_t> hwc_notice_id);

  // --- the adult's inbox -----------------------------------------------------
  Result<std::vector<VoiceThreadSummary>> Inbox(const Principal& who);
  // The whole thread, for an adult the child chose (others: kPermissionDenied, logged).
  Result<std::vector<VoiceMessageView>> Thread(const Principal& who, int64_t child_id);
  Result<VoiceMessageView> Reply(const Principal& who, int64_t child_id, const std::string& text);
  // To Veilig Thuis (with a VtService): first a VT advice request carrying the
  // selected words, the concern and the consent or ground (VtService::RegisterAdvice,
  // its own transaction), then the escalation record and the notices.
  Result<VoiceEscalationView> Escalate(const Principal& who, int64_t child_id,
                                       const VoiceEscalationInput& in);
  // For its recipients (the school contact of the adult's organisation, or
  // Veilig Thuis) and the adult who made it; others kPermissionDenied, logged.
  Result<VoiceEscalationView> Escalation(const Principal& who, int64_t id);
  Result<std::vector<VoiceEscalationView>> Escalations(const Principal& who);
  // For an escalation to the school's contact made without a person: a reader
  // of it (the school's contact) who knows the child starts the meldcode record
  // with the child's words (MeldcodeService::Create, need-to-know of `who`),
  // linked both ways. Already started, or to Veilig Thuis: kConflict.
  Result<VoiceEscalationView> StartMeldcode(const Principal& who, int64_t escalation_id,
                                            PersonId person);

  // --- the child -------------------------------------------------------------
  // Opens the child's place. Wrong code: kUnauthenticated; too many wrong codes
  // from `client` or for the code's prefix: kTooManyRequests — the same answer
  // whether or not the code exists.
  Result<VoiceChildSession> Open(const std::string& code, const std::string& client);
  // The child of a session token (kUnauthenticated when none or ended); slides the idle timeout.
  Result<VoiceChildSession> Resolve(const std::string& token);
  Status EndSession(const std::string& token);
  Status SetNickname(int64_t child_id, const std::string& nickname);
  Result<std::vector<VoiceAdultChoice>> AdultChoices(int64_t child_id);
  // Replaces the child's choice. Unknown or unavailable adults: kInvalidArgument.
  Status Choose(int64_t child_id, const std::vector<int64_t>& adult_ids);
  Result<std::vector<VoiceMessageView>> ChildThread(int64_t child_id);
  // A message, talk request or mood to the chosen adults (who are told, without
  // content). No available adult chosen: kFailedPrecondition-like kConflict.
  Result<VoiceMessageView> Send(int64_t child_id, const VoiceSend& in);

  // Scheduled: reminds adults of child messages past their response target,
  // once; removes ended sessions.
  Result<VoiceJobStats> RunJobs(int64_t now_ms);

 private:
  Status Log(const Principal& who, const std::string& action, const std::string& detail);
  // The VT advice request of an escalation: the selected words of the child
  // (after checking that `who` was chosen), the concern, the consent or
  // ground. Returns its id.
  Result<int64_t> AdviceToVt(const Principal& who, int64_t child_id, const VoiceEscalationInput& in,
                             const std::string& ground, const std::string& concern);
  Result<std::vector<VoiceMessageView>> LoadThread(SqlConnection& c, int64_t child_id);
  VoiceMessageView Decode(const SqlRow& r, int64_t child_id) const;
  // The meldcode record of an escalation to the school's contact with a
  // person: step 1 carries the concern and the child's words. Returns its id.
  Result<int64_t> RecordForSchool(const Principal& who, int64_t child_id,
                                  const VoiceEscalationInput& in, const std::string& ground,
                                  const std::string& concern);
  // The child's selected words (after checking that `who` was chosen):
  // kPermissionDenied (logged) or kInvalidArgument.
  Result<std::vector<VoiceMessageView>> SelectedWords(const Principal& who, int64_t child_id,
                                                      const std::vector<int64_t>& message_ids,
                                                      std::string* nickname);
  Result<JimInvitationView> LoadInvitation(SqlConnection& c, int64_t id);

  Store& store_;
  AuditLog& audit_;
  const VoiceKeys& keys_;
  const Clock& clock_;
  const HolidayCalendar& holidays_;
  VtService* vt_;
  MeldcodeService* meldcode_;
  const PasswordHasher* hasher_;
  std::string public_url_;
};

}  // namespace inbeeld
