#include "voice/service.h"

#include <sodium.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "access/tokens.h"
#include "core/text.h"
#include "voice/adults_internal.h"

namespace inbeeld {
namespace {

bool IsVt(Role r) {
  return r == Role::kVtTriage || r == Role::kVtCaseWorker || r == Role::kVtSupervisor;
}

std::string MessageContext(int64_t child_id) {
  return "voice-message:" + std::to_string(child_id);
}
std::string EscalationContext(int64_t child_id) {
  return "voice-escalation:" + std::to_string(child_id);
}

bool IsAdultKind(const std::string& k) {
  return k == "trusted_person" || k == "jim_mentor" || k == "hwc_contact";
}

constexpr const char* kAdultSelect =
    "SELECT a.id, a.user_id, u.display_name, a.org_id, o.name, a.kind, a.display_name, "
    "a.registered_ms,"
    " a.accepted_ms, a.left_ms, a.child_id FROM voice_adults a JOIN users u ON u.id = a.user_id"
    " JOIN organisations o ON o.id = a.org_id ";

VoiceAdultView AdultFrom(const SqlRow& r) {
  VoiceAdultView v;
  v.id = r.Int(0);
  v.user_id = r.Int(1);
  v.user_name = r.Text(2);
  v.org_id = r.Int(3);
  v.org_name = r.Text(4);
  v.kind = r.Text(5);
  v.display_name = r.Text(6);
  v.registered_ms = r.Int(7);
  v.accepted_ms = r.OptInt(8);
  v.left_ms = r.OptInt(9);
  v.child_id = r.OptInt(10);
  return v;
}

Result<std::optional<VoiceAdultView>> AdultOfUser(SqlConnection& c, UserId user) {
  auto rows = c.Query(std::string(kAdultSelect) + "WHERE a.user_id = $1", {int64_t{user}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<VoiceAdultView>();
  return std::optional<VoiceAdultView>(AdultFrom((*rows)[0]));
}

// The adults a child has chosen who are still available: (adult id, user id).
Result<std::vector<std::pair<int64_t, UserId>>> ChosenAvailable(SqlConnection& c,
                                                                int64_t child_id) {
  auto rows = c.Query(
      "SELECT a.id, a.user_id FROM voice_choices ch JOIN voice_adults a ON a.id = ch.adult_id"
      " JOIN users u ON u.id = a.user_id"
      " WHERE ch.child_id = $1 AND a.accepted_ms IS NOT NULL AND a.left_ms IS NULL AND u.disabled "
      "= 0"
      " ORDER BY a.id",
      {int64_t{child_id}});
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<int64_t, UserId>> out;
  for (const auto& r : *rows) out.emplace_back(r.Int(0), r.Int(1));
  return out;
}

}  // namespace

Status NotifyVoiceUser(SqlConnection& c, UserId user, const std::string& key,
                       const std::string& subject, const std::string& body, int64_t now_ms) {
  return Store::NotifyUser(c, user, key, subject, body, now_ms);
}

Result<VoiceAdultView> LoadVoiceAdult(SqlConnection& c, int64_t adult_id) {
  auto rows = c.Query(std::string(kAdultSelect) + "WHERE a.id = $1", {adult_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende volwassene");
  return AdultFrom((*rows)[0]);
}

// An adult leaves: children who chose them are told kindly (AdultChoices). A
// JIM mentor's account exists only for this role: it is disabled and its
// sessions end.
Status LeaveAdult(SqlConnection& c, const VoiceAdultView& adult, int64_t now_ms) {
  auto up = c.Exec("UPDATE voice_adults SET left_ms = $2 WHERE id = $1", {adult.id, now_ms});
  if (!up.ok()) return up.status();
  auto u = c.Query("SELECT role FROM users WHERE id = $1", {int64_t{adult.user_id}});
  if (!u.ok()) return u.status();
  if (u->empty() || ParseRole((*u)[0].Text(0)) != Role::kJimMentor) return Status::Ok();
  auto off = c.Exec("UPDATE users SET disabled = 1 WHERE id = $1", {int64_t{adult.user_id}});
  if (!off.ok()) return off.status();
  return c.Exec("DELETE FROM sessions WHERE user_id = $1", {int64_t{adult.user_id}}).status();
}

namespace {

Status TextError(VoiceTextProblem p, const std::string& field, size_t max) {
  switch (p) {
    case VoiceTextProblem::kOk: return Status::Ok();
    case VoiceTextProblem::kEmpty: return Status::Invalid("leeg", field);
    case VoiceTextProblem::kTooLong:
      return Status::Invalid("te lang (hoogstens " + std::to_string(max) + " tekens)", field);
    case VoiceTextProblem::kInvalid: return Status::Invalid("bevat tekens die niet kunnen", field);
  }
  return Status::Ok();
}

}  // namespace

VoiceService::VoiceService(Store& store, AuditLog& audit, const VoiceKeys& keys, const Clock& clock,
                           const HolidayCalendar& holidays, VtService* vt,
                           MeldcodeService* meldcode, const PasswordHasher* hasher,
                           std::string public_url)
    : store_(store),
      audit_(audit),
      keys_(keys),
      clock_(clock),
      holidays_(holidays),
      vt_(vt),
      meldcode_(meldcode),
      hasher_(hasher),
      public_url_(std::move(public_url)) {}

Status VoiceService::Log(const Principal& who, const std::string& action,
                         const std::string& detail) {
  AuditRecord r = AuditRecordBy(who);
  r.action = action;
  r.object_type = "voice";
  r.detail = detail;
  return audit_.Record(std::move(r));
}

// --- trusted adults -----------------------------------------------------------

Result<VoiceAdultView> VoiceService::RegisterAdult(const Principal& who, UserId user,
                                                   const std::string& kind,
                                                   const std::string& display_name_in) {
  std::vector<FieldError> errors;
  if (!IsAdultKind(kind))
    errors.push_back({"kind", "kies vertrouwenspersoon, JIM-mentor of Handle with Care-contact"});
  std::string display_name = Trim(display_name_in);
  if (CheckVoiceText(display_name, 60) != VoiceTextProblem::kOk) {
    errors.push_back(
        {"display_name", "een naam voor kinderen van 1 tot 60 tekens, bijvoorbeeld \"juf Sanne\""});
  }
  auto lease = store_.pool().Acquire();
  auto u = lease->Query("SELECT org_id, role, disabled FROM users WHERE id = $1", {int64_t{user}});
  if (!u.ok()) return u.status();
  if (u->empty()) {
    errors.push_back({"user_id", "onbekende gebruiker"});
  } else {
    auto role = ParseRole((*u)[0].Text(1));
    if ((*u)[0].Int(0) != who.org.id && who.user.role != Role::kAdmin) {
      INBEELD_RETURN_IF_ERROR(Log(who, "write_denied",
                                  "vertrouwd volwassene aanmelden: gebruiker #" +
                                      std::to_string(user) + " van een andere organisatie"));
      return Status::PermissionDenied("alleen medewerkers van je eigen organisatie");
    }
    if (!role || !RoleMay(*role, Action::kVoiceAdult)) {
      errors.push_back({"user_id", "deze gebruiker kan geen vertrouwd volwassene zijn"});
    } else if ((*u)[0].Int(2) != 0) {
      errors.push_back({"user_id", "deze gebruiker is uitgeschakeld"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  const OrgId org = (*u)[0].Int(0);
  int64_t now = clock_.NowMs();
  int64_t id = 0;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto existing = AdultOfUser(c, user);
    if (!existing.ok()) return existing.status();
    if (*existing && !(*existing)->left_ms)
      return Status::AlreadyExists("deze gebruiker is al aangemeld");
    if (*existing) {
      id = (*existing)->id;
      auto up = c.Exec(
          "UPDATE voice_adults SET org_id = $2, kind = $3, display_name = $4, registered_by = $5,"
          " registered_ms = $6, accepted_ms = NULL, left_ms = NULL WHERE id = $1",
          {id, int64_t{org}, kind, display_name, int64_t{who.user.id}, now});
      if (!up.ok()) return up.status();
    } else {
      auto ins = c.Query(
          "INSERT INTO voice_adults (user_id, org_id, kind, display_name, registered_by, "
          "registered_ms)"
          " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {int64_t{user}, int64_t{org}, kind, display_name, int64_t{who.user.id}, now});
      if (!ins.ok()) return ins.status();
      id = (*ins)[0].Int(0);
    }
    return Store::NotifyUser(
        c, user, "voice.adult." + std::to_string(id) + "." + std::to_string(now),
        "Je bent aangemeld als vertrouwd volwassene",
        "Je organisatie heeft je aangemeld als vertrouwd volwassene voor kinderen (" +
            display_name +
            "). Kinderen kunnen je pas kiezen als je de rol aanneemt: ga naar Stem van het kind "
            "(/kindstem) in InBeeld.",
        now);
  });
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(Log(
      who, "write", "vertrouwd volwassene #" + std::to_string(id) + " aangemeld (" + kind + ")"));
  auto lease2 = store_.pool().Acquire();
  auto rows = lease2->Query(std::string(kAdultSelect) + "WHERE a.id = $1", {id});
  if (!rows.ok()) return rows.status();
  return AdultFrom((*rows)[0]);
}

Result<std::vector<VoiceAdultView>> VoiceService::Adults(const Principal& who) {
  auto lease = store_.pool().Acquire();
  bool all = who.user.role == Role::kAdmin;
  auto rows =
      all ? lease->Query(std::string(kAdultSelect) + "ORDER BY o.name, a.display_name")
          : lease->Query(std::string(kAdultSelect) + "WHERE a.org_id = $1 ORDER BY a.display_name",
                         {int64_t{who.org.id}});
  if (!rows.ok()) return rows.status();
  std::vector<VoiceAdultView> out;
  for (const auto& r : *rows) out.push_back(AdultFrom(r));
  return out;
}

Result<std::vector<std::pair<UserId, std::string>>> VoiceService::Candidates(const Principal& who) {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT u.id, u.display_name, u.role, u.org_id FROM users u LEFT JOIN voice_adults a ON "
      "a.user_id = u.id"
      " WHERE u.disabled = 0 AND (a.id IS NULL OR a.left_ms IS NOT NULL) ORDER BY u.display_name");
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<UserId, std::string>> out;
  for (const auto& r : *rows) {
    auto role = ParseRole(r.Text(2));
    if (!role || !RoleMay(*role, Action::kVoiceAdult)) continue;
    if (r.Int(3) != who.org.id && who.user.role != Role::kAdmin) continue;
    out.emplace_back(r.Int(0), r.Text(1) + " (" + r.Text(2) + ")");
  }
  return out;
}

Result<VoiceAdultView> VoiceService::Me(const Principal& who) {
  auto lease = store_.pool().Acquire();
  auto me = AdultOfUser(*lease, who.user.id);
  if (!me.ok()) return me.status();
  if (!*me) return Status::NotFound("je bent niet aangemeld als vertrouwd volwassene");
  return **me;
}

Result<VoiceAdultView> VoiceService::Accept(const Principal& who) {
  int64_t now = clock_.NowMs();
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto me = AdultOfUser(c, who.user.id);
    if (!me.ok()) return me.status();
    if (!*me || (*me)->left_ms)
      return Status::NotFound("je bent niet aangemeld als vertrouwd volwassene");
    if ((*me)->accepted_ms) return Status::Ok();
    return c.Exec("UPDATE voice_adults SET accepted_ms = $2 WHERE id = $1", {(*me)->id, now})
        .status();
  });
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(Log(who, "write", "rol vertrouwd volwassene aangenomen"));
  return Me(who);
}

Result<VoiceAdultView> VoiceService::MarkLeft(const Principal& who, int64_t adult_id) {
  int64_t now = clock_.NowMs();
  std::optional<VoiceAdultView> adult;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto rows = c.Query(std::string(kAdultSelect) + "WHERE a.id = $1", {adult_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("onbekende volwassene");
    adult = AdultFrom((*rows)[0]);
    if (adult->org_id != who.org.id && who.user.role != Role::kAdmin) {
      return Status::PermissionDenied("alleen volwassenen van je eigen organisatie");
    }
    if (adult->left_ms) return Status::Ok();
    adult->left_ms = now;
    return LeaveAdult(c, *adult, now);
  });
  if (s.code() == StatusCode::kPermissionDenied) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write_denied",
            "vertrouwd volwassene #" + std::to_string(adult_id) + " uit dienst melden"));
  }
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", "vertrouwd volwassene #" + std::to_string(adult_id) + " uit dienst"));
  return *adult;
}

Result<VoiceCodeIssued> VoiceService::IssueCode(const Principal& who, VoiceCodeKind kind,
                                                std::optional<int64_t> hwc_notice_id) {
  auto lease = store_.pool().Acquire();
  if (hwc_notice_id) {
    auto n = lease->Query("SELECT org_id FROM hwc_notices WHERE id = $1", {*hwc_notice_id});
    if (!n.ok()) return n.status();
    if (n->empty()) return Status::Invalid("onbekende Handle with Care-melding", "hwc_notice_id");
    if ((*n)[0].Int(0) != who.org.id || who.user.role != Role::kSchoolContact) {
      INBEELD_RETURN_IF_ERROR(
          Log(who, "write_denied",
              "uitnodiging na Handle with Care-melding #" + std::to_string(*hwc_notice_id)));
      return Status::PermissionDenied(
          "alleen de aandachtsfunctionaris van de school van deze melding");
    }
  }
  UniformRandom uniform = [](uint32_t upper) { return randombytes_uniform(upper); };
  int64_t now = clock_.NowMs();
  VoiceCodeIssued out;
  out.kind = kind;
  for (int attempt = 0; attempt < 5; ++attempt) {
    out.code = kind == VoiceCodeKind::kCode ? GenerateVoiceCode(uniform)
                                            : GenerateVoicePassphrase(uniform);
    std::string hash = keys_.Hash("code", NormaliseVoiceCode(out.code));
    auto ins = lease->Query(
        "INSERT INTO voice_children (code_hash, code_kind, org_id, issued_by, issued_ms, "
        "hwc_notice_id)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {hash, std::string(VoiceCodeKindName(kind)), int64_t{who.org.id}, int64_t{who.user.id}, now,
         SqlOpt(hwc_notice_id)});
    if (ins.ok()) {
      out.child_id = (*ins)[0].Int(0);
      INBEELD_RETURN_IF_ERROR(Log(
          who, "write",
          "code voor kind #" + std::to_string(out.child_id) + " uitgegeven (" +
              std::string(VoiceCodeKindName(kind)) +
              (hwc_notice_id ? ", na Handle with Care-melding #" + std::to_string(*hwc_notice_id)
                             : std::string()) +
              ")"));
      return out;
    }
    if (ins.status().code() != StatusCode::kAlreadyExists) return ins.status();
  }
  return Status::Internal("geen unieke code gevonden");
}

// --- the adult's inbox ------------------------------------------------------------

Result<std::vector<VoiceThreadSummary>> VoiceService::Inbox(const Principal& who) {
  auto lease = store_.pool().Acquire();
  auto me = AdultOfUser(*lease, who.user.id);
  if (!me.ok()) return me.status();
  std::vector<VoiceThreadSummary> out;
  if (!*me || !(*me)->available()) return out;
  int64_t now = clock_.NowMs();
  auto rows = lease->Query(
      "SELECT c.id, c.nickname, COALESCE(MAX(m.created_ms), ch.chosen_ms),"
      " SUM(CASE WHEN m.author = 'child' AND m.due_ms IS NOT NULL AND m.answered_ms IS NULL THEN 1 "
      "ELSE 0 END),"
      " MIN(CASE WHEN m.author = 'child' AND m.answered_ms IS NULL THEN m.due_ms END)"
      " FROM voice_choices ch JOIN voice_children c ON c.id = ch.child_id"
      " LEFT JOIN voice_messages m ON m.child_id = c.id"
      " WHERE ch.adult_id = $1 GROUP BY c.id, c.nickname, ch.chosen_ms",
      {(*me)->id});
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) {
    VoiceThreadSummary t;
    t.child_id = r.Int(0);
    t.nickname = r.Text(1);
    t.last_ms = r.Int(2);
    t.open = static_cast<int>(r.Int(3));
    t.oldest_due_ms = r.OptInt(4);
    t.overdue = t.oldest_due_ms && *t.oldest_due_ms < now;
    out.push_back(std::move(t));
  }
  // Waiting longest first, then most recent.
  std::sort(out.begin(), out.end(), [](const VoiceThreadSummary& a, const VoiceThreadSummary& b) {
    if (a.oldest_due_ms.has_value() != b.oldest_due_ms.has_value())
      return a.oldest_due_ms.has_value();
    if (a.oldest_due_ms && *a.oldest_due_ms != *b.oldest_due_ms)
      return *a.oldest_due_ms < *b.oldest_due_ms;
    return a.last_ms > b.last_ms;
  });
  INBEELD_RETURN_IF_ERROR(
      Log(who, "read", "postvak stem van het kind (" + std::to_string(out.size()) + " kinderen)"));
  return out;
}

