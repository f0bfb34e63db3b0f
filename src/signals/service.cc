#include "signals/service.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "core/bsn.h"
#include "core/calendar_time.h"
#include "core/text.h"

namespace inbeeld {
namespace {

constexpr int kMatchFollowUpWorkingDays = 10;

bool IsVt(const Principal& who) {
  Role r = who.user.role;
  return r == Role::kVtTriage || r == Role::kVtCaseWorker || r == Role::kVtSupervisor;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<int64_t> SplitIds(const std::string& s) {
  std::vector<int64_t> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (!part.empty()) out.push_back(std::stoll(part));
  }
  return out;
}

std::string LevelText(int level) {
  switch (level) {
    case 1: return "zorg";
    case 2: return "ernstige zorg";
    default: return "zeer ernstige zorg";
  }
}

std::string NameOf(const SqlRow& r, size_t first) {
  Person p;
  p.first_name = r.Text(first);
  p.tussenvoegsel = r.Text(first + 1);
  p.last_name = r.Text(first + 2);
  return FullName(p);
}

// The columns SignalFrom reads, in order.
constexpr const char* kSignalSelect =
    "SELECT s.id, s.person_id, p.first_name, p.tussenvoegsel, p.last_name, p.birth_date, s.org_id, "
    "o.name,"
    " s.user_id, s.contact_name, s.contact_phone, s.contact_email, s.category, s.level, s.note, "
    "s.signal_date,"
    " s.state, s.active_until, s.archive_until, s.created_ms, s.updated_ms, s.subject_first_name,"
    " s.subject_last_name, s.subject_birth_date"
    " FROM signals s JOIN organisations o ON o.id = s.org_id LEFT JOIN persons p ON p.id = "
    "s.person_id ";

SignalView SignalFrom(const SqlRow& r) {
  SignalView v;
  v.id = r.Int(0);
  v.person_id = r.OptInt(1);
  if (v.person_id) {
    v.child_name = NameOf(r, 2);
    v.child_birth_date = r.Text(5);
  } else {
    v.child_name = Trim(r.Text(21) + " " + r.Text(22));
    v.child_birth_date = r.Text(23);
  }
  v.org_id = r.Int(6);
  v.org_name = r.Text(7);
  v.user_id = r.Int(8);
  v.contact_name = r.Text(9);
  v.contact_phone = r.Text(10);
  v.contact_email = r.Text(11);
  v.category = r.Text(12);
  v.level = static_cast<int>(r.Int(13));
  v.note = r.Text(14);
  v.signal_date = r.Text(15);
  v.state = r.Text(16);
  v.active_until = r.Text(17);
  v.archive_until = r.Text(18);
  v.created_ms = r.Int(19);
  v.updated_ms = r.Int(20);
  return v;
}

// Who may read a signal's details (and its note): its own organisation and Veilig Thuis.
bool MaySeeSignal(const Principal& who, const SignalView& v) {
  return v.org_id == who.org.id || IsVt(who);
}

Result<SignalView> LoadSignal(SqlConnection& c, int64_t id) {
  auto rows = c.Query(std::string(kSignalSelect) + "WHERE s.id = $1", {int64_t{id}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekend signaal");
  return SignalFrom((*rows)[0]);
}

Result<std::vector<SignalRule>> LoadRules(SqlConnection& c) {
  auto rows = c.Query(
      "SELECT code, kind, scope, min_signals, min_orgs, window_days, active, version FROM "
      "signal_rules ORDER BY code");
  if (!rows.ok()) return rows.status();
  std::vector<SignalRule> out;
  for (const auto& r : *rows) {
    SignalRule rule;
    rule.code = r.Text(0);
    rule.kind = ParseSignalRuleKind(r.Text(1)).value_or(SignalRuleKind::kAccumulation);
    rule.scope = ParseSignalRuleScope(r.Text(2)).value_or(SignalRuleScope::kHousehold);
    rule.min_signals = static_cast<int>(r.Int(3));
    rule.min_orgs = static_cast<int>(r.Int(4));
    rule.window_days = static_cast<int>(r.Int(5));
    rule.active = r.Int(6) != 0;
    rule.version = static_cast<int>(r.Int(7));
    out.push_back(std::move(rule));
  }
  return out;
}

std::string ContactLine(const SignalView& s) {
  std::string out = s.contact_name + " (" + s.org_name + ")";
  if (!s.contact_phone.empty()) out += ", telefoon " + s.contact_phone;
  if (!s.contact_email.empty()) out += ", e-mail " + s.contact_email;
  return out;
}

std::string ChildLine(const SignalView& s) {
  std::string out = s.child_name;
  if (!s.child_birth_date.empty()) {
    auto d = ParseIsoDate(s.child_birth_date);
    out += " (geboren " + (d.ok() ? FormatLongDate(*d, "nl") : s.child_birth_date) + ")";
  }
  return out;
}

// The match notice for the professional of `mine`: who else is involved and
// how to reach them — never the other's note, category or level.
std::pair<std::string, std::string> MatchText(const SignalView& mine, const SignalView& other,
                                              SignalMatchKind kind, const std::string& due_date) {
  std::string subject = "InBeeld: match bij uw signaal over " + mine.child_name;
  std::string body = "Een andere organisatie heeft ook een actief signaal ";
  body += kind == SignalMatchKind::kSameChild
              ? "over " + ChildLine(mine) + ".\n"
              : "over iemand in het huishouden van " + ChildLine(mine) + ".\n";
  body += "Contact: " + ContactLine(other) + ".\n";
  body += "Neem contact met elkaar op en spreek af wie regievoerder wordt, vóór het einde van " +
          due_date + ". Dat kan in InBeeld onder Signalen.\n";
  return {subject, body};
}

struct Scope {
  std::vector<PersonId> persons;  // the child, or every member of the household
};

Result<Scope> ScopeOf(SqlConnection& c, PersonId person, std::optional<HouseholdId> household,
                      SignalRuleScope scope) {
  Scope s;
  if (scope == SignalRuleScope::kChild || !household) {
    s.persons.push_back(person);
    return s;
  }
  auto rows = c.Query("SELECT id FROM persons WHERE household_id = $1", {int64_t{*household}});
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) s.persons.push_back(r.Int(0));
  if (std::find(s.persons.begin(), s.persons.end(), person) == s.persons.end())
    s.persons.push_back(person);
  return s;
}

std::string InList(const std::vector<PersonId>& ids) {
  std::string out = "(";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + ")";
}

SignalMatchView MatchFrom(const SqlRow& r, OrgId my_org) {
  // Columns: m.id, m.kind, m.created_ms, m.due_date, m.coordinator_signal_id, m.followed_up_ms,
  // m.overdue_ms, then signal a (7..) and signal b (7 + kSignalCols ..) as SignalFrom reads them.
  SignalMatchView v;
  v.id = r.Int(0);
  v.kind = r.Text(1);
  v.created_ms = r.Int(2);
  v.due_date = r.Text(3);
  auto coord = r.OptInt(4);
  v.followed_up_ms = r.OptInt(5);
  v.overdue_ms = r.OptInt(6);
  std::vector<SqlValue> a, b;
  for (size_t i = 0; i < 24; ++i) a.push_back(r.at(7 + i));
  for (size_t i = 0; i < 24; ++i) b.push_back(r.at(31 + i));
  SignalView sa = SignalFrom(SqlRow(std::move(a)));
  SignalView sb = SignalFrom(SqlRow(std::move(b)));
  const SignalView& mine = sa.org_id == my_org ? sa : sb;
  const SignalView& other = sa.org_id == my_org ? sb : sa;
  v.my_signal_id = mine.id;
  v.child_id = mine.person_id;
  v.child_name = mine.child_name;
  v.child_birth_date = mine.child_birth_date;
  v.other_org_name = other.org_name;
  v.other_contact_name = other.contact_name;
  v.other_contact_phone = other.contact_phone;
  v.other_contact_email = other.contact_email;
  if (coord) {
    v.coordinator = *coord == mine.id ? "me" : "other";
    v.coordinator_org_name = *coord == mine.id ? mine.org_name : other.org_name;
  }
  v.state = v.followed_up_ms ? "followed_up" : (v.overdue_ms ? "overdue" : "open");
  return v;
}

std::string MatchSelect() {
  std::string sig =
      "%.id, %.person_id, p%.first_name, p%.tussenvoegsel, p%.last_name, p%.birth_date, %.org_id, "
      "o%.name,"
      " %.user_id, %.contact_name, %.contact_phone, %.contact_email, %.category, %.level, %.note, "
      "%.signal_date,"
      " %.state, %.active_until, %.archive_until, %.created_ms, %.updated_ms, %.subject_first_name,"
      " %.subject_last_name, %.subject_birth_date";
  auto cols = [&](const std::string& alias) {
    std::string out;
    for (char ch : sig) {
      if (ch == '%')
        out += alias;
      else
        out += ch;
    }
    return out;
  };
  return "SELECT m.id, m.kind, m.created_ms, m.due_date, m.coordinator_signal_id, "
         "m.followed_up_ms, m.overdue_ms, " +
         cols("sa") + ", " + cols("sb") +
         " FROM signal_matches m"
         " JOIN signals sa ON sa.id = m.signal_a JOIN organisations osa ON osa.id = sa.org_id"
         " LEFT JOIN persons psa ON psa.id = sa.person_id"
         " JOIN signals sb ON sb.id = m.signal_b JOIN organisations osb ON osb.id = sb.org_id"
         " LEFT JOIN persons psb ON psb.id = sb.person_id ";
}

}  // namespace

SignalService::SignalService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
                             const Clock& clock, const HolidayCalendar& holidays)
    : store_(store),
      audit_(audit),
      pseudonymizer_(pseudonymizer),
      clock_(clock),
      holidays_(holidays) {}

Status SignalService::Log(const Principal& who, const std::string& action,
                          std::optional<PersonId> person, const std::string& detail,
                          const std::string& reason) {
  AuditRecord r = AuditRecordBy(who);
  r.action = action;
  r.object_type = person ? "person" : "signal";
  r.person_id = person;
  r.detail = detail;
  r.reason = reason;
  return audit_.Record(std::move(r));
}

Result<std::vector<SignalCategory>> SignalService::Categories() {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT code, label_nl, label_en, active FROM signal_categories ORDER BY position, code");
  if (!rows.ok()) return rows.status();
  std::vector<SignalCategory> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0});
  return out;
}

