#include "meldcode/service.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/bsn.h"
#include "core/calendar_time.h"
#include "core/text.h"

namespace inbeeld {
namespace {

constexpr const char* kQuestionText[kMeldcodeQuestions] = {
    "Is er na stap 1 tot en met 3 (nog) een vermoeden van huiselijk geweld of kindermishandeling?",
    "Is er sprake van acute onveiligheid of structurele onveiligheid?",
    "Ben ik in staat om effectieve hulp te bieden of te organiseren?",
    "Aanvaarden de betrokkenen de hulp?",
    "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke veiligheid?",
};

std::string NameOf(const SqlRow& r, size_t first) {
  Person p;
  p.first_name = r.Text(first);
  p.tussenvoegsel = r.Text(first + 1);
  p.last_name = r.Text(first + 2);
  return FullName(p);
}

std::string UserName(const Principal& who) {
  return who.user.display_name.empty() ? who.user.username : who.user.display_name;
}

// The columns RecordFrom reads, in order.
constexpr const char* kRecordSelect =
    "SELECT r.id, r.org_id, o.name, r.user_id, u.display_name, r.person_id, p.first_name, "
    "p.tussenvoegsel,"
    " p.last_name, p.birth_date, r.client_kind, r.signal_id, r.state, r.version,"
    " r.s1_signals, r.s1_kindcheck, r.s1_kindcheck_children, r.s1_ms,"
    " r.s2_colleague, r.s2_advice, r.s2_vt, r.s2_forensic, r.s2_notes, r.s2_ms,"
    " r.s3_parents, r.s3_child, r.s3_ms,"
    " r.q1, r.q1_reasons, r.q2, r.q2_reasons, r.q3, r.q3_reasons, r.q4, r.q4_reasons, r.q5, "
    "r.q5_reasons,"
    " r.decision, r.decision_reasons, r.decided_ms, r.created_ms, r.updated_ms,"
    " r.voice_escalation_id"
    " FROM meldcode_records r JOIN organisations o ON o.id = r.org_id JOIN users u ON u.id = "
    "r.user_id"
    " JOIN persons p ON p.id = r.person_id ";

MeldcodeRecordView RecordFrom(const SqlRow& r) {
  MeldcodeRecordView v;
  v.id = r.Int(0);
  v.org_id = r.Int(1);
  v.org_name = r.Text(2);
  v.user_id = r.Int(3);
  v.owner_name = r.Text(4);
  v.person_id = r.Int(5);
  v.person_name = NameOf(r, 6);
  v.person_birth_date = r.Text(9);
  v.client_kind = r.Text(10);
  v.signal_id = r.OptInt(11);
  v.state = r.Text(12);
  v.version = r.Int(13);
  v.steps.signals = r.Text(14);
  v.steps.kindcheck = r.Text(15);
  v.steps.kindcheck_children = r.Text(16);
  v.step_ms[0] = r.OptInt(17);
  v.steps.colleague = r.Text(18);
  v.steps.colleague_advice = r.Text(19);
  v.steps.consulted_vt = r.Int(20) != 0;
  v.steps.consulted_forensic = r.Int(21) != 0;
  v.steps.consultation_notes = r.Text(22);
  v.step_ms[1] = r.OptInt(23);
  v.steps.talk_parents = r.Text(24);
  v.steps.talk_child = r.Text(25);
  v.step_ms[2] = r.OptInt(26);
  for (int q = 0; q < kMeldcodeQuestions; ++q) {
    auto a = r.OptInt(27 + 2 * q);
    if (a) v.answers[q] = *a != 0;
    v.reasons[q] = r.Text(28 + 2 * q);
  }
  v.decision = r.Text(37);
  v.decision_reasons = r.Text(38);
  v.decided_ms = r.OptInt(39);
  v.created_ms = r.Int(40);
  v.updated_ms = r.Int(41);
  v.voice_escalation_id = r.OptInt(42);
  v.afweging = EvaluateAfwegingskader(v.answers);
  return v;
}

Result<MeldcodeRecordView> LoadRecord(SqlConnection& c, int64_t id) {
  auto rows = c.Query(std::string(kRecordSelect) + "WHERE r.id = $1", {int64_t{id}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekend meldcode-dossier");
  MeldcodeRecordView v = RecordFrom((*rows)[0]);
  auto ag = c.Query(
      "SELECT id, agreements, review_date, created_ms, reminded_ms FROM meldcode_agreements"
      " WHERE record_id = $1 ORDER BY id DESC",
      {int64_t{id}});
  if (!ag.ok()) return ag.status();
  for (const auto& a : *ag)
    v.agreements.push_back({a.Int(0), a.Text(1), a.Text(2), a.Int(3), a.OptInt(4)});
  return v;
}

// The record's history and what went to Veilig Thuis.
Status LoadDetails(SqlConnection& c, MeldcodeRecordView* v) {
  auto ev = c.Query(
      "SELECT at_ms, user_name, kind, step, summary FROM meldcode_events WHERE record_id = $1 "
      "ORDER BY id",
      {int64_t{v->id}});
  if (!ev.ok()) return ev.status();
  for (const auto& r : *ev)
    v->events.push_back({r.Int(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), r.Text(4)});
  auto vt = c.Query(
      "SELECT id, kind, state, person_id, content, created_ms, vt_report_id FROM "
      "meldcode_vt_requests WHERE record_id = $1"
      " ORDER BY id",
      {int64_t{v->id}});
  if (!vt.ok()) return vt.status();
  for (const auto& r : *vt) {
    MeldcodeVtRequestView q;
    q.id = r.Int(0);
    q.record_id = v->id;
    q.kind = r.Text(1);
    q.state = r.Text(2);
    q.person_id = r.OptInt(3);
    q.content = r.Text(4);
    q.created_ms = r.Int(5);
    q.vt_report_id = r.OptInt(6);
    v->vt_requests.push_back(std::move(q));
  }
  return Status::Ok();
}

Status AddEvent(SqlConnection& c, int64_t record, int64_t now, std::optional<UserId> user,
                const std::string& user_name, const std::string& kind, int step,
                const std::string& summary) {
  auto ins = c.Exec(
      "INSERT INTO meldcode_events (record_id, at_ms, user_id, user_name, kind, step, summary)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {int64_t{record}, int64_t{now}, user ? SqlValue(int64_t{*user}) : SqlValue(SqlNull{}),
       user_name, kind, int64_t{step}, summary});
  return ins.status();
}

// The optimistic lock: bumps the version only when it is still the one read.
Status BumpVersion(SqlConnection& c, const MeldcodeRecordView& rec, UserId user, int64_t now) {
  auto upd = c.Exec(
      "UPDATE meldcode_records SET version = version + 1, updated_ms = $1, updated_by = $2"
      " WHERE id = $3 AND version = $4",
      {int64_t{now}, int64_t{user}, int64_t{rec.id}, int64_t{rec.version}});
  if (!upd.ok()) return upd.status();
  if (*upd != 1) {
    // Another write committed after this one read the record (the concurrent case).
    return Status::Conflict(
        "dit dossier is intussen gewijzigd door iemand anders; uw wijziging is niet opgeslagen. "
        "Laad het dossier opnieuw");
  }
  return Status::Ok();
}

// Records what goes to Veilig Thuis (state 'to_vt', for its intake) and tells
// the Veilig Thuis triage users through the outbox — the notice says only that
// something is waiting, never whom it is about.
// Tells every Veilig Thuis triage user that request `request_id` waits (inside the caller's
// transaction).
Status NotifyTriage(SqlConnection& c, int64_t request_id, bool report, const std::string& org_name,
                    int64_t now) {
  auto triage =
      c.Query("SELECT id FROM users WHERE role = 'vt_triage' AND disabled = 0 ORDER BY id");
  if (!triage.ok()) return triage.status();
  const std::string subject =
      report ? "InBeeld: nieuwe melding uit de meldcode" : "InBeeld: nieuwe anonieme adviesvraag";
  const std::string body =
      std::string(report ? "Er is een melding" : "Er is een anonieme adviesvraag") + " van " +
      org_name + " binnengekomen via de meldcode (nummer " + std::to_string(request_id) +
      "). U vindt " + (report ? "haar" : "hem") + " in InBeeld onder Meldcode Veilig Thuis.\n";
  for (const auto& u : *triage) {
    INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
        c, u.Int(0), "meldcode.vt" + std::to_string(request_id) + ".u" + std::to_string(u.Int(0)),
        subject, body, now));
  }
  return Status::Ok();
}

Result<int64_t> SendToVt(SqlConnection& c, const MeldcodeRecordView& rec, const Principal& who,
                         const std::string& kind, std::optional<PersonId> person,
                         const nlohmann::json& content, int64_t now, bool notify) {
  auto ins = c.Query(
      "INSERT INTO meldcode_vt_requests (record_id, kind, org_id, user_id, person_id, content, "
      "created_ms)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {int64_t{rec.id}, kind, int64_t{who.org.id}, int64_t{who.user.id},
       person ? SqlValue(int64_t{*person}) : SqlValue(SqlNull{}), content.dump(), int64_t{now}});
  if (!ins.ok()) return ins.status();
  const int64_t request_id = (*ins)[0].Int(0);
  if (notify)
    INBEELD_RETURN_IF_ERROR(NotifyTriage(c, request_id, kind == "report", who.org.name, now));
  return request_id;
}