VoiceMessageView VoiceService::Decode(const SqlRow& r, int64_t child_id) const {
  VoiceMessageView v;
  v.id = r.Int(0);
  v.author = r.Text(1);
  v.kind = r.Text(2);
  v.created_ms = r.Int(4);
  v.due_ms = r.OptInt(5);
  v.answered_ms = r.OptInt(6);
  v.adult_name = r.Text(7);
  auto plain = keys_.Open(r.Text(3), MessageContext(child_id));
  if (!plain.ok()) {
    v.text = "[bericht kan niet worden ontsleuteld]";
    return v;
  }
  auto j = nlohmann::json::parse(*plain, nullptr, false);
  if (j.is_object()) {
    v.text = j.value("text", std::string());
    v.talk_when = j.value("when", std::string());
    v.talk_where = j.value("where", std::string());
    v.mood = j.value("mood", 0);
  }
  return v;
}

Result<std::vector<VoiceMessageView>> VoiceService::LoadThread(SqlConnection& c, int64_t child_id) {
  auto rows = c.Query(
      "SELECT m.id, m.author, m.kind, m.sealed, m.created_ms, m.due_ms, m.answered_ms, "
      "COALESCE(a.display_name, '')"
      " FROM voice_messages m LEFT JOIN voice_adults a ON a.id = m.adult_id WHERE m.child_id = $1 "
      "ORDER BY m.id",
      {child_id});
  if (!rows.ok()) return rows.status();
  std::vector<VoiceMessageView> out;
  for (const auto& r : *rows) out.push_back(Decode(r, child_id));
  return out;
}