Result<SignalCategory> SignalService::PutCategory(const Principal& who, const SignalCategory& in) {
  std::vector<FieldError> errors;
  bool code_ok = !in.code.empty() && in.code.size() <= 40;
  for (char ch : in.code)
    code_ok = code_ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  if (!code_ok) errors.push_back({"code", "kleine letters, cijfers en _ (hoogstens 40)"});
  if (Trim(in.label_nl).empty() || in.label_nl.size() > 100)
    errors.push_back({"label_nl", "een naam van 1 tot 100 tekens"});
  if (Trim(in.label_en).empty() || in.label_en.size() > 100)
    errors.push_back({"label_en", "een naam van 1 tot 100 tekens"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto r = c.Exec(
        "INSERT INTO signal_categories (code, label_nl, label_en, position, active) VALUES ($1, "
        "$2, $3,"
        " (SELECT COALESCE(MAX(position), 0) + 1 FROM signal_categories), $4)"
        " ON CONFLICT (code) DO UPDATE SET label_nl = excluded.label_nl, label_en = "
        "excluded.label_en, active = excluded.active",
        {in.code, Trim(in.label_nl), Trim(in.label_en), int64_t{in.active ? 1 : 0}});
    return r.ok() ? Status::Ok() : r.status();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(Log(who, "write", std::nullopt,
                              "signaalcategorie " + in.code + " vastgelegd (" + Trim(in.label_nl) +
                                  ", " + (in.active ? "in gebruik" : "niet meer te kiezen") + ")"));
  SignalCategory out = in;
  out.label_nl = Trim(in.label_nl);
  out.label_en = Trim(in.label_en);
  return out;
}

namespace {

// Matching and rules for `signal` (active, linked), inside the caller's transaction.
Status MatchAndEvaluate(SqlConnection& c, const SignalView& signal, int64_t event_id, Date today,
                        const HolidayCalendar& holidays, int64_t now, SignalResult* out) {
  if (!signal.person_id) return Status::Ok();
  const PersonId person = *signal.person_id;
  auto hh =
      c.Query("SELECT household_id, birth_date FROM persons WHERE id = $1", {int64_t{person}});
  if (!hh.ok()) return hh.status();
  if (hh->empty()) return Status::NotFound("onbekend kind");
  std::optional<HouseholdId> household = (*hh)[0].OptInt(0);

  // --- matches: other organisations' active signals on the child or the household.
  auto household_scope = ScopeOf(c, person, household, SignalRuleScope::kHousehold);
  if (!household_scope.ok()) return household_scope.status();
  auto others = c.Query(
      "SELECT s.id, s.org_id, s.person_id, p.household_id FROM signals s JOIN persons p ON p.id = "
      "s.person_id"
      " WHERE s.state = 'active' AND s.org_id <> $1 AND s.person_id IN " +
          InList(household_scope->persons),
      {int64_t{signal.org_id}});
  if (!others.ok()) return others.status();
  std::vector<SignalParty> parties;
  for (const auto& r : *others) parties.push_back({r.Int(0), r.Int(1), r.Int(2), r.OptInt(3)});
  auto plans = PlanSignalMatches({signal.id, signal.org_id, person, household}, parties);
  Result<Date> due = holidays.AddWorkingDays(today, kMatchFollowUpWorkingDays);
  if (!due.ok()) return due.status();
  const std::string due_text = FormatIsoDate(*due);
  for (const auto& plan : plans) {
    int64_t a = std::min(signal.id, plan.other_signal), b = std::max(signal.id, plan.other_signal);
    auto ins = c.Query(
        "INSERT INTO signal_matches (signal_a, signal_b, kind, created_ms, due_date) VALUES ($1, "
        "$2, $3, $4, $5)"
        " ON CONFLICT (signal_a, signal_b) DO NOTHING RETURNING id",
        {a, b, std::string(SignalMatchKindName(plan.kind)), int64_t{now}, due_text});
    if (!ins.ok()) return ins.status();
    if (ins->empty()) continue;  // matched before
    int64_t match_id = (*ins)[0].Int(0);
    out->new_matches.push_back(match_id);
    auto other = LoadSignal(c, plan.other_signal);
    if (!other.ok()) return other.status();
    const SignalView* theirs = &*other;
    using Side = std::pair<const SignalView*, const SignalView*>;
    for (const auto& [me, them] : {Side{&signal, theirs}, Side{theirs, &signal}}) {
      auto [subject, body] = MatchText(*me, *them, plan.kind, due_text);
      INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
          c, me->user_id, "signal.m" + std::to_string(match_id) + ".s" + std::to_string(me->id),
          subject, body, now));
    }
  }

  // --- accumulation rules.
  auto rules = LoadRules(c);
  if (!rules.ok()) return rules.status();
  auto parsed_date = ParseIsoDate(signal.signal_date);
  const Date signal_date = parsed_date.ok() ? *parsed_date : today;
  for (const auto& rule : *rules) {
    if (!rule.active) continue;
    auto scope = ScopeOf(c, person, household, rule.scope);
    if (!scope.ok()) return scope.status();
    const int window_start = DaysSinceEpoch(today) - rule.window_days - 1;
    auto ev = c.Query(
        "SELECT id, org_id, person_id, signal_date FROM signal_events WHERE kind IN ('registered', "
        "'updated')"
        " AND signal_date >= $1 AND person_id IN " +
            InList(scope->persons) + " ORDER BY id",
        {FormatIsoDate(DateFromDays(window_start))});
    if (!ev.ok()) return ev.status();
    std::vector<SignalEventFact> events;
    for (const auto& r : *ev) {
      auto d = ParseIsoDate(r.Text(3));
      if (d.ok()) events.push_back({r.Int(0), r.Int(1), r.Int(2), *d});
    }
    std::vector<HwcFact> notices;
    if (rule.kind == SignalRuleKind::kAfterHwc) {
      // Notices created in the window before the signal date (Amsterdam days).
      const int64_t from_ms =
          FromAmsterdam(DateFromDays(DaysSinceEpoch(signal_date) - rule.window_days), 0, 0);
      auto hn = c.Query(
          "SELECT id, created_ms FROM hwc_notices WHERE person_id = $1 AND created_ms >= $2 ORDER "
          "BY id",
          {int64_t{person}, int64_t{from_ms}});
      if (!hn.ok()) return hn.status();
      for (const auto& r : *hn) notices.push_back({r.Int(0), ToAmsterdam(r.Int(1)).date});
      // Only the signal just registered counts for this rule.
      events.erase(std::remove_if(events.begin(), events.end(),
                                  [&](const SignalEventFact& e) { return e.event_id != event_id; }),
                   events.end());
    }
    auto hit = EvaluateSignalRule(rule, today, signal_date, events, notices);
    if (!hit) continue;
    auto ins = c.Query(
        "INSERT INTO signal_reviews (rule_code, rule_version, person_id, fired_ms, explanation, "
        "event_ids, hwc_notice_ids)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
        {hit->rule_code, int64_t{hit->rule_version}, int64_t{person}, int64_t{now},
         hit->explanation, JoinIds(hit->event_ids), JoinIds(hit->hwc_notice_ids)});
    if (!ins.ok()) return ins.status();
    if (!ins->empty()) {
      out->reviews.push_back((*ins)[0].Int(0));
    } else {
      // An open task exists: it gains the new evidence (still one task per rule and child).
      auto upd = c.Exec(
          "UPDATE signal_reviews SET explanation = $1, event_ids = $2, hwc_notice_ids = $3, "
          "rule_version = $4"
          " WHERE rule_code = $5 AND person_id = $6 AND state = 'open'",
          {hit->explanation, JoinIds(hit->event_ids), JoinIds(hit->hwc_notice_ids),
           int64_t{hit->rule_version}, hit->rule_code, int64_t{person}});
      if (!upd.ok()) return upd.status();
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SignalResult> SignalService::Register(const Principal& who, const SignalInput& in) {
  const int64_t now = clock_.NowMs();
  const Date today = ToAmsterdam(now).date;
  std::vector<FieldError> errors;

  // --- the concern.
  auto cats = Categories();
  if (!cats.ok()) return cats.status();
  bool known_cat = std::any_of(cats->begin(), cats->end(), [&](const SignalCategory& c) {
    return c.active && c.code == in.category;
  });
  if (in.category.empty())
    errors.push_back({"category", "kies een categorie"});
  else if (!known_cat)
    errors.push_back({"category", "onbekende categorie"});
  if (!ParseSignalLevel(in.level)) errors.push_back({"level", "niveau van zorg: 1, 2 of 3"});
  if (in.note.size() > 1000) errors.push_back({"note", "hoogstens 1000 tekens"});
  Date signal_date = today;
  if (!Trim(in.signal_date).empty()) {
    auto d = ParseIsoDate(Trim(in.signal_date), "signal_date");
    if (!d.ok())
      errors.push_back({"signal_date", "datum als JJJJ-MM-DD"});
    else if (DaysSinceEpoch(*d) > DaysSinceEpoch(today))
      errors.push_back({"signal_date", "datum ligt in de toekomst"});
    else if (DaysSinceEpoch(*d) < DaysSinceEpoch(today) - 365)
      errors.push_back({"signal_date", "datum ligt meer dan een jaar terug"});
    else
      signal_date = *d;
  }
  const std::string phone = Trim(in.contact_phone);
  const std::string email = Trim(in.contact_email);
  if (phone.empty() && email.empty())
    errors.push_back({"contact_phone", "geef een telefoonnummer of e-mailadres"});
  if (!email.empty() && (email.find('@') == std::string::npos || email.size() > 200)) {
    errors.push_back({"contact_email", "ongeldig e-mailadres"});
  }
  if (phone.size() > 30) errors.push_back({"contact_phone", "hoogstens 30 tekens"});

  // --- the child.
  std::optional<Person> person;
  std::optional<BsnPseudonym> subject_bsn;
  std::string first = Trim(in.first_name), last = Trim(in.last_name), bd_text = Trim(in.birth_date);
  std::optional<Date> subject_bd;
  if (!bd_text.empty()) {
    auto bd = ParseIsoDate(bd_text, "birth_date");
    if (!bd.ok())
      errors.push_back({"birth_date", "datum als JJJJ-MM-DD"});
    else if (DaysSinceEpoch(*bd) > DaysSinceEpoch(today))
      errors.push_back({"birth_date", "geboortedatum ligt in de toekomst"});
    else
      subject_bd = *bd;
  }
  if (in.person_id && !Trim(in.bsn).empty())
    errors.push_back({"bsn", "geef een persoon óf een BSN, niet beide"});
  if (in.person_id) {
    auto p = store_.GetPerson(*in.person_id);
    if (!p.ok()) {
      if (p.status().code() != StatusCode::kNotFound) return p.status();
      errors.push_back({"person_id", "onbekende persoon"});
    } else {
      person = *p;
    }
  } else if (!Trim(in.bsn).empty()) {
    auto bsn = Bsn::Parse(Trim(in.bsn));
    if (!bsn.ok()) {
      errors.push_back({"bsn", bsn.status().message()});
    } else {
      subject_bsn = pseudonymizer_.Pseudonymize(*bsn);
      auto p = store_.FindPersonByBsn(*subject_bsn);
      if (p.ok())
        person = *p;
      else if (p.status().code() != StatusCode::kNotFound)
        return p.status();
      else if (last.empty())
        errors.push_back({"last_name", "dit BSN is onbekend: geef ook naam en geboortedatum"});
    }
  } else if (last.empty() || bd_text.empty()) {
    errors.push_back({"child", "geef een BSN, of achternaam en geboortedatum"});
  }
  if (!person && errors.empty() && subject_bd && !last.empty()) {
    // Without a BSN: link only on one exact hit (name + birth date, and postcode when given).
    PersonSearch q;
    q.name = last;
    q.birth_date = subject_bd;
    q.postcode = Trim(in.postcode);
    q.limit = 5;
    auto found = store_.SearchPersons(q);
    if (!found.ok()) return found.status();
    std::vector<Person> hits;
    for (const auto& p : *found) {
      if (Lower(p.last_name) == Lower(last) &&
          (first.empty() || Lower(p.first_name) == Lower(first)))
        hits.push_back(p);
    }
    if (hits.size() == 1 && !first.empty()) person = hits[0];
  }
  if (person) {
    if (AgeOn(person->birth_date, today) >= kSignalMaxAge) {
      errors.push_back({"child", "een signaal gaat over een kind of jongere tot 23 jaar"});
    }
    if (subject_bd && person->birth_date != *subject_bd && subject_bsn) {
      errors.push_back({"birth_date", "de geboortedatum past niet bij het BSN"});
    }
    if (DaysSinceEpoch(signal_date) < DaysSinceEpoch(person->birth_date)) {
      errors.push_back({"signal_date", "datum ligt vóór de geboortedatum"});
    }
  } else if (subject_bd && AgeOn(*subject_bd, today) >= kSignalMaxAge) {
    errors.push_back({"birth_date", "een signaal gaat over een kind of jongere tot 23 jaar"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);

  const SignalRetention retention =
      SignalRetentionFor(signal_date, person ? std::optional(person->birth_date) : subject_bd);
  const std::string contact_name =
      who.user.display_name.empty() ? who.user.username : who.user.display_name;

  SignalResult result;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    SignalResult r;
    int64_t signal_id = 0;
    if (person) {
      auto existing = c.Query(
          "SELECT id FROM signals WHERE person_id = $1 AND org_id = $2 AND state = 'active'",
          {int64_t{person->id}, int64_t{who.org.id}});
      if (!existing.ok()) return existing.status();
      if (!existing->empty()) signal_id = (*existing)[0].Int(0);
    }
    if (signal_id) {
      auto upd = c.Exec(
          "UPDATE signals SET user_id = $1, contact_name = $2, contact_phone = $3, contact_email = "
          "$4, category = $5,"
          " level = $6, note = $7, signal_date = $8, active_until = $9, archive_until = $10, "
          "updated_ms = $11 WHERE id = $12",
          {int64_t{who.user.id}, contact_name, phone, email, in.category, in.level, Trim(in.note),
           FormatIsoDate(signal_date), FormatIsoDate(retention.active_until),
           FormatIsoDate(retention.archive_until), int64_t{now}, int64_t{signal_id}});
      if (!upd.ok()) return upd.status();
    } else {
      auto ins = c.Query(
          "INSERT INTO signals (person_id, org_id, user_id, contact_name, contact_phone, "
          "contact_email, category, level,"
          " note, signal_date, subject_bsn_pseudonym, subject_first_name, subject_last_name, "
          "subject_birth_date,"
          " subject_postcode, subject_house_number, active_until, archive_until, created_ms, "
          "updated_ms)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
          "$18, $19, $19) RETURNING id",
          {person ? SqlValue(int64_t{person->id}) : SqlValue(SqlNull{}), int64_t{who.org.id},
           int64_t{who.user.id}, contact_name, phone, email, in.category, in.level, Trim(in.note),
           FormatIsoDate(signal_date),
           !person && subject_bsn ? SqlValue(subject_bsn->hex) : SqlValue(SqlNull{}),
           person ? "" : first, person ? "" : last, person ? "" : bd_text,
           person ? "" : Trim(in.postcode), person ? "" : Trim(in.house_number),
           FormatIsoDate(retention.active_until), FormatIsoDate(retention.archive_until),
           int64_t{now}});
      if (!ins.ok()) return ins.status();
      signal_id = (*ins)[0].Int(0);
      r.created = true;
    }
    auto ev = c.Query(
        "INSERT INTO signal_events (signal_id, person_id, org_id, user_id, kind, category, level, "
        "signal_date, at_ms)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {int64_t{signal_id}, person ? SqlValue(int64_t{person->id}) : SqlValue(SqlNull{}),
         int64_t{who.org.id}, int64_t{who.user.id},
         std::string(r.created ? "registered" : "updated"), in.category, in.level,
         FormatIsoDate(signal_date), int64_t{now}});
    if (!ev.ok()) return ev.status();
    auto view = LoadSignal(c, signal_id);
    if (!view.ok()) return view.status();
    r.signal = *view;
    INBEELD_RETURN_IF_ERROR(
        MatchAndEvaluate(c, r.signal, (*ev)[0].Int(0), today, holidays_, now, &r));
    result = std::move(r);
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  result.signal.note_visible = true;
  INBEELD_RETURN_IF_ERROR(Log(who, "write", result.signal.person_id,
                              std::string("signaal ") + std::to_string(result.signal.id) +
                                  (result.created ? " geregistreerd" : " bijgewerkt") +
                                  (result.signal.person_id ? "" : " (kind nog niet gekoppeld)")));
  return result;
}

Result<std::vector<SignalView>> SignalService::OwnSignals(const Principal& who, int limit) {
  std::vector<SignalView> out;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(std::string(kSignalSelect) +
                                 "WHERE s.org_id = $1 ORDER BY CASE WHEN s.state = 'active' THEN 0 "
                                 "ELSE 1 END, s.updated_ms DESC, s.id DESC LIMIT $2",
                             {int64_t{who.org.id}, int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) {
      out.push_back(SignalFrom(r));
      out.back().note_visible = true;
    }
  }
  for (const auto& v : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", v.person_id, "signaal " + std::to_string(v.id) + " in eigen lijst"));
  }
  return out;
}

Result<SignalView> SignalService::Get(const Principal& who, int64_t id) {
  Result<SignalView> v = Status::NotFound("");
  {
    auto lease = store_.pool().Acquire();
    v = LoadSignal(*lease, id);
  }
  if (!v.ok()) return v.status();
  if (!MaySeeSignal(who, *v)) {
    INBEELD_RETURN_IF_ERROR(Log(
        who, "read_denied", v->person_id,
        "signaal " + std::to_string(id) + " van een andere organisatie (met notitie) geweigerd"));
    return Status::PermissionDenied(
        "dit signaal en zijn notitie zijn alleen zichtbaar voor de eigen organisatie en Veilig "
        "Thuis");
  }
  v->note_visible = true;
  INBEELD_RETURN_IF_ERROR(
      Log(who, "read", v->person_id, "signaal " + std::to_string(id) + " gelezen"));
  return v;
}

Result<std::vector<SignalView>> SignalService::Unlinked(const Principal& who, int limit) {
  std::vector<SignalView> out;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        std::string(kSignalSelect) +
            "WHERE s.person_id IS NULL AND s.state = 'active' ORDER BY s.id DESC LIMIT $1",
        {int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) {
      out.push_back(SignalFrom(r));
      out.back().note_visible = true;
    }
  }
  for (const auto& v : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", std::nullopt, "ongekoppeld signaal " + std::to_string(v.id) + " bekeken"));
  }
  return out;
}

Result<SignalResult> SignalService::Link(const Principal& who, int64_t id, PersonId person_id) {
  auto person = store_.GetPerson(person_id);
  if (!person.ok()) {
    if (person.status().code() == StatusCode::kNotFound)
      return Status::Invalid("onbekende persoon", "person_id");
    return person.status();
  }
  const int64_t now = clock_.NowMs();
  const Date today = ToAmsterdam(now).date;
  SignalResult result;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto v = LoadSignal(c, id);
    if (!v.ok()) return v.status();
    if (v->person_id) return Status::Conflict("dit signaal is al gekoppeld");
    if (v->state != "active") return Status::Conflict("dit signaal is gearchiveerd");
    auto dup =
        c.Query("SELECT id FROM signals WHERE person_id = $1 AND org_id = $2 AND state = 'active'",
                {int64_t{person_id}, int64_t{v->org_id}});
    if (!dup.ok()) return dup.status();
    if (!dup->empty()) {
      return Status::Conflict(
          "deze organisatie heeft al een actief signaal over dit kind (signaal " +
          std::to_string((*dup)[0].Int(0)) + ")");
    }
    auto sd = ParseIsoDate(v->signal_date);
    SignalRetention ret = SignalRetentionFor(sd.ok() ? *sd : today, person->birth_date);
    auto upd = c.Exec(
        "UPDATE signals SET person_id = $1, subject_bsn_pseudonym = NULL, active_until = $2, "
        "archive_until = $3,"
        " updated_ms = $4 WHERE id = $5",
        {int64_t{person_id}, FormatIsoDate(ret.active_until), FormatIsoDate(ret.archive_until),
         int64_t{now}, int64_t{id}});
    if (!upd.ok()) return upd.status();
    auto ev0 = c.Exec("UPDATE signal_events SET person_id = $1 WHERE signal_id = $2",
                      {int64_t{person_id}, int64_t{id}});
    if (!ev0.ok()) return ev0.status();
    auto ev = c.Query(
        "INSERT INTO signal_events (signal_id, person_id, org_id, user_id, kind, category, level, "
        "signal_date, at_ms)"
        " VALUES ($1, $2, $3, $4, 'linked', $5, $6, $7, $8) RETURNING id",
        {int64_t{id}, int64_t{person_id}, int64_t{v->org_id}, int64_t{who.user.id}, v->category,
         int64_t{v->level}, v->signal_date, int64_t{now}});
    if (!ev.ok()) return ev.status();
    auto linked = LoadSignal(c, id);
    if (!linked.ok()) return linked.status();
    result.signal = *linked;
    // The rules count the original registration event, now on the child.
    auto reg = c.Query(
        "SELECT MAX(id) FROM signal_events WHERE signal_id = $1 AND kind IN ('registered', "
        "'updated')",
        {int64_t{id}});
    if (!reg.ok()) return reg.status();
    int64_t event_id = reg->empty() ? (*ev)[0].Int(0) : (*reg)[0].Int(0);
    return MatchAndEvaluate(c, result.signal, event_id, today, holidays_, now, &result);
  });
  if (!tx.ok()) return tx;
  result.signal.note_visible = true;
  INBEELD_RETURN_IF_ERROR(Log(who, "write", person_id,
                              "signaal " + std::to_string(id) + " gekoppeld aan deze persoon"));
  return result;
}

Result<std::vector<SignalMatchView>> SignalService::Matches(const Principal& who, int limit) {
  std::vector<SignalMatchView> out;
  {
    auto lease = store_.pool().Acquire();
    // Each side through its own index (an OR across the two joins would scan every match).
    auto rows = lease->Query(
        MatchSelect() +
            "WHERE m.id IN (SELECT x.id FROM signal_matches x JOIN signals s ON s.id = x.signal_a"
            " WHERE s.org_id = $1 UNION SELECT x.id FROM signal_matches x JOIN signals s"
            " ON s.id = x.signal_b WHERE s.org_id = $1) ORDER BY m.id DESC LIMIT $2",
        {int64_t{who.org.id}, int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) out.push_back(MatchFrom(r, who.org.id));
  }
  for (const auto& m : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", m.child_id, "match " + std::to_string(m.id) + " bekeken"));
  }
  return out;
}

namespace {

Result<SignalMatchView> LoadMatchFor(SqlConnection& c, int64_t match_id, OrgId org) {
  auto rows = c.Query(MatchSelect() + "WHERE m.id = $1", {int64_t{match_id}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende match");
  const SqlRow& r = (*rows)[0];
  // Columns 13 and 37: org_id of signal a and b.
  if (r.Int(13) != org && r.Int(37) != org)
    return Status::PermissionDenied("deze match hoort niet bij uw organisatie");
  return MatchFrom(r, org);
}

}  // namespace

Result<SignalMatchView> SignalService::TakeCoordination(const Principal& who, int64_t match_id) {
  const int64_t now = clock_.NowMs();
  SignalMatchView out;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto m = LoadMatchFor(c, match_id, who.org.id);
    if (!m.ok()) return m.status();
    if (m->coordinator == "other") {
      return Status::Conflict("de andere organisatie (" + m->coordinator_org_name +
                              ") is al regievoerder");
    }
    if (m->coordinator.empty()) {
      auto upd = c.Exec(
          "UPDATE signal_matches SET coordinator_signal_id = $1, coordinator_ms = $2,"
          " followed_up_ms = COALESCE(followed_up_ms, $2) WHERE id = $3",
          {int64_t{m->my_signal_id}, int64_t{now}, int64_t{match_id}});
      if (!upd.ok()) return upd.status();
      // Tell the other professional.
      auto ids = c.Query("SELECT signal_a, signal_b FROM signal_matches WHERE id = $1",
                         {int64_t{match_id}});
      if (!ids.ok()) return ids.status();
      int64_t other_id = (*ids)[0].Int(0) == m->my_signal_id ? (*ids)[0].Int(1) : (*ids)[0].Int(0);
      auto other = LoadSignal(c, other_id);
      auto mine = LoadSignal(c, m->my_signal_id);
      if (!other.ok()) return other.status();
      if (!mine.ok()) return mine.status();
      INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
          c, other->user_id, "signal.m" + std::to_string(match_id) + ".coordinator",
          "InBeeld: regievoerder gekozen voor " + other->child_name,
          "Voor de match over " + ChildLine(*other) + " is " + ContactLine(*mine) +
              " nu regievoerder.\n",
          now));
    }
    auto again = LoadMatchFor(c, match_id, who.org.id);
    if (!again.ok()) return again.status();
    out = *again;
    return Status::Ok();
  });
  if (!tx.ok()) {
    if (tx.code() == StatusCode::kPermissionDenied) {
      INBEELD_RETURN_IF_ERROR(Log(who, "write_denied", std::nullopt,
                                  "regie van match " + std::to_string(match_id) + " geweigerd"));
    }
    return tx;
  }
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", out.child_id, "regievoerder van match " + std::to_string(match_id)));
  return out;
}

Result<SignalMatchView> SignalService::MarkFollowedUp(const Principal& who, int64_t match_id) {
  const int64_t now = clock_.NowMs();
  SignalMatchView out;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto m = LoadMatchFor(c, match_id, who.org.id);
    if (!m.ok()) return m.status();
    auto upd = c.Exec(
        "UPDATE signal_matches SET followed_up_ms = COALESCE(followed_up_ms, $1) WHERE id = $2",
        {int64_t{now}, int64_t{match_id}});
    if (!upd.ok()) return upd.status();
    auto again = LoadMatchFor(c, match_id, who.org.id);
    if (!again.ok()) return again.status();
    out = *again;
    return Status::Ok();
  });
  if (!tx.ok()) {
    if (tx.code() == StatusCode::kPermissionDenied) {
      INBEELD_RETURN_IF_ERROR(
          Log(who, "write_denied", std::nullopt,
              "opvolging van match " + std::to_string(match_id) + " geweigerd"));
    }
    return tx;
  }
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", out.child_id, "match " + std::to_string(match_id) + " opgevolgd"));
  return out;
}

