// Fuzz target: what the police and the schools send to Handle with Care
// (handlewithcare/input.h). The input is read every way at once: as the JSON
// body of POST /api/v1/hwc/incidents and PUT /api/v1/hwc/schools/{id}/settings,
// as the form of /hwc/melden, as the periods text of the school settings page
// and as an occurred_at time.
// Invariants: an accepted incident keeps the limits of its fields and the
// children it was sent (at most kHwcMaxChildren); a refused one names fields;
// the form's children are its valid ids plus the extra child; every period
// read runs forwards, and what HwcPeriodsText writes reads back the same;
// a time reads back from its own text, to the minute, whatever the DST rule.
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar_time.h"
#include "core/date.h"
#include "fuzz_check.h"
#include "handlewithcare/input.h"
#include "http/message.h"

namespace {

using namespace inbeeld;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

bool SameRanges(const std::vector<DateRange>& a, const std::vector<DateRange>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].first != b[i].first || a[i].last != b[i].last) return false;
  }
  return true;
}

size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void CheckTime(std::string_view s) {
  const auto ms = ParseHwcLocalDateTime(s);
  if (!ms) return;
  FUZZ_CHECK(s.size() == 16 || (s.size() == 19 && s[16] == ':'));
  const std::string text = HwcLocalDateTimeText(*ms);
  std::string typed(s.substr(0, 16));
  typed[10] = 'T';
  // The wall clock read back, but for the hour that does not exist (the last
  // Sunday of March, 02:xx, is read as CET and so shows as 03:xx).
  if (text != typed) {
    FUZZ_CHECK(typed.substr(11, 2) == "02" && text.substr(11, 2) == "03");
    FUZZ_CHECK(text.substr(0, 11) == typed.substr(0, 11) && text.substr(13) == typed.substr(13));
  }
  FUZZ_CHECK(ParseHwcLocalDateTime(text) == ms);
}

// Any moment (from the input): its text reads back to the same minute, or to
// the first of the two moments that share that wall clock in October.
void CheckMoment(const uint8_t* data, size_t size) {
  if (size < 8) return;
  uint64_t raw;
  std::memcpy(&raw, data, 8);
  const int64_t max = 7'258'118'400'000;  // 2200-01-01 UTC
  const int64_t ms = static_cast<int64_t>(raw % static_cast<uint64_t>(max - kHour));
  const auto back = ParseHwcLocalDateTime(HwcLocalDateTimeText(ms));
  FUZZ_CHECK(back.has_value());
  const int64_t minute = ms - ms % kMinute;
  FUZZ_CHECK(*back == minute || (*back == minute - kHour && !IsAmsterdamSummerTime(ms) &&
                                 IsAmsterdamSummerTime(*back)));
}

void CheckIncidentJson(const nlohmann::json& body, const std::string& key) {
  auto in = ParseHwcIncidentJson(body, key);
  if (!in.ok()) {
    FUZZ_CHECK(in.status().code() == StatusCode::kInvalidArgument);
    FUZZ_CHECK(!in.status().errors().empty());
    // Each error names its field (an unknown member "" is named "").
    for (const auto& e : in.status().errors()) {
      FUZZ_CHECK(!e.message.empty() && (!e.field.empty() || body.contains("")));
    }
    return;
  }
  FUZZ_CHECK(body.contains("children") && body["children"].is_array());
  const auto& arr = body["children"];
  FUZZ_CHECK(in->children.size() == std::min(arr.size(), kHwcMaxChildren));
  FUZZ_CHECK(Chars(in->postcode) <= 8 && Chars(in->house_number) <= 12 &&
             Chars(in->police_ref) <= 40 && in->idempotency_key.size() <= 100);
  FUZZ_CHECK(body["postcode"] == in->postcode && body["house_number"] == in->house_number);
  if (body.contains("occurred_ms") && !body["occurred_ms"].is_null())
    FUZZ_CHECK(body["occurred_ms"] == in->occurred_ms);
  for (size_t i = 0; i < in->children.size(); ++i) {
    const HwcChildInput& c = in->children[i];
    FUZZ_CHECK(Chars(c.bsn) <= 20 && Chars(c.first_name) <= 100 && Chars(c.last_name) <= 100 &&
               Chars(c.birth_date) <= 10);
    FUZZ_CHECK(c.person_id.has_value() ==
               (arr[i].contains("person_id") && !arr[i]["person_id"].is_null()));
    FUZZ_CHECK(c.present == (arr[i].contains("present") && arr[i]["present"] == true));
  }
}

