#include "handlewithcare/service.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "access/tokens.h"
#include "core/bsn.h"
#include "core/text.h"

namespace inbeeld {
namespace {

std::string NormPostcode(const std::string& p) {
  std::string out;
  for (char c : p) {
    if (c == ' ') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool ValidPostcode(const std::string& norm) {
  if (norm.size() != 6) return false;
  for (int i = 0; i < 4; ++i)
    if (!std::isdigit(static_cast<unsigned char>(norm[i]))) return false;
  for (int i = 4; i < 6; ++i)
    if (!std::isalpha(static_cast<unsigned char>(norm[i]))) return false;
  return true;
}

// "dinsdag 24 november 2026 08:30".
std::string DueText(int64_t due_ms) {
  static const char* kDays[] = {"zondag",    "maandag", "dinsdag", "woensdag",
                                "donderdag", "vrijdag", "zaterdag"};
  LocalDateTime t = ToAmsterdam(due_ms);
  std::chrono::weekday wd{std::chrono::sys_days(t.date)};
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", t.hour, t.minute);
  return std::string(kDays[wd.c_encoding()]) + " " + FormatLongDate(t.date, "nl") + " " + hm;
}

std::optional<bool> OptBool(const SqlRow& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i) != 0;
}

SqlValue SqlBool(std::optional<bool> b) {
  if (!b) return SqlNull{};
  return int64_t{*b ? 1 : 0};
}

constexpr const char* kNoticeSelect =
    "SELECT n.id, n.person_id, p.first_name, p.tussenvoegsel, p.last_name, p.birth_date, n.org_id, "
    "o.name,"
    " n.recipient_kind, n.reason, n.school_day, n.due_ms, n.due_explanation, n.created_ms, "
    "n.present,"
    " n.contacts, n.acknowledged_ms, n.deputy_escalated_ms, n.late_alerted_ms, n.support_offered,"
    " n.talk_accepted,"
    " (SELECT MIN(x.delivered_ms) FROM hwc_notice_deliveries d JOIN outbox x ON x.id = d.outbox_id"
    "   WHERE d.notice_id = n.id AND d.purpose = 'notice'),"
    " (SELECT COUNT(*) FROM hwc_notice_deliveries d JOIN outbox x ON x.id = d.outbox_id"
    "   WHERE d.notice_id = n.id AND d.purpose = 'notice' AND x.state = 'queued'),"
    " (SELECT MAX(x.last_error) FROM hwc_notice_deliveries d JOIN outbox x ON x.id = d.outbox_id"
    "   WHERE d.notice_id = n.id AND d.purpose = 'notice' AND x.state = 'queued'),"
    " n.include_present"
    " FROM hwc_notices n JOIN persons p ON p.id = n.person_id JOIN organisations o ON o.id = "
    "n.org_id ";

// `all_fields`: the police/VT view, which always shows presence; a school sees
// it only when the notice's region included it.
HwcNoticeView ViewFrom(const SqlRow& r, bool all_fields) {
  HwcNoticeView v;
  v.id = r.Int(0);
  v.person_id = r.Int(1);
  Person p;
  p.first_name = r.Text(2);
  p.tussenvoegsel = r.Text(3);
  p.last_name = r.Text(4);
  v.child_name = FullName(p);
  v.birth_date = r.Text(5);
  v.org_id = r.Int(6);
  v.recipient_name = r.Text(7);
  v.recipient_kind = r.Text(8);
  v.reason = r.Text(9);
  v.school_day = r.Text(10);
  v.due_ms = r.Int(11);
  v.due_explanation = r.Text(12);
  v.created_ms = r.Int(13);
  if (all_fields || r.Int(24) != 0) v.present = r.Int(14) != 0;
  v.contacts = static_cast<int>(r.Int(15));
  v.acknowledged_ms = r.OptInt(16);
  v.deputy_escalated_ms = r.OptInt(17);
  v.late_alerted_ms = r.OptInt(18);
  v.support_offered = OptBool(r, 19);
  v.talk_accepted = OptBool(r, 20);
  v.delivered_ms = r.OptInt(21);
  v.deliveries_queued = static_cast<int>(r.Int(22));
  v.last_error = r.Text(23);
  return v;
}

struct Contact {
  UserId id = 0;
  std::string email;
};

Result<std::vector<Contact>> UsersWithRole(SqlConnection& c, OrgId org, Role role) {
  auto rows = c.Query(
      "SELECT id, email FROM users WHERE org_id = $1 AND role = $2 AND disabled = 0 ORDER BY id",
      {int64_t{org}, std::string(RoleName(role))});
  if (!rows.ok()) return rows.status();
  std::vector<Contact> out;
  for (const auto& r : *rows) out.push_back({r.Int(0), r.Text(1)});
  return out;
}

// Enqueues one item and records it as a delivery of `notice_id` for `purpose`.
Status Enqueue(SqlConnection& c, int64_t notice_id, const std::string& purpose,
               OutboxChannel channel, const std::string& key, const std::string& recipient,
               const std::string& subject, const std::string& body, int64_t now_ms) {
  OutboxItem item;
  item.idempotency_key = key;
  item.channel = channel;
  item.recipient = recipient;
  item.subject = subject;
  item.body = body;
  item.created_ms = now_ms;
  item.next_attempt_ms = now_ms;
  auto added = Store::EnqueueOutbox(c, item);
  if (!added.ok()) return added.status();
  auto r = c.Exec(
      "INSERT INTO hwc_notice_deliveries (notice_id, outbox_id, purpose) VALUES ($1, $2, $3) "
      "ON CONFLICT (notice_id, outbox_id) DO NOTHING",
      {int64_t{notice_id}, int64_t{item.id}, purpose});
  return r.ok() ? Status::Ok() : r.status();
}

// A child resolved from the input, with everything the rules and the deadline need.
struct PlannedNotice {
  HwcRecipient recipient;
  OrgId org_id = 0;
  std::string org_name;
  std::string org_email;
  std::string webhook_url;
  int64_t due_ms = 0;
  std::string due_explanation;
  Date school_day{};
};
struct PlannedChild {
  Person person;
  bool present = false;
  HwcRegionSettings region;  // the region whose settings apply to this child
  std::vector<PlannedNotice> notices;
};

}  // namespace

std::string HwcNoticeState(const HwcNoticeView& v, int64_t now_ms) {
  if (v.acknowledged_ms) return "acknowledged";
  // Schools and leerplicht offices (through the link in their e-mail) both acknowledge.
  if (v.late_alerted_ms || now_ms >= v.due_ms) return "late";
  if (v.deputy_escalated_ms) return "escalated";
  // A school without a contact person: the notice went (at most) to the school's general
  // address — shown as such until someone at the school acknowledges it.
  if (v.recipient_kind == "school" && v.contacts == 0) return "no_contact";
  if (v.delivered_ms) return "delivered";
  return "queued";
}

HwcService::HwcService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
                       const Clock& clock, const SchoolCalendar& calendar, Options options)
    : store_(store),
      audit_(audit),
      pseudonymizer_(pseudonymizer),
      clock_(clock),
      calendar_(calendar),
      options_(std::move(options)) {}

Status HwcService::Log(const Principal& who, const std::string& action,
                       std::optional<PersonId> person, const std::string& detail,
                       const char* object_type) {
  AuditRecord r = AuditRecordBy(who);
  r.action = action;
  r.object_type = person ? "person" : object_type;
  r.person_id = person;
  r.detail = detail;
  return audit_.Record(std::move(r));
}

Result<HwcSchoolSettings> HwcService::SchoolSettings(const Principal& who, OrgId school) {
  auto org = store_.GetOrganisation(school);
  if (!org.ok())
    return org.status().code() == StatusCode::kNotFound ? Status::NotFound("onbekende school")
                                                        : org.status();
  if (org->kind != OrgKind::kSchool) return Status::NotFound("onbekende school");
  if (who.user.role != Role::kAdmin && who.org.id != school) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read_denied", std::nullopt,
            "Handle with Care: instellingen van school " + std::to_string(school) + " geweigerd",
            "hwc_school"));
    return Status::PermissionDenied("alleen de instellingen van uw eigen school");
  }
  return GetSchoolSettings(school);
}