// True when `text` names the person or carries an identifying number: an
// anonymous consultation must not.
bool NamesThePerson(const std::string& text, const std::string& first, const std::string& last) {
  const std::string t = Lower(text);
  for (const std::string& name : {Lower(first), Lower(last)}) {
    if (name.size() >= 3 && t.find(name) != std::string::npos) return true;
  }
  int digits = 0;
  for (char ch : text) {
    digits = std::isdigit(static_cast<unsigned char>(ch)) ? digits + 1 : 0;
    if (digits >= 8) return true;  // a BSN or a phone number
  }
  return false;
}

nlohmann::json ReportContent(const MeldcodeRecordView& rec, const Principal& who,
                             const std::string& reasons) {
  nlohmann::json afweging = nlohmann::json::array();
  for (int q = 0; q < kMeldcodeQuestions; ++q) {
    if (!rec.answers[q]) continue;
    afweging.push_back({{"question", q + 1},
                        {"text", kQuestionText[q]},
                        {"answer", *rec.answers[q] ? "ja" : "nee"},
                        {"reasons", rec.reasons[q]}});
  }
  nlohmann::json j = {
      {"type", "melding"},
      {"meldcode_record_id", rec.id},
      {"person",
       {{"id", rec.person_id}, {"name", rec.person_name}, {"birth_date", rec.person_birth_date}}},
      {"client_kind", rec.client_kind},
      {"reporter",
       {{"organisation", who.org.name}, {"name", UserName(who)}, {"email", who.user.email}}},
      {"signals", rec.steps.signals},
      {"consultation",
       {{"colleague", rec.steps.colleague},
        {"advice", rec.steps.colleague_advice},
        {"consulted_vt", rec.steps.consulted_vt},
        {"consulted_forensic", rec.steps.consulted_forensic},
        {"notes", rec.steps.consultation_notes}}},
      {"talks", {{"parents", rec.steps.talk_parents}, {"child", rec.steps.talk_child}}},
      {"afwegingskader", afweging},
      {"explanation", rec.afweging.explanation},
      {"reasons", reasons},
  };
  if (rec.client_kind == "adult") {
    j["kindcheck"] = {{"has_children", rec.steps.kindcheck == "yes"},
                      {"children", rec.steps.kindcheck_children}};
  }
  if (!rec.agreements.empty()) {
    j["help"] = {{"agreements", rec.agreements.front().agreements},
                 {"review_date", rec.agreements.front().review_date}};
  }
  return j;
}

}  // namespace