namespace {

// The adult row of `who` when the child chose them and they are available.
Result<std::optional<VoiceAdultView>> ChosenAdult(SqlConnection& c, const Principal& who,
                                                  int64_t child_id) {
  auto me = AdultOfUser(c, who.user.id);
  if (!me.ok()) return me.status();
  if (!*me || !(*me)->available()) return std::optional<VoiceAdultView>();
  auto ch = c.Query("SELECT 1 FROM voice_choices WHERE child_id = $1 AND adult_id = $2",
                    {child_id, (*me)->id});
  if (!ch.ok()) return ch.status();
  if (ch->empty()) return std::optional<VoiceAdultView>();
  return *me;
}

}  // namespace

Result<std::vector<VoiceMessageView>> VoiceService::Thread(const Principal& who, int64_t child_id) {
  auto lease = store_.pool().Acquire();
  auto adult = ChosenAdult(*lease, who, child_id);
  if (!adult.ok()) return adult.status();
  if (!*adult) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read_denied", "gesprek van kind #" + std::to_string(child_id)));
    return Status::PermissionDenied("alleen de volwassene die het kind koos leest dit gesprek");
  }
  auto thread = LoadThread(*lease, child_id);
  if (!thread.ok()) return thread.status();
  INBEELD_RETURN_IF_ERROR(Log(who, "read",
                              "gesprek van kind #" + std::to_string(child_id) + " (" +
                                  std::to_string(thread->size()) + " berichten)"));
  return thread;
}

Result<VoiceMessageView> VoiceService::Reply(const Principal& who, int64_t child_id,
                                             const std::string& text_in) {
  std::string text = Trim(text_in);
  INBEELD_RETURN_IF_ERROR(
      TextError(CheckVoiceText(text, kVoiceMaxMessageChars), "text", kVoiceMaxMessageChars));
  int64_t now = clock_.NowMs();
  int64_t id = 0;
  bool denied = false;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto adult = ChosenAdult(c, who, child_id);
    if (!adult.ok()) return adult.status();
    if (!*adult) {
      denied = true;
      return Status::PermissionDenied("alleen de volwassene die het kind koos kan antwoorden");
    }
    std::string sealed =
        keys_.Seal(nlohmann::json{{"text", text}}.dump(), MessageContext(child_id));
    auto ins = c.Query(
        "INSERT INTO voice_messages (child_id, author, adult_id, kind, sealed, created_ms)"
        " VALUES ($1, 'adult', $2, 'reply', $3, $4) RETURNING id",
        {child_id, (*adult)->id, sealed, now});
    if (!ins.ok()) return ins.status();
    id = (*ins)[0].Int(0);
    return c
        .Exec(
            "UPDATE voice_messages SET answered_ms = $2 WHERE child_id = $1 AND author = 'child'"
            " AND answered_ms IS NULL",
            {child_id, now})
        .status();
  });
  if (denied)
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write_denied", "antwoord aan kind #" + std::to_string(child_id)));
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(Log(who, "write", "antwoord aan kind #" + std::to_string(child_id)));
  VoiceMessageView v;
  v.id = id;
  v.author = "adult";
  v.kind = "reply";
  v.text = text;
  v.created_ms = now;
  return v;
}