Status HwcService::SetSchoolSettings(const Principal& who, OrgId school,
                                     const HwcSchoolSettings& wanted, bool keep_webhook) {
  auto org = store_.GetOrganisation(school);
  if (!org.ok())
    return org.status().code() == StatusCode::kNotFound ? Status::NotFound("onbekende school")
                                                        : org.status();
  if (org->kind != OrgKind::kSchool) return Status::NotFound("onbekende school");
  const bool admin = who.user.role == Role::kAdmin;
  if (!admin && who.org.id != school) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "write_denied", std::nullopt,
            "Handle with Care: instellingen van school " + std::to_string(school) + " geweigerd",
            "hwc_school"));
    return Status::PermissionDenied("alleen de instellingen van uw eigen school");
  }
  auto before = GetSchoolSettings(school);
  if (!before.ok()) return before.status();
  HwcSchoolSettings s = wanted;
  if (keep_webhook) s.webhook_url = before->webhook_url;
  if (!admin && s.webhook_url != before->webhook_url) {
    return Status::PermissionDenied("het webhook-adres stelt alleen functioneel beheer in");
  }
  if (!s.webhook_url.empty() && s.webhook_url.rfind("http://", 0) != 0 &&
      s.webhook_url.rfind("https://", 0) != 0) {
    return Status::Invalid("een webhook-adres begint met http:// of https://", "webhook_url");
  }
  for (const auto* list : {&s.days.days_off, &s.days.school_days}) {
    for (const auto& r : *list) {
      if (r.last < r.first) return Status::Invalid("einddatum vóór begindatum", "days_off");
    }
  }
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto a = c.Exec(
        "INSERT INTO hwc_school_settings (org_id, webhook_url) VALUES ($1, $2) "
        "ON CONFLICT (org_id) DO UPDATE SET webhook_url = excluded.webhook_url",
        {int64_t{school}, s.webhook_url});
    if (!a.ok()) return a.status();
    auto d = c.Exec("DELETE FROM hwc_school_days WHERE org_id = $1", {int64_t{school}});
    if (!d.ok()) return d.status();
    for (const auto& [kind, list] :
         {std::pair{"off", &s.days.days_off}, std::pair{"school", &s.days.school_days}}) {
      for (const auto& r : *list) {
        auto i = c.Exec(
            "INSERT INTO hwc_school_days (org_id, kind, first_day, last_day) VALUES ($1, $2, $3, "
            "$4) "
            "ON CONFLICT (org_id, kind, first_day) DO UPDATE SET last_day = excluded.last_day",
            {int64_t{school}, std::string(kind), FormatIsoDate(r.first), FormatIsoDate(r.last)});
        if (!i.ok()) return i.status();
      }
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  std::string detail = "Handle with Care: instellingen van " + org->name + " gewijzigd (" +
                       std::to_string(s.days.days_off.size()) + " eigen vrije periode(s), " +
                       std::to_string(s.days.school_days.size()) + " extra schooldag(en)" +
                       (s.webhook_url != before->webhook_url ? ", webhook gewijzigd" : "") + ")";
  return Log(who, "write", std::nullopt, detail, "hwc_school");
}

Result<HwcSchoolSettings> HwcService::GetSchoolSettings(OrgId school) {
  auto org = store_.GetOrganisation(school);
  if (!org.ok())
    return org.status().code() == StatusCode::kNotFound ? Status::NotFound("onbekende school")
                                                        : org.status();
  HwcSchoolSettings s;
  s.school_name = org->name;
  auto lease = store_.pool().Acquire();
  auto w = lease->Query("SELECT webhook_url FROM hwc_school_settings WHERE org_id = $1",
                        {int64_t{school}});
  if (!w.ok()) return w.status();
  if (!w->empty()) s.webhook_url = (*w)[0].Text(0);
  auto d = lease->Query(
      "SELECT kind, first_day, last_day FROM hwc_school_days WHERE org_id = $1 ORDER BY first_day",
      {int64_t{school}});
  if (!d.ok()) return d.status();
  for (const auto& r : *d) {
    auto first = ParseIsoDate(r.Text(1));
    auto last = ParseIsoDate(r.Text(2));
    if (!first.ok() || !last.ok()) return Status::Internal("hwc_school_days: ongeldige datum");
    (r.Text(0) == "off" ? s.days.days_off : s.days.school_days).push_back({*first, *last});
  }
  return s;
}

