#include "vt/service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/bsn.h"
#include "core/calendar_time.h"
#include "core/text.h"

namespace inbeeld {
namespace {

constexpr size_t kMaxText = 4000;

bool IsVt(const Principal& who) {
  Role r = who.user.role;
  return r == Role::kVtTriage || r == Role::kVtCaseWorker || r == Role::kVtSupervisor;
}

// Who sees a reporter that must stay unknown to the family: the roles that
// take the call and give feedback (triage) and the supervisor.
bool MaySeeProtectedReporter(const Principal& who) {
  return who.user.role == Role::kVtTriage || who.user.role == Role::kVtSupervisor;
}

std::string InList(const std::vector<int64_t>& ids) {
  std::string out = "(";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

std::string PersonName(const SqlRow& r, size_t first) {
  Person p;
  p.first_name = r.Text(first);
  p.tussenvoegsel = r.Text(first + 1);
  p.last_name = r.Text(first + 2);
  return FullName(p);
}

// The columns ReportFrom reads, in order.
constexpr const char* kReportSelect =
    "SELECT r.id, r.vt_org_id, o.name, r.kind, r.channel, r.reporter_type, r.household_id, "
    "r.urgency, r.summary,"
    " r.advice_given, r.classification, r.classification_reason, r.received_ms, r.acute_due_ms, "
    "r.assessment_due_ms,"
    " r.assessment_due_date, r.due_ms, r.deadline_explanation, r.state, r.outcome, "
    "r.outcome_reasons, r.assessed_ms,"
    " r.assessment_late, r.investigation_due_ms, r.escalated_ms, r.closed_ms, r.assigned_user_id, "
    "r.contact_user_id,"
    " cu.display_name, cu.username, r.family_profile, r.plan_phase, r.plan_text, r.version, "
    "r.updated_ms,"
    " r.investigation_done_ms, r.investigation_late"
    " FROM vt_reports r JOIN organisations o ON o.id = r.vt_org_id LEFT JOIN users cu ON cu.id = "
    "r.contact_user_id ";

// The queue's columns: the same positions as kReportSelect, without the texts
// (what was reported, the reasons, the plan): the list shows none of them, and
// they are content about the family.
constexpr const char* kQueueSelect =
    "SELECT r.id, r.vt_org_id, o.name, r.kind, r.channel, r.reporter_type, r.household_id, "
    "r.urgency, '',"
    " '', r.classification, '', r.received_ms, r.acute_due_ms, r.assessment_due_ms,"
    " r.assessment_due_date, r.due_ms, '', r.state, r.outcome, '', r.assessed_ms,"
    " r.assessment_late, r.investigation_due_ms, r.escalated_ms, r.closed_ms, r.assigned_user_id, "
    "r.contact_user_id,"
    " cu.display_name, cu.username, r.family_profile, r.plan_phase, '', r.version, r.updated_ms,"
    " r.investigation_done_ms, r.investigation_late"
    " FROM vt_reports r JOIN organisations o ON o.id = r.vt_org_id LEFT JOIN users cu ON cu.id = "
    "r.contact_user_id ";

VtReport ReportFrom(const SqlRow& r) {
  VtReport v;
  v.id = r.Int(0);
  v.vt_org_id = r.Int(1);
  v.vt_org_name = r.Text(2);
  v.kind = r.Text(3);
  v.channel = r.Text(4);
  v.reporter.type = r.Text(5);
  v.household_id = r.OptInt(6);
  v.urgency = r.Text(7);
  v.summary = r.Text(8);
  v.advice_given = r.Text(9);
  v.classification = r.Text(10);
  v.classification_reason = r.Text(11);
  v.received_ms = r.Int(12);
  v.acute_due_ms = r.OptInt(13);
  v.assessment_due_ms = r.OptInt(14);
  v.assessment_due_date = r.Text(15);
  v.due_ms = r.OptInt(16);
  v.deadline_explanation = r.Text(17);
  v.state = r.Text(18);
  v.outcome = r.Text(19);
  v.outcome_reasons = r.Text(20);
  v.assessed_ms = r.OptInt(21);
  v.assessment_late = r.Int(22) != 0;
  v.investigation_due_ms = r.OptInt(23);
  v.escalated_ms = r.OptInt(24);
  v.closed_ms = r.OptInt(25);
  v.assigned_user_id = r.OptInt(26);
  v.contact_user_id = r.OptInt(27);
  v.contact_name = r.Text(28).empty() ? r.Text(29) : r.Text(28);
  v.family_profile = r.Text(30);
  v.plan_phase = r.Text(31);
  v.plan_text = r.Text(32);
  v.version = static_cast<int>(r.Int(33));
  v.updated_ms = r.Int(34);
  v.investigation_done_ms = r.OptInt(35);
  v.investigation_late = r.Int(36) != 0;
  return v;
}

// Fills persons, codes and the reporter of `reports` (three queries in all).
Status FillDetails(SqlConnection& c, std::vector<VtReport>& reports) {
  if (reports.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  std::map<int64_t, VtReport*> by_id;
  for (auto& r : reports) {
    ids.push_back(r.id);
    by_id[r.id] = &r;
  }
  const std::string in = InList(ids);
  auto persons = c.Query(
      "SELECT rp.report_id, p.id, p.first_name, p.tussenvoegsel, p.last_name, p.birth_date, rp.role"
      " FROM vt_report_persons rp JOIN persons p ON p.id = rp.person_id WHERE rp.report_id IN " +
      in +
      " ORDER BY rp.report_id, CASE rp.role WHEN 'child' THEN 0 WHEN 'parent' THEN 1 ELSE 2 END, "
      "p.birth_date DESC, p.id");
  if (!persons.ok()) return persons.status();
  for (const auto& r : *persons)
    by_id[r.Int(0)]->persons.push_back({r.Int(1), PersonName(r, 2), r.Text(5), r.Text(6)});
  auto codes = c.Query(
      "SELECT rc.report_id, rc.code FROM vt_report_codes rc JOIN vt_codes vc ON vc.code = rc.code"
      " WHERE rc.report_id IN " +
      in + " ORDER BY rc.report_id, vc.position");
  if (!codes.ok()) return codes.status();
  for (const auto& r : *codes) by_id[r.Int(0)]->codes.push_back(r.Text(1));
  auto reporters = c.Query(
      "SELECT report_id, name, organisation, phone, email, stay_unknown FROM vt_reporters"
      " WHERE report_id IN " +
      in);
  if (!reporters.ok()) return reporters.status();
  for (const auto& r : *reporters) {
    VtReporterView& v = by_id[r.Int(0)]->reporter;
    v.name = r.Text(1);
    v.organisation = r.Text(2);
    v.phone = r.Text(3);
    v.email = r.Text(4);
    v.stay_unknown = r.Int(5) != 0;
  }
  return Status::Ok();
}

Status NotifyRole(SqlConnection& c, OrgId org, const char* role, const std::string& key,
                  const std::string& subject, const std::string& body, int64_t now_ms,
                  bool email_too) {
  auto users =
      c.Query("SELECT id FROM users WHERE org_id = $1 AND role = $2 AND disabled = 0 ORDER BY id",
              {int64_t{org}, std::string(role)});
  if (!users.ok()) return users.status();
  for (const auto& u : *users) {
    INBEELD_RETURN_IF_ERROR(Store::NotifyUser(c, u.Int(0), key + ".u" + std::to_string(u.Int(0)),
                                              subject, body, now_ms, email_too));
  }
  return Status::Ok();
}

bool LooksLikeEmail(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && at + 1 < s.size() && s.size() <= 200;
}

}  // namespace

VtService::VtService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
                     const Clock& clock, const HolidayCalendar& holidays)
    : store_(store),
      audit_(audit),
      pseudonymizer_(pseudonymizer),
      clock_(clock),
      holidays_(holidays) {}

Status VtService::Log(const Principal& who, const std::string& action,
                      std::optional<PersonId> person, const std::string& detail) {
  AuditRecord r = AuditRecordBy(who);
  r.action = action;
  r.object_type = person ? "person" : "vt_report";
  r.person_id = person;
  r.detail = detail;
  return audit_.Record(std::move(r));
}

Result<std::vector<VtCode>> VtService::Codes() {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT code, kind, label_nl, label_en, active FROM vt_codes ORDER BY position, code");
  if (!rows.ok()) return rows.status();
  std::vector<VtCode> out;
  for (const auto& r : *rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0});
  return out;
}

Result<std::vector<std::pair<UserId, std::string>>> VtService::RegionStaff(const Principal& who) {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT id, COALESCE(NULLIF(display_name, ''), username) FROM users WHERE org_id = $1 AND "
      "disabled = 0"
      " AND role IN ('vt_triage', 'vt_case_worker', 'vt_supervisor') ORDER BY 2, id",
      {int64_t{who.org.id}});
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<UserId, std::string>> out;
  for (const auto& r : *rows) out.emplace_back(r.Int(0), r.Text(1));
  return out;
}