Result<std::vector<VoiceMessageView>> VoiceService::SelectedWords(
    const Principal& who, int64_t child_id, const std::vector<int64_t>& message_ids,
    std::string* nickname) {
  auto lease = store_.pool().Acquire();
  auto adult = ChosenAdult(*lease, who, child_id);
  if (!adult.ok()) return adult.status();
  if (!*adult) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write_denied", "doorzetten voor kind #" + std::to_string(child_id)));
    return Status::PermissionDenied("alleen de volwassene die het kind koos kan dit doorzetten");
  }
  auto child = lease->Query("SELECT nickname FROM voice_children WHERE id = $1", {child_id});
  if (!child.ok()) return child.status();
  if (!child->empty() && nickname) *nickname = (*child)[0].Text(0);
  auto thread = LoadThread(*lease, child_id);
  if (!thread.ok()) return thread.status();
  std::set<int64_t> wanted(message_ids.begin(), message_ids.end());
  std::vector<VoiceMessageView> words;
  for (const auto& m : *thread) {
    if (!wanted.count(m.id)) continue;
    if (m.author != "child")
      return Status::Invalid("alleen de woorden van het kind zelf", "message_ids");
    words.push_back(m);
  }
  if (words.size() != wanted.size())
    return Status::Invalid("onbekend bericht in dit gesprek", "message_ids");
  return words;
}

namespace {

// The child's words as one text for another capability's record: each
// message with its moment; cut at a character boundary below `max_bytes`.
std::string WordsText(const std::string& head, const std::vector<VoiceMessageView>& words,
                      size_t max_bytes) {
  std::string q = head + "\n\nDe woorden van het kind:";
  for (const auto& m : words) {
    std::string line = "\n- " + FormatAmsterdam(m.created_ms) + ": ";
    if (m.kind == "talk")
      line += "vraagt om een gesprek (" + m.talk_when + ", " + m.talk_where + ") ";
    if (m.kind == "mood") line += "voelt zich " + std::to_string(m.mood) + " van 5 ";
    q += line + m.text;
  }
  if (q.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(q[cut]) & 0xC0) == 0x80) --cut;
    q = q.substr(0, cut) + "…";
  }
  return q;
}

}  // namespace

Result<VoiceEscalationView> VoiceService::Escalate(const Principal& who, int64_t child_id,
                                                   const VoiceEscalationInput& in) {
  std::vector<FieldError> errors;
  if (in.target != "school_contact" && in.target != "vt") {
    errors.push_back({"target", "kies de aandachtsfunctionaris van de school of Veilig Thuis"});
  }
  std::string ground = Trim(in.legal_ground);
  std::string concern = Trim(in.concern);
  if (!in.consent && ground.size() < 10) {
    errors.push_back({"legal_ground",
                      "zonder toestemming van het kind: noem de grond (bijvoorbeeld de meldcode, "
                      "acute onveiligheid), minstens 10 tekens"});
  }
  if (CheckVoiceText(ground.empty() ? "-" : ground, 1000) != VoiceTextProblem::kOk) {
    errors.push_back({"legal_ground", "hoogstens 1000 tekens"});
  }
  if (CheckVoiceText(concern, 2000) != VoiceTextProblem::kOk) {
    errors.push_back({"concern", "beschrijf kort je zorg (1 tot 2000 tekens)"});
  }
  if (in.message_ids.empty())
    errors.push_back({"message_ids", "kies de woorden van het kind die nodig zijn"});
  if (in.person_id && in.target != "school_contact") {
    errors.push_back(
        {"person_id", "een persoon koppel je alleen bij de aandachtsfunctionaris (meldcode)"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);

  int64_t now = clock_.NowMs();
  std::optional<int64_t> vt_report, meldcode_record;
  if (in.target == "vt" && vt_ != nullptr) {
    auto advice = AdviceToVt(who, child_id, in, ground, concern);
    if (!advice.ok()) return advice.status();
    vt_report = *advice;
  }
  if (in.target == "school_contact" && in.person_id) {
    auto record = RecordForSchool(who, child_id, in, ground, concern);
    if (!record.ok()) return record.status();
    meldcode_record = *record;
  }
  VoiceEscalationView v;
  bool denied = false;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto adult = ChosenAdult(c, who, child_id);
    if (!adult.ok()) return adult.status();
    if (!*adult) {
      denied = true;
      return Status::PermissionDenied("alleen de volwassene die het kind koos kan dit doorzetten");
    }
    auto child = c.Query("SELECT org_id, nickname FROM voice_children WHERE id = $1", {child_id});
    if (!child.ok()) return child.status();
    if (child->empty()) return Status::NotFound("onbekend kind");
    const OrgId school = (*child)[0].Int(0);
    auto thread = LoadThread(c, child_id);
    if (!thread.ok()) return thread.status();
    std::set<int64_t> wanted(in.message_ids.begin(), in.message_ids.end());
    nlohmann::json words = nlohmann::json::array();
    std::vector<int64_t> ids;
    for (const auto& m : *thread) {
      if (!wanted.count(m.id)) continue;
      if (m.author != "child")
        return Status::Invalid("alleen de woorden van het kind zelf", "message_ids");
      words.push_back({{"id", m.id},
                       {"kind", m.kind},
                       {"text", m.text},
                       {"when", m.talk_when},
                       {"where", m.talk_where},
                       {"mood", m.mood},
                       {"created_ms", m.created_ms}});
      ids.push_back(m.id);
    }
    if (ids.size() != wanted.size())
      return Status::Invalid("onbekend bericht in dit gesprek", "message_ids");
    // The recipients: the school's contact(s), or the triage of the Veilig
    // Thuis region the advice request landed in (without a VT intake: every
    // triage user).
    Result<SqlRows> rec = Status::Internal("");
    if (in.target == "vt" && vt_report) {
      rec = c.Query(
          "SELECT u.id FROM users u JOIN vt_reports r ON r.vt_org_id = u.org_id"
          " WHERE r.id = $1 AND u.role = 'vt_triage' AND u.disabled = 0 ORDER BY u.id",
          {*vt_report});
    } else if (in.target == "vt") {
      rec = c.Query("SELECT id FROM users WHERE role = 'vt_triage' AND disabled = 0 ORDER BY id");
    } else {
      rec = c.Query(
          "SELECT id FROM users WHERE role = 'school_contact' AND org_id = $1 AND disabled = 0"
          " ORDER BY id",
          {int64_t{school}});
    }
    if (!rec.ok()) return rec.status();
    if (rec->empty() && !vt_report) {
      return Status::Conflict(
          in.target == "vt"
              ? "er is geen Veilig Thuis-medewerker om dit aan te geven"
              : "de school heeft geen aandachtsfunctionaris in InBeeld; kies Veilig Thuis");
    }
    std::string id_list;
    for (int64_t id : ids) id_list += (id_list.empty() ? "" : ",") + std::to_string(id);
    auto ins = c.Query(
        "INSERT INTO voice_escalations (child_id, adult_id, by_user_id, target, org_id, consent, "
        "legal_ground,"
        " concern, message_ids, words_sealed, recipients, created_ms, vt_report_id, "
        "meldcode_record_id)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        {child_id, (*adult)->id, int64_t{who.user.id}, in.target, int64_t{school},
         int64_t{in.consent ? 1 : 0}, in.consent ? std::string() : ground,
         keys_.Seal(concern, EscalationContext(child_id)), id_list,
         keys_.Seal(words.dump(), EscalationContext(child_id)), static_cast<int64_t>(rec->size()),
         now, SqlOpt(vt_report), SqlOpt(meldcode_record)});
    if (!ins.ok()) return ins.status();
    v.id = (*ins)[0].Int(0);
    if (meldcode_record) {
      INBEELD_RETURN_IF_ERROR(
          MeldcodeService::LinkVoiceEscalation(c, *meldcode_record, v.id, who, now));
    }
    v.child_id = child_id;
    v.nickname = (*child)[0].Text(1);
    v.target = in.target;
    v.consent = in.consent;
    v.legal_ground = in.consent ? "" : ground;
    v.concern = concern;
    v.by_name = who.user.display_name;
    v.org_name = who.org.name;
    v.recipients = static_cast<int>(rec->size());
    v.created_ms = now;
    v.vt_report_id = vt_report;
    v.meldcode_record_id = meldcode_record;
    for (const auto& m : *thread) {
      if (wanted.count(m.id)) v.words.push_back(m);
    }
    // The notice says where to read; the child's words stay sealed in the escalation
    // (and in the meldcode record, which only the organisation reads).
    std::string subject = in.target == "vt"
                              ? "Stem van het kind: adviesvraag van een vertrouwd volwassene"
                              : "Stem van het kind: zorg doorgezet door een vertrouwd volwassene";
    std::string body =
        who.user.display_name + " (" + who.org.name +
        ") zet een zorg door die een kind zelf vertelde, " +
        (in.consent ? std::string("met toestemming van het kind")
                    : "zonder toestemming van het kind (grond vastgelegd)") +
        ". Lees de woorden van het kind in InBeeld: /kindstem/doorgezet/" + std::to_string(v.id) +
        (vt_report ? " (adviesvraag " + std::to_string(*vt_report) + " in de Veilig Thuis-wachtrij)"
                   : std::string()) +
        (meldcode_record ? " (meldcode-dossier " + std::to_string(*meldcode_record) + ")"
                         : std::string()) +
        " — zo hoeft het kind het niet opnieuw te vertellen.";
    for (const auto& r : *rec) {
      INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
          c, r.Int(0), "voice.escalation." + std::to_string(v.id) + ".to." + r.Text(0), subject,
          body, now));
    }
    return Status::Ok();
  });
  if (denied)
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write_denied", "doorzetten voor kind #" + std::to_string(child_id)));
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write",
          "zorg van kind #" + std::to_string(child_id) + " doorgezet naar " + in.target +
              " (doorzetting #" + std::to_string(v.id) + ", " +
              (vt_report ? "adviesvraag " + std::to_string(*vt_report) + ", " : std::string()) +
              (meldcode_record ? "meldcode-dossier " + std::to_string(*meldcode_record) + ", "
                               : std::string()) +
              std::to_string(v.words.size()) + " berichten, " +
              (in.consent ? "toestemming" : "zonder toestemming: " + ground) + ")"));
  return v;
}

