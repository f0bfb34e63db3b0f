#include "handlewithcare/rules.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace inbeeld {

std::string_view HwcRecipientKindName(HwcRecipientKind k) {
  return k == HwcRecipientKind::kSchool ? "school" : "leerplicht";
}

std::vector<HwcRecipient> HwcRecipientsFor(Date birth_date, const std::vector<HwcEnrolment>& enrolments,
                                           Date incident_date, const HwcRegionConfig& config) {
  int age = AgeOn(birth_date, incident_date);
  if (age > config.max_age) return {};
  if (age < config.min_age) return {{HwcRecipientKind::kLeerplicht, 0, "te jong voor school"}};
  std::vector<HwcRecipient> out;
  for (const auto& e : enrolments) {
    bool current = e.from <= incident_date && (!e.to || incident_date <= *e.to);
    if (!current) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const HwcRecipient& r) { return r.school == e.school; });
    if (!seen) out.push_back({HwcRecipientKind::kSchool, e.school, "ingeschreven"});
  }
  if (out.empty()) {
    out.push_back({HwcRecipientKind::kLeerplicht, 0, "niet ingeschreven (thuisonderwijs of onbekend)"});
  }
  return out;
}

Result<int64_t> HwcDueMs(const SchoolCalendar& calendar, int64_t from_ms, std::optional<SchoolRegion> region,
                         const std::string& start_time, const SchoolDaysOff* school_days) {
  return calendar.NextSchoolDayStart(from_ms, region.value_or(SchoolRegion::kMiddle), school_days,
                                     start_time.empty() ? "08:30" : start_time);
}

std::string HwcMergeKey(PersonId child, OrgId recipient_org, Date school_day) {
  return "p" + std::to_string(child) + ".o" + std::to_string(recipient_org) + ".d" + FormatIsoDate(school_day);
}

HwcNoticeText HwcNoticeContent(const HwcNoticeFacts& f) {
  HwcNoticeText t;
  t.subject = "Handle with Care: " + f.child_name;
  t.body = "Handle with Care\n\n"
           "Leerling: " + f.child_name + "\n"
           "Geboortedatum: " + FormatLongDate(f.birth_date, "nl") + "\n"
           "School: " + f.recipient_name + "\n";
  if (f.present) t.body += std::string("Aanwezig bij de gebeurtenis: ") + (*f.present ? "ja" : "nee") + "\n";
  t.body += "Graag gezien vóór: " + f.due_text + "\n\n"
            "Dit is een signaal, geen melding. Geef het kind vandaag extra aandacht en steun.\n"
            "Neem geen contact op met de ouders over dit signaal en neem het niet op in het leerlingdossier.\n"
            "Markeer het signaal als gezien in InBeeld.\n";
  nlohmann::json j = {{"type", "handle_with_care"},
                      {"child", {{"name", f.child_name}, {"birth_date", FormatIsoDate(f.birth_date)}}},
                      {"school", f.recipient_name},
                      {"due", f.due_text}};
  if (f.present) j["present"] = *f.present;
  t.webhook_json = j.dump();
  return t;
}

}  // namespace inbeeld