namespace {

bool ValidMunicipalityCode(const std::string& code) {
  if (code.size() != 6 || code.rfind("GM", 0) != 0) return false;
  return std::all_of(code.begin() + 2, code.end(),
                     [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
}

constexpr const char* kRegionSelect =
    "SELECT o.id, o.name, r.min_age, r.max_age, r.include_present, r.registrant_roles, "
    "r.updated_ms "
    "FROM organisations o LEFT JOIN hwc_regions r ON r.org_id = o.id ";

Result<HwcRegionSettings> RegionFrom(const SqlRow& r, const HwcRegionConfig& defaults) {
  HwcRegionSettings out;
  out.org_id = r.Int(0);
  out.name = r.Text(1);
  out.config = defaults;
  if (!r.IsNull(2)) {
    out.configured = true;
    out.config.min_age = static_cast<int>(r.Int(2));
    out.config.max_age = static_cast<int>(r.Int(3));
    out.config.include_present = r.Int(4) != 0;
    auto roles = ParseHwcRoles(r.Text(5));
    if (!roles.ok()) return Status::Internal("hwc_regions: " + roles.status().message());
    out.config.registrant_roles = *roles;
    out.updated_ms = r.Int(6);
  }
  return out;
}

}  // namespace

Result<std::vector<HwcRegionSettings>> HwcService::ListRegions() {
  auto lease = store_.pool().Acquire();
  auto rows = lease->Query(std::string(kRegionSelect) +
                           "WHERE o.kind = 'veilig_thuis' ORDER BY o.name, o.id");
  if (!rows.ok()) return rows.status();
  auto munis = lease->Query(
      "SELECT org_id, municipality_code FROM hwc_region_municipalities ORDER BY municipality_code");
  if (!munis.ok()) return munis.status();
  std::vector<HwcRegionSettings> out;
  for (const auto& r : *rows) {
    auto one = RegionFrom(r, options_.region);
    if (!one.ok()) return one.status();
    for (const auto& m : *munis) {
      if (m.Int(0) == one->org_id) one->municipalities.push_back(m.Text(1));
    }
    out.push_back(std::move(one).value());
  }
  return out;
}

Result<HwcRegionSettings> HwcService::GetRegion(OrgId vt_org) {
  auto lease = store_.pool().Acquire();
  auto rows =
      lease->Query(std::string(kRegionSelect) + "WHERE o.id = $1 AND o.kind = 'veilig_thuis'",
                   {int64_t{vt_org}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende Veilig Thuis-regio");
  auto one = RegionFrom((*rows)[0], options_.region);
  if (!one.ok()) return one.status();
  auto munis = lease->Query(
      "SELECT municipality_code FROM hwc_region_municipalities WHERE org_id = $1 "
      "ORDER BY municipality_code",
      {int64_t{vt_org}});
  if (!munis.ok()) return munis.status();
  for (const auto& m : *munis) one->municipalities.push_back(m.Text(0));
  return one;
}

Result<HwcRegionSettings> HwcService::RegionForMunicipality(const std::string& municipality_code) {
  Result<SqlRows> rows = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    rows = lease->Query(
        std::string(kRegionSelect) +
            "JOIN hwc_region_municipalities m ON m.org_id = o.id WHERE m.municipality_code = $1",
        {municipality_code});
  }
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    HwcRegionSettings d;
    d.config = options_.region;
    return d;
  }
  return RegionFrom((*rows)[0], options_.region);
}

Status HwcService::SetRegion(const Principal& who, OrgId vt_org, const HwcRegionConfig& config,
                             const std::vector<std::string>& municipalities) {
  auto region = GetRegion(vt_org);
  if (!region.ok()) return region.status();
  std::vector<FieldError> errors;
  Status valid = ValidateHwcRegionConfig(config);
  if (!valid.ok()) errors = valid.errors();
  std::vector<std::string> codes;
  for (size_t i = 0; i < municipalities.size(); ++i) {
    std::string code = municipalities[i];
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!ValidMunicipalityCode(code)) {
      errors.push_back({"municipalities[" + std::to_string(i) + "]", "gemeentecode als GM0363"});
    } else if (std::find(codes.begin(), codes.end(), code) == codes.end()) {
      codes.push_back(code);
    }
  }
  if (codes.size() > 500) errors.push_back({"municipalities", "hoogstens 500 gemeenten"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  const int64_t now = clock_.NowMs();
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    std::vector<FieldError> taken;
    for (size_t i = 0; i < codes.size(); ++i) {
      auto other = c.Query(
          "SELECT o.name FROM hwc_region_municipalities m JOIN organisations o ON o.id = m.org_id "
          "WHERE m.municipality_code = $1 AND m.org_id <> $2",
          {codes[i], int64_t{vt_org}});
      if (!other.ok()) return other.status();
      if (!other->empty()) {
        taken.push_back({"municipalities", codes[i] + " hoort al bij " + (*other)[0].Text(0)});
      }
    }
    if (!taken.empty()) return Status::InvalidFields(taken);
    auto up = c.Exec(
        "INSERT INTO hwc_regions (org_id, min_age, max_age, include_present, registrant_roles, "
        "updated_ms, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_id) DO "
        "UPDATE SET "
        "min_age = excluded.min_age, max_age = excluded.max_age, include_present = "
        "excluded.include_present, "
        "registrant_roles = excluded.registrant_roles, updated_ms = excluded.updated_ms, "
        "updated_by = excluded.updated_by",
        {int64_t{vt_org}, int64_t{config.min_age}, int64_t{config.max_age},
         int64_t{config.include_present ? 1 : 0}, HwcRolesText(config.registrant_roles),
         int64_t{now}, int64_t{who.user.id}});
    if (!up.ok()) return up.status();
    auto del = c.Exec("DELETE FROM hwc_region_municipalities WHERE org_id = $1", {int64_t{vt_org}});
    if (!del.ok()) return del.status();
    for (const auto& code : codes) {
      auto ins = c.Exec(
          "INSERT INTO hwc_region_municipalities (municipality_code, org_id) VALUES ($1, $2)",
          {code, int64_t{vt_org}});
      if (!ins.ok()) return ins.status();
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  return Log(who, "write", std::nullopt,
             "Handle with Care: regio-instellingen van " + region->name + " gewijzigd: leeftijd " +
                 std::to_string(config.min_age) + "-" + std::to_string(config.max_age) +
                 ", aanwezigheid " + (config.include_present ? "ja" : "nee") + ", melders " +
                 HwcRolesText(config.registrant_roles) + ", " + std::to_string(codes.size()) +
                 " gemeente(n)",
             "hwc_region");
}

Result<HwcRegionSettings> HwcService::RegionForChild(const std::string& postcode_norm,
                                                     const std::string& house,
                                                     const Person& child) {
  std::string muni;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        "SELECT municipality_code FROM households WHERE postcode_norm = $1 AND "
        "lower(house_number) = $2 AND municipality_code <> '' ORDER BY id LIMIT 1",
        {postcode_norm, Lower(house)});
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) muni = (*rows)[0].Text(0);
  }
  if (muni.empty() && child.household_id) {
    auto h = store_.GetHousehold(*child.household_id);
    if (h.ok()) muni = h->address.municipality_code;
  }
  return RegionForMunicipality(muni);
}

Result<HwcIncidentResult> HwcService::RegisterIncident(const Principal& who,
                                                       const HwcIncidentInput& in) {
  const int64_t now = clock_.NowMs();
  std::vector<FieldError> errors;
  std::string postcode = NormPostcode(in.postcode);
  std::string house = Trim(in.house_number);
  if (in.occurred_ms <= 0)
    errors.push_back({"occurred_at", "tijdstip ontbreekt"});
  else if (in.occurred_ms > now + 5 * 60 * 1000)
    errors.push_back({"occurred_at", "tijdstip ligt in de toekomst"});
  else if (in.occurred_ms < now - 7LL * 24 * 3600 * 1000)
    errors.push_back({"occurred_at", "tijdstip ligt meer dan 7 dagen terug"});
  if (!ValidPostcode(postcode)) errors.push_back({"postcode", "postcode als 1234 AB"});
  if (house.empty() || house.size() > 12)
    errors.push_back({"house_number", "huisnummer ontbreekt"});
  if (in.children.empty()) errors.push_back({"children", "kies minstens één kind"});
  if (in.children.size() > 20) errors.push_back({"children", "hoogstens 20 kinderen"});
  if (!errors.empty()) return Status::InvalidFields(errors);

  // Resolve every child before anything is stored: an unknown child stops the whole incident.
  std::vector<PlannedChild> children;
  for (size_t i = 0; i < in.children.size(); ++i) {
    const HwcChildInput& ci = in.children[i];
    const std::string field = "children[" + std::to_string(i) + "]";
    Result<Person> person = Status::NotFound("");
    if (ci.person_id) {
      person = store_.GetPerson(*ci.person_id);
    } else if (!ci.bsn.empty()) {
      auto bsn = Bsn::Parse(ci.bsn);
      if (!bsn.ok()) {
        errors.push_back({field + ".bsn", bsn.status().message()});
        continue;
      }
      person = store_.FindPersonByBsn(pseudonymizer_.Pseudonymize(*bsn));
    } else if (!ci.last_name.empty() && !ci.birth_date.empty()) {
      auto bd = ParseIsoDate(ci.birth_date, field + ".birth_date");
      if (!bd.ok()) {
        errors.push_back({field + ".birth_date", bd.status().message()});
        continue;
      }
      std::vector<Person> hits;
      for (bool with_address : {true, false}) {
        PersonSearch q;
        q.name = ci.last_name;
        q.birth_date = *bd;
        if (with_address) q.postcode = postcode;
        q.limit = 20;
        auto found = store_.SearchPersons(q);
        if (!found.ok()) return found.status();
        hits.clear();
        for (const auto& p : *found) {
          if (ci.first_name.empty() || Lower(p.first_name) == Lower(Trim(ci.first_name)))
            hits.push_back(p);
        }
        if (!hits.empty()) break;
      }
      if (hits.size() > 1) {
        errors.push_back(
            {field, "meerdere kinderen met deze naam en geboortedatum: gebruik het BSN"});
        continue;
      }
      if (hits.size() == 1) person = hits[0];
    } else {
      errors.push_back({field, "geef een BSN, of naam en geboortedatum"});
      continue;
    }
    if (!person.ok()) {
      if (person.status().code() == StatusCode::kNotFound) {
        errors.push_back({field, "onbekend kind: niet gevonden in de basisregistratie"});
        continue;
      }
      return person.status();
    }
    PlannedChild pc;
    pc.person = *person;
    pc.present = ci.present;
    bool dup = std::any_of(children.begin(), children.end(),
                           [&](const PlannedChild& c) { return c.person.id == pc.person.id; });
    if (!dup) children.push_back(std::move(pc));
  }
  if (!errors.empty()) return Status::InvalidFields(errors);

  // Each child's region: its settings, and whether who's role registers there.
  for (auto& child : children) {
    auto region = RegionForChild(postcode, house, child.person);
    if (!region.ok()) return region.status();
    child.region = std::move(region).value();
    if (!HwcMayRegister(child.region.config, who.user.role)) {
      std::string names;
      for (Role r : child.region.config.registrant_roles)
        names += (names.empty() ? "" : ", ") + std::string(RoleName(r));
      INBEELD_RETURN_IF_ERROR(Log(who, "write_denied", child.person.id,
                                  "Handle with Care: melden in regio " + child.region.name +
                                      " geweigerd voor rol " +
                                      std::string(RoleName(who.user.role))));
      return Status::PermissionDenied("in de regio " + child.region.name +
                                      " melden alleen: " + names);
    }
  }

  // Plan the notices: recipients, deadlines. Registration may come after the
  // incident: the deadline counts from the later of the two moments.
  const int64_t base_ms = std::max(in.occurred_ms, now);
  const Date incident_date = ToAmsterdam(in.occurred_ms).date;
  HwcIncidentResult result;
  for (auto& child : children) {
    auto enrolments = store_.EnrolmentsOf(child.person.id);
    if (!enrolments.ok()) return enrolments.status();
    std::vector<HwcEnrolment> facts;
    for (const auto& e : *enrolments) facts.push_back({e.org_id, e.from, e.to});
    const HwcRegionConfig& config = child.region.config;
    auto recipients = HwcRecipientsFor(child.person.birth_date, facts, incident_date, config);
    if (recipients.empty()) {
      result.skipped.push_back(FullName(child.person) + ": ouder dan " +
                               std::to_string(config.max_age) + " jaar");
    }
    for (const auto& rcp : recipients) {
      PlannedNotice pn;
      pn.recipient = rcp;
      SchoolRegion region = SchoolRegion::kMiddle;
      std::string start = options_.default_start_time;
      std::optional<HwcSchoolSettings> settings;
      if (rcp.kind == HwcRecipientKind::kSchool) {
        auto org = store_.GetOrganisation(rcp.school);
        if (!org.ok()) return org.status();
        pn.org_id = org->id;
        pn.org_name = org->name;
        pn.org_email = org->email;
        if (org->region) region = *org->region;
        if (!org->start_time.empty()) start = org->start_time;
        auto s = GetSchoolSettings(org->id);
        if (!s.ok()) return s.status();
        settings = *s;
        pn.webhook_url = s->webhook_url;
      } else {
        std::string muni;
        if (child.person.household_id) {
          auto h = store_.GetHousehold(*child.person.household_id);
          if (h.ok()) muni = h->address.municipality_code;
        }
        auto lease = store_.pool().Acquire();
        auto rows = lease->Query(
            "SELECT id, name, email FROM organisations WHERE kind = 'leerplicht' AND "
            "municipality_code = $1 ORDER BY id LIMIT 1",
            {muni});
        if (!rows.ok()) return rows.status();
        if (rows->empty()) {
          return Status::InvalidFields(
              {{"children", FullName(child.person) +
                                ": geen school en geen leerplichtbureau bekend voor gemeente " +
                                (muni.empty() ? "(onbekend)" : muni)}});
        }
        pn.org_id = (*rows)[0].Int(0);
        pn.org_name = (*rows)[0].Text(1);
        pn.org_email = (*rows)[0].Text(2);
      }
      auto due = HwcDueMs(calendar_, base_ms, region, start, settings ? &settings->days : nullptr);
      if (!due.ok()) return due.status();
      pn.due_ms = *due;
      pn.school_day = ToAmsterdam(*due).date;
      pn.due_explanation =
          "begin van de volgende schooldag (" + std::string(SchoolRegionName(region)) + ", " +
          start + (settings && !settings->days.days_off.empty() ? ", met eigen vrije dagen" : "") +
          "): " + DueText(*due);
      child.notices.push_back(std::move(pn));
    }
  }

  std::string key = in.idempotency_key;
  if (key.empty()) {
    key = "auto:" + in.police_ref + "|" + std::to_string(in.occurred_ms / 60000) + "|" + postcode +
          "|" + Lower(house);
  } else {
    key = "client:" + std::to_string(who.org.id) + ":" + key;
  }

  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    HwcIncidentResult r;
    r.skipped = result.skipped;
    auto ins = c.Query(
        "INSERT INTO hwc_incidents (idem_key, occurred_ms, postcode_norm, house_number, "
        "police_ref, created_by, "
        "created_org, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idem_key) "
        "DO NOTHING RETURNING id",
        {key, int64_t{in.occurred_ms}, postcode, house, in.police_ref, int64_t{who.user.id},
         int64_t{who.org.id}, int64_t{now}});
    if (!ins.ok()) return ins.status();
    if (ins->empty()) {
      auto existing = c.Query("SELECT id FROM hwc_incidents WHERE idem_key = $1", {key});
      if (!existing.ok()) return existing.status();
      if (existing->empty()) return Status::Internal("hwc_incidents: sleutel verdwenen");
      r.incident_id = (*existing)[0].Int(0);
      auto notices = c.Query(
          "SELECT n.id, n.person_id, n.org_id, n.recipient_kind, n.school_day, n.due_ms FROM "
          "hwc_notice_incidents ni "
          "JOIN hwc_notices n ON n.id = ni.notice_id WHERE ni.incident_id = $1 ORDER BY n.id",
          {int64_t{r.incident_id}});
      if (!notices.ok()) return notices.status();
      for (const auto& row : *notices) {
        r.notices.push_back(
            {row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Text(4), row.Int(5), false});
      }
      result = std::move(r);
      return Status::Ok();
    }
    r.created = true;
    r.incident_id = (*ins)[0].Int(0);
    for (const auto& child : children) {
      auto ic = c.Exec(
          "INSERT INTO hwc_incident_children (incident_id, person_id, present) VALUES ($1, $2, $3)",
          {int64_t{r.incident_id}, int64_t{child.person.id}, int64_t{child.present ? 1 : 0}});
      if (!ic.ok()) return ic.status();
      for (const auto& pn : child.notices) {
        std::string merge = HwcMergeKey(child.person.id, pn.org_id, pn.school_day);
        std::vector<Contact> contacts;
        // A leerplicht office has no InBeeld users: it acknowledges through a
        // link in its e-mail, whose token only the e-mail holds (we keep its hash).
        std::string ack_token;
        SqlValue ack_hash = SqlNull{};
        if (pn.recipient.kind == HwcRecipientKind::kSchool) {
          auto cs = UsersWithRole(c, pn.org_id, Role::kSchoolContact);
          if (!cs.ok()) return cs.status();
          contacts = *cs;
        } else {
          ack_token = RandomToken(32);
          ack_hash = Sha256Hex(ack_token);
        }
        const bool include_present = child.region.config.include_present;
        auto n = c.Query(
            "INSERT INTO hwc_notices (merge_key, person_id, org_id, recipient_kind, reason, "
            "school_day, due_ms, "
            "due_explanation, present, sender_user_id, created_ms, contacts, include_present, "
            "ack_token_hash) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
            "ON CONFLICT (merge_key) DO NOTHING RETURNING id",
            {merge, int64_t{child.person.id}, int64_t{pn.org_id},
             std::string(HwcRecipientKindName(pn.recipient.kind)), pn.recipient.reason,
             FormatIsoDate(pn.school_day), int64_t{pn.due_ms}, pn.due_explanation,
             int64_t{child.present ? 1 : 0}, int64_t{who.user.id}, int64_t{now},
             int64_t(contacts.size()), int64_t{include_present ? 1 : 0}, ack_hash});
        if (!n.ok()) return n.status();
        HwcNoticeRef ref{0,
                         child.person.id,
                         pn.org_id,
                         std::string(HwcRecipientKindName(pn.recipient.kind)),
                         FormatIsoDate(pn.school_day),
                         pn.due_ms,
                         n->empty()};
        if (n->empty()) {
          auto old = c.Query("SELECT id, due_ms FROM hwc_notices WHERE merge_key = $1", {merge});
          if (!old.ok()) return old.status();
          if (old->empty()) return Status::Internal("hwc_notices: samenvoegsleutel verdwenen");
          ref.id = (*old)[0].Int(0);
          ref.due_ms = (*old)[0].Int(1);
          if (child.present) {
            auto up = c.Exec("UPDATE hwc_notices SET present = 1 WHERE id = $1", {int64_t{ref.id}});
            if (!up.ok()) return up.status();
          }
        } else {
          ref.id = (*n)[0].Int(0);
        }
        auto link = c.Exec(
            "INSERT INTO hwc_notice_incidents (notice_id, incident_id) VALUES ($1, $2) "
            "ON CONFLICT (notice_id, incident_id) DO NOTHING",
            {int64_t{ref.id}, int64_t{r.incident_id}});
        if (!link.ok()) return link.status();
        if (!ref.merged) {
          HwcNoticeFacts facts;
          facts.child_name = FullName(child.person);
          facts.birth_date = child.person.birth_date;
          facts.recipient_name = pn.org_name;
          if (include_present) facts.present = child.present;
          facts.due_text = DueText(pn.due_ms);
          HwcNoticeText text = HwcNoticeContent(facts);
          std::string org_body = text.body;
          if (!ack_token.empty()) {
            org_body += "\nBevestig dat u dit signaal gezien hebt: " + options_.public_url +
                        "/hwc/ontvangst/" + ack_token + "\n";
          }
          const std::string prefix = "hwc.n" + std::to_string(ref.id) + ".";
          for (const auto& ct : contacts) {
            INBEELD_RETURN_IF_ERROR(Enqueue(c, ref.id, "notice", OutboxChannel::kInbox,
                                            prefix + "inbox.u" + std::to_string(ct.id),
                                            std::to_string(ct.id), text.subject, text.body, now));
            if (!ct.email.empty()) {
              INBEELD_RETURN_IF_ERROR(Enqueue(c, ref.id, "notice", OutboxChannel::kEmail,
                                              prefix + "email.u" + std::to_string(ct.id), ct.email,
                                              text.subject, text.body, now));
            }
          }
          if (contacts.empty() && !pn.org_email.empty()) {
            INBEELD_RETURN_IF_ERROR(Enqueue(c, ref.id, "notice", OutboxChannel::kEmail,
                                            prefix + "email.org", pn.org_email, text.subject,
                                            org_body, now));
          }
          if (!pn.webhook_url.empty()) {
            nlohmann::json wj = nlohmann::json::parse(text.webhook_json);
            wj["notice_id"] = ref.id;
            wj["idempotency_key"] = prefix + "webhook";
            INBEELD_RETURN_IF_ERROR(Enqueue(c, ref.id, "notice", OutboxChannel::kWebhook,
                                            prefix + "webhook", pn.webhook_url, text.subject,
                                            wj.dump(), now));
          }
        }
        r.notices.push_back(ref);
      }
    }
    result = std::move(r);
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  for (const auto& child : children) {
    INBEELD_RETURN_IF_ERROR(Log(
        who, "write", child.person.id,
        result.created
            ? "Handle with Care: incident " + std::to_string(result.incident_id) + " geregistreerd"
            : "Handle with Care: incident " + std::to_string(result.incident_id) +
                  " opnieuw ingediend"));
  }
  return result;
}

Result<std::vector<HwcProposal>> HwcService::ProposeChildren(const Principal& who,
                                                             const std::string& postcode,
                                                             const std::string& house_number) {
  std::string norm = NormPostcode(postcode);
  std::string house = Lower(Trim(house_number));
  std::vector<FieldError> errors;
  if (!ValidPostcode(norm)) errors.push_back({"postcode", "postcode als 1234 AB"});
  if (house.empty()) errors.push_back({"house_number", "huisnummer ontbreekt"});
  if (!errors.empty()) return Status::InvalidFields(errors);
  std::vector<HwcProposal> out;
  Result<SqlRows> rows = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    rows = lease->Query(
        "SELECT p.id, p.first_name, p.tussenvoegsel, p.last_name, p.birth_date, "
        "h.municipality_code FROM households h "
        "JOIN persons p ON p.household_id = h.id WHERE h.postcode_norm = $1 AND "
        "lower(h.house_number) = $2 "
        "ORDER BY p.birth_date, p.id",
        {norm, house});
  }
  if (!rows.ok()) return rows.status();
  auto region = RegionForMunicipality(rows->empty() ? std::string() : (*rows)[0].Text(5));
  if (!region.ok()) return region.status();
  const Date today = clock_.Today();
  for (const auto& r : *rows) {
    auto bd = ParseIsoDate(r.Text(4));
    if (!bd.ok()) continue;
    int age = AgeOn(*bd, today);
    if (age > region->config.max_age) continue;
    Person p;
    p.first_name = r.Text(1);
    p.tussenvoegsel = r.Text(2);
    p.last_name = r.Text(3);
    out.push_back({r.Int(0), FullName(p), r.Text(4), age});
  }
  for (const auto& p : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "search", p.id, "Handle with Care: kinderen op het adres voorgesteld"));
  }
  return out;
}