Result<std::vector<std::pair<OrgId, std::string>>> VtService::Regions() {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT id, name FROM organisations WHERE kind = 'veilig_thuis' ORDER BY name, id");
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<OrgId, std::string>> out;
  for (const auto& r : *rows) out.emplace_back(r.Int(0), r.Text(1));
  return out;
}

Status VtService::CheckCodes(const std::vector<std::string>& codes, bool required,
                             std::vector<FieldError>* errors) {
  if (codes.empty()) {
    if (required)
      errors->push_back({"codes", "kies minstens één vorm van geweld of kindermishandeling"});
    return Status::Ok();
  }
  auto known = Codes();
  if (!known.ok()) return known.status();
  std::set<std::string> seen;
  for (const auto& code : codes) {
    bool ok = std::any_of(known->begin(), known->end(),
                          [&](const VtCode& c) { return c.active && c.code == code; });
    if (!ok) errors->push_back({"codes", "onbekende vorm van geweld: " + code});
    if (!seen.insert(code).second) errors->push_back({"codes", "dubbel genoemd: " + code});
  }
  return Status::Ok();
}

Status VtService::CheckReporter(const Principal& who, const VtReporterInput& in, bool advice,
                                std::vector<FieldError>* errors) {
  auto type = ParseVtReporterType(in.type);
  if (in.type.empty())
    errors->push_back(
        {"reporter.type", "kies wie meldt: professional, omstander, zelfmelder of politie"});
  else if (!type)
    errors->push_back({"reporter.type", "onbekend soort melder"});
  if (type == VtReporterType::kPolice && who.org.kind != OrgKind::kPolice && !IsVt(who)) {
    errors->push_back(
        {"reporter.type", "alleen de politie of Veilig Thuis registreert een politiemelding"});
  }
  const std::string email = Trim(in.email), phone = Trim(in.phone), name = Trim(in.name);
  if (!email.empty() && !LooksLikeEmail(email))
    errors->push_back({"reporter.email", "ongeldig e-mailadres"});
  if (phone.size() > 30) errors->push_back({"reporter.phone", "hoogstens 30 tekens"});
  if (name.size() > 200) errors->push_back({"reporter.name", "hoogstens 200 tekens"});
  if (Trim(in.organisation).size() > 200)
    errors->push_back({"reporter.organisation", "hoogstens 200 tekens"});
  // A report by someone outside InBeeld (a caller Veilig Thuis records): Veilig
  // Thuis must be able to reach them for feedback. An advice request may be anonymous.
  const bool outside = IsVt(who) && type && *type != VtReporterType::kPolice;
  if (!advice && outside && *type != VtReporterType::kProfessional) {
    if (name.empty())
      errors->push_back({"reporter.name", "naam van de melder is verplicht bij een melding"});
    if (phone.empty() && email.empty()) {
      errors->push_back({"reporter.phone", "geef een telefoonnummer of e-mailadres van de melder"});
    }
  }
  if (!advice && outside && *type == VtReporterType::kProfessional && name.empty()) {
    errors->push_back({"reporter.name", "naam van de professional is verplicht"});
  }
  return Status::Ok();
}

Result<OrgId> VtService::RegionFor(const Principal& who, std::optional<OrgId> explicit_org,
                                   const std::string& municipality_code,
                                   std::vector<FieldError>* errors) {
  auto lease = store_.pool().Acquire();
  if (explicit_org) {
    auto rows = lease->Query("SELECT id FROM organisations WHERE id = $1 AND kind = 'veilig_thuis'",
                             {int64_t{*explicit_org}});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) {
      errors->push_back({"region_org_id", "geen Veilig Thuis-organisatie"});
      return OrgId{0};
    }
    return *explicit_org;
  }
  if (who.org.kind == OrgKind::kVeiligThuis) return who.org.id;
  if (!municipality_code.empty()) {
    auto mapped =
        lease->Query("SELECT org_id FROM hwc_region_municipalities WHERE municipality_code = $1",
                     {municipality_code});
    if (!mapped.ok()) return mapped.status();
    if (!mapped->empty()) return (*mapped)[0].Int(0);
    auto based = lease->Query(
        "SELECT id FROM organisations WHERE kind = 'veilig_thuis' AND municipality_code = $1 ORDER "
        "BY id LIMIT 1",
        {municipality_code});
    if (!based.ok()) return based.status();
    if (!based->empty()) return (*based)[0].Int(0);
  }
  errors->push_back(
      {"region_org_id", "de Veilig Thuis-regio van het gezin is onbekend: kies de regio"});
  return OrgId{0};
}