Result<SignalMatchStats> SignalService::MatchStats() {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(
      "SELECT COUNT(*), SUM(CASE WHEN followed_up_ms IS NOT NULL THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN followed_up_ms IS NULL AND overdue_ms IS NULL THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN overdue_ms IS NOT NULL AND followed_up_ms IS NULL THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN overdue_ms IS NOT NULL AND followed_up_ms IS NOT NULL THEN 1 ELSE 0 END) "
      "FROM signal_matches");
  if (!rows.ok()) return rows.status();
  const SqlRow& r = (*rows)[0];
  return SignalMatchStats{r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4)};
}

Result<std::vector<SignalRule>> SignalService::Rules() {
  auto lease = store_.pool().Acquire();
  return LoadRules(*lease);
}

Result<SignalRule> SignalService::UpdateRule(const Principal& who, const std::string& code,
                                             const SignalRule& changed) {
  INBEELD_RETURN_IF_ERROR(ValidateSignalRule(changed));
  const int64_t now = clock_.NowMs();
  SignalRule before, after;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto rules = LoadRules(c);
    if (!rules.ok()) return rules.status();
    auto it = std::find_if(rules->begin(), rules->end(),
                           [&](const SignalRule& r) { return r.code == code; });
    if (it == rules->end()) return Status::NotFound("onbekende regel");
    before = *it;
    auto upd = c.Exec(
        "UPDATE signal_rules SET min_signals = $1, min_orgs = $2, window_days = $3, active = $4, "
        "version = version + 1,"
        " updated_ms = $5, updated_by = $6 WHERE code = $7",
        {int64_t{changed.min_signals}, int64_t{changed.min_orgs}, int64_t{changed.window_days},
         int64_t{changed.active ? 1 : 0}, int64_t{now}, who.user.username, code});
    if (!upd.ok()) return upd.status();
    auto again = LoadRules(c);
    if (!again.ok()) return again.status();
    for (const auto& r : *again) {
      if (r.code == code) after = r;
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  auto describe = [](const SignalRule& r) {
    return "v" + std::to_string(r.version) + " min_signals=" + std::to_string(r.min_signals) +
           " min_orgs=" + std::to_string(r.min_orgs) +
           " window_days=" + std::to_string(r.window_days) + " active=" + (r.active ? "1" : "0");
  };
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", std::nullopt,
          "regel " + code + " gewijzigd: " + describe(before) + " -> " + describe(after)));
  return after;
}