MeldcodeService::MeldcodeService(Store& store, AuditLog& audit,
                                 const BsnPseudonymizer& pseudonymizer, const Clock& clock,
                                 VtService* vt)
    : store_(store), audit_(audit), pseudonymizer_(pseudonymizer), clock_(clock), vt_(vt) {}

Result<std::vector<VtCode>> MeldcodeService::VtCodes() {
  if (!vt_) return std::vector<VtCode>{};
  auto codes = vt_->Codes();
  if (!codes.ok()) return codes.status();
  std::vector<VtCode> out;
  for (auto& c : *codes) {
    if (c.active) out.push_back(std::move(c));
  }
  return out;
}

void MeldcodeService::Forward(const Principal& who, int64_t request_id) {
  if (!vt_) return;
  std::string kind, content_text;
  std::optional<PersonId> person;
  {
    auto lease = store_.pool().Acquire();
    auto row = lease->Query(
        "SELECT kind, person_id, content FROM meldcode_vt_requests WHERE id = $1 AND state = "
        "'to_vt'",
        {int64_t{request_id}});
    if (!row.ok() || row->empty()) return;
    kind = (*row)[0].Text(0);
    person = (*row)[0].OptInt(1);
    content_text = (*row)[0].Text(2);
  }
  nlohmann::json content = nlohmann::json::parse(content_text, nullptr, false);
  if (content.is_discarded()) return;
  Result<VtReport> sent = Status::Internal("");
  if (kind == "advice") {
    VtAdviceInput a;
    a.reporter.type = "professional";
    a.question = content.value("question", std::string());
    sent = vt_->RegisterAdvice(who, a);
  } else {
    VtReportInput in;
    in.reporter.type = "professional";
    in.codes = content.value("codes", std::vector<std::string>{});
    in.urgency = content.value("urgency", std::string("regular"));
    std::string summary = "Melding vanuit de meldcode (dossier " +
                          std::to_string(content.value("meldcode_record_id", int64_t{0})) +
                          ").\nSignalen: " + content.value("signals", std::string()) +
                          "\nAfweging: " + content.value("explanation", std::string()) +
                          "\nRedenen: " + content.value("reasons", std::string());
    if (summary.size() > kMeldcodeTextMax)
      summary = summary.substr(0, kMeldcodeTextMax - 3) + "...";
    in.summary = summary;
    if (person && content.value("client_kind", std::string()) == "adult") {
      // An adult client: the report names the client as parent and the children of the household.
      in.persons.push_back({*person, "", "parent"});
      auto lease = store_.pool().Acquire();
      auto kids = lease->Query(
          "SELECT k.id FROM persons p JOIN persons k ON k.household_id = p.household_id"
          " WHERE p.id = $1 AND k.id <> p.id AND k.relation = 'child' ORDER BY k.id",
          {int64_t{*person}});
      if (kids.ok()) {
        for (const auto& k : *kids) in.persons.push_back({k.Int(0), "", "child"});
      }
    } else if (person) {
      in.persons.push_back({*person, "", "child"});
    }
    sent = vt_->RegisterReport(who, in);
  }
  const int64_t now = clock_.NowMs();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    if (sent.ok()) {
      return c
          .Exec(
              "UPDATE meldcode_vt_requests SET state = 'forwarded', vt_report_id = $1, "
              "forwarded_ms = $2"
              " WHERE id = $3 AND state = 'to_vt'",
              {int64_t{sent->id}, int64_t{now}, int64_t{request_id}})
          .status();
    }
    // Refused or unavailable: it waits for Veilig Thuis triage, who are told.
    return NotifyTriage(c, request_id, kind == "report", who.org.name, now);
  });
  (void)tx;  // the request is recorded either way; a failed notice is retried by nobody but is
             // visible as 'to_vt'
}

Status MeldcodeService::Log(const Principal& who, const std::string& action,
                            std::optional<PersonId> person, const std::string& detail,
                            const std::string& reason) {
  AuditRecord r = AuditRecordBy(who);
  r.action = action;
  r.object_type = person ? "person" : "meldcode";
  r.person_id = person;
  r.detail = detail;
  r.reason = reason;
  return audit_.Record(std::move(r));
}