Result<HwcNoticeView> HwcService::CheckedNotice(const Principal& who, int64_t id,
                                                const char* what) {
  Result<SqlRows> rows = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    rows = lease->Query(std::string(kNoticeSelect) + "WHERE n.id = $1", {int64_t{id}});
  }
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekend signaal");
  HwcNoticeView v = ViewFrom((*rows)[0], false);
  v.state = HwcNoticeState(v, clock_.NowMs());
  bool school_role =
      who.user.role == Role::kSchoolContact || who.user.role == Role::kSchoolTrustedPerson;
  if (school_role && who.org.id != v.org_id) {
    INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", v.person_id,
                                std::string("Handle with Care: signaal ") + std::to_string(id) +
                                    " (" + what + ") van een andere school geweigerd"));
    return Status::PermissionDenied("dit signaal is niet voor uw school");
  }
  if (!school_role) return Status::PermissionDenied("alleen de school zelf");
  return v;
}

Result<HwcNoticeView> HwcService::Acknowledge(const Principal& who, int64_t notice_id) {
  auto v = CheckedNotice(who, notice_id, "gezien");
  if (!v.ok()) return v.status();
  const int64_t now = clock_.NowMs();
  {
    auto lease = store_.pool().Acquire();
    auto u = lease->Exec(
        "UPDATE hwc_notices SET acknowledged_ms = $1, acknowledged_by = $2 "
        "WHERE id = $3 AND acknowledged_ms IS NULL",
        {int64_t{now}, int64_t{who.user.id}, int64_t{notice_id}});
    if (!u.ok()) return u.status();
  }
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", v->person_id,
          "Handle with Care: signaal " + std::to_string(notice_id) + " gezien"));
  return CheckedNotice(who, notice_id, "gezien");
}