Result<int64_t> VoiceService::RecordForSchool(const Principal& who, int64_t child_id,
                                              const VoiceEscalationInput& in,
                                              const std::string& ground,
                                              const std::string& concern) {
  if (meldcode_ == nullptr) {
    return Status::Conflict("de meldcode is op deze installatie niet beschikbaar");
  }
  auto words = SelectedWords(who, child_id, in.message_ids, nullptr);
  if (!words.ok()) return words.status();
  {
    // The school must have a contact before anything is recorded.
    auto lease = store_.pool().Acquire();
    auto rec = lease->Query(
        "SELECT 1 FROM users u JOIN voice_children c ON c.org_id = u.org_id WHERE c.id = $1"
        " AND u.role = 'school_contact' AND u.disabled = 0",
        {child_id});
    if (!rec.ok()) return rec.status();
    if (rec->empty())
      return Status::Conflict(
          "de school heeft geen aandachtsfunctionaris in InBeeld; kies Veilig Thuis");
  }
  MeldcodeNewRecord record;
  record.person_id = in.person_id;
  record.client_kind = "child";
  // Meldcode texts are at most 4000 characters; the whole words stay in the escalation.
  record.signals =
      WordsText("Via Stem van het kind: " + who.user.display_name + " (" + who.org.name +
                    "), door het kind gekozen als vertrouwd volwassene, zet door wat het kind zelf "
                    "vertelde.\nZorg: " +
                    concern + "\nToestemming van het kind: " +
                    (in.consent ? std::string("ja") : "nee — grond: " + ground),
                *words, 3990);
  auto created = meldcode_->Create(who, record);
  if (!created.ok()) {
    // The person field is the adult's: name it so the form can show it.
    if (created.status().code() == StatusCode::kInvalidArgument) {
      return Status::Invalid(created.status().message(), "person_id");
    }
    return created.status();
  }
  return created->id;
}

Result<VoiceEscalationView> VoiceService::StartMeldcode(const Principal& who, int64_t escalation_id,
                                                        PersonId person) {
  if (meldcode_ == nullptr) {
    return Status::Conflict("de meldcode is op deze installatie niet beschikbaar");
  }
  auto e = Escalation(who, escalation_id);  // may `who` read it? (logged either way)
  if (!e.ok()) return e.status();
  if (e->target != "school_contact") {
    return Status::Conflict(
        "alleen een zorg die naar de aandachtsfunctionaris ging, krijgt hier een "
        "meldcode-dossier");
  }
  if (e->meldcode_record_id) {
    return Status::Conflict("deze zorg heeft al een meldcode-dossier (" +
                            std::to_string(*e->meldcode_record_id) + ")");
  }
  MeldcodeNewRecord record;
  record.person_id = person;
  record.client_kind = "child";
  record.signals = WordsText(
      "Via Stem van het kind: " + e->by_name + " (" + e->org_name +
          "), door het kind gekozen als vertrouwd volwassene, zette door wat het kind zelf "
          "vertelde (doorzetting " +
          std::to_string(e->id) + ").\nZorg: " + e->concern + "\nToestemming van het kind: " +
          (e->consent ? std::string("ja") : "nee — grond: " + e->legal_ground),
      e->words, 3990);
  auto created = meldcode_->Create(who, record);
  if (!created.ok()) {
    if (created.status().code() == StatusCode::kInvalidArgument) {
      return Status::Invalid(created.status().message(), "person_id");
    }
    return created.status();
  }
  const int64_t now = clock_.NowMs();
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto up = c.Exec(
        "UPDATE voice_escalations SET meldcode_record_id = $2 WHERE id = $1 AND meldcode_record_id "
        "IS NULL",
        {escalation_id, created->id});
    if (!up.ok()) return up.status();
    if (*up != 1) return Status::Conflict("deze zorg heeft intussen al een meldcode-dossier");
    return MeldcodeService::LinkVoiceEscalation(c, created->id, escalation_id, who, now);
  });
  if (!s.ok()) return s;
  INBEELD_RETURN_IF_ERROR(Log(who, "write",
                              "meldcode-dossier " + std::to_string(created->id) +
                                  " gestart voor doorzetting #" + std::to_string(escalation_id)));
  e->meldcode_record_id = created->id;
  return *e;
}