Result<MeldcodeRecordView> MeldcodeService::Create(const Principal& who,
                                                   const MeldcodeNewRecord& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  if (in.client_kind != "child" && in.client_kind != "adult") {
    errors.push_back({"client_kind",
                      "kies: het gaat om een kind, of om een volwassen cliënt (met de kindcheck)"});
  }
  std::optional<Person> person;
  if (in.person_id && !Trim(in.bsn).empty()) {
    errors.push_back({"bsn", "geef een persoon óf een BSN, niet beide"});
  } else if (in.person_id) {
    auto p = store_.GetPerson(*in.person_id);
    if (p.ok())
      person = *p;
    else if (p.status().code() == StatusCode::kNotFound)
      errors.push_back({"person_id", "onbekende persoon"});
    else
      return p.status();
  } else if (!Trim(in.bsn).empty()) {
    auto bsn = Bsn::Parse(Trim(in.bsn));
    if (!bsn.ok()) {
      errors.push_back({"bsn", bsn.status().message()});
    } else {
      auto p = store_.FindPersonByBsn(pseudonymizer_.Pseudonymize(*bsn));
      if (p.ok())
        person = *p;
      else if (p.status().code() == StatusCode::kNotFound)
        errors.push_back({"bsn", "dit BSN is niet bekend in het register"});
      else
        return p.status();
    }
  } else {
    errors.push_back({"person_id", "over wie gaat het? Geef het registernummer of het BSN"});
  }
  if (person && in.client_kind == "child" && AgeOn(person->birth_date, clock_.Today()) >= 18) {
    errors.push_back(
        {"client_kind", "deze persoon is volwassen: kies 'volwassen cliënt' (met de kindcheck)"});
  }
  if (person && in.client_kind == "adult" && AgeOn(person->birth_date, clock_.Today()) < 18) {
    errors.push_back({"client_kind", "deze persoon is minderjarig: kies 'kind'"});
  }
  if (Trim(in.reason).size() > 500) errors.push_back({"reason", "hoogstens 500 tekens"});
  if (!errors.empty()) return Status::InvalidFields(errors);

  // Need-to-know on the person, as for the person's page.
  PersonContext ctx;
  if (person->household_id) {
    auto h = store_.GetHousehold(*person->household_id);
    if (h.ok())
      ctx.municipality_code = h->address.municipality_code;
    else if (h.status().code() != StatusCode::kNotFound)
      return h.status();
  }
  auto enrolments = store_.EnrolmentsOf(person->id);
  if (!enrolments.ok()) return enrolments.status();
  const int today = DaysSinceEpoch(clock_.Today());
  for (const auto& e : *enrolments) {
    if (DaysSinceEpoch(e.from) <= today && (!e.to || DaysSinceEpoch(*e.to) >= today)) {
      ctx.current_school_ids.push_back(e.org_id);
    }
  }
  const Access access = DecidePersonAccess(who, ctx);
  if (access == Access::kDeny) {
    INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", person->id,
                                "meldcode-dossier starten geweigerd (geen noodzaak tot inzage)"));
    return Status::PermissionDenied("je hebt geen toegang tot deze persoon");
  }
  if (access == Access::kNeedsReason && Trim(in.reason).size() < 10) {
    return Status::Invalid(
        "deze persoon woont buiten uw werkgebied: geef een reden (minstens 10 tekens)", "reason");
  }

  int64_t id = 0;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    if (in.signal_id) {
      auto s = c.Query("SELECT person_id FROM signals WHERE id = $1 AND org_id = $2",
                       {int64_t{*in.signal_id}, int64_t{who.org.id}});
      if (!s.ok()) return s.status();
      if (s->empty() || (*s)[0].OptInt(0) != std::optional<int64_t>(person->id)) {
        return Status::Invalid("dit signaal hoort niet bij uw organisatie of bij deze persoon",
                               "signal_id");
      }
    }
    const bool from_voice = !in.signals.empty();
    auto ins = c.Query(
        "INSERT INTO meldcode_records (org_id, user_id, person_id, client_kind, signal_id, "
        "created_ms, updated_ms, updated_by, s1_signals, s1_ms)"
        " VALUES ($1, $2, $3, $4, $5, $6, $6, $2, $7, $8) RETURNING id",
        {int64_t{who.org.id}, int64_t{who.user.id}, int64_t{person->id}, in.client_kind,
         in.signal_id ? SqlValue(int64_t{*in.signal_id}) : SqlValue(SqlNull{}), int64_t{now},
         in.signals, from_voice ? SqlValue(int64_t{now}) : SqlValue(SqlNull{})});
    if (!ins.ok()) return ins.status();
    id = (*ins)[0].Int(0);
    INBEELD_RETURN_IF_ERROR(
        AddEvent(c, id, now, who.user.id, UserName(who), "created", 0,
                 std::string("dossier gestart") +
                     (in.client_kind == "adult" ? " (volwassen cliënt: kindcheck)" : "") +
                     (in.signal_id ? " vanuit signaal " + std::to_string(*in.signal_id) : "") +
                     (from_voice ? " vanuit Stem van het kind" : "")));
    if (!from_voice) return Status::Ok();
    return AddEvent(c, id, now, who.user.id, UserName(who), "step", 1,
                    "stap 1: de zorg en de woorden van het kind uit Stem van het kind");
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(Log(who, "write", person->id,
                              "meldcode-dossier " + std::to_string(id) + " gestart",
                              access == Access::kNeedsReason ? Trim(in.reason) : ""));
  auto lease = store_.pool().Acquire();
  return LoadRecord(*lease, id);
}