Result<std::vector<SignalReviewView>> SignalService::Reviews(const Principal& who,
                                                             const std::string& state, int limit) {
  if (!state.empty() && state != "open" && state != "closed")
    return Status::Invalid("status: open of closed", "state");
  std::vector<SignalReviewView> out;
  {
    auto lease = store_.pool().Acquire();
    std::string sql =
        "SELECT r.id, r.rule_code, r.rule_version, r.person_id, p.first_name, p.tussenvoegsel, "
        "p.last_name, p.birth_date,"
        " r.fired_ms, r.explanation, r.event_ids, r.hwc_notice_ids, r.state, r.outcome, r.closed_ms"
        " FROM signal_reviews r JOIN persons p ON p.id = r.person_id ";
    std::vector<SqlValue> params;
    if (!state.empty()) {
      sql += "WHERE r.state = $1 ";
      params.emplace_back(state);
    }
    sql += "ORDER BY r.id DESC LIMIT " + std::to_string(limit);
    auto rows = lease->Query(sql, params);
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) {
      SignalReviewView v;
      v.id = r.Int(0);
      v.rule_code = r.Text(1);
      v.rule_version = static_cast<int>(r.Int(2));
      v.person_id = r.Int(3);
      v.child_name = NameOf(r, 4);
      v.child_birth_date = r.Text(7);
      v.fired_ms = r.Int(8);
      v.explanation = r.Text(9);
      v.event_ids = SplitIds(r.Text(10));
      v.hwc_notice_ids = SplitIds(r.Text(11));
      v.state = r.Text(12);
      v.outcome = r.Text(13);
      v.closed_ms = r.OptInt(14);
      out.push_back(std::move(v));
    }
  }
  for (const auto& v : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", v.person_id, "radartaak " + std::to_string(v.id) + " bekeken"));
  }
  return out;
}