Result<VtReport> VtService::RegisterReport(const Principal& who, const VtReportInput& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  INBEELD_RETURN_IF_ERROR(CheckReporter(who, in.reporter, false, &errors));
  INBEELD_RETURN_IF_ERROR(CheckCodes(in.codes, true, &errors));
  auto urgency = ParseVtUrgency(in.urgency);
  if (!urgency) errors.push_back({"urgency", "urgentie: acuut of regulier"});
  const std::string summary = Trim(in.summary);
  if (summary.empty())
    errors.push_back({"summary", "beschrijf wat er is gezien of gehoord"});
  else if (summary.size() > kMaxText)
    errors.push_back({"summary", "hoogstens 4000 tekens"});
  if (in.channel != "web" && in.channel != "api")
    errors.push_back({"channel", "kanaal: web of api"});

  // --- the family.
  std::vector<std::pair<Person, std::string>> persons;
  if (in.persons.empty()) errors.push_back({"persons", "noem minstens één kind"});
  for (size_t i = 0; i < in.persons.size(); ++i) {
    const VtPersonInput& p = in.persons[i];
    const std::string field = "persons[" + std::to_string(i) + "]";
    const std::string role = p.role.empty() ? "child" : p.role;
    if (role != "child" && role != "parent" && role != "other")
      errors.push_back({field + ".role", "rol: kind, ouder of ander"});
    std::optional<Person> found;
    if (p.person_id && !Trim(p.bsn).empty()) {
      errors.push_back({field + ".bsn", "geef een persoon óf een BSN, niet beide"});
    } else if (p.person_id) {
      auto got = store_.GetPerson(*p.person_id);
      if (got.ok())
        found = *got;
      else if (got.status().code() == StatusCode::kNotFound)
        errors.push_back({field + ".person_id", "onbekende persoon"});
      else
        return got.status();
    } else if (!Trim(p.bsn).empty()) {
      auto bsn = Bsn::Parse(Trim(p.bsn));
      if (!bsn.ok()) {
        errors.push_back({field + ".bsn", bsn.status().message()});
      } else {
        auto got = store_.FindPersonByBsn(pseudonymizer_.Pseudonymize(*bsn));
        if (got.ok())
          found = *got;
        else if (got.status().code() == StatusCode::kNotFound)
          errors.push_back(
              {field + ".bsn", "dit BSN staat niet in het register: registreer de persoon eerst"});
        else
          return got.status();
      }
    } else {
      errors.push_back({field, "geef een persoon uit het register of een BSN"});
    }
    if (found) {
      bool dup = std::any_of(persons.begin(), persons.end(),
                             [&](const auto& q) { return q.first.id == found->id; });
      if (dup)
        errors.push_back({field, "deze persoon is al genoemd"});
      else
        persons.emplace_back(*found, role);
    }
  }
  if (!persons.empty() && std::none_of(persons.begin(), persons.end(),
                                       [](const auto& q) { return q.second == "child"; })) {
    errors.push_back({"persons", "noem minstens één kind"});
  }
  std::optional<HouseholdId> household;
  for (const auto& [p, role] : persons) {
    if (p.household_id && (!household || role == "child")) {
      household = p.household_id;
      if (role == "child") break;
    }
  }
  std::string municipality;
  if (household) {
    auto h = store_.GetHousehold(*household);
    if (h.ok()) municipality = h->address.municipality_code;
  }
  auto region = RegionFor(who, in.region_org_id, municipality, &errors);
  if (!region.ok()) return region.status();
  if (!errors.empty()) return Status::InvalidFields(errors);

  auto clock = VtIntakeClock(holidays_, now, *urgency);
  if (!clock.ok()) return clock.status();
  const std::string explanation =
      clock->acute ? clock->acute->explanation + "; " + clock->assessment.explanation
                   : clock->assessment.explanation;
  const VtReporterType type = *ParseVtReporterType(in.reporter.type);
  const bool self_reporting = !IsVt(who);  // a professional reporting through InBeeld
  std::string reporter_name = Trim(in.reporter.name), reporter_org = Trim(in.reporter.organisation);
  std::string reporter_email = Trim(in.reporter.email);
  if (self_reporting) {
    if (reporter_name.empty())
      reporter_name = who.user.display_name.empty() ? who.user.username : who.user.display_name;
    if (reporter_org.empty()) reporter_org = who.org.name;
    if (reporter_email.empty()) reporter_email = who.user.email;
  }

  int64_t report_id = 0;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    std::vector<int64_t> ids;
    ids.reserve(persons.size());
    for (const auto& [p, role] : persons) ids.push_back(p.id);
    std::string history_sql =
        "SELECT DISTINCT r.id, r.received_ms, r.closed_ms FROM vt_reports r JOIN vt_report_persons "
        "rp ON rp.report_id = r.id"
        " WHERE r.kind = 'report' AND rp.person_id IN " +
        InList(ids);
    std::vector<SqlValue> params;
    if (household) {
      history_sql +=
          " UNION SELECT r.id, r.received_ms, r.closed_ms FROM vt_reports r WHERE r.kind = 'report'"
          " AND r.household_id = $1";
      params.emplace_back(int64_t{*household});
    }
    auto hist = c.Query(history_sql, params);
    if (!hist.ok()) return hist.status();
    std::vector<VtHistoryFact> history;
    for (const auto& r : *hist) history.push_back({r.Int(0), r.Int(1), r.OptInt(2)});
    VtClassification cls = ClassifyVtReport(now, history);
    auto ins = c.Query(
        "INSERT INTO vt_reports (vt_org_id, kind, channel, reporter_type, reporter_org_id, "
        "reporter_user_id, created_by,"
        " household_id, hwc_incident_id, urgency, summary, classification, classification_reason, "
        "received_ms,"
        " received_date, acute_due_ms, assessment_due_ms, assessment_due_date, due_ms, "
        "deadline_explanation, state,"
        " updated_ms) VALUES ($1, 'report', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18,"
        " $19, 'triage', $13) RETURNING id",
        {int64_t{*region}, in.channel, std::string(VtReporterTypeName(type)),
         self_reporting ? SqlValue(int64_t{who.org.id}) : SqlValue(SqlNull{}),
         self_reporting ? SqlValue(int64_t{who.user.id}) : SqlValue(SqlNull{}),
         int64_t{who.user.id}, household ? SqlValue(int64_t{*household}) : SqlValue(SqlNull{}),
         SqlOpt(in.hwc_incident_id), std::string(VtUrgencyName(*urgency)), summary,
         std::string(VtReportClassName(cls.cls)), cls.reason, int64_t{now},
         FormatIsoDate(ToAmsterdam(now).date),
         clock->acute ? SqlValue(int64_t{clock->acute->due_ms}) : SqlValue(SqlNull{}),
         int64_t{clock->assessment.due_ms}, FormatIsoDate(clock->assessment.due_date),
         int64_t{clock->due_ms()}, explanation});
    if (!ins.ok()) return ins.status();
    report_id = (*ins)[0].Int(0);
    for (const auto& [p, role] : persons) {
      auto rp =
          c.Exec("INSERT INTO vt_report_persons (report_id, person_id, role) VALUES ($1, $2, $3)",
                 {int64_t{report_id}, int64_t{p.id}, role});
      if (!rp.ok()) return rp.status();
    }
    for (const auto& code : in.codes) {
      auto rc = c.Exec("INSERT INTO vt_report_codes (report_id, code) VALUES ($1, $2)",
                       {int64_t{report_id}, code});
      if (!rc.ok()) return rc.status();
    }
    auto rep = c.Exec(
        "INSERT INTO vt_reporters (report_id, name, organisation, phone, email, stay_unknown) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {int64_t{report_id}, reporter_name, reporter_org, Trim(in.reporter.phone), reporter_email,
         int64_t{in.reporter.stay_unknown ? 1 : 0}});
    return rep.ok() ? Status::Ok() : rep.status();
  });
  if (!tx.ok()) return tx;
  for (const auto& [p, role] : persons) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write", p.id,
            "Veilig Thuis-melding " + std::to_string(report_id) + " geregistreerd"));
  }
  std::vector<VtReport> out;
  {
    auto lease = store_.pool().Acquire();
    auto r = Load(*lease, report_id);
    if (!r.ok()) return r.status();
    out.push_back(std::move(*r));
  }
  const bool by_vt = IsVt(who);
  const VtReporterView as_given = out[0].reporter;
  Decorate(&out[0], who, now);
  if (!by_vt) out[0].reporter = as_given;  // the reporter sees what they reported
  out[0].reporter.visible = out[0].reporter.visible || !by_vt;
  return out[0];
}

Result<VtReport> VtService::RegisterAdvice(const Principal& who, const VtAdviceInput& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  INBEELD_RETURN_IF_ERROR(CheckReporter(who, in.reporter, true, &errors));
  INBEELD_RETURN_IF_ERROR(CheckCodes(in.codes, false, &errors));
  const std::string question = Trim(in.question), advice = Trim(in.advice);
  if (question.empty())
    errors.push_back({"question", "beschrijf de vraag"});
  else if (question.size() > kMaxText)
    errors.push_back({"question", "hoogstens 4000 tekens"});
  if (advice.size() > kMaxText) errors.push_back({"advice", "hoogstens 4000 tekens"});
  if (in.channel != "web" && in.channel != "api")
    errors.push_back({"channel", "kanaal: web of api"});
  auto region = RegionFor(who, in.region_org_id, who.org.municipality_code, &errors);
  if (!region.ok()) return region.status();
  if (!errors.empty()) return Status::InvalidFields(errors);
  const VtReporterType type = *ParseVtReporterType(in.reporter.type);
  const bool self_reporting = !IsVt(who);
  std::string reporter_name = Trim(in.reporter.name), reporter_org = Trim(in.reporter.organisation);
  if (self_reporting) {
    if (reporter_name.empty())
      reporter_name = who.user.display_name.empty() ? who.user.username : who.user.display_name;
    if (reporter_org.empty()) reporter_org = who.org.name;
  }
  int64_t id = 0;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto ins = c.Query(
        "INSERT INTO vt_reports (vt_org_id, kind, channel, reporter_type, reporter_org_id, "
        "reporter_user_id, created_by,"
        " urgency, summary, advice_given, received_ms, received_date, state, closed_ms, updated_ms)"
        " VALUES ($1, 'advice', $2, $3, $4, $5, $6, 'regular', $7, $8, $9, $10, 'advice', $9, $9) "
        "RETURNING id",
        {int64_t{*region}, in.channel, std::string(VtReporterTypeName(type)),
         self_reporting ? SqlValue(int64_t{who.org.id}) : SqlValue(SqlNull{}),
         self_reporting ? SqlValue(int64_t{who.user.id}) : SqlValue(SqlNull{}),
         int64_t{who.user.id}, question, advice, int64_t{now},
         FormatIsoDate(ToAmsterdam(now).date)});
    if (!ins.ok()) return ins.status();
    id = (*ins)[0].Int(0);
    for (const auto& code : in.codes) {
      auto rc = c.Exec("INSERT INTO vt_report_codes (report_id, code) VALUES ($1, $2)",
                       {int64_t{id}, code});
      if (!rc.ok()) return rc.status();
    }
    auto rep = c.Exec(
        "INSERT INTO vt_reporters (report_id, name, organisation, phone, email, stay_unknown) "
        "VALUES ($1, $2, $3, $4, $5, 0)",
        {int64_t{id}, reporter_name, reporter_org, Trim(in.reporter.phone),
         Trim(in.reporter.email)});
    return rep.ok() ? Status::Ok() : rep.status();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", std::nullopt, "adviesvraag " + std::to_string(id) + " geregistreerd"));
  auto lease = store_.pool().Acquire();
  auto r = Load(*lease, id);
  if (!r.ok()) return r.status();
  r->reporter.visible = true;
  return r;
}