void CheckDaysJson(const nlohmann::json& body) {
  std::vector<FieldError> errors;
  const SchoolDaysOff days = HwcDaysFromJson(body, &errors);
  size_t entries = 0;
  for (const char* name : {"days_off", "school_days"}) {
    if (body.contains(name) && body[name].is_array() && body[name].size() <= 400)
      entries += body[name].size();
  }
  FUZZ_CHECK(days.days_off.size() + days.school_days.size() <= entries);
  for (const auto& e : errors) FUZZ_CHECK(!e.field.empty());
  // Every entry is read or named in an error.
  size_t bad_entries = 0;
  for (const auto& e : errors) bad_entries += e.field.find('[') != std::string::npos;
  FUZZ_CHECK(days.days_off.size() + days.school_days.size() + bad_entries == entries);
  // Written as the API answers (SchoolSettingsJson), they read back the same.
  nlohmann::json out = {{"days_off", nlohmann::json::array()},
                        {"school_days", nlohmann::json::array()}};
  for (const auto& r : days.days_off)
    out["days_off"].push_back({{"from", FormatIsoDate(r.first)}, {"to", FormatIsoDate(r.last)}});
  for (const auto& r : days.school_days)
    out["school_days"].push_back({{"from", FormatIsoDate(r.first)}, {"to", FormatIsoDate(r.last)}});
  std::vector<FieldError> none;
  const SchoolDaysOff again = HwcDaysFromJson(out, &none);
  FUZZ_CHECK(none.empty() && SameRanges(again.days_off, days.days_off) &&
             SameRanges(again.school_days, days.school_days));
  for (const auto& r : days.days_off) FUZZ_CHECK(r.first <= r.last);
  for (const auto& r : days.school_days) FUZZ_CHECK(r.first <= r.last);
}

void CheckForm(std::string_view text) {
  const auto form = ParseUrlEncoded(text);
  const HwcIncidentInput in = ParseHwcIncidentForm(form);
  size_t ids = 0;
  for (auto [it, end] = form.equal_range("kind"); it != end; ++it)
    ids += ParseId(it->second) ? 1 : 0;
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  const bool extra = !get("bsn").empty() || !get("achternaam").empty();
  FUZZ_CHECK(in.children.size() == ids + (extra ? 1 : 0));
  for (size_t i = 0; i < ids; ++i)
    FUZZ_CHECK(in.children[i].person_id && *in.children[i].person_id > 0);
  if (extra) FUZZ_CHECK(!in.children.back().person_id && in.children.back().bsn == get("bsn"));
  FUZZ_CHECK(in.postcode == get("postcode") && in.police_ref == get("pv"));
  FUZZ_CHECK(in.occurred_ms == ParseHwcLocalDateTime(get("tijdstip")).value_or(0));
}

void CheckPeriods(std::string_view text) {
  std::vector<FieldError> errors;
  const std::vector<DateRange> ranges = ParseHwcPeriods(text, "vrije_dagen", &errors);
  size_t lines = 1;
  for (char c : text) lines += c == '\n';
  FUZZ_CHECK(ranges.size() + errors.size() <= lines + 1);
  for (const auto& e : errors) FUZZ_CHECK(e.field == "vrije_dagen");
  for (const auto& r : ranges) FUZZ_CHECK(r.first <= r.last);
  std::vector<FieldError> again_errors;
  const auto again = ParseHwcPeriods(HwcPeriodsText(ranges), "vrije_dagen", &again_errors);
  FUZZ_CHECK(SameRanges(again, ranges));
  FUZZ_CHECK(again_errors.size() == (ranges.size() > 400 ? 1u : 0u));
  // Windows line ends (a browser's textarea) read the same.
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  std::vector<FieldError> crlf_errors;
  FUZZ_CHECK(SameRanges(ParseHwcPeriods(crlf, "vrije_dagen", &crlf_errors), ranges));
  FUZZ_CHECK(crlf_errors.size() == errors.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckTime(text);
  CheckMoment(data, size);
  CheckPeriods(text);
  CheckForm(text);
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_object()) {
    CheckIncidentJson(body, std::string(size % 128, 'k'));  // the Idempotency-Key header
    CheckDaysJson(body);
  }
  return 0;
}
