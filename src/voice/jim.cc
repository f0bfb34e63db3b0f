// VoiceService: JIM mentors from the child's own network, invited by e-mail
// with a one-time link (docs/voice.md, "JIM mentors").
#include <sodium.h>

#include <optional>

#include "access/tokens.h"
#include "core/text.h"
#include "voice/adults_internal.h"
#include "voice/service.h"

namespace inbeeld {
namespace {

constexpr const char* kInvitationSelect =
    "SELECT i.id, i.org_id, o.name, i.child_id, COALESCE(c.nickname, ''), i.name, i.email,"
    " u.display_name, i.created_ms, i.expires_ms, i.accepted_ms, i.withdrawn_ms, i.adult_id,"
    " a.left_ms"
    " FROM voice_jim_invitations i JOIN organisations o ON o.id = i.org_id"
    " JOIN users u ON u.id = i.invited_by"
    " LEFT JOIN voice_children c ON c.id = i.child_id"
    " LEFT JOIN voice_adults a ON a.id = i.adult_id ";

JimInvitationView InvitationFrom(const SqlRow& r, int64_t now_ms) {
  JimInvitationView v;
  v.id = r.Int(0);
  v.org_id = r.Int(1);
  v.org_name = r.Text(2);
  v.child_id = r.OptInt(3);
  v.child_nickname = r.Text(4);
  v.name = r.Text(5);
  v.email = r.Text(6);
  v.invited_by_name = r.Text(7);
  v.created_ms = r.Int(8);
  v.expires_ms = r.Int(9);
  v.accepted_ms = r.OptInt(10);
  v.withdrawn_ms = r.OptInt(11);
  v.adult_id = r.OptInt(12);
  const auto state = JimInvitationStateAt(v.expires_ms, v.accepted_ms, v.withdrawn_ms, now_ms);
  v.state = std::string(JimInvitationStateName(state));
  if (v.accepted_ms && (v.withdrawn_ms || r.OptInt(13))) v.state = "left";
  return v;
}

// Maps a state that is not "open" to the error InvitationByToken promises.
Status NotOpen(const JimInvitationView& v) {
  if (v.state == "open") return Status::Ok();
  // The message is the state: the page turns it into Dutch for the mentor.
  return Status::Conflict(v.state == "left" ? "accepted" : v.state);
}

// The account behind `email`, as far as a JIM invitation is concerned.
struct JimAccount {
  bool taken = false;  // an account in use: the address cannot be invited
  // A JIM mentor who left (withdrawn, or reported gone: LeaveAdult disabled the
  // account and ended its one adult role): invited again, the account and the
  // role come back. A mentor disabled while the role is still active (an
  // administrator's act) is "taken", like every other account.
  std::optional<UserId> returning_user;
  int64_t returning_adult = 0;
};

Result<JimAccount> FindJimAccount(SqlConnection& c, const std::string& email) {
  auto rows = c.Query(
      "SELECT u.id, CASE WHEN u.role = 'jim_mentor' AND u.disabled = 1 AND a.left_ms IS NOT NULL"
      " THEN 1 ELSE 0 END, a.id"
      " FROM users u LEFT JOIN voice_adults a ON a.user_id = u.id"
      " WHERE u.username = $1 OR u.email = $1",
      {email});
  if (!rows.ok()) return rows.status();
  JimAccount out;
  if (rows->size() == 1 && (*rows)[0].Int(1) == 1) {
    out.returning_user = (*rows)[0].Int(0);
    out.returning_adult = (*rows)[0].Int(2);
  } else {
    out.taken = !rows->empty();
  }
  return out;
}

}  // namespace

Result<JimInvitationView> VoiceService::LoadInvitation(SqlConnection& c, int64_t id) {
  auto rows = c.Query(std::string(kInvitationSelect) + "WHERE i.id = $1", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende uitnodiging");
  return InvitationFrom((*rows)[0], clock_.NowMs());
}

Result<JimInvitationView> VoiceService::InviteJim(const Principal& who,
                                                  const JimInvitationInput& in) {
  std::vector<FieldError> errors;
  const std::string name = Trim(in.name);
  if (CheckVoiceText(name, 60) != VoiceTextProblem::kOk) {
    errors.push_back({"name", "de naam zoals het kind die kent, 1 tot 60 tekens (\"oom Karim\")"});
  }
  const std::string email = NormaliseJimEmail(in.email);
  if (email.empty()) errors.push_back({"email", "een geldig e-mailadres"});
  OrgId org = who.org.id;
  {
    auto lease = store_.pool().Acquire();
    if (in.child_id) {
      auto child = lease->Query("SELECT org_id FROM voice_children WHERE id = $1", {*in.child_id});
      if (!child.ok()) return child.status();
      if (child->empty()) {
        errors.push_back({"child_id", "onbekend kind"});
      } else if ((*child)[0].Int(0) != who.org.id && who.user.role != Role::kAdmin) {
        INBEELD_RETURN_IF_ERROR(Log(who, "write_denied",
                                    "JIM-mentor uitnodigen voor kind #" +
                                        std::to_string(*in.child_id) +
                                        " van een andere organisatie"));
        return Status::PermissionDenied("alleen voor kinderen van je eigen organisatie");
      } else {
        org = (*child)[0].Int(0);
      }
    } else if (who.user.role == Role::kAdmin) {
      errors.push_back({"child_id", "kies het kind voor wie de JIM-mentor is"});
    }
    if (!email.empty()) {
      auto account = FindJimAccount(*lease, email);
      if (!account.ok()) return account.status();
      if (account->taken) {
        errors.push_back({"email", "met dit e-mailadres bestaat al een account in InBeeld"});
      }
    }
  }
  if (!errors.empty()) return Status::InvalidFields(errors);

  const std::string token = RandomToken();
  const int64_t now = clock_.NowMs();
  int64_t id = 0;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto ins = c.Query(
        "INSERT INTO voice_jim_invitations (token_hash, org_id, child_id, name, email, invited_by,"
        " created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {Sha256Hex(token), int64_t{org}, SqlOpt(in.child_id), name, email, int64_t{who.user.id},
         now, now + kJimInvitationTtlMs});
    if (!ins.ok()) return ins.status();
    id = (*ins)[0].Int(0);
    // The link is in the e-mail only (the outbox keeps the e-mail until it is
    // delivered); the child's words or nickname never are.
    OutboxItem mail;
    mail.idempotency_key = "voice.jim." + std::to_string(id);
    mail.channel = OutboxChannel::kEmail;
    mail.recipient = email;
    mail.subject = "Uitnodiging: vertrouwd volwassene (JIM) voor een kind";
    mail.body = "Beste " + name + ",\n\n" + who.user.display_name + " (" + who.org.name +
                ") nodigt je uit als JIM-mentor: een volwassene die een kind zelf heeft gekozen "
                "om mee te praten, via Stem van het kind in InBeeld.\n\nLees wat dat betekent "
                "en neem de rol aan via deze link (14 dagen geldig, één keer te gebruiken):\n" +
                public_url_ + "/kindstem/uitnodiging/" + token +
                "\n\nKen je deze uitnodiging niet? Dan kun je dit bericht negeren.";
    mail.created_ms = now;
    mail.next_attempt_ms = now;
    return Store::EnqueueOutbox(c, mail).status();
  });
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(Log(who, "write",
                              "JIM-mentor uitgenodigd (uitnodiging #" + std::to_string(id) +
                                  (in.child_id ? ", voor kind #" + std::to_string(*in.child_id)
                                               : std::string(", voor de organisatie")) +
                                  ")"));
  auto c = store_.pool().Acquire();
  return LoadInvitation(*c, id);
}

