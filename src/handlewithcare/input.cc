#include "handlewithcare/input.h"

#include <cctype>
#include <cstdio>
#include <set>

#include "core/calendar_time.h"
#include "core/date.h"
#include "http/json_body.h"
#include "http/message.h"

namespace inbeeld {
namespace {

// Two decimal digits at s[at], or -1.
int TwoDigits(std::string_view s, size_t at) {
  if (!std::isdigit(static_cast<unsigned char>(s[at])) ||
      !std::isdigit(static_cast<unsigned char>(s[at + 1])))
    return -1;
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

}  // namespace

std::optional<int64_t> ParseHwcLocalDateTime(std::string_view s) {
  if (s.size() != 16 && s.size() != 19) return std::nullopt;
  if ((s[10] != 'T' && s[10] != ' ') || s[13] != ':') return std::nullopt;
  if (s.size() == 19) {
    int sec = s[16] == ':' ? TwoDigits(s, 17) : -1;
    if (sec < 0 || sec > 59) return std::nullopt;
  }
  auto d = ParseIsoDate(std::string(s.substr(0, 10)));
  if (!d.ok()) return std::nullopt;
  int h = TwoDigits(s, 11), m = TwoDigits(s, 14);
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return FromAmsterdam(*d, h, m);
}

std::string HwcLocalDateTimeText(int64_t ms) {
  LocalDateTime t = ToAmsterdam(ms);
  char buf[8];
  std::snprintf(buf, sizeof buf, "T%02d:%02d", t.hour, t.minute);
  return FormatIsoDate(t.date) + buf;
}

Result<HwcIncidentInput> ParseHwcIncidentJson(const nlohmann::json& body,
                                              std::string idempotency_key) {
  JsonFields f(body);
  f.RejectUnknown(
      {"occurred_at", "occurred_ms", "postcode", "house_number", "police_ref", "children"});
  HwcIncidentInput in;
  auto ms = f.Int("occurred_ms", false);
  auto at = f.String("occurred_at", false, 25);
  if (ms) {
    in.occurred_ms = *ms;
  } else if (at) {
    auto parsed = ParseHwcLocalDateTime(*at);
    if (!parsed)
      f.AddError("occurred_at", "tijdstip als JJJJ-MM-DDTHH:MM (Nederlandse tijd)");
    else
      in.occurred_ms = *parsed;
  } else {
    f.AddError("occurred_at", "tijdstip ontbreekt");
  }
  in.postcode = f.String("postcode", true, 8).value_or("");
  in.house_number = f.String("house_number", true, 12).value_or("");
  in.police_ref = f.String("police_ref", false, 40).value_or("");
  in.idempotency_key = std::move(idempotency_key);
  if (in.idempotency_key.size() > 100) f.AddError("Idempotency-Key", "hoogstens 100 tekens");
  if (!body.contains("children") || !body["children"].is_array()) {
    f.AddError("children", "een lijst van kinderen");
  } else {
    const auto& arr = body["children"];
    for (size_t i = 0; i < arr.size() && i < kHwcMaxChildren; ++i) {
      std::string field = "children[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) {
        f.AddError(field, "een object");
        continue;
      }
      JsonFields c(arr[i]);
      c.RejectUnknown({"person_id", "bsn", "first_name", "last_name", "birth_date", "present"});
      HwcChildInput ci;
      if (auto id = c.Int("person_id", false)) ci.person_id = *id;
      ci.bsn = c.String("bsn", false, 20).value_or("");
      ci.first_name = c.String("first_name", false, 100).value_or("");
      ci.last_name = c.String("last_name", false, 100).value_or("");
      ci.birth_date = c.String("birth_date", false, 10).value_or("");
      ci.present = c.Bool("present", false).value_or(false);
      if (!c.ok()) {
        for (const auto& e : c.status().errors()) f.AddError(field + "." + e.field, e.message);
      }
      in.children.push_back(std::move(ci));
    }
  }
  if (!f.ok()) return f.status();
  return in;
}

HwcIncidentInput ParseHwcIncidentForm(const std::multimap<std::string, std::string>& form) {
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  HwcIncidentInput in;
  in.postcode = get("postcode");
  in.house_number = get("huisnummer");
  in.police_ref = get("pv");
  // No form key: the same time + address (+ police reference) is the same
  // incident, so a double tap or a resubmission after "back" sends nothing twice.
  in.occurred_ms = ParseHwcLocalDateTime(get("tijdstip")).value_or(0);
  std::set<std::string> present;
  for (auto [it, end] = form.equal_range("aanwezig"); it != end; ++it) present.insert(it->second);
  for (auto [it, end] = form.equal_range("kind"); it != end; ++it) {
    auto id = ParseId(it->second);
    if (!id) continue;
    HwcChildInput ci;
    ci.person_id = *id;
    ci.present = present.count(it->second) > 0;
    in.children.push_back(ci);
  }
  if (!get("bsn").empty() || !get("achternaam").empty()) {
    HwcChildInput ci;
    ci.bsn = get("bsn");
    ci.first_name = get("voornaam");
    ci.last_name = get("achternaam");
    ci.birth_date = get("geboortedatum");
    ci.present = !get("extra_aanwezig").empty();
    in.children.push_back(ci);
  }
  return in;
}

SchoolDaysOff HwcDaysFromJson(const nlohmann::json& body, std::vector<FieldError>* errors) {
  SchoolDaysOff out;
  for (const char* name : {"days_off", "school_days"}) {
    if (!body.contains(name)) continue;
    const auto& arr = body[name];
    if (!arr.is_array() || arr.size() > 400) {
      errors->push_back({name, "een lijst van {\"from\": \"JJJJ-MM-DD\", \"to\": \"JJJJ-MM-DD\"}"});
      continue;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
      const auto& e = arr[i];
      std::string field = std::string(name) + "[" + std::to_string(i) + "]";
      if (!e.is_object() || !e.contains("from") || !e["from"].is_string()) {
        errors->push_back({field, "from ontbreekt"});
        continue;
      }
      auto from = ParseIsoDate(e["from"].get<std::string>(), field + ".from");
      auto to = e.contains("to") && e["to"].is_string()
                    ? ParseIsoDate(e["to"].get<std::string>(), field + ".to")
                    : from;
      if (!from.ok() || !to.ok() || *to < *from) {
        errors->push_back({field, "ongeldige datums"});
        continue;
      }
      (std::string(name) == "days_off" ? out.days_off : out.school_days).push_back({*from, *to});
    }
  }
  return out;
}

std::vector<DateRange> ParseHwcPeriods(std::string_view text, const std::string& field,
                                       std::vector<FieldError>* errors) {
  static const std::set<std::string, std::less<>> kSeparators = {
      "t/m", "-", "–", "tot", "en", "met", "to", "until", "through"};
  std::vector<DateRange> out;
  int line_no = 0;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    std::string_view line =
        text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_no;
    std::vector<Date> dates;
    bool bad = false;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      if (j == i) break;
      std::string_view token = line.substr(i, j - i);
      i = j;
      if (kSeparators.count(token)) continue;
      auto d = ParseIsoDate(std::string(token));
      if (!d.ok()) {
        bad = true;
        break;
      }
      dates.push_back(*d);
    }
    if (!bad && dates.empty()) continue;  // an empty line
    const std::string where = "regel " + std::to_string(line_no) + ": ";
    if (bad || dates.size() > 2) {
      errors->push_back(
          {field,
           where +
               "schrijf een datum als 2026-03-04, of een periode als 2026-02-16 t/m 2026-02-20"});
      continue;
    }
    DateRange r{dates.front(), dates.back()};
    if (r.last < r.first) {
      errors->push_back({field, where + "de einddatum ligt vóór de begindatum"});
      continue;
    }
    out.push_back(r);
  }
  if (out.size() > 400) errors->push_back({field, "hoogstens 400 regels"});
  return out;
}

std::string HwcPeriodsText(const std::vector<DateRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    out += FormatIsoDate(r.first);
    if (r.last != r.first) out += " t/m " + FormatIsoDate(r.last);
    out += "\n";
  }
  return out;
}

}  // namespace inbeeld