Status MeldcodeService::LinkVoiceEscalation(SqlConnection& c, int64_t record_id,
                                            int64_t escalation_id, const Principal& who,
                                            int64_t now_ms) {
  auto up = c.Exec("UPDATE meldcode_records SET voice_escalation_id = $2 WHERE id = $1",
                   {record_id, escalation_id});
  if (!up.ok()) return up.status();
  if (*up != 1) return Status::NotFound("onbekend meldcode-dossier");
  return AddEvent(
      c, record_id, now_ms, who.user.id, UserName(who), "step", 1,
      "gekoppeld aan doorzetting " + std::to_string(escalation_id) + " uit Stem van het kind");
}

Result<std::vector<MeldcodeRecordView>> MeldcodeService::List(const Principal& who, int limit) {
  std::vector<MeldcodeRecordView> out;
  {
    auto lease = store_.pool().Acquire();
    auto rows =
        lease->Query(std::string(kRecordSelect) +
                         "WHERE r.org_id = $1 ORDER BY r.updated_ms DESC, r.id DESC LIMIT $2",
                     {int64_t{who.org.id}, int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) out.push_back(RecordFrom(r));
  }
  for (const auto& v : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", v.person_id, "meldcode-dossier " + std::to_string(v.id) + " in de lijst"));
  }
  return out;
}

Result<MeldcodeRecordView> MeldcodeService::Get(const Principal& who, int64_t id) {
  Result<MeldcodeRecordView> v = Status::NotFound("");
  {
    auto lease = store_.pool().Acquire();
    v = LoadRecord(*lease, id);
    if (v.ok() && v->org_id == who.org.id) INBEELD_RETURN_IF_ERROR(LoadDetails(*lease, &*v));
  }
  if (!v.ok()) return v.status();
  if (v->org_id != who.org.id) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read_denied", v->person_id,
            "meldcode-dossier " + std::to_string(id) + " van een andere organisatie geweigerd"));
    return Status::PermissionDenied(
        "een meldcode-dossier is alleen zichtbaar voor de eigen organisatie");
  }
  INBEELD_RETURN_IF_ERROR(
      Log(who, "read", v->person_id, "meldcode-dossier " + std::to_string(id) + " gelezen"));
  return v;
}

Result<MeldcodeRecordView> MeldcodeService::LoadForWrite(const Principal& who, SqlConnection& c,
                                                         int64_t id, int64_t version) {
  auto rec = LoadRecord(c, id);
  if (!rec.ok()) return rec.status();
  if (rec->org_id != who.org.id) {
    return Status::PermissionDenied(
        "een meldcode-dossier is alleen zichtbaar voor de eigen organisatie");
  }
  if (rec->version != version) {
    auto by = c.Query(
        "SELECT u.display_name FROM meldcode_records r JOIN users u ON u.id = r.updated_by WHERE "
        "r.id = $1",
        {int64_t{id}});
    std::string name = by.ok() && !by->empty() ? (*by)[0].Text(0) : "";
    return Status::Conflict("dit dossier is intussen gewijzigd" +
                            (name.empty() ? "" : " door " + name) + " (om " +
                            FormatAmsterdam(rec->updated_ms) +
                            "); uw wijziging is niet opgeslagen. Laad het dossier opnieuw");
  }
  if (rec->final()) {
    return Status::Conflict(rec->state == "reported"
                                ? "dit dossier is gemeld bij Veilig Thuis en afgesloten"
                                : "dit dossier is afgesloten");
  }
  return rec;
}

Result<MeldcodeRecordView> MeldcodeService::ReadBack(const Principal& who, int64_t id,
                                                     const std::string& what) {
  Result<MeldcodeRecordView> out = Status::NotFound("");
  {
    auto lease = store_.pool().Acquire();
    out = LoadRecord(*lease, id);
    if (out.ok()) INBEELD_RETURN_IF_ERROR(LoadDetails(*lease, &*out));
  }
  if (!out.ok()) return out.status();
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", out->person_id, "meldcode-dossier " + std::to_string(id) + ": " + what));
  return out;
}

Status MeldcodeService::Refused(const Principal& who, int64_t id, const Status& s) {
  if (s.code() != StatusCode::kPermissionDenied) return s;
  // Another organisation's record: the attempt is logged against the person.
  std::optional<PersonId> person;
  {
    auto lease = store_.pool().Acquire();
    auto p = lease->Query("SELECT person_id FROM meldcode_records WHERE id = $1", {int64_t{id}});
    if (p.ok() && !p->empty()) person = (*p)[0].Int(0);
  }
  INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", person,
                              "meldcode-dossier " + std::to_string(id) +
                                  " van een andere organisatie: wijziging geweigerd"));
  return s;
}