Result<std::vector<JimInvitationView>> VoiceService::JimInvitations(const Principal& who) {
  auto lease = store_.pool().Acquire();
  const bool all = who.user.role == Role::kAdmin;
  auto rows = all ? lease->Query(std::string(kInvitationSelect) + "ORDER BY i.id DESC LIMIT 500")
                  : lease->Query(std::string(kInvitationSelect) +
                                     "WHERE i.org_id = $1 ORDER BY i.id DESC LIMIT 500",
                                 {int64_t{who.org.id}});
  if (!rows.ok()) return rows.status();
  std::vector<JimInvitationView> out;
  const int64_t now = clock_.NowMs();
  for (const auto& r : *rows) out.push_back(InvitationFrom(r, now));
  INBEELD_RETURN_IF_ERROR(
      Log(who, "read", "JIM-uitnodigingen (" + std::to_string(out.size()) + ")"));
  return out;
}

Result<JimInvitationView> VoiceService::WithdrawJim(const Principal& who, int64_t id) {
  const int64_t now = clock_.NowMs();
  bool denied = false;
  bool mentor_left = false;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    mentor_left = false;
    auto v = LoadInvitation(c, id);
    if (!v.ok()) return v.status();
    if (v->org_id != who.org.id && who.user.role != Role::kAdmin) {
      denied = true;
      return Status::PermissionDenied("alleen uitnodigingen van je eigen organisatie");
    }
    if (v->state == "withdrawn" || v->state == "left" || v->state == "expired") return Status::Ok();
    auto up = c.Exec(
        "UPDATE voice_jim_invitations SET withdrawn_ms = $2 WHERE id = $1 AND withdrawn_ms IS NULL",
        {id, now});
    if (!up.ok()) return up.status();
    if (v->state != "accepted" || !v->adult_id) return Status::Ok();
    auto adult = LoadVoiceAdult(c, *v->adult_id);
    if (!adult.ok()) return adult.status();
    if (adult->left_ms) return Status::Ok();
    mentor_left = true;
    return LeaveAdult(c, *adult, now);
  });
  if (denied) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write_denied", "JIM-uitnodiging #" + std::to_string(id) + " intrekken"));
  }
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write",
          std::string(mentor_left ? "JIM-mentor teruggetrokken" : "JIM-uitnodiging ingetrokken") +
              " (uitnodiging #" + std::to_string(id) + ")"));
  auto c = store_.pool().Acquire();
  return LoadInvitation(*c, id);
}