Result<VtReport> VtService::Load(SqlConnection& c, int64_t id) {
  auto rows = c.Query(std::string(kReportSelect) + "WHERE r.id = $1", {int64_t{id}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende melding");
  std::vector<VtReport> out{ReportFrom((*rows)[0])};
  INBEELD_RETURN_IF_ERROR(FillDetails(c, out));
  VtReport& r = out[0];
  const std::string today = FormatIsoDate(ToAmsterdam(clock_.NowMs()).date);
  auto conds = c.Query(
      "SELECT id, text, partner, monitor_date, state, note, checked_ms FROM vt_conditions"
      " WHERE report_id = $1 ORDER BY monitor_date, id",
      {int64_t{id}});
  if (!conds.ok()) return conds.status();
  for (const auto& row : *conds) {
    VtCondition k{row.Int(0),  row.Text(1), row.Text(2),   row.Text(3),
                  row.Text(4), row.Text(5), row.OptInt(6), false};
    k.monitor_due = k.state == "open" && k.monitor_date <= today;
    r.conditions.push_back(std::move(k));
  }
  auto findings = c.Query(
      "SELECT f.code, f.finding FROM vt_findings f JOIN vt_codes vc ON vc.code = f.code"
      " WHERE f.report_id = $1 ORDER BY vc.position",
      {int64_t{id}});
  if (!findings.ok()) return findings.status();
  for (const auto& row : *findings) r.findings.push_back({row.Text(0), row.Text(1)});
  auto hearings = c.Query(
      "SELECT id, who, heard_date, kind FROM vt_hearings WHERE report_id = $1 ORDER BY heard_date, "
      "id",
      {int64_t{id}});
  if (!hearings.ok()) return hearings.status();
  for (const auto& row : *hearings)
    r.hearings.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3)});
  return out[0];
}

void VtService::Decorate(VtReport* r, const Principal& who, int64_t now_ms) {
  std::optional<int64_t> open_due;
  if (r->state == "triage")
    open_due = r->due_ms;
  else if (r->state == "investigation")
    open_due = r->investigation_due_ms;
  if (open_due) {
    auto band = VtBandOf(holidays_, now_ms, *open_due);
    r->band = band.ok() ? std::string(VtDeadlineBandName(*band)) : "";
    r->time_left_ms = *open_due - now_ms;
  }
  r->reporter.visible = IsVt(who) && (!r->reporter.stay_unknown || MaySeeProtectedReporter(who));
  if (!r->reporter.visible) {
    r->reporter.name.clear();
    r->reporter.organisation.clear();
    r->reporter.phone.clear();
    r->reporter.email.clear();
  }
}

Result<VtReport> VtService::Readable(const Principal& who, int64_t id) {
  Result<VtReport> r = Status::NotFound("onbekende melding");
  {
    auto lease = store_.pool().Acquire();
    r = Load(*lease, id);
  }
  if (!r.ok()) return r.status();
  if (!IsVt(who) || who.org.id != r->vt_org_id) {
    if (r->persons.empty()) {
      INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", std::nullopt,
                                  "Veilig Thuis-melding " + std::to_string(id) + " geweigerd"));
    }
    for (const auto& p : r->persons) {
      INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", p.id,
                                  "Veilig Thuis-melding " + std::to_string(id) + " geweigerd"));
    }
    return Status::PermissionDenied("deze melding hoort bij een andere Veilig Thuis-regio");
  }
  return r;
}

Result<VtReport> VtService::Get(const Principal& who, int64_t id) {
  auto r = Readable(who, id);
  if (!r.ok()) return r.status();
  Decorate(&*r, who, clock_.NowMs());
  if (r->persons.empty()) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", std::nullopt, "adviesvraag " + std::to_string(id) + " bekeken"));
  }
  for (const auto& p : r->persons) {
    INBEELD_RETURN_IF_ERROR(Log(
        who, "read", p.id,
        "Veilig Thuis-melding " + std::to_string(id) + " bekeken" +
            (r->reporter.stay_unknown && r->reporter.visible ? " (met afgeschermde melder)" : "")));
  }
  return r;
}

Result<std::vector<VtReport>> VtService::Queue(const Principal& who, const VtQueueFilter& f) {
  static const std::set<std::string> kStates = {"triage",      "investigation", "vv",     "rvdk",
                                                "handed_over", "closed",        "advice", "open"};
  if (!kStates.count(f.state)) return Status::Invalid("onbekende status: " + f.state, "state");
  if (!IsVt(who)) return Status::PermissionDenied("alleen Veilig Thuis");
  const int64_t now = clock_.NowMs();
  std::vector<VtReport> out;
  {
    auto lease = store_.pool().Acquire();
    std::string where =
        f.state == "open" ? "r.state IN ('triage', 'investigation', 'vv')" : "r.state = $2";
    std::vector<SqlValue> params = {int64_t{who.org.id}};
    if (f.state != "open") params.emplace_back(f.state);
    // Open deadlines first, nearest first; then the newest.
    auto rows = lease->Query(
        std::string(kQueueSelect) + "WHERE r.vt_org_id = $1 AND " + where +
            " ORDER BY CASE WHEN r.due_ms IS NULL THEN 1 ELSE 0 END, r.due_ms, r.id DESC LIMIT " +
            std::to_string(std::clamp(f.limit, 1, 5000)),
        params);
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) out.push_back(ReportFrom(r));
    // The queue carries no person data (names are on the case page, where the read is logged).
    std::vector<int64_t> ids;
    std::map<int64_t, VtReport*> by_id;
    for (auto& r : out) {
      ids.push_back(r.id);
      by_id[r.id] = &r;
    }
    if (!ids.empty()) {
      auto codes = lease->Query("SELECT report_id, code FROM vt_report_codes WHERE report_id IN " +
                                InList(ids) + " ORDER BY report_id, code");
      if (!codes.ok()) return codes.status();
      for (const auto& r : *codes) by_id[r.Int(0)]->codes.push_back(r.Text(1));
    }
  }
  for (auto& r : out) Decorate(&r, who, now);
  return out;
}