Result<HwcNoticeView> HwcService::RecordSupport(const Principal& who, int64_t notice_id,
                                                bool offered, std::optional<bool> talk_accepted) {
  auto v = CheckedNotice(who, notice_id, "steun");
  if (!v.ok()) return v.status();
  const int64_t now = clock_.NowMs();
  {
    auto lease = store_.pool().Acquire();
    auto u = lease->Exec(
        "UPDATE hwc_notices SET support_offered = $1, talk_accepted = $2, support_recorded_ms = "
        "$3, "
        "acknowledged_ms = COALESCE(acknowledged_ms, $3), acknowledged_by = "
        "COALESCE(acknowledged_by, $4) "
        "WHERE id = $5",
        {SqlBool(offered), SqlBool(talk_accepted), int64_t{now}, int64_t{who.user.id},
         int64_t{notice_id}});
    if (!u.ok()) return u.status();
  }
  INBEELD_RETURN_IF_ERROR(
      Log(who, "write", v->person_id,
          "Handle with Care: steun vastgelegd bij signaal " + std::to_string(notice_id)));
  return CheckedNotice(who, notice_id, "steun");
}

Result<HwcReceiptView> HwcService::Receipt(const std::string& token) {
  if (token.size() < 20 || token.size() > 100)
    return Status::NotFound("onbekende of verlopen link");
  Result<SqlRows> rows = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    rows = lease->Query(
        "SELECT n.id, o.name, n.school_day, n.due_ms, n.acknowledged_ms FROM hwc_notices n "
        "JOIN organisations o ON o.id = n.org_id WHERE n.ack_token_hash = $1",
        {Sha256Hex(token)});
  }
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("onbekende of verlopen link");
  const auto& r = (*rows)[0];
  return HwcReceiptView{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.OptInt(4)};
}