Result<MeldcodeRecordView> MeldcodeService::SaveStep(const Principal& who, int64_t id,
                                                     int64_t version, int step,
                                                     const MeldcodeStepInput& in) {
  const int64_t now = clock_.NowMs();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto rec = LoadForWrite(who, c, id, version);
    if (!rec.ok()) return rec.status();
    auto errors = ValidateMeldcodeStep(step, rec->client_kind == "adult", in);
    if (!errors.empty()) return Status::InvalidFields(errors);
    INBEELD_RETURN_IF_ERROR(BumpVersion(c, *rec, who.user.id, now));
    Result<int64_t> upd = int64_t{0};
    std::string summary;
    switch (step) {
      case 1:
        upd = c.Exec(
            "UPDATE meldcode_records SET s1_signals = $1, s1_kindcheck = $2, s1_kindcheck_children "
            "= $3, s1_ms = $4 WHERE id = $5",
            {Trim(in.signals), rec->client_kind == "adult" ? in.kindcheck : std::string(),
             Trim(in.kindcheck_children), int64_t{now}, int64_t{id}});
        summary = "stap 1 signalen in kaart gebracht";
        if (rec->client_kind == "adult") {
          summary += in.kindcheck == "yes" ? "; kindcheck: de cliënt heeft kinderen (" +
                                                 Trim(in.kindcheck_children) + ")"
                                           : "; kindcheck: geen kinderen";
        }
        break;
      case 2:
        upd = c.Exec(
            "UPDATE meldcode_records SET s2_colleague = $1, s2_advice = $2, s2_vt = $3, "
            "s2_forensic = $4, s2_notes = $5,"
            " s2_ms = $6 WHERE id = $7",
            {Trim(in.colleague), Trim(in.colleague_advice), int64_t{in.consulted_vt ? 1 : 0},
             int64_t{in.consulted_forensic ? 1 : 0}, Trim(in.consultation_notes), int64_t{now},
             int64_t{id}});
        summary = "stap 2 collegiale consultatie met " + Trim(in.colleague) +
                  (in.consulted_vt ? "; Veilig Thuis geraadpleegd" : "") +
                  (in.consulted_forensic ? "; forensisch arts geraadpleegd" : "");
        break;
      case 3:
        upd = c.Exec(
            "UPDATE meldcode_records SET s3_parents = $1, s3_child = $2, s3_ms = $3 WHERE id = $4",
            {Trim(in.talk_parents), Trim(in.talk_child), int64_t{now}, int64_t{id}});
        summary = "stap 3 gesprek met ouder(s) en kind vastgelegd";
        break;
    }
    if (!upd.ok()) return upd.status();
    return AddEvent(c, id, now, who.user.id, UserName(who), "step", step, summary);
  });
  if (!tx.ok()) return Refused(who, id, tx);
  return ReadBack(who, id, "stap " + std::to_string(step) + " vastgelegd");
}

Result<MeldcodeRecordView> MeldcodeService::Answer(const Principal& who, int64_t id,
                                                   int64_t version, int question, bool answer,
                                                   const std::string& reasons) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  const std::string why = Trim(reasons);
  if (why.empty())
    errors.push_back({"reasons", "geef de redenen van uw antwoord"});
  else if (why.size() < 5)
    errors.push_back({"reasons", "schrijf iets meer op (minstens 5 tekens)"});
  else if (why.size() > kMeldcodeTextMax)
    errors.push_back({"reasons", "hoogstens 4000 tekens"});
  if (question < 1 || question > kMeldcodeQuestions)
    errors.push_back({"question", "vraag 1 tot en met 5"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  std::string outcome;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto rec = LoadForWrite(who, c, id, version);
    if (!rec.ok()) return rec.status();
    INBEELD_RETURN_IF_ERROR(
        CheckAnswerAllowed(rec->steps_1_to_3_recorded(), rec->answers, question));
    if (question == 5 && rec->state != "help") {
      return Status::Conflict(
          "vraag 5 volgt bij de evaluatie van de hulp: leg eerst in stap 5 de hulp en de "
          "vervolgafspraken vast");
    }
    MeldcodeAnswers next = WithAnswer(rec->answers, question, answer);
    std::array<std::string, kMeldcodeQuestions> texts = rec->reasons;
    texts[question - 1] = why;
    for (int q = 0; q < kMeldcodeQuestions; ++q) {
      if (!next[q]) texts[q].clear();
    }
    INBEELD_RETURN_IF_ERROR(BumpVersion(c, *rec, who.user.id, now));
    std::vector<SqlValue> params;
    for (int q = 0; q < kMeldcodeQuestions; ++q) {
      params.push_back(next[q] ? SqlValue(int64_t{*next[q] ? 1 : 0}) : SqlValue(SqlNull{}));
      params.emplace_back(texts[q]);
    }
    params.emplace_back(int64_t{id});
    auto upd = c.Exec(
        "UPDATE meldcode_records SET q1 = $1, q1_reasons = $2, q2 = $3, q2_reasons = $4, q3 = $5, "
        "q3_reasons = $6,"
        " q4 = $7, q4_reasons = $8, q5 = $9, q5_reasons = $10 WHERE id = $11",
        params);
    if (!upd.ok()) return upd.status();
    AfwegingState st = EvaluateAfwegingskader(next);
    outcome = st.next_question ? (st.outcome == MeldcodeOutcome::kHelp
                                      ? st.explanation
                                      : "volgende: vraag " + std::to_string(st.next_question))
                               : st.explanation;
    std::string summary = "vraag " + std::to_string(question) + " (" + kQuestionText[question - 1] +
                          "): " + (answer ? "ja" : "nee") + " — " + why + ". Uitkomst: " + outcome;
    for (int q = question; q < kMeldcodeQuestions; ++q) {
      if (rec->answers[q] && !next[q])
        summary += "; het antwoord op vraag " + std::to_string(q + 1) + " vervalt";
    }
    return AddEvent(c, id, now, who.user.id, UserName(who), "answer", 4, summary);
  });
  if (!tx.ok()) return Refused(who, id, tx);
  return ReadBack(who, id, "afwegingsvraag " + std::to_string(question) + " beantwoord");
}