Result<int64_t> VoiceService::AdviceToVt(const Principal& who, int64_t child_id,
                                         const VoiceEscalationInput& in, const std::string& ground,
                                         const std::string& concern) {
  std::string nickname;
  auto words = SelectedWords(who, child_id, in.message_ids, &nickname);
  if (!words.ok()) return words.status();
  // No family data: the child is known here only by a nickname; Veilig Thuis
  // asks the adult when it needs more. VT takes at most 4000 bytes; the whole
  // text stays in the escalation.
  std::string q = WordsText(
      "Adviesvraag via Stem van het kind. " + who.user.display_name + " (" + who.org.name +
          "), door het kind gekozen als vertrouwd volwassene, deelt wat een kind (bijnaam \"" +
          nickname + "\") zelf vertelde.\nZorg: " + concern + "\nToestemming van het kind: " +
          (in.consent ? std::string("ja") : "nee — grond: " + ground),
      *words, 3990);
  VtAdviceInput advice;
  advice.reporter.type = "professional";
  advice.question = q;
  advice.channel = "api";
  auto r = vt_->RegisterAdvice(who, advice);
  if (!r.ok() && r.status().code() == StatusCode::kInvalidArgument) {
    // The Veilig Thuis region of the adult's municipality is unknown: with a
    // single Veilig Thuis organisation, that one.
    Result<SqlRows> vts = Status::Internal("");
    {
      auto lease = store_.pool().Acquire();
      vts = lease->Query(
          "SELECT id FROM organisations WHERE kind = 'veilig_thuis' ORDER BY id LIMIT 2");
    }
    if (!vts.ok()) return vts.status();
    if (vts->size() != 1) {
      return Status::Conflict(
          "de Veilig Thuis-regio is onbekend; neem contact op met Veilig Thuis (0800-2000)");
    }
    advice.region_org_id = (*vts)[0].Int(0);
    r = vt_->RegisterAdvice(who, advice);
  }
  if (!r.ok()) return r.status();
  return r->id;
}

namespace {

constexpr const char* kEscalationSelect =
    "SELECT e.id, e.child_id, c.nickname, e.target, e.consent, e.legal_ground, e.concern, "
    "e.words_sealed,"
    " u.display_name, o.name, e.recipients, e.created_ms, e.by_user_id, e.org_id, e.vt_report_id,"
    " e.meldcode_record_id"
    " FROM voice_escalations e JOIN voice_children c ON c.id = e.child_id JOIN users u ON u.id = "
    "e.by_user_id"
    " JOIN voice_adults a ON a.id = e.adult_id JOIN organisations o ON o.id = a.org_id ";

bool MayReadEscalation(const Principal& who, const SqlRow& r) {
  if (r.Int(12) == who.user.id) return true;
  if (r.Text(3) == "vt") return IsVt(who.user.role);
  return who.user.role == Role::kSchoolContact && r.Int(13) == who.org.id;
}

}  // namespace