Result<VtReport> VtService::Assess(const Principal& who, int64_t id, const VtAssessmentInput& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  auto outcome = ParseVtOutcome(in.outcome);
  if (in.outcome.empty())
    errors.push_back({"outcome", "kies de uitkomst van de veiligheidsbeoordeling"});
  else if (!outcome)
    errors.push_back({"outcome", "onbekende uitkomst"});
  const std::string reasons = Trim(in.reasons);
  if (reasons.empty())
    errors.push_back({"reasons", "geef de redenen van de beslissing"});
  else if (reasons.size() > kMaxText)
    errors.push_back({"reasons", "hoogstens 4000 tekens"});
  if (in.version < 1) errors.push_back({"version", "de versie die u las is verplicht"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Readable(who, id);
  if (!before.ok()) return before.status();

  std::optional<Deadline> investigation;
  if (*outcome == VtOutcome::kInvestigation) investigation = VtInvestigationDeadline(now);
  bool late = false;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto cur = c.Query(
        "SELECT state, version, assessment_due_ms, acute_due_ms, reporter_user_id, received_ms"
        " FROM vt_reports WHERE id = $1",
        {int64_t{id}});
    if (!cur.ok()) return cur.status();
    if (cur->empty()) return Status::NotFound("onbekende melding");
    const SqlRow& row = (*cur)[0];
    if (row.Int(1) != in.version) {
      return Status::Conflict("deze melding is intussen door iemand anders opgeslagen (versie " +
                              std::to_string(row.Int(1)) + ", u las versie " +
                              std::to_string(in.version) + "): laad de melding opnieuw");
    }
    if (row.Text(0) != "triage")
      return Status::Conflict("de veiligheidsbeoordeling van deze melding is al vastgelegd");
    late = now > row.Int(2) || (!row.IsNull(3) && now > row.Int(3));
    const bool involved = VtStaysInvolved(*outcome);
    auto upd = c.Exec(
        "UPDATE vt_reports SET state = $1, outcome = $2, outcome_reasons = $3, assessed_ms = $4, "
        "assessed_by = $5,"
        " assessment_late = $6, investigation_due_ms = $7, due_ms = $7, closed_ms = $8, warned_ms "
        "= NULL,"
        " escalated_ms = NULL, version = version + 1, updated_ms = $4 WHERE id = $9 AND version = "
        "$10",
        {std::string(VtStateAfter(*outcome)), std::string(VtOutcomeName(*outcome)), reasons,
         int64_t{now}, int64_t{who.user.id}, int64_t{late ? 1 : 0},
         investigation ? SqlValue(int64_t{investigation->due_ms}) : SqlValue(SqlNull{}),
         involved ? SqlValue(SqlNull{}) : SqlValue(int64_t{now}), int64_t{id},
         int64_t{in.version}});
    if (!upd.ok()) return upd.status();
    if (*upd != 1)
      return Status::Conflict(
          "deze melding is intussen door iemand anders opgeslagen: laad de melding opnieuw");
    // Feedback to the reporter: whether there is follow-up and who is involved.
    const std::string received = FormatLongDate(ToAmsterdam(row.Int(5)).date, "nl");
    const std::string subject = "Terugkoppeling van Veilig Thuis over uw melding van " + received;
    const std::string body =
        "Veilig Thuis heeft de veiligheid beoordeeld naar aanleiding van uw melding van " +
        received + " (melding " + std::to_string(id) + ").\n" + VtReporterFeedback(*outcome) +
        "\nBetrokken: " + before->vt_org_name + ".\n";
    const std::string key = "vt.r" + std::to_string(id) + ".assessment";
    if (!row.IsNull(4)) {
      INBEELD_RETURN_IF_ERROR(Store::NotifyUser(c, row.Int(4), key, subject, body, now, true));
    } else if (!before->reporter.email.empty() && before->reporter.type != "police") {
      OutboxItem item;
      item.idempotency_key = key + ".email";
      item.channel = OutboxChannel::kEmail;
      item.recipient = before->reporter.email;
      item.subject = subject;
      item.body = body;
      item.created_ms = now;
      item.next_attempt_ms = now;
      auto added = Store::EnqueueOutbox(c, item);
      if (!added.ok()) return added.status();
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  for (const auto& p : before->persons) {
    INBEELD_RETURN_IF_ERROR(Log(who, "write", p.id,
                                "veiligheidsbeoordeling melding " + std::to_string(id) + ": " +
                                    in.outcome + (late ? " (te laat)" : "")));
  }
  auto after = Readable(who, id);
  if (!after.ok()) return after.status();
  Decorate(&*after, who, now);
  return after;
}

Status VtService::LogPersons(const Principal& who, const VtReport& r, const std::string& detail) {
  if (r.persons.empty()) return Log(who, "write", std::nullopt, detail);
  for (const auto& p : r.persons) INBEELD_RETURN_IF_ERROR(Log(who, "write", p.id, detail));
  return Status::Ok();
}

Result<VtReport> VtService::Workable(const Principal& who, int64_t id, const std::string& state) {
  auto r = Readable(who, id);
  if (!r.ok()) return r.status();
  if (!state.empty() && r->state != state) {
    return Status::Conflict("dit kan alleen in de stand " + state + "; de melding staat op " +
                            r->state);
  }
  if (state.empty() && r->state != "triage" && r->state != "investigation" && r->state != "vv") {
    return Status::Conflict("deze melding is afgesloten");
  }
  return r;
}

Result<VtReport> VtService::UpdateCase(const Principal& who, int64_t id, const VtCaseInput& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  if (in.version < 1) errors.push_back({"version", "de versie die u las is verplicht"});
  if (!in.family_profile.empty() && !VtFamilyProfileLabel(in.family_profile)) {
    errors.push_back({"family_profile", "onbekend gezinsprofiel"});
  }
  if (!in.plan_phase.empty() && !IsVtPlanPhase(in.plan_phase)) {
    errors.push_back({"plan_phase", "fase: directe veiligheid, stabiele veiligheid of herstel"});
  }
  const std::string plan = Trim(in.plan_text);
  if (plan.size() > kMaxText) errors.push_back({"plan_text", "hoogstens 4000 tekens"});
  if (in.contact_user_id) {
    auto lease = store_.pool().Acquire();
    auto u = lease->Query("SELECT role FROM users WHERE id = $1 AND org_id = $2 AND disabled = 0",
                          {int64_t{*in.contact_user_id}, int64_t{who.org.id}});
    if (!u.ok()) return u.status();
    auto role = u->empty() ? std::nullopt : ParseRole((*u)[0].Text(0));
    if (!role || (*role != Role::kVtTriage && *role != Role::kVtCaseWorker &&
                  *role != Role::kVtSupervisor)) {
      errors.push_back({"contact_user_id",
                        "het vaste aanspreekpunt is een medewerker van deze Veilig Thuis-regio"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Workable(who, id, "");
  if (!before.ok()) return before.status();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto upd = c.Exec(
        "UPDATE vt_reports SET contact_user_id = $1, family_profile = $2, plan_phase = $3, "
        "plan_text = $4,"
        " version = version + 1, updated_ms = $5 WHERE id = $6 AND version = $7",
        {SqlOpt(in.contact_user_id ? std::optional<int64_t>(*in.contact_user_id) : std::nullopt),
         in.family_profile.empty() ? SqlValue(SqlNull{}) : SqlValue(in.family_profile),
         in.plan_phase.empty() ? SqlValue(SqlNull{}) : SqlValue(in.plan_phase), plan, int64_t{now},
         int64_t{id}, int64_t{in.version}});
    if (!upd.ok()) return upd.status();
    if (*upd != 1) {
      return Status::Conflict(
          "deze melding is intussen door iemand anders opgeslagen (u las versie " +
          std::to_string(in.version) + "): laad de melding opnieuw");
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(
      LogPersons(who, *before,
                 "melding " + std::to_string(id) + ": plan, profiel of aanspreekpunt gewijzigd"));
  return Get(who, id);
}

Result<VtReport> VtService::AddCondition(const Principal& who, int64_t id, const std::string& text,
                                         const std::string& partner,
                                         const std::string& monitor_date) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  const std::string t = Trim(text), p = Trim(partner);
  if (t.empty())
    errors.push_back({"text", "beschrijf de veiligheidsvoorwaarde"});
  else if (t.size() > 1000)
    errors.push_back({"text", "hoogstens 1000 tekens"});
  if (p.empty())
    errors.push_back({"partner", "noem de partner die verantwoordelijk is"});
  else if (p.size() > 200)
    errors.push_back({"partner", "hoogstens 200 tekens"});
  auto d = ParseIsoDate(Trim(monitor_date), "monitor_date");
  if (!d.ok())
    errors.push_back({"monitor_date", "datum als JJJJ-MM-DD"});
  else if (DaysSinceEpoch(*d) < DaysSinceEpoch(ToAmsterdam(now).date)) {
    errors.push_back({"monitor_date", "de monitordatum ligt in het verleden"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Workable(who, id, "vv");
  if (!before.ok()) return before.status();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto ins = c.Exec(
        "INSERT INTO vt_conditions (report_id, text, partner, monitor_date, created_ms) VALUES "
        "($1, $2, $3, $4, $5)",
        {int64_t{id}, t, p, FormatIsoDate(*d), int64_t{now}});
    if (!ins.ok()) return ins.status();
    auto upd = c.Exec("UPDATE vt_reports SET version = version + 1, updated_ms = $1 WHERE id = $2",
                      {int64_t{now}, int64_t{id}});
    return upd.ok() ? Status::Ok() : upd.status();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(LogPersons(
      who, *before, "melding " + std::to_string(id) + ": veiligheidsvoorwaarde vastgelegd"));
  return Get(who, id);
}

Result<VtReport> VtService::CheckCondition(const Principal& who, int64_t id, int64_t condition_id,
                                           const std::string& state, const std::string& note) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  if (state != "met" && state != "not_met")
    errors.push_back({"state", "nagekomen (met) of niet nagekomen (not_met)"});
  const std::string n = Trim(note);
  if (state == "not_met" && n.empty())
    errors.push_back({"note", "beschrijf wat er niet is nagekomen"});
  if (n.size() > 1000) errors.push_back({"note", "hoogstens 1000 tekens"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Workable(who, id, "vv");
  if (!before.ok()) return before.status();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto upd = c.Exec(
        "UPDATE vt_conditions SET state = $1, note = $2, checked_ms = $3, checked_by = $4"
        " WHERE id = $5 AND report_id = $6 AND state = 'open'",
        {state, n, int64_t{now}, int64_t{who.user.id}, int64_t{condition_id}, int64_t{id}});
    if (!upd.ok()) return upd.status();
    if (*upd != 1)
      return Status::Conflict("deze voorwaarde is al afgevinkt of hoort niet bij deze melding");
    auto bump = c.Exec("UPDATE vt_reports SET version = version + 1, updated_ms = $1 WHERE id = $2",
                       {int64_t{now}, int64_t{id}});
    if (!bump.ok()) return bump.status();
    if (state == "not_met") {
      const std::string key =
          "vt.r" + std::to_string(id) + ".c" + std::to_string(condition_id) + ".not_met";
      const std::string subject =
          "InBeeld: veiligheidsvoorwaarde niet nagekomen bij melding " + std::to_string(id);
      const std::string body = "Een veiligheidsvoorwaarde (Voorwaarden & Vervolg) van melding " +
                               std::to_string(id) + " is niet nagekomen: " + n +
                               "\nBekijk de melding en besluit over vervolgstappen.\n";
      INBEELD_RETURN_IF_ERROR(
          NotifyRole(c, before->vt_org_id, "vt_supervisor", key, subject, body, now, true));
      if (before->contact_user_id) {
        INBEELD_RETURN_IF_ERROR(Store::NotifyUser(c, *before->contact_user_id, key + ".contact",
                                                  subject, body, now, true));
      }
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(
      LogPersons(who, *before,
                 "melding " + std::to_string(id) + ": voorwaarde " + std::to_string(condition_id) +
                     (state == "met" ? " nagekomen" : " niet nagekomen, geëscaleerd")));
  return Get(who, id);
}

Result<VtReport> VtService::RecordFinding(const Principal& who, int64_t id, const std::string& code,
                                          const std::string& finding) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  if (!IsVtFinding(finding)) errors.push_back({"finding", "bevestigd, niet_bevestigd of weerlegd"});
  INBEELD_RETURN_IF_ERROR(CheckCodes({code}, true, &errors));
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Workable(who, id, "investigation");
  if (!before.ok()) return before.status();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto del =
        c.Exec("DELETE FROM vt_findings WHERE report_id = $1 AND code = $2", {int64_t{id}, code});
    if (!del.ok()) return del.status();
    auto ins = c.Exec(
        "INSERT INTO vt_findings (report_id, code, finding, recorded_ms) VALUES ($1, $2, $3, $4)",
        {int64_t{id}, code, finding, int64_t{now}});
    if (!ins.ok()) return ins.status();
    auto bump = c.Exec("UPDATE vt_reports SET version = version + 1, updated_ms = $1 WHERE id = $2",
                       {int64_t{now}, int64_t{id}});
    return bump.ok() ? Status::Ok() : bump.status();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(LogPersons(
      who, *before, "melding " + std::to_string(id) + ": bevinding " + code + " " + finding));
  return Get(who, id);
}

Result<VtReport> VtService::RecordHearing(const Principal& who, int64_t id,
                                          const std::string& heard, const std::string& date,
                                          const std::string& kind) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  const std::string h = Trim(heard);
  if (h.empty())
    errors.push_back({"who", "wie is gehoord?"});
  else if (h.size() > 200)
    errors.push_back({"who", "hoogstens 200 tekens"});
  if (kind != "hoor" && kind != "wederhoor") errors.push_back({"kind", "hoor of wederhoor"});
  auto d = ParseIsoDate(Trim(date), "date");
  if (!d.ok())
    errors.push_back({"date", "datum als JJJJ-MM-DD"});
  else if (DaysSinceEpoch(*d) > DaysSinceEpoch(ToAmsterdam(now).date))
    errors.push_back({"date", "datum ligt in de toekomst"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Workable(who, id, "investigation");
  if (!before.ok()) return before.status();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto ins = c.Exec(
        "INSERT INTO vt_hearings (report_id, who, heard_date, kind, recorded_ms) VALUES ($1, $2, "
        "$3, $4, $5)",
        {int64_t{id}, h, FormatIsoDate(*d), kind, int64_t{now}});
    if (!ins.ok()) return ins.status();
    auto bump = c.Exec("UPDATE vt_reports SET version = version + 1, updated_ms = $1 WHERE id = $2",
                       {int64_t{now}, int64_t{id}});
    return bump.ok() ? Status::Ok() : bump.status();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(
      LogPersons(who, *before, "melding " + std::to_string(id) + ": " + kind + " vastgelegd"));
  return Get(who, id);
}

Result<VtReport> VtService::EndInvestigation(const Principal& who, int64_t id,
                                             const VtInvestigationEnd& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  auto outcome = ParseVtOutcome(in.outcome);
  if (!outcome || *outcome == VtOutcome::kInvestigation) {
    errors.push_back({"outcome", "kies wat volgt: rvdk, vv, handover of close"});
  }
  const std::string reasons = Trim(in.reasons);
  if (reasons.empty())
    errors.push_back({"reasons", "geef de redenen van de beslissing"});
  else if (reasons.size() > kMaxText)
    errors.push_back({"reasons", "hoogstens 4000 tekens"});
  if (in.version < 1) errors.push_back({"version", "de versie die u las is verplicht"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto before = Workable(who, id, "investigation");
  if (!before.ok()) return before.status();
  // Hoor en wederhoor, and a finding for every violence type of the report.
  std::vector<FieldError> missing;
  const bool hoor = std::any_of(before->hearings.begin(), before->hearings.end(),
                                [](const VtHearing& h) { return h.kind == "hoor"; });
  const bool wederhoor = std::any_of(before->hearings.begin(), before->hearings.end(),
                                     [](const VtHearing& h) { return h.kind == "wederhoor"; });
  if (!hoor || !wederhoor)
    missing.push_back({"hearings", "leg vast wie is gehoord: hoor én wederhoor"});
  for (const auto& code : before->codes) {
    bool found = std::any_of(before->findings.begin(), before->findings.end(),
                             [&](const VtFinding& f) { return f.code == code; });
    if (!found) missing.push_back({"findings", "geen bevinding voor " + code});
  }
  if (!missing.empty()) return Status::InvalidFields(missing);
  bool late = false;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto cur = c.Query(
        "SELECT investigation_due_ms, reporter_user_id, received_ms FROM vt_reports WHERE id = $1",
        {int64_t{id}});
    if (!cur.ok()) return cur.status();
    if (cur->empty()) return Status::NotFound("onbekende melding");
    late = !(*cur)[0].IsNull(0) && now > (*cur)[0].Int(0);
    const bool involved = VtStaysInvolved(*outcome);
    auto upd = c.Exec(
        "UPDATE vt_reports SET state = $1, outcome = $2, outcome_reasons = $3, "
        "investigation_done_ms = $4,"
        " investigation_late = $5, due_ms = NULL, closed_ms = $6, escalated_ms = NULL, warned_ms = "
        "NULL,"
        " version = version + 1, updated_ms = $4 WHERE id = $7 AND version = $8 AND state = "
        "'investigation'",
        {std::string(VtStateAfter(*outcome)), std::string(VtOutcomeName(*outcome)), reasons,
         int64_t{now}, int64_t{late ? 1 : 0},
         involved ? SqlValue(SqlNull{}) : SqlValue(int64_t{now}), int64_t{id},
         int64_t{in.version}});
    if (!upd.ok()) return upd.status();
    if (*upd != 1)
      return Status::Conflict(
          "deze melding is intussen door iemand anders opgeslagen: laad de melding opnieuw");
    const std::string received = FormatLongDate(ToAmsterdam((*cur)[0].Int(2)).date, "nl");
    const std::string subject =
        "Terugkoppeling van Veilig Thuis na onderzoek over uw melding van " + received;
    const std::string body =
        "Veilig Thuis heeft het onderzoek naar aanleiding van uw melding van " + received +
        " (melding " + std::to_string(id) + ") afgerond.\n" + VtReporterFeedback(*outcome) +
        "\nBetrokken: " + before->vt_org_name + ".\n";
    const std::string key = "vt.r" + std::to_string(id) + ".investigation";
    if (!(*cur)[0].IsNull(1))
      return Store::NotifyUser(c, (*cur)[0].Int(1), key, subject, body, now, true);
    auto rep = c.Query(
        "SELECT email, reporter_type FROM vt_reporters JOIN vt_reports ON vt_reports.id = "
        "vt_reporters.report_id"
        " WHERE report_id = $1",
        {int64_t{id}});
    if (!rep.ok()) return rep.status();
    if (!rep->empty() && !(*rep)[0].Text(0).empty() && (*rep)[0].Text(1) != "police") {
      OutboxItem item;
      item.idempotency_key = key + ".email";
      item.channel = OutboxChannel::kEmail;
      item.recipient = (*rep)[0].Text(0);
      item.subject = subject;
      item.body = body;
      item.created_ms = now;
      item.next_attempt_ms = now;
      auto added = Store::EnqueueOutbox(c, item);
      if (!added.ok()) return added.status();
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(LogPersons(who, *before,
                                     "melding " + std::to_string(id) + ": onderzoek afgerond, " +
                                         in.outcome + (late ? " (na 10 weken)" : "")));
  return Get(who, id);
}

Result<VtFigures> VtService::Figures(int year, int half) {
  auto range = VtHalfYear(year, half);
  if (!range.ok()) return range.status();
  VtFigures f;
  f.year = year;
  f.half = half;
  f.first_day = FormatIsoDate(range->first);
  f.last_day = FormatIsoDate(range->second);
  auto lease = store_.pool().Acquire();
  auto regions = lease->Query(
      "SELECT id, name FROM organisations WHERE kind = 'veilig_thuis' ORDER BY name, id");
  if (!regions.ok()) return regions.status();
  std::map<OrgId, size_t> index;
  for (const auto& r : *regions) {
    index[r.Int(0)] = f.regions.size();
    f.regions.push_back({r.Int(0), r.Text(1), {}});
  }
  // Every category appears for every region (a zero is a published zero).
  auto codes = Codes();
  if (!codes.ok()) return codes.status();
  std::vector<std::pair<std::string, std::vector<std::string>>> shape = {
      {"advice_by_reporter", {"professional", "bystander", "self", "police"}},
      {"reports_by_reporter", {"professional", "bystander", "self", "police"}},
      {"reports_by_code", {}},
      {"reports_by_outcome", {"investigation", "rvdk", "vv", "handover", "close", "pending"}}};
  for (const auto& c : *codes) shape[2].second.push_back(c.code);
  std::map<std::tuple<OrgId, std::string, std::string>, int64_t> counts;
  const std::vector<SqlValue> params = {f.first_day, f.last_day};
  auto by_reporter = lease->Query(
      "SELECT vt_org_id, kind, reporter_type, count(*) FROM vt_reports WHERE received_date BETWEEN "
      "$1 AND $2"
      " GROUP BY vt_org_id, kind, reporter_type",
      params);
  if (!by_reporter.ok()) return by_reporter.status();
  for (const auto& r : *by_reporter) {
    counts[{r.Int(0), r.Text(1) == "advice" ? "advice_by_reporter" : "reports_by_reporter",
            r.Text(2)}] += r.Int(3);
  }
  auto by_code = lease->Query(
      "SELECT r.vt_org_id, c.code, count(*) FROM vt_reports r JOIN vt_report_codes c ON "
      "c.report_id = r.id"
      " WHERE r.received_date BETWEEN $1 AND $2 AND r.kind = 'report' GROUP BY r.vt_org_id, c.code",
      params);
  if (!by_code.ok()) return by_code.status();
  for (const auto& r : *by_code) counts[{r.Int(0), "reports_by_code", r.Text(1)}] += r.Int(2);
  auto by_outcome = lease->Query(
      "SELECT vt_org_id, COALESCE(outcome, 'pending'), count(*) FROM vt_reports WHERE "
      "received_date BETWEEN $1 AND $2"
      " AND kind = 'report' GROUP BY vt_org_id, COALESCE(outcome, 'pending')",
      params);
  if (!by_outcome.ok()) return by_outcome.status();
  for (const auto& r : *by_outcome) counts[{r.Int(0), "reports_by_outcome", r.Text(1)}] += r.Int(2);
  for (auto& region : f.regions) {
    for (const auto& [measure, categories] : shape) {
      for (const auto& cat : categories) {
        auto it = counts.find({region.id, measure, cat});
        const int64_t n = it == counts.end() ? 0 : it->second;
        region.cells.push_back({measure, cat, n, VtSuppressCell(n)});
      }
    }
  }
  return f;
}

std::string VtService::FiguresCsv(const VtFigures& f) {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::string out = "year,half,region_id,region,measure,category,count\n";
  for (const auto& r : f.regions) {
    for (const auto& c : r.cells) {
      out += std::to_string(f.year) + "," + std::to_string(f.half) + "," + std::to_string(r.id) +
             "," + field(r.name) + "," + c.measure + "," + c.category + "," + c.shown + "\n";
    }
  }
  return out;
}

Result<VtDashboard> VtService::Dashboard(const Principal& who) {
  if (!IsVt(who)) return Status::PermissionDenied("alleen Veilig Thuis");
  const int64_t now = clock_.NowMs();
  VtDashboard d;
  d.vt_org_id = who.org.id;
  d.vt_org_name = who.org.name;
  auto lease = store_.pool().Acquire();
  auto open = lease->Query(
      "SELECT state, due_ms, escalated_ms FROM vt_reports WHERE vt_org_id = $1 AND kind = 'report' "
      "AND closed_ms IS NULL",
      {int64_t{who.org.id}});
  if (!open.ok()) return open.status();
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  for (const auto& r : *open) {
    std::string band = "none";
    if (!r.IsNull(1) && (r.Text(0) == "triage" || r.Text(0) == "investigation")) {
      auto b = VtBandOf(holidays_, now, r.Int(1));
      band = b.ok() ? std::string(VtDeadlineBandName(*b)) : "none";
    }
    ++counts[{r.Text(0), band}];
    if (!r.IsNull(2)) ++d.escalated_open;
  }
  for (const auto& [k, n] : counts) d.counts.emplace_back(k.first, k.second, n);
  // The share of assessments in time per month, the last 12 months (Amsterdam months).
  const Date today = ToAmsterdam(now).date;
  using namespace std::chrono;
  year_month first_month = year_month{today.year(), today.month()} - months(11);
  const int64_t from_ms = FromAmsterdam(Date{first_month / day(1)}, 0, 0);
  auto assessed = lease->Query(
      "SELECT assessed_ms, assessment_late FROM vt_reports WHERE vt_org_id = $1 AND assessed_ms >= "
      "$2",
      {int64_t{who.org.id}, int64_t{from_ms}});
  if (!assessed.ok()) return assessed.status();
  std::map<std::string, std::pair<int64_t, int64_t>> per_month;
  for (int i = 0; i < 12; ++i) {
    year_month m = first_month + months(i);
    per_month[FormatIsoDate(Date{m / day(1)}).substr(0, 7)] = {0, 0};
  }
  for (const auto& r : *assessed) {
    std::string m = FormatIsoDate(ToAmsterdam(r.Int(0)).date).substr(0, 7);
    auto it = per_month.find(m);
    if (it == per_month.end()) continue;
    ++it->second.first;
    if (r.Int(1) == 0) ++it->second.second;
  }
  for (const auto& [m, v] : per_month) {
    d.months.push_back(
        {m, v.first, v.second, v.first ? static_cast<double>(v.second) / v.first : 0.0});
  }
  return d;
}

Result<VtJobStats> VtService::RunJobs(int64_t now_ms) {
  // Notices are due at once, also when the job runs for a chosen (later) moment.
  const int64_t send_ms = std::min(now_ms, clock_.NowMs());
  VtJobStats stats;
  std::vector<AuditRecord> logs;
  auto system_log = [&](const std::string& detail) {
    AuditRecord r;
    r.at_ms = now_ms;
    r.username = "systeem";
    r.role = "system";
    r.action = "write";
    r.object_type = "vt_report";
    r.detail = detail;
    r.responsibility = "termijnbewaking Veilig Thuis (Wmo 2015)";
    logs.push_back(std::move(r));
  };
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    logs.clear();
    stats = {};
    // 1. Escalation: a deadline passed (triage: the assessment or the acute clock; the
    // investigation).
    auto late = c.Query(
        "SELECT id, vt_org_id, state, due_ms FROM vt_reports WHERE state IN ('triage', "
        "'investigation')"
        " AND escalated_ms IS NULL AND due_ms < $1 ORDER BY due_ms LIMIT 5000",
        {int64_t{now_ms}});
    if (!late.ok()) return late.status();
    for (const auto& r : *late) {
      const int64_t id = r.Int(0);
      auto upd = c.Exec(
          "UPDATE vt_reports SET escalated_ms = $1, warned_ms = COALESCE(warned_ms, $1) WHERE id = "
          "$2"
          " AND escalated_ms IS NULL",
          {int64_t{now_ms}, int64_t{id}});
      if (!upd.ok()) return upd.status();
      const bool triage = r.Text(2) == "triage";
      const std::string what = triage ? "de veiligheidsbeoordeling" : "het onderzoek";
      INBEELD_RETURN_IF_ERROR(NotifyRole(
          c, r.Int(1), "vt_supervisor", "vt.r" + std::to_string(id) + ".escalated." + r.Text(2),
          "InBeeld: termijn verstreken bij melding " + std::to_string(id),
          "De termijn voor " + what + " van melding " + std::to_string(id) + " is verstreken (" +
              FormatAmsterdam(r.Int(3)) + "). Zie de wachtrij en het dashboard in InBeeld.\n",
          send_ms, true));
      ++stats.escalated;
      system_log("melding " + std::to_string(id) + ": termijn " +
                 (triage ? "veiligheidsbeoordeling" : "onderzoek") +
                 " verstreken, geëscaleerd naar de leidinggevende");
    }
    // 2. Warning: at most one working day left (triage), once.
    auto soon = c.Query(
        "SELECT id, vt_org_id, due_ms FROM vt_reports WHERE state = 'triage' AND warned_ms IS NULL"
        " AND due_ms >= $1 AND due_ms < $2 ORDER BY due_ms LIMIT 5000",
        {int64_t{now_ms}, int64_t{now_ms + 5LL * 24 * 3600 * 1000}});
    if (!soon.ok()) return soon.status();
    for (const auto& r : *soon) {
      auto band = VtBandOf(holidays_, now_ms, r.Int(2));
      if (!band.ok() || *band != VtDeadlineBand::kWarning) continue;
      const int64_t id = r.Int(0);
      auto upd = c.Exec("UPDATE vt_reports SET warned_ms = $1 WHERE id = $2 AND warned_ms IS NULL",
                        {int64_t{now_ms}, int64_t{id}});
      if (!upd.ok()) return upd.status();
      INBEELD_RETURN_IF_ERROR(
          NotifyRole(c, r.Int(1), "vt_triage", "vt.r" + std::to_string(id) + ".warning",
                     "InBeeld: nog één werkdag voor melding " + std::to_string(id),
                     "De veiligheidsbeoordeling van melding " + std::to_string(id) +
                         " moet af vóór " + FormatAmsterdam(r.Int(2)) + ".\n",
                     send_ms, false));
      ++stats.warned;
      system_log("melding " + std::to_string(id) + ": waarschuwing, nog één werkdag");
    }
    // 3. Voorwaarden & Vervolg: an open condition whose monitoring date has come
    // (within the last week) reminds the contact person, else the region's case
    // workers — once per condition (the outbox key).
    const Date today = ToAmsterdam(now_ms).date;
    auto due_conditions = c.Query(
        "SELECT k.id, k.report_id, k.text, k.partner, k.monitor_date, r.vt_org_id, "
        "r.contact_user_id"
        " FROM vt_conditions k JOIN vt_reports r ON r.id = k.report_id WHERE k.state = 'open' AND "
        "r.state = 'vv'"
        " AND k.monitor_date <= $1 AND k.monitor_date >= $2 ORDER BY k.id LIMIT 5000",
        {FormatIsoDate(today), FormatIsoDate(DateFromDays(DaysSinceEpoch(today) - 7))});
    if (!due_conditions.ok()) return due_conditions.status();
    for (const auto& r : *due_conditions) {
      const std::string key = "vt.c" + std::to_string(r.Int(0)) + ".monitor";
      auto sent = c.Query("SELECT count(*) FROM outbox WHERE idempotency_key LIKE $1", {key + "%"});
      if (!sent.ok()) return sent.status();
      if ((*sent)[0].Int(0) > 0) continue;
      const std::string subject = "InBeeld: monitordatum van een veiligheidsvoorwaarde, melding " +
                                  std::to_string(r.Int(1));
      const std::string body =
          "Vandaag of eerder moest worden nagegaan of deze voorwaarde wordt nagekomen: " +
          r.Text(2) + " (partner: " + r.Text(3) + ", monitordatum " + r.Text(4) +
          "). Vink haar af in InBeeld als nagekomen of niet nagekomen.\n";
      if (!r.IsNull(6)) {
        INBEELD_RETURN_IF_ERROR(Store::NotifyUser(c, r.Int(6), key, subject, body, send_ms, false));
      } else {
        INBEELD_RETURN_IF_ERROR(
            NotifyRole(c, r.Int(5), "vt_case_worker", key, subject, body, send_ms, false));
      }
      ++stats.monitor_reminders;
      system_log("melding " + std::to_string(r.Int(1)) + ": herinnering monitordatum voorwaarde " +
                 std::to_string(r.Int(0)));
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  for (auto& r : logs) INBEELD_RETURN_IF_ERROR(audit_.Record(std::move(r)));
  return stats;
}

}  // namespace inbeeld