Result<MeldcodeRecordView> MeldcodeService::Consult(const Principal& who, int64_t id,
                                                    int64_t version, const std::string& question) {
  const int64_t now = clock_.NowMs();
  const std::string q = Trim(question);
  if (q.size() < 10) return Status::Invalid("stel uw vraag (minstens 10 tekens)", "question");
  if (q.size() > kMeldcodeTextMax) return Status::Invalid("hoogstens 4000 tekens", "question");
  int64_t request_id = 0;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto rec = LoadForWrite(who, c, id, version);
    if (!rec.ok()) return rec.status();
    auto person = c.Query("SELECT first_name, last_name FROM persons WHERE id = $1",
                          {int64_t{rec->person_id}});
    if (!person.ok()) return person.status();
    if (!person->empty() && NamesThePerson(q, (*person)[0].Text(0), (*person)[0].Text(1))) {
      return Status::Invalid(
          "een anoniem consult bevat geen namen, BSN of andere nummers van het gezin: laat die weg",
          "question");
    }
    INBEELD_RETURN_IF_ERROR(BumpVersion(c, *rec, who.user.id, now));
    nlohmann::json content = {
        {"type", "adviesvraag"},
        {"anonymous", true},
        {"question", q},
        {"client_kind", rec->client_kind},
        {"professional",
         {{"organisation", who.org.name}, {"name", UserName(who)}, {"email", who.user.email}}}};
    auto sent = SendToVt(c, *rec, who, "advice", std::nullopt, content, now, vt_ == nullptr);
    if (!sent.ok()) return sent.status();
    request_id = *sent;
    return AddEvent(c, id, now, who.user.id, UserName(who), "consultation", 2,
                    "anoniem consult bij Veilig Thuis gevraagd (adviesvraag " +
                        std::to_string(*sent) + ", zonder gezinsgegevens): " + q);
  });
  if (!tx.ok()) return Refused(who, id, tx);
  Forward(who, request_id);
  return ReadBack(who, id, "anoniem consult bij Veilig Thuis gevraagd");
}

Result<MeldcodeRecordView> MeldcodeService::Decide(const Principal& who, int64_t id,
                                                   int64_t version,
                                                   const MeldcodeDecisionInput& in) {
  const int64_t now = clock_.NowMs();
  auto action = ParseMeldcodeAction(in.action);
  if (!action) return Status::Invalid("kies: melden, hulp of afsluiten", "action");
  std::string what;
  int64_t request_id = 0;
  std::vector<FieldError> code_errors;
  if (*action == MeldcodeAction::kReport && vt_) {
    auto known = VtCodes();
    if (!known.ok()) return known.status();
    if (in.codes.empty())
      code_errors.push_back({"codes", "kies minstens één vorm van geweld of kindermishandeling"});
    for (const auto& code : in.codes) {
      if (std::none_of(known->begin(), known->end(),
                       [&](const VtCode& k) { return k.code == code; })) {
        code_errors.push_back({"codes", "onbekende vorm van geweld: " + code});
      }
    }
  }
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto rec = LoadForWrite(who, c, id, version);
    if (!rec.ok()) return rec.status();
    if (!rec->steps_1_to_3_recorded()) {
      return Status::Conflict("leg eerst stap 1 tot en met 3 vast en doorloop het afwegingskader");
    }
    INBEELD_RETURN_IF_ERROR(CheckDecision(rec->afweging, *action));
    if (*action == MeldcodeAction::kHelp && rec->state == "help") {
      return Status::Conflict("de hulp loopt al; beantwoord bij de evaluatie vraag 5");
    }
    auto errors = ValidateMeldcodeDecision(rec->afweging, *action, in.reasons, in.agreements,
                                           in.review_date, ToAmsterdam(now).date);
    errors.insert(errors.end(), code_errors.begin(), code_errors.end());
    if (!errors.empty()) return Status::InvalidFields(errors);
    INBEELD_RETURN_IF_ERROR(BumpVersion(c, *rec, who.user.id, now));
    const bool with_agreements = *action == MeldcodeAction::kHelp ||
                                 (*action == MeldcodeAction::kClose &&
                                  rec->afweging.outcome == MeldcodeOutcome::kCloseWithAgreements);
    if (with_agreements) {
      auto ag = c.Exec(
          "INSERT INTO meldcode_agreements (record_id, agreements, review_date, user_id, "
          "created_ms)"
          " VALUES ($1, $2, $3, $4, $5)",
          {int64_t{id}, Trim(in.agreements), Trim(in.review_date), int64_t{who.user.id},
           int64_t{now}});
      if (!ag.ok()) return ag.status();
      rec->agreements.insert(rec->agreements.begin(),
                             {0, Trim(in.agreements), Trim(in.review_date), now, std::nullopt});
    }
    const char* state = *action == MeldcodeAction::kReport ? "reported"
                        : *action == MeldcodeAction::kHelp ? "help"
                                                           : "closed";
    auto upd = c.Exec(
        "UPDATE meldcode_records SET state = $1, decision = $2, decision_reasons = $3, decided_ms "
        "= $4 WHERE id = $5",
        {std::string(state), std::string(MeldcodeActionName(*action)), Trim(in.reasons),
         int64_t{now}, int64_t{id}});
    if (!upd.ok()) return upd.status();
    std::string summary;
    if (*action == MeldcodeAction::kReport) {
      nlohmann::json content = ReportContent(*rec, who, Trim(in.reasons));
      content["codes"] = in.codes;
      content["urgency"] = in.acute ? "acute" : "regular";
      auto sent = SendToVt(c, *rec, who, "report", rec->person_id, content, now, vt_ == nullptr);
      if (!sent.ok()) return sent.status();
      request_id = *sent;
      summary = "besluit: melden bij Veilig Thuis (melding " + std::to_string(*sent) +
                ", ingevuld vanuit dit dossier)";
      what = "gemeld bij Veilig Thuis";
    } else if (*action == MeldcodeAction::kHelp) {
      summary = "besluit: hulp met vervolgafspraken, evaluatie op " + Trim(in.review_date);
      what = "hulp met vervolgafspraken";
    } else {
      summary =
          std::string("besluit: afsluiten") +
          (with_agreements ? " met vervolgafspraken (evaluatie " + Trim(in.review_date) + ")" : "");
      what = "afgesloten";
    }
    summary += " — " + rec->afweging.explanation + ". Redenen: " + Trim(in.reasons);
    return AddEvent(c, id, now, who.user.id, UserName(who), "decision", 5, summary);
  });
  if (!tx.ok()) return Refused(who, id, tx);
  if (request_id) Forward(who, request_id);
  return ReadBack(who, id, "besluit: " + what);
}