Result<JimInvitationView> VoiceService::InvitationByToken(const std::string& token) {
  // A token is 43 URL-safe characters; anything else is not looked up.
  if (token.size() < 32 || token.size() > 64) return Status::NotFound("onbekende uitnodiging");
  auto lease = store_.pool().Acquire();
  auto rows =
      lease->Query(std::string(kInvitationSelect) + "WHERE i.token_hash = $1", {Sha256Hex(token)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende uitnodiging");
  JimInvitationView v = InvitationFrom((*rows)[0], clock_.NowMs());
  INBEELD_RETURN_IF_ERROR(NotOpen(v));
  return v;
}

Result<VoiceAdultView> VoiceService::AcceptJimInvitation(const std::string& token,
                                                         const std::string& password,
                                                         bool duties_confirmed) {
  auto invitation = InvitationByToken(token);
  if (!invitation.ok()) return invitation.status();
  std::vector<FieldError> errors;
  Status policy = CheckPasswordPolicy(password);
  if (!policy.ok()) errors.push_back({"password", policy.message()});
  if (!duties_confirmed) {
    errors.push_back({"duties", "bevestig dat je weet wat de rol betekent"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  if (hasher_ == nullptr)
    return Status::Unavailable("uitnodigingen kunnen nu niet worden aangenomen");
  auto hash = hasher_->Hash(password);
  if (!hash.ok()) return hash.status();

  const int64_t now = clock_.NowMs();
  int64_t adult_id = 0;
  UserId user_id = 0;
  bool returning = false;
  JimInvitationView v;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    // Read again under the write lock: two acceptances of one link, one wins.
    const bool pg = c.backend() == Backend::kPostgresql;
    auto lock = c.Query(std::string("SELECT id FROM voice_jim_invitations WHERE id = $1") +
                            (pg ? " FOR UPDATE" : ""),
                        {invitation->id});
    if (!lock.ok()) return lock.status();
    auto cur = LoadInvitation(c, invitation->id);
    if (!cur.ok()) return cur.status();
    INBEELD_RETURN_IF_ERROR(NotOpen(*cur));
    v = *cur;
    auto account = FindJimAccount(c, v.email);
    if (!account.ok()) return account.status();
    if (account->taken) {
      return Status::Conflict(
          "met dit e-mailadres bestaat al een account; vraag de school om een nieuwe uitnodiging");
    }
    returning = account->returning_user.has_value();
    auto inviter =
        c.Query("SELECT invited_by FROM voice_jim_invitations WHERE id = $1", {invitation->id});
    if (!inviter.ok()) return inviter.status();
    const int64_t invited_by = (*inviter)[0].Int(0);
    if (returning) {
      // The same account with a new password, and its one adult role started
      // again for this invitation only. Children who chose the mentor before
      // are not handed back: those choices go (their threads stay closed to the
      // mentor); the invitation's own child chooses them again just below.
      user_id = *account->returning_user;
      adult_id = account->returning_adult;
      INBEELD_RETURN_IF_ERROR(
          c.Exec("UPDATE users SET display_name = $2, org_id = $3, password_hash = $4,"
                 " disabled = 0, failed_logins = 0, locked_until = 0 WHERE id = $1",
                 {int64_t{user_id}, v.name, int64_t{v.org_id}, *hash})
              .status());
      INBEELD_RETURN_IF_ERROR(
          c.Exec("UPDATE voice_adults SET org_id = $2, display_name = $3, registered_by = $4,"
                 " registered_ms = $5, accepted_ms = $6, left_ms = NULL, child_id = $7"
                 " WHERE id = $1",
                 {adult_id, int64_t{v.org_id}, v.name, invited_by, v.created_ms, now,
                  SqlOpt(v.child_id)})
              .status());
      INBEELD_RETURN_IF_ERROR(
          c.Exec("DELETE FROM voice_choices WHERE adult_id = $1", {adult_id}).status());
    } else {
      auto user = c.Query(
          "INSERT INTO users (username, display_name, email, org_id, role, password_hash,"
          " totp_secret, disabled, failed_logins, locked_until, created_at)"
          " VALUES ($1, $2, $1, $3, 'jim_mentor', $4, '', 0, 0, 0, $5) RETURNING id",
          {v.email, v.name, int64_t{v.org_id}, *hash, now / 1000});
      if (!user.ok()) return user.status();
      user_id = (*user)[0].Int(0);
      auto adult = c.Query(
          "INSERT INTO voice_adults (user_id, org_id, kind, display_name, registered_by,"
          " registered_ms, accepted_ms, child_id)"
          " VALUES ($1, $2, 'jim_mentor', $3, $4, $5, $6, $7) RETURNING id",
          {int64_t{user_id}, int64_t{v.org_id}, v.name, invited_by, v.created_ms, now,
           SqlOpt(v.child_id)});
      if (!adult.ok()) return adult.status();
      adult_id = (*adult)[0].Int(0);
    }
    if (v.child_id) {
      // The child named this mentor: they are chosen (the child can change that).
      INBEELD_RETURN_IF_ERROR(
          c.Exec("INSERT INTO voice_choices (child_id, adult_id, chosen_ms) VALUES ($1, $2, $3)",
                 {*v.child_id, adult_id, now})
              .status());
    }
    INBEELD_RETURN_IF_ERROR(
        c.Exec("UPDATE voice_jim_invitations SET accepted_ms = $2, adult_id = $3 WHERE id = $1",
               {invitation->id, now, adult_id})
            .status());
    return NotifyVoiceUser(c, invited_by, "voice.jim.accepted." + std::to_string(invitation->id),
                           "Stem van het kind: JIM-mentor heeft de rol aangenomen",
                           v.name +
                               " heeft de uitnodiging als JIM-mentor aangenomen (uitnodiging " +
                               std::to_string(invitation->id) + ").",
                           now);
  });
  if (!s.ok()) return s;
  AuditRecord r;
  r.user_id = user_id;
  r.username = v.email;
  r.org_id = v.org_id;
  r.org_name = v.org_name;
  r.role = "jim_mentor";
  r.action = "write";
  r.object_type = "voice";
  r.detail =
      "JIM-uitnodiging #" + std::to_string(v.id) +
      " aangenomen: " + (returning ? "account opnieuw in gebruik" : "account") + " en rol (" +
      (v.child_id ? "kind #" + std::to_string(*v.child_id) : std::string("organisatie")) + ")";
  r.responsibility = v.org_name + " (JIM-mentor, uitgenodigd door " + v.invited_by_name + ")";
  INBEELD_RETURN_IF_ERROR(audit_.Record(std::move(r)));
  auto c = store_.pool().Acquire();
  return LoadVoiceAdult(*c, adult_id);
}

}  // namespace inbeeld