Result<VoiceEscalationView> VoiceService::Escalation(const Principal& who, int64_t id) {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(std::string(kEscalationSelect) + "WHERE e.id = $1", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende doorzetting");
  const SqlRow& r = (*rows)[0];
  if (!MayReadEscalation(who, r)) {
    INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", "doorzetting #" + std::to_string(id)));
    return Status::PermissionDenied("deze doorzetting is niet aan jou gericht");
  }
  VoiceEscalationView v;
  v.id = r.Int(0);
  v.child_id = r.Int(1);
  v.nickname = r.Text(2);
  v.target = r.Text(3);
  v.consent = r.Int(4) != 0;
  v.legal_ground = r.Text(5);
  auto concern = keys_.Open(r.Text(6), EscalationContext(v.child_id));
  v.concern = concern.ok() ? *concern : "[kan niet worden ontsleuteld]";
  auto words = keys_.Open(r.Text(7), EscalationContext(v.child_id));
  if (words.ok()) {
    auto j = nlohmann::json::parse(*words, nullptr, false);
    if (j.is_array()) {
      for (const auto& w : j) {
        VoiceMessageView m;
        m.id = w.value("id", int64_t{0});
        m.author = "child";
        m.kind = w.value("kind", std::string());
        m.text = w.value("text", std::string());
        m.talk_when = w.value("when", std::string());
        m.talk_where = w.value("where", std::string());
        m.mood = w.value("mood", 0);
        m.created_ms = w.value("created_ms", int64_t{0});
        v.words.push_back(std::move(m));
      }
    }
  }
  v.by_name = r.Text(8);
  v.org_name = r.Text(9);
  v.recipients = static_cast<int>(r.Int(10));
  v.created_ms = r.Int(11);
  v.vt_report_id = r.OptInt(14);
  v.meldcode_record_id = r.OptInt(15);
  INBEELD_RETURN_IF_ERROR(Log(who, "read",
                              "doorzetting #" + std::to_string(id) + " (kind #" +
                                  std::to_string(v.child_id) + ", " +
                                  std::to_string(v.words.size()) + " berichten)"));
  return v;
}

Result<std::vector<VoiceEscalationView>> VoiceService::Escalations(const Principal& who) {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(std::string(kEscalationSelect) + "ORDER BY e.id DESC LIMIT 500");
  if (!rows.ok()) return rows.status();
  std::vector<VoiceEscalationView> out;
  for (const auto& r : *rows) {
    if (!MayReadEscalation(who, r)) continue;
    VoiceEscalationView v;
    v.id = r.Int(0);
    v.child_id = r.Int(1);
    v.nickname = r.Text(2);
    v.target = r.Text(3);
    v.consent = r.Int(4) != 0;
    v.by_name = r.Text(8);
    v.org_name = r.Text(9);
    v.recipients = static_cast<int>(r.Int(10));
    v.created_ms = r.Int(11);
    v.vt_report_id = r.OptInt(14);
    v.meldcode_record_id = r.OptInt(15);
    out.push_back(std::move(v));
  }
  INBEELD_RETURN_IF_ERROR(Log(
      who, "read", "lijst doorzettingen stem van het kind (" + std::to_string(out.size()) + ")"));
  return out;
}

// --- the child ------------------------------------------------------------------------

Result<VoiceChildSession> VoiceService::Open(const std::string& code, const std::string& client) {
  const std::string norm = NormaliseVoiceCode(code);
  const std::string addr_bucket = "a:" + keys_.Hash("address", client);
  const std::string prefix_bucket =
      norm.empty() ? "" : "p:" + keys_.Hash("prefix", VoiceCodePrefix(norm));
  const std::string code_hash = norm.empty() ? "" : keys_.Hash("code", norm);
  int64_t now = clock_.NowMs();
  enum { kLimited, kWrong, kOpened } outcome = kWrong;
  VoiceChildSession session;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    outcome = kWrong;
    const bool pg = c.backend() == Backend::kPostgresql;
    auto window = [&](const std::string& bucket) -> Result<std::optional<RateWindow>> {
      if (bucket.empty()) return std::optional<RateWindow>();
      auto r = c.Query(
          std::string("SELECT window_start_ms, failures FROM voice_rate_limits WHERE bucket = $1") +
              (pg ? " FOR UPDATE" : ""),
          {bucket});
      if (!r.ok()) return r.status();
      if (r->empty()) return std::optional<RateWindow>();
      return std::optional<RateWindow>(
          RateWindow{(*r)[0].Int(0), static_cast<int>((*r)[0].Int(1))});
    };
    auto addr = window(addr_bucket);
    if (!addr.ok()) return addr.status();
    auto prefix = window(prefix_bucket);
    if (!prefix.ok()) return prefix.status();
    if (IsRateLimited(*addr, kVoiceAddressLimit, now) ||
        IsRateLimited(*prefix, kVoicePrefixLimit, now)) {
      outcome = kLimited;
      return Status::Ok();
    }
    if (!code_hash.empty()) {
      auto child = c.Query(
          "SELECT id, nickname, org_id, hwc_notice_id FROM voice_children WHERE code_hash = $1",
          {code_hash});
      if (!child.ok()) return child.status();
      if (!child->empty()) {
        session.child.id = (*child)[0].Int(0);
        session.child.nickname = (*child)[0].Text(1);
        session.child.org_id = (*child)[0].Int(2);
        session.child.hwc_notice_id = (*child)[0].OptInt(3);
        session.token = RandomToken();
        session.csrf = RandomToken();
        auto ins = c.Exec(
            "INSERT INTO voice_sessions (id_hash, child_id, csrf, created_ms, last_seen_ms) VALUES "
            "($1, $2, $3, $4, $4)",
            {Sha256Hex(session.token), session.child.id, session.csrf, now});
        if (!ins.ok()) return ins.status();
        outcome = kOpened;
        return c
            .Exec("UPDATE voice_children SET last_seen_ms = $2 WHERE id = $1",
                  {session.child.id, now})
            .status();
      }
    }
    // A wrong code counts against the address and the code's prefix.
    auto record = [&](const std::string& bucket, const std::optional<RateWindow>& w,
                      RateLimit limit) -> Status {
      if (bucket.empty()) return Status::Ok();
      RateWindow next = AfterFailure(w, limit, now);
      return c
          .Exec(
              "INSERT INTO voice_rate_limits (bucket, window_start_ms, failures) VALUES ($1, $2, "
              "$3)"
              " ON CONFLICT (bucket) DO UPDATE SET window_start_ms = excluded.window_start_ms,"
              " failures = excluded.failures",
              {bucket, next.window_start_ms, int64_t{next.failures}})
          .status();
    };
    INBEELD_RETURN_IF_ERROR(record(addr_bucket, *addr, kVoiceAddressLimit));
    return record(prefix_bucket, *prefix, kVoicePrefixLimit);
  });
  if (!s.ok()) return s;
  if (outcome == kLimited) return Status::TooManyRequests("te vaak geprobeerd");
  if (outcome == kWrong) return Status::Unauthenticated("deze code werkt niet");
  return session;
}

Result<VoiceChildSession> VoiceService::Resolve(const std::string& token) {
  if (token.empty()) return Status::Unauthenticated("geen sessie");
  const std::string hash = Sha256Hex(token);
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT s.child_id, s.csrf, s.created_ms, s.last_seen_ms, c.nickname, c.org_id, "
      "c.hwc_notice_id"
      " FROM voice_sessions s JOIN voice_children c ON c.id = s.child_id WHERE s.id_hash = $1",
      {hash});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Unauthenticated("geen sessie");
  const SqlRow& r = (*rows)[0];
  int64_t now = clock_.NowMs();
  if (now - r.Int(3) > kSessionIdleMs || now - r.Int(2) > kSessionMaxMs) {
    (void)lease->Exec("DELETE FROM voice_sessions WHERE id_hash = $1", {hash});
    return Status::Unauthenticated("sessie verlopen");
  }
  if (now - r.Int(3) > 60'000) {
    auto up =
        lease->Exec("UPDATE voice_sessions SET last_seen_ms = $2 WHERE id_hash = $1", {hash, now});
    if (!up.ok()) return up.status();
  }
  VoiceChildSession s;
  s.token = token;
  s.csrf = r.Text(1);
  s.child.id = r.Int(0);
  s.child.nickname = r.Text(4);
  s.child.org_id = r.Int(5);
  s.child.hwc_notice_id = r.OptInt(6);
  return s;
}

Status VoiceService::EndSession(const std::string& token) {
  if (token.empty()) return Status::Ok();
  auto lease = store_.pool().Acquire();
  return lease->Exec("DELETE FROM voice_sessions WHERE id_hash = $1", {Sha256Hex(token)}).status();
}

Status VoiceService::SetNickname(int64_t child_id, const std::string& nickname_in) {
  std::string nickname = Trim(nickname_in);
  INBEELD_RETURN_IF_ERROR(TextError(CheckVoiceText(nickname, kVoiceMaxNicknameChars), "nickname",
                                    kVoiceMaxNicknameChars));
  auto lease = store_.pool().Acquire();
  return lease->Exec("UPDATE voice_children SET nickname = $2 WHERE id = $1", {child_id, nickname})
      .status();
}

Result<std::vector<VoiceAdultChoice>> VoiceService::AdultChoices(int64_t child_id) {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT a.id, a.display_name, a.kind, CASE WHEN ch.adult_id IS NULL THEN 0 ELSE 1 END,"
      " CASE WHEN a.left_ms IS NOT NULL OR u.disabled <> 0 THEN 1 ELSE 0 END"
      " FROM voice_children c JOIN voice_adults a ON a.org_id = c.org_id"
      " AND (a.child_id IS NULL OR a.child_id = c.id) JOIN users u ON u.id = a.user_id"
      " LEFT JOIN voice_choices ch ON ch.child_id = c.id AND ch.adult_id = a.id"
      " WHERE c.id = $1 AND a.accepted_ms IS NOT NULL"
      " AND ((a.left_ms IS NULL AND u.disabled = 0) OR ch.adult_id IS NOT NULL)"
      " UNION SELECT a.id, a.display_name, a.kind, 1,"
      " CASE WHEN a.left_ms IS NOT NULL OR u.disabled <> 0 THEN 1 ELSE 0 END"
      " FROM voice_choices ch JOIN voice_adults a ON a.id = ch.adult_id JOIN users u ON u.id = "
      "a.user_id"
      " JOIN voice_children c ON c.id = ch.child_id WHERE ch.child_id = $1 AND a.org_id <> c.org_id"
      " ORDER BY 2",
      {child_id});
  if (!rows.ok()) return rows.status();
  std::vector<VoiceAdultChoice> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3) != 0, r.Int(4) != 0});
  }
  return out;
}