Result<std::vector<MeldcodeVtRequestView>> MeldcodeService::VtRequests(const Principal& who,
                                                                       int limit) {
  std::vector<MeldcodeVtRequestView> out;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        "SELECT q.id, q.record_id, q.kind, q.state, o.name, u.display_name, u.email, q.person_id, "
        "q.content, q.created_ms,"
        " q.vt_report_id"
        " FROM meldcode_vt_requests q JOIN organisations o ON o.id = q.org_id JOIN users u ON u.id "
        "= q.user_id"
        " ORDER BY q.id DESC LIMIT $1",
        {int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6),
                     r.OptInt(7), r.Text(8), r.Int(9), r.OptInt(10)});
    }
  }
  for (const auto& q : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", q.person_id,
            std::string(q.kind == "report" ? "melding " : "anonieme adviesvraag ") +
                std::to_string(q.id) + " uit de meldcode gelezen"));
  }
  return out;
}

Result<int> MeldcodeService::RunReminders(int64_t now_ms) {
  const std::string today = FormatIsoDate(ToAmsterdam(now_ms).date);
  int reminded = 0;
  std::vector<AuditRecord> logs;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    reminded = 0;
    logs.clear();
    auto due = c.Query(
        "SELECT a.id, a.record_id, a.review_date, r.user_id, r.person_id, r.state FROM "
        "meldcode_agreements a"
        " JOIN meldcode_records r ON r.id = a.record_id WHERE a.reminded_ms IS NULL AND "
        "a.review_date <= $1 ORDER BY a.id",
        {today});
    if (!due.ok()) return due.status();
    for (const auto& r : *due) {
      const int64_t agreement = r.Int(0), record = r.Int(1);
      auto upd = c.Exec(
          "UPDATE meldcode_agreements SET reminded_ms = $1 WHERE id = $2 AND reminded_ms IS NULL",
          {int64_t{now_ms}, int64_t{agreement}});
      if (!upd.ok()) return upd.status();
      if (*upd != 1) continue;
      const bool open = r.Text(5) == "help";
      std::string body = "Vandaag (" + r.Text(2) +
                         ") is de evaluatiedatum van de vervolgafspraken in meldcode-dossier " +
                         std::to_string(record) + ".\n";
      body += open ? "Beantwoord vraag 5 van het afwegingskader: leidt de hulp binnen de gewenste "
                     "termijn tot de "
                     "noodzakelijke veiligheid? Zo niet, dan meldt u (opnieuw) bij Veilig Thuis.\n"
                   : "Ga na of de afspraken zijn nagekomen en de veiligheid blijvend is.\n";
      body +=
          "Het dossier staat in InBeeld onder Meldcode: /meldcode/" + std::to_string(record) + "\n";
      // Sent now (by the real clock), whatever moment the job runs for.
      INBEELD_RETURN_IF_ERROR(
          Store::NotifyUser(c, r.Int(3), "meldcode.review" + std::to_string(agreement),
                            "InBeeld: evaluatie meldcode-dossier " + std::to_string(record), body,
                            std::min(now_ms, clock_.NowMs())));
      INBEELD_RETURN_IF_ERROR(
          AddEvent(c, record, now_ms, std::nullopt, "systeem", "reminder", 5,
                   "herinnering: evaluatiedatum " + r.Text(2) + " van de vervolgafspraken"));
      AuditRecord a;
      a.at_ms = now_ms;
      a.username = "systeem";
      a.role = "system";
      a.action = "write";
      a.object_type = "person";
      a.person_id = r.Int(4);
      a.detail = "meldcode-dossier " + std::to_string(record) +
                 ": herinnering evaluatiedatum aan de professional";
      a.responsibility = "meldcode: vervolgafspraken";
      logs.push_back(std::move(a));
      ++reminded;
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  for (auto& r : logs) INBEELD_RETURN_IF_ERROR(audit_.Record(std::move(r)));
  return reminded;
}

}  // namespace inbeeld