Result<SignalReviewView> SignalService::CloseReview(const Principal& who, int64_t id,
                                                    const std::string& outcome) {
  std::string text = Trim(outcome);
  if (text.empty()) return Status::Invalid("beschrijf de uitkomst", "outcome");
  if (text.size() > 500) return Status::Invalid("hoogstens 500 tekens", "outcome");
  const int64_t now = clock_.NowMs();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto cur = c.Query("SELECT state FROM signal_reviews WHERE id = $1", {int64_t{id}});
    if (!cur.ok()) return cur.status();
    if (cur->empty()) return Status::NotFound("onbekende radartaak");
    if ((*cur)[0].Text(0) != "open") return Status::Conflict("deze radartaak is al afgesloten");
    auto upd = c.Exec(
        "UPDATE signal_reviews SET state = 'closed', closed_ms = $1, closed_by = $2, outcome = $3 "
        "WHERE id = $4",
        {int64_t{now}, int64_t{who.user.id}, text, int64_t{id}});
    return upd.ok() ? Status::Ok() : upd.status();
  });
  if (!tx.ok()) return tx;
  auto all = Reviews(who, "", 10000);
  if (!all.ok()) return all.status();
  for (const auto& v : *all) {
    if (v.id == id) {
      INBEELD_RETURN_IF_ERROR(
          Log(who, "write", v.person_id, "radartaak " + std::to_string(id) + " afgesloten"));
      return v;
    }
  }
  return Status::NotFound("onbekende radartaak");
}