Result<HwcReceiptView> HwcService::AcknowledgeByToken(const std::string& token) {
  auto receipt = Receipt(token);
  if (!receipt.ok()) return receipt.status();
  if (receipt->acknowledged_ms) return receipt;
  const int64_t now = clock_.NowMs();
  PersonId person = 0;
  OrgId org = 0;
  int64_t changed = 0;
  {
    auto lease = store_.pool().Acquire();
    auto u = lease->Exec(
        "UPDATE hwc_notices SET acknowledged_ms = $1 WHERE id = $2 AND acknowledged_ms IS NULL",
        {int64_t{now}, int64_t{receipt->notice_id}});
    if (!u.ok()) return u.status();
    changed = *u;
    auto n = lease->Query("SELECT person_id, org_id FROM hwc_notices WHERE id = $1",
                          {int64_t{receipt->notice_id}});
    if (!n.ok()) return n.status();
    if (!n->empty()) {
      person = (*n)[0].Int(0);
      org = (*n)[0].Int(1);
    }
  }
  if (changed == 1) {
    // Logged on the office's responsibility: it holds the link, and has no user here.
    AuditRecord r;
    r.org_id = org;
    r.org_name = receipt->recipient_name;
    r.username = "ontvangstlink";
    r.role = "leerplicht";
    r.action = "write";
    r.object_type = "person";
    r.person_id = person;
    r.detail = "Handle with Care: signaal " + std::to_string(receipt->notice_id) +
               " gezien (ontvangstlink leerplicht)";
    r.responsibility = receipt->recipient_name + " (Leerplichtwet)";
    INBEELD_RETURN_IF_ERROR(audit_.Record(std::move(r)));
  }
  return Receipt(token);
}