Status VoiceService::Choose(int64_t child_id, const std::vector<int64_t>& adult_ids) {
  auto choices = AdultChoices(child_id);
  if (!choices.ok()) return choices.status();
  std::set<int64_t> wanted(adult_ids.begin(), adult_ids.end());
  for (int64_t id : wanted) {
    auto it = std::find_if(choices->begin(), choices->end(),
                           [&](const VoiceAdultChoice& c) { return c.adult_id == id; });
    if (it == choices->end() || it->left)
      return Status::Invalid("deze volwassene kun je niet kiezen", "adult");
  }
  int64_t now = clock_.NowMs();
  return WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto current = c.Query("SELECT adult_id FROM voice_choices WHERE child_id = $1", {child_id});
    if (!current.ok()) return current.status();
    std::set<int64_t> have;
    for (const auto& r : *current) have.insert(r.Int(0));
    for (int64_t id : have) {
      if (wanted.count(id)) continue;
      INBEELD_RETURN_IF_ERROR(
          c.Exec("DELETE FROM voice_choices WHERE child_id = $1 AND adult_id = $2", {child_id, id})
              .status());
    }
    for (int64_t id : wanted) {
      if (have.count(id)) continue;
      INBEELD_RETURN_IF_ERROR(
          c.Exec("INSERT INTO voice_choices (child_id, adult_id, chosen_ms) VALUES ($1, $2, $3)",
                 {child_id, id, now})
              .status());
      auto user = c.Query("SELECT user_id FROM voice_adults WHERE id = $1", {id});
      if (!user.ok()) return user.status();
      INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
          c, (*user)[0].Int(0),
          "voice.chosen." + std::to_string(child_id) + "." + std::to_string(id) + "." +
              std::to_string(now),
          "Een kind heeft je gekozen als vertrouwd volwassene",
          "Een kind heeft je gekozen in Stem van het kind. Je ziet het gesprek in "
          "InBeeld onder Stem van het kind (/kindstem).",
          now));
    }
    return Status::Ok();
  });
}

Result<std::vector<VoiceMessageView>> VoiceService::ChildThread(int64_t child_id) {
  auto lease = store_.pool().Acquire();
  return LoadThread(*lease, child_id);
}

Result<VoiceMessageView> VoiceService::Send(int64_t child_id, const VoiceSend& in) {
  std::string text = Trim(in.text);
  nlohmann::json body = nlohmann::json::object();
  if (in.kind == "message") {
    INBEELD_RETURN_IF_ERROR(
        TextError(CheckVoiceText(text, kVoiceMaxMessageChars), "text", kVoiceMaxMessageChars));
  } else if (in.kind == "talk") {
    std::vector<FieldError> errors;
    if (!IsVoiceTalkWhen(in.talk_when)) errors.push_back({"when", "kies wanneer"});
    if (!IsVoiceTalkWhere(in.talk_where)) errors.push_back({"where", "kies waar"});
    if (!errors.empty()) return Status::InvalidFields(errors);
    body["when"] = in.talk_when;
    body["where"] = in.talk_where;
  } else if (in.kind == "mood") {
    if (in.mood < kVoiceMinMood || in.mood > kVoiceMaxMood)
      return Status::Invalid("kies hoe je je voelt", "mood");
    body["mood"] = in.mood;
  } else {
    return Status::Invalid("onbekend soort bericht", "kind");
  }
  if (in.kind != "message" && !text.empty()) {
    INBEELD_RETURN_IF_ERROR(
        TextError(CheckVoiceText(text, kVoiceMaxMessageChars), "text", kVoiceMaxMessageChars));
  }
  body["text"] = text;
  int64_t now = clock_.NowMs();
  std::optional<int64_t> due;
  if (in.kind != "mood") {
    auto d = holidays_.AddWorkingDaysDeadline(now, 1);
    due = d.ok() ? d->due_ms : now + 24 * 3600 * 1000;
  }
  VoiceMessageView v;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto adults = ChosenAvailable(c, child_id);
    if (!adults.ok()) return adults.status();
    if (adults->empty()) return Status::Conflict("kies eerst een volwassene");
    auto ins = c.Query(
        "INSERT INTO voice_messages (child_id, author, kind, sealed, created_ms, due_ms)"
        " VALUES ($1, 'child', $2, $3, $4, $5) RETURNING id",
        {child_id, in.kind, keys_.Seal(body.dump(), MessageContext(child_id)), now, SqlOpt(due)});
    if (!ins.ok()) return ins.status();
    v.id = (*ins)[0].Int(0);
    const char* what = in.kind == "talk"   ? "vraagt om een gesprek"
                       : in.kind == "mood" ? "liet weten hoe het gaat"
                                           : "stuurde je een bericht";
    for (const auto& [adult_id, user_id] : *adults) {
      INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
          c, user_id, "voice.msg." + std::to_string(v.id) + ".adult." + std::to_string(adult_id),
          "Stem van het kind: nieuw bericht",
          std::string("Een kind ") + what +
              ". Lees het in InBeeld onder Stem van het kind (/kindstem).",
          now));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  v.author = "child";
  v.kind = in.kind;
  v.text = text;
  v.talk_when = in.talk_when;
  v.talk_where = in.talk_where;
  v.mood = in.mood;
  v.created_ms = now;
  v.due_ms = due;
  return v;
}

Result<VoiceJobStats> VoiceService::RunJobs(int64_t now_ms) {
  VoiceJobStats stats;
  Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    stats = VoiceJobStats{};
    auto due = c.Query(
        "SELECT id, child_id FROM voice_messages WHERE author = 'child' AND answered_ms IS NULL"
        " AND reminded_ms IS NULL AND due_ms IS NOT NULL AND due_ms <= $1 ORDER BY id LIMIT 1000",
        {now_ms});
    if (!due.ok()) return due.status();
    for (const auto& r : *due) {
      auto adults = ChosenAvailable(c, r.Int(1));
      if (!adults.ok()) return adults.status();
      for (const auto& [adult_id, user_id] : *adults) {
        INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
            c, user_id, "voice.remind." + r.Text(0) + ".adult." + std::to_string(adult_id),
            "Herinnering: een kind wacht op je antwoord",
            "Een kind wacht langer dan een schooldag op antwoord in Stem van het "
            "kind. Antwoord in InBeeld (/kindstem), ook als het maar kort is.",
            now_ms));
      }
      INBEELD_RETURN_IF_ERROR(
          c.Exec("UPDATE voice_messages SET reminded_ms = $2 WHERE id = $1", {r.Int(0), now_ms})
              .status());
      ++stats.reminded;
    }
    auto ended = c.Exec("DELETE FROM voice_sessions WHERE last_seen_ms < $1 OR created_ms < $2",
                        {now_ms - kSessionIdleMs, now_ms - kSessionMaxMs});
    if (!ended.ok()) return ended.status();
    stats.sessions_ended = static_cast<int>(*ended);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return stats;
}

}  // namespace inbeeld