Result<Radar> SignalService::PersonRadar(const Principal& who, PersonId person,
                                         const std::string& reason, const RadarFilter& f) {
  auto p = store_.GetPerson(person);
  if (!p.ok())
    return p.status().code() == StatusCode::kNotFound ? Status::NotFound("onbekende persoon")
                                                      : p.status();
  std::string subject = FullName(*p) + " (" + FormatLongDate(p->birth_date, "nl") + ")";
  return BuildRadar(who, {*p}, subject, reason, f);
}

Result<Radar> SignalService::HouseholdRadar(const Principal& who, HouseholdId household,
                                            const std::string& reason, const RadarFilter& f) {
  auto h = store_.GetHousehold(household);
  if (!h.ok())
    return h.status().code() == StatusCode::kNotFound ? Status::NotFound("onbekend huishouden")
                                                      : h.status();
  auto members = store_.HouseholdMembers(household);
  if (!members.ok()) return members.status();
  std::string subject = "huishouden " + h->address.street + " " + h->address.house_number + ", " +
                        h->address.postcode + " " + h->address.city;
  return BuildRadar(who, *members, subject, reason, f);
}

Result<Radar> SignalService::BuildRadar(const Principal& who, const std::vector<Person>& persons,
                                        std::string subject, const std::string& reason,
                                        const RadarFilter& f) {
  const std::string why = Trim(reason);
  if (why.size() < 5)
    return Status::Invalid("geef de reden van deze raadpleging (minstens 5 tekens)", "reason");
  if (why.size() > 500) return Status::Invalid("hoogstens 500 tekens", "reason");
  for (const auto& k : f.kinds) {
    if (k != "signal" && k != "match" && k != "hwc" && k != "review" && k != "vt") {
      return Status::Invalid("onbekende soort: " + k, "kinds");
    }
  }
  Radar radar;
  radar.subject = std::move(subject);
  std::map<PersonId, std::string> names;
  std::vector<PersonId> ids;
  for (const auto& p : persons) {
    names[p.id] = FullName(p);
    ids.push_back(p.id);
  }
  radar.persons = ids;
  auto want = [&](const char* kind) { return f.kinds.empty() || f.kinds.count(kind) > 0; };
  if (!ids.empty()) {
    auto lease = store_.pool().Acquire();
    SqlConnection& c = *lease;
    const std::string in = InList(ids);
    if (want("signal")) {
      auto rows = c.Query(
          "SELECT e.id, e.person_id, e.kind, e.category, e.level, e.signal_date, e.at_ms, o.name, "
          "s.contact_name, s.note,"
          " s.state, e.signal_id, sc.label_nl FROM signal_events e JOIN signals s ON s.id = "
          "e.signal_id"
          " JOIN organisations o ON o.id = e.org_id LEFT JOIN signal_categories sc ON sc.code = "
          "e.category"
          " WHERE e.person_id IN " +
          in + " ORDER BY e.id");
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) {
        RadarEntry e;
        e.kind = "signal";
        e.person_id = r.Int(1);
        e.date = r.Text(5);
        e.at_ms = r.Int(6);
        e.org_name = r.Text(7);
        std::string kind = r.Text(2);
        e.title = kind == "registered" ? "Signaal geregistreerd"
                  : kind == "updated"  ? "Signaal bijgewerkt"
                  : kind == "linked"   ? "Signaal gekoppeld aan het kind"
                                       : "Signaal gearchiveerd";
        e.detail = (r.IsNull(12) ? r.Text(3) : r.Text(12)) + ", " +
                   LevelText(static_cast<int>(r.Int(4))) + " — contact: " + r.Text(8);
        if (!r.Text(9).empty()) e.detail += " — notitie: " + r.Text(9);
        if (r.Text(10) == "archived") e.detail += " (gearchiveerd)";
        radar.entries.push_back(std::move(e));
      }
    }
    if (want("match")) {
      auto rows = c.Query(
          "SELECT m.id, m.kind, m.created_ms, m.followed_up_ms, m.overdue_ms, sa.person_id, "
          "oa.name, ob.name, sb.person_id"
          " FROM signal_matches m JOIN signals sa ON sa.id = m.signal_a JOIN signals sb ON sb.id = "
          "m.signal_b"
          " JOIN organisations oa ON oa.id = sa.org_id JOIN organisations ob ON ob.id = sb.org_id"
          " WHERE m.id IN (SELECT x.id FROM signal_matches x JOIN signals s ON s.id = x.signal_a "
          "WHERE s.person_id IN " +
          in +
          " UNION SELECT x.id FROM signal_matches x JOIN signals s ON s.id = x.signal_b WHERE "
          "s.person_id IN " +
          in + ") ORDER BY m.id");
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) {
        RadarEntry e;
        e.kind = "match";
        e.at_ms = r.Int(2);
        e.date = FormatIsoDate(ToAmsterdam(e.at_ms).date);
        e.person_id = names.count(r.Int(5)) ? r.Int(5) : r.Int(8);
        e.org_name = r.Text(6) + " + " + r.Text(7);
        e.title = r.Text(1) == "same_child" ? "Match: twee organisaties, hetzelfde kind"
                                            : "Match binnen het huishouden";
        e.detail = r.IsNull(3) ? (r.IsNull(4) ? "nog niet opgevolgd" : "niet op tijd opgevolgd")
                               : "opgevolgd op " + FormatAmsterdam(r.Int(3));
        radar.entries.push_back(std::move(e));
      }
    }
    if (want("hwc")) {
      auto rows = c.Query(
          "SELECT n.id, n.person_id, n.created_ms, o.name, n.acknowledged_ms, n.recipient_kind "
          "FROM hwc_notices n"
          " JOIN organisations o ON o.id = n.org_id WHERE n.person_id IN " +
          in + " ORDER BY n.id");
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) {
        RadarEntry e;
        e.kind = "hwc";
        e.person_id = r.Int(1);
        e.at_ms = r.Int(2);
        e.date = FormatIsoDate(ToAmsterdam(e.at_ms).date);
        e.org_name = r.Text(3);
        e.title = "Handle with Care-signaal aan " +
                  std::string(r.Text(5) == "school" ? "school" : "leerplicht");
        e.detail =
            r.IsNull(4) ? "niet als gezien gemarkeerd" : "gezien op " + FormatAmsterdam(r.Int(4));
        radar.entries.push_back(std::move(e));
      }
    }
    if (want("review")) {
      auto rows = c.Query(
          "SELECT id, person_id, fired_ms, rule_code, explanation, state, outcome FROM "
          "signal_reviews"
          " WHERE person_id IN " +
          in + " ORDER BY id");
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) {
        RadarEntry e;
        e.kind = "review";
        e.person_id = r.Int(1);
        e.at_ms = r.Int(2);
        e.date = FormatIsoDate(ToAmsterdam(e.at_ms).date);
        e.org_name = "InBeeld (regel " + r.Text(3) + ")";
        e.title = "Radartaak voor Veilig Thuis";
        e.detail = r.Text(4) + (r.Text(5) == "closed" ? " — afgesloten: " + r.Text(6) : " — open");
        radar.entries.push_back(std::move(e));
      }
    }
    if (want("vt")) {
      // Veilig Thuis reports naming the person (src/vt/): the classification,
      // the state and outcome, and the fixed contact person.
      auto rows = c.Query(
          "SELECT r.id, rp.person_id, r.received_ms, o.name, r.classification, r.state, r.outcome, "
          "r.assessed_ms,"
          " r.assessment_late, COALESCE(NULLIF(u.display_name, ''), u.username, '') FROM "
          "vt_reports r"
          " JOIN vt_report_persons rp ON rp.report_id = r.id JOIN organisations o ON o.id = "
          "r.vt_org_id"
          " LEFT JOIN users u ON u.id = r.contact_user_id WHERE r.kind = 'report' AND rp.person_id "
          "IN " +
          in + " ORDER BY r.id");
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) {
        RadarEntry e;
        e.kind = "vt";
        e.person_id = r.Int(1);
        e.at_ms = r.Int(2);
        e.date = FormatIsoDate(ToAmsterdam(e.at_ms).date);
        e.org_name = r.Text(3);
        e.title = "Melding bij Veilig Thuis (" + r.Text(4) + ", melding " +
                  std::to_string(r.Int(0)) + ")";
        e.detail = "stand: " + r.Text(5);
        if (!r.IsNull(6)) {
          e.detail += " — uitkomst veiligheidsbeoordeling: " + r.Text(6) +
                      (r.Int(8) != 0 ? " (na de termijn)" : "");
        }
        if (!r.Text(9).empty()) e.detail += " — vast aanspreekpunt: " + r.Text(9);
        radar.entries.push_back(std::move(e));
      }
    }
  }
  std::vector<RadarEntry> kept;
  for (auto& e : radar.entries) {
    auto d = ParseIsoDate(e.date);
    if (d.ok() && f.from && DaysSinceEpoch(*d) < DaysSinceEpoch(*f.from)) continue;
    if (d.ok() && f.to && DaysSinceEpoch(*d) > DaysSinceEpoch(*f.to)) continue;
    e.person_name = names[e.person_id];
    kept.push_back(std::move(e));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const RadarEntry& a, const RadarEntry& b) {
    if (a.date != b.date) return a.date > b.date;
    return a.at_ms > b.at_ms;
  });
  radar.entries = std::move(kept);
  for (PersonId id : ids) {
    INBEELD_RETURN_IF_ERROR(Log(who, "read", id, "radar: chronologie geraadpleegd", why));
  }
  return radar;
}