Result<std::vector<HwcNoticeView>> HwcService::Inbox(const Principal& who, int limit) {
  Result<SqlRows> rows = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    rows =
        lease->Query(std::string(kNoticeSelect) + "WHERE n.org_id = $1 ORDER BY n.id DESC LIMIT $2",
                     {int64_t{who.org.id}, int64_t{limit}});
  }
  if (!rows.ok()) return rows.status();
  std::vector<HwcNoticeView> out;
  const int64_t now = clock_.NowMs();
  for (const auto& r : *rows) {
    out.push_back(ViewFrom(r, false));
    out.back().state = HwcNoticeState(out.back(), now);
  }
  for (const auto& v : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", v.person_id,
            "Handle with Care: signaal " + std::to_string(v.id) + " in postvak"));
  }
  return out;
}

Result<std::vector<HwcNoticeView>> HwcService::Dashboard(const Principal& who,
                                                         const HwcNoticeFilter& f) {
  static const char* kStates[] = {"",          "queued", "delivered", "acknowledged",
                                  "escalated", "late",   "no_contact"};
  if (std::find_if(std::begin(kStates), std::end(kStates),
                   [&](const char* s) { return f.state == s; }) == std::end(kStates)) {
    return Status::Invalid("onbekende status", "state");
  }
  if (!f.school_day.empty() && !ParseIsoDate(f.school_day).ok())
    return Status::Invalid("datum als JJJJ-MM-DD", "date");
  std::string sql = kNoticeSelect;
  std::vector<SqlValue> params;
  if (!f.school_day.empty()) {
    sql += "WHERE n.school_day = $1 ";
    params.emplace_back(f.school_day);
  }
  sql += "ORDER BY n.due_ms DESC, n.id DESC LIMIT " +
         std::to_string(std::clamp(f.limit, 1, 1000) * (f.state.empty() ? 1 : 5));
  Result<SqlRows> rows = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    rows = lease->Query(sql, params);
  }
  if (!rows.ok()) return rows.status();
  const int64_t now = clock_.NowMs();
  std::vector<HwcNoticeView> out;
  for (const auto& r : *rows) {
    HwcNoticeView v = ViewFrom(r, true);
    v.state = HwcNoticeState(v, now);
    if (!f.state.empty() && v.state != f.state) continue;
    out.push_back(std::move(v));
    if (static_cast<int>(out.size()) >= f.limit) break;
  }
  for (const auto& v : out) {
    INBEELD_RETURN_IF_ERROR(
        Log(who, "read", v.person_id,
            "Handle with Care: signaal " + std::to_string(v.id) + " in overzicht"));
  }
  return out;
}

