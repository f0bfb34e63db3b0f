#include "handlewithcare/rules.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace inbeeld {

std::string_view HwcRecipientKindName(HwcRecipientKind k) {
  return k == HwcRecipientKind::kSchool ? "school" : "leerplicht";
}

const std::vector<Role>& HwcRegistrantRoles() {
  static const std::vector<Role> roles = {Role::kPolice, Role::kVtTriage, Role::kVtCaseWorker,
                                          Role::kVtSupervisor};
  return roles;
}

Status ValidateHwcRegionConfig(const HwcRegionConfig& c) {
  std::vector<FieldError> errors;
  if (c.min_age < 0 || c.min_age > 23)
    errors.push_back({"min_age", "minimumleeftijd tussen 0 en 23"});
  if (c.max_age < 0 || c.max_age > 23)
    errors.push_back({"max_age", "maximumleeftijd tussen 0 en 23"});
  if (errors.empty() && c.min_age > c.max_age) {
    errors.push_back({"max_age", "maximumleeftijd is lager dan de minimumleeftijd"});
  }
  if (c.registrant_roles.empty()) {
    errors.push_back(
        {"registrant_roles", "kies wie in deze regio meldt: politie en/of Veilig Thuis"});
  }
  const auto& allowed = HwcRegistrantRoles();
  for (Role r : c.registrant_roles) {
    if (std::find(allowed.begin(), allowed.end(), r) == allowed.end()) {
      errors.push_back(
          {"registrant_roles", "rol " + std::string(RoleName(r)) + " kan geen incidenten melden"});
    }
  }
  return errors.empty() ? Status::Ok() : Status::InvalidFields(errors);
}

bool HwcMayRegister(const HwcRegionConfig& c, Role role) {
  return std::find(c.registrant_roles.begin(), c.registrant_roles.end(), role) !=
         c.registrant_roles.end();
}

std::string HwcRolesText(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ",";
    out += RoleName(r);
  }
  return out;
}

Result<std::vector<Role>> ParseHwcRoles(const std::string& text) {
  std::vector<Role> out;
  size_t at = 0;
  while (at <= text.size() && !text.empty()) {
    size_t comma = text.find(',', at);
    std::string name = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    auto role = ParseRole(name);
    if (!role) return Status::Invalid("onbekende rol: " + name, "registrant_roles");
    if (std::find(out.begin(), out.end(), *role) == out.end()) out.push_back(*role);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

std::vector<HwcRecipient> HwcRecipientsFor(Date birth_date,
                                           const std::vector<HwcEnrolment>& enrolments,
                                           Date incident_date, const HwcRegionConfig& config) {
  int age = AgeOn(birth_date, incident_date);
  if (age > config.max_age) return {};
  if (age < config.min_age) return {{HwcRecipientKind::kLeerplicht, 0, "te jong voor school"}};
  std::vector<HwcRecipient> out;
  for (const auto& e : enrolments) {
    bool current = e.from <= incident_date && (!e.to || incident_date <= *e.to);
    if (!current) continue;
    bool seen = std::any_of(out.begin(), out.end(),
                            [&](const HwcRecipient& r) { return r.school == e.school; });
    if (!seen) out.push_back({HwcRecipientKind::kSchool, e.school, "ingeschreven"});
  }
  if (out.empty()) {
    out.push_back(
        {HwcRecipientKind::kLeerplicht, 0, "niet ingeschreven (thuisonderwijs of onbekend)"});
  }
  return out;
}

Result<int64_t> HwcDueMs(const SchoolCalendar& calendar, int64_t from_ms,
                         std::optional<SchoolRegion> region, const std::string& start_time,
                         const SchoolDaysOff* school_days) {
  return calendar.NextSchoolDayStart(from_ms, region.value_or(SchoolRegion::kMiddle), school_days,
                                     start_time.empty() ? "08:30" : start_time);
}

std::string HwcMergeKey(PersonId child, OrgId recipient_org, Date school_day) {
  return "p" + std::to_string(child) + ".o" + std::to_string(recipient_org) + ".d" +
         FormatIsoDate(school_day);
}

namespace {

// Text on one line: control characters (a line break, a tab) become spaces, so
// a name can neither break the e-mail's Subject header nor add lines to the
// notice.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

}  // namespace

HwcNoticeText HwcNoticeContent(const HwcNoticeFacts& f) {
  HwcNoticeText t;
  const std::string child = OneLine(f.child_name);
  t.subject = "Handle with Care: " + child;
  t.body =
      "Handle with Care\n\n"
      "Leerling: " +
      child +
      "\n"
      "Geboortedatum: " +
      FormatLongDate(f.birth_date, "nl") +
      "\n"
      "School: " +
      OneLine(f.recipient_name) + "\n";
  if (f.present)
    t.body += std::string("Aanwezig bij de gebeurtenis: ") + (*f.present ? "ja" : "nee") + "\n";
  t.body += "Graag gezien vóór: " + OneLine(f.due_text) +
            "\n\n"
            "Dit is een signaal, geen melding. Geef het kind vandaag extra aandacht en steun.\n"
            "Neem geen contact op met de ouders over dit signaal en neem het niet op in het "
            "leerlingdossier.\n"
            "Markeer het signaal als gezien in InBeeld.\n";
  nlohmann::json j = {
      {"type", "handle_with_care"},
      {"child", {{"name", f.child_name}, {"birth_date", FormatIsoDate(f.birth_date)}}},
      {"school", f.recipient_name},
      {"due", f.due_text}};
  if (f.present) j["present"] = *f.present;
  // Invalid UTF-8 (never from the validated inputs; a row from elsewhere) is
  // replaced by U+FFFD instead of throwing: the notice goes out regardless.
  t.webhook_json = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return t;
}

}  // namespace inbeeld