Result<SignalJobStats> SignalService::RunJobs(int64_t now_ms) {
  const Date today = ToAmsterdam(now_ms).date;
  const std::string today_text = FormatIsoDate(today);
  SignalJobStats stats;
  std::vector<AuditRecord> logs;
  auto system_log = [&](const std::string& action, std::optional<PersonId> person,
                        const std::string& detail) {
    AuditRecord r;
    r.at_ms = now_ms;
    r.username = "systeem";
    r.role = "system";
    r.action = action;
    r.object_type = person ? "person" : "signal";
    r.person_id = person;
    r.detail = detail;
    r.responsibility = "bewaartermijn verwijsindex (2 jaar actief, 5 jaar archief)";
    logs.push_back(std::move(r));
  };
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    logs.clear();
    stats = {};
    // 1. Archive: active past active_until (or after the child's 23rd birthday: active_until says
    // so).
    auto due = c.Query(
        "SELECT id, person_id, org_id, category, level, signal_date FROM signals"
        " WHERE state = 'active' AND active_until < $1 ORDER BY id LIMIT 5000",
        {today_text});
    if (!due.ok()) return due.status();
    for (const auto& r : *due) {
      auto upd = c.Exec(
          "UPDATE signals SET state = 'archived', archived_ms = $1 WHERE id = $2 AND state = "
          "'active'",
          {int64_t{now_ms}, int64_t{r.Int(0)}});
      if (!upd.ok()) return upd.status();
      auto ev = c.Exec(
          "INSERT INTO signal_events (signal_id, person_id, org_id, user_id, kind, category, "
          "level, signal_date, at_ms)"
          " VALUES ($1, $2, $3, 0, 'archived', $4, $5, $6, $7)",
          {int64_t{r.Int(0)}, r.at(1), int64_t{r.Int(2)}, r.Text(3), int64_t{r.Int(4)}, r.Text(5),
           int64_t{now_ms}});
      if (!ev.ok()) return ev.status();
      ++stats.archived;
      system_log("write", r.OptInt(1),
                 "signaal " + std::to_string(r.Int(0)) +
                     " gearchiveerd (bewaartermijn actief verstreken)");
    }
    // 2. Delete: archived past archive_until (events and matches go with it).
    auto old = c.Query(
        "SELECT id, person_id FROM signals WHERE state = 'archived' AND archive_until < $1 ORDER "
        "BY id LIMIT 5000",
        {today_text});
    if (!old.ok()) return old.status();
    for (const auto& r : *old) {
      auto del = c.Exec("DELETE FROM signals WHERE id = $1", {int64_t{r.Int(0)}});
      if (!del.ok()) return del.status();
      ++stats.deleted;
      system_log("delete", r.OptInt(1),
                 "signaal " + std::to_string(r.Int(0)) + " verwijderd (archieftermijn verstreken)");
    }
    // 3. Matches not followed up by their due date: flagged once, both professionals told.
    auto late = c.Query(
        "SELECT id FROM signal_matches WHERE followed_up_ms IS NULL AND overdue_ms IS NULL AND "
        "due_date < $1"
        " ORDER BY id LIMIT 5000",
        {today_text});
    if (!late.ok()) return late.status();
    for (const auto& r : *late) {
      const int64_t match_id = r.Int(0);
      auto upd =
          c.Exec("UPDATE signal_matches SET overdue_ms = $1 WHERE id = $2 AND overdue_ms IS NULL",
                 {int64_t{now_ms}, int64_t{match_id}});
      if (!upd.ok()) return upd.status();
      auto sides = c.Query("SELECT signal_a, signal_b FROM signal_matches WHERE id = $1",
                           {int64_t{match_id}});
      if (!sides.ok()) return sides.status();
      for (size_t i = 0; i < 2; ++i) {
        auto s = LoadSignal(c, (*sides)[0].Int(i));
        if (!s.ok()) return s.status();
        INBEELD_RETURN_IF_ERROR(Store::NotifyUser(
            c, s->user_id,
            "signal.m" + std::to_string(match_id) + ".overdue.s" + std::to_string(s->id),
            "InBeeld: match over " + s->child_name + " nog niet opgevolgd",
            "De match over " + ChildLine(*s) +
                " is niet binnen 10 werkdagen opgevolgd. Neem contact op met de andere "
                "professional en leg vast wie regievoerder is.\n",
            now_ms));
      }
      ++stats.overdue_matches;
      system_log("write", std::nullopt,
                 "match " + std::to_string(match_id) + " niet op tijd opgevolgd: gemeld");
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  for (auto& r : logs) INBEELD_RETURN_IF_ERROR(audit_.Record(std::move(r)));
  return stats;
}

}  // namespace inbeeld