Result<HwcEscalationStats> HwcService::RunEscalation(int64_t now_ms) {
  HwcEscalationStats stats;
  // Deliveries are due at the clock's now (now_ms may be a test's chosen moment).
  const int64_t enqueue_ms = clock_.NowMs();
  Result<SqlRows> due = SqlRows{};
  {
    auto lease = store_.pool().Acquire();
    due = lease->Query(std::string(kNoticeSelect) +
                           "WHERE n.acknowledged_ms IS NULL AND ((n.recipient_kind = 'school' AND "
                           "n.deputy_escalated_ms IS NULL AND n.due_ms - $1 <= $2) OR "
                           "(n.late_alerted_ms IS NULL AND "
                           "n.due_ms <= $2)) ORDER BY n.due_ms LIMIT 1000",
                       {int64_t{options_.deputy_before_ms}, int64_t{now_ms}});
  }
  if (!due.ok()) return due.status();
  for (const auto& row : *due) {
    HwcNoticeView v = ViewFrom(row, false);
    const std::string prefix = "hwc.n" + std::to_string(v.id) + ".";
    HwcNoticeFacts facts;
    facts.child_name = v.child_name;
    auto bd = ParseIsoDate(v.birth_date);
    if (bd.ok()) facts.birth_date = *bd;
    facts.recipient_name = v.recipient_name;
    facts.present = v.present;
    facts.due_text = DueText(v.due_ms);
    HwcNoticeText text = HwcNoticeContent(facts);
    Status s = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
      if (!v.deputy_escalated_ms && v.recipient_kind == "school" &&
          v.due_ms - options_.deputy_before_ms <= now_ms) {
        auto deputies = UsersWithRole(c, v.org_id, Role::kSchoolTrustedPerson);
        if (!deputies.ok()) return deputies.status();
        auto u = c.Exec(
            "UPDATE hwc_notices SET deputy_escalated_ms = $1, deputy_count = $2 WHERE id = $3 AND "
            "deputy_escalated_ms IS NULL AND acknowledged_ms IS NULL",
            {int64_t{now_ms}, int64_t(deputies->size()), int64_t{v.id}});
        if (!u.ok()) return u.status();
        if (*u == 1) {
          ++stats.deputy;
          for (const auto& d : *deputies) {
            INBEELD_RETURN_IF_ERROR(
                Enqueue(c, v.id, "deputy", OutboxChannel::kInbox,
                        prefix + "deputy.inbox.u" + std::to_string(d.id), std::to_string(d.id),
                        "Nog niet gezien — " + text.subject,
                        "De contactpersoon heeft dit signaal nog niet als gezien gemarkeerd.\n\n" +
                            text.body,
                        enqueue_ms));
            if (!d.email.empty()) {
              INBEELD_RETURN_IF_ERROR(Enqueue(
                  c, v.id, "deputy", OutboxChannel::kEmail,
                  prefix + "deputy.email.u" + std::to_string(d.id), d.email,
                  "Nog niet gezien — " + text.subject,
                  "De contactpersoon heeft dit signaal nog niet als gezien gemarkeerd.\n\n" +
                      text.body,
                  enqueue_ms));
            }
          }
        }
      }
      if (!v.late_alerted_ms && v.due_ms <= now_ms) {
        auto sender =
            c.Query("SELECT sender_user_id FROM hwc_notices WHERE id = $1", {int64_t{v.id}});
        if (!sender.ok()) return sender.status();
        auto u = c.Exec(
            "UPDATE hwc_notices SET late_alerted_ms = $1 WHERE id = $2 AND late_alerted_ms IS NULL "
            "AND "
            "acknowledged_ms IS NULL",
            {int64_t{now_ms}, int64_t{v.id}});
        if (!u.ok()) return u.status();
        if (*u == 1 && !sender->empty()) {
          ++stats.late;
          std::string uid = std::to_string((*sender)[0].Int(0));
          std::string body = "Het signaal voor ";
          body.append(v.child_name).append(" (").append(v.recipient_name);
          body.append(") is niet gezien vóór ").append(DueText(v.due_ms));
          body.append(".\nNeem contact op met de school of het leerplichtbureau.\n");
          std::string key = prefix;
          key.append("late.inbox.u").append(uid);
          INBEELD_RETURN_IF_ERROR(Enqueue(c, v.id, "late", OutboxChannel::kInbox, key, uid,
                                          "Handle with Care niet op tijd gezien: " + v.child_name,
                                          body, enqueue_ms));
        }
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return stats;
}

}  // namespace inbeeld
