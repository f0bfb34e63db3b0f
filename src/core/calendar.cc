#include "core/calendar.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "core/calendar_time.h"

namespace inbeeld {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// ---- The small CSV dialect of data/calendars/ (README.md): one record per line, fields
// separated by commas, no quoting; blank lines and lines starting with '#' are skipped; the first
// other line is the header and must match exactly. Spaces around fields are ignored.

struct CsvRow {
  int line = 0;
  std::vector<std::string_view> fields;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    out.push_back(
        Trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

Status LineError(int line, std::string_view field, const std::string& reason) {
  std::string msg = "regel " + std::to_string(line);
  if (!field.empty()) msg += ", veld " + std::string(field);
  return Status::Invalid(msg + ": " + reason, std::string(field));
}

Status ReadCsv(std::string_view text, std::string_view header, std::vector<CsvRow>* rows) {
  const std::vector<std::string_view> columns = Split(header);
  bool seen_header = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == text.npos ? text.npos : nl - pos);
    pos = (nl == text.npos) ? text.size() + 1 : nl + 1;
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields = Split(line);
    if (!seen_header) {
      if (fields != columns) {
        return LineError(line_no, "", "de kopregel moet \"" + std::string(header) + "\" zijn");
      }
      seen_header = true;
      continue;
    }
    if (fields.size() != columns.size()) {
      return LineError(line_no, "",
                       "verwacht " + std::to_string(columns.size()) + " velden, gevonden " +
                           std::to_string(fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].empty()) return LineError(line_no, columns[i], "mag niet leeg zijn");
    }
    rows->push_back(CsvRow{line_no, std::move(fields)});
  }
  if (!seen_header) return LineError(line_no, "", "de kopregel ontbreekt");
  return Status::Ok();
}

Status ParseDateField(const CsvRow& row, size_t i, std::string_view name, Date* out) {
  Result<Date> d = ParseIsoDate(row.fields[i], name);
  if (!d.ok()) {
    return LineError(row.line, name,
                     d.status().message() + " (\"" + std::string(row.fields[i]) + "\")");
  }
  *out = *d;
  return Status::Ok();
}

Status ParseYesNo(const CsvRow& row, size_t i, std::string_view name, bool* out) {
  if (row.fields[i] == "yes") {
    *out = true;
  } else if (row.fields[i] == "no") {
    *out = false;
  } else {
    return LineError(row.line, name, "moet yes of no zijn");
  }
  return Status::Ok();
}

// ---- Dates

bool IsWeekend(Date d) {
  unsigned wd = std::chrono::weekday{sys_days{d}}.c_encoding();  // 0 = Sunday
  return wd == 0 || wd == 6;
}

Date AddDays(Date d, int n) {
  return Date{sys_days{d} + days(n)};
}

std::string DutchWeekday(Date d) {
  static const std::array<const char*, 7> names = {"zondag",    "maandag", "dinsdag", "woensdag",
                                                   "donderdag", "vrijdag", "zaterdag"};
  return names[std::chrono::weekday{sys_days{d}}.c_encoding()];
}

std::string DutchRegion(SchoolRegion r) {
  switch (r) {
    case SchoolRegion::kNorth: return "noord";
    case SchoolRegion::kMiddle: return "midden";
    case SchoolRegion::kSouth: return "zuid";
  }
  return "?";
}

constexpr std::array<SchoolRegion, 3> kRegions = {SchoolRegion::kNorth, SchoolRegion::kMiddle,
                                                  SchoolRegion::kSouth};
constexpr std::array<std::pair<SchoolHolidayKind, std::string_view>, 5> kKinds = {{
    {SchoolHolidayKind::kHerfst, "herfstvakantie"},
    {SchoolHolidayKind::kKerst, "kerstvakantie"},
    {SchoolHolidayKind::kVoorjaar, "voorjaarsvakantie"},
    {SchoolHolidayKind::kMei, "meivakantie"},
    {SchoolHolidayKind::kZomer, "zomervakantie"},
}};

}  // namespace

Date EasterSunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date{std::chrono::year(y), std::chrono::month(month), std::chrono::day(day)};
}

// ---------------------------------------------------------------- HolidayCalendar

Result<HolidayCalendar> HolidayCalendar::Parse(std::string_view csv) {
  std::vector<CsvRow> rows;
  INBEELD_RETURN_IF_ERROR(ReadCsv(csv, "date,name_nl,name_en,counts_for_deadlines", &rows));
  if (rows.empty()) return Status::Invalid("het bestand bevat geen feestdagen");
  HolidayCalendar cal;
  std::map<int, int> line_of;  // day -> line, to name duplicates
  for (const CsvRow& row : rows) {
    PublicHoliday h;
    INBEELD_RETURN_IF_ERROR(ParseDateField(row, 0, "date", &h.date));
    h.name_nl = std::string(row.fields[1]);
    h.name_en = std::string(row.fields[2]);
    INBEELD_RETURN_IF_ERROR(ParseYesNo(row, 3, "counts_for_deadlines", &h.counts_for_deadlines));
    auto [it, fresh] = line_of.emplace(DaysSinceEpoch(h.date), row.line);
    if (!fresh) {
      return LineError(row.line, "date",
                       FormatIsoDate(h.date) + " staat ook op regel " + std::to_string(it->second));
    }
    cal.holidays_.push_back(std::move(h));
  }
  std::sort(cal.holidays_.begin(), cal.holidays_.end(),
            [](const PublicHoliday& a, const PublicHoliday& b) { return a.date < b.date; });
  std::chrono::year first_year = cal.holidays_.front().date.year();
  std::chrono::year last_year = cal.holidays_.back().date.year();
  std::set<int> years;
  for (const PublicHoliday& h : cal.holidays_) years.insert(static_cast<int>(h.date.year()));
  for (int y = static_cast<int>(first_year); y <= static_cast<int>(last_year); ++y) {
    if (!years.count(y)) {
      return Status::Invalid("het jaar " + std::to_string(y) +
                                 " ontbreekt; de feestdagen moeten aaneengesloten jaren dekken",
                             "date");
    }
  }
  cal.first_ = Date{first_year, std::chrono::January, std::chrono::day(1)};
  cal.last_ = Date{last_year, std::chrono::December, std::chrono::day(31)};
  return cal;
}

bool HolidayCalendar::Covers(Date d) const {
  return first_ <= d && d <= last_;
}

Status HolidayCalendar::CheckCovers(Date d) const {
  if (Covers(d)) return Status::Ok();
  return Status::Unavailable("de feestdagenkalender loopt van " + FormatIsoDate(first_) +
                             " tot en met " + FormatIsoDate(last_) + "; " + FormatIsoDate(d) +
                             " valt erbuiten (vul data/calendars/public_holidays.csv aan)");
}

const PublicHoliday* HolidayCalendar::Find(Date d) const {
  auto it = std::lower_bound(holidays_.begin(), holidays_.end(), d,
                             [](const PublicHoliday& h, Date x) { return h.date < x; });
  return (it != holidays_.end() && it->date == d) ? &*it : nullptr;
}

bool HolidayCalendar::IsWorkingDay(Date d) const {
  if (IsWeekend(d)) return false;
  const PublicHoliday* h = Find(d);
  return h == nullptr || !h->counts_for_deadlines;
}

Result<Date> HolidayCalendar::AddWorkingDays(Date from, int n) const {
  INBEELD_RETURN_IF_ERROR(CheckCovers(from));
  const int step = n >= 0 ? 1 : -1;
  Date d = from;
  for (int left = n >= 0 ? n : -n; left > 0;) {
    d = AddDays(d, step);
    INBEELD_RETURN_IF_ERROR(CheckCovers(d));
    if (IsWorkingDay(d)) --left;
  }
  return d;
}

Result<int> HolidayCalendar::WorkingDaysBetween(Date a, Date b) const {
  INBEELD_RETURN_IF_ERROR(CheckCovers(a));
  INBEELD_RETURN_IF_ERROR(CheckCovers(b));
  if (b < a) {
    Result<int> back = WorkingDaysBetween(b, a);
    if (!back.ok()) return back;
    return -*back;
  }
  int count = 0;
  for (Date d = AddDays(a, 1); d <= b; d = AddDays(d, 1)) {
    if (IsWorkingDay(d)) ++count;
  }
  return count;
}

Result<Deadline> HolidayCalendar::AddWorkingDaysDeadline(int64_t from_ms, int n) const {
  if (n < 0) return Status::Invalid("het aantal werkdagen mag niet negatief zijn", "n");
  LocalDateTime from = ToAmsterdam(from_ms);
  Result<Date> due = AddWorkingDays(from.date, n);
  if (!due.ok()) return due.status();
  Deadline out;
  out.due_date = *due;
  out.due_ms = FromAmsterdam(*due, 23, 59) + 59 * 1000;
  char at[8];
  std::snprintf(at, sizeof at, "%02d:%02d", from.hour, from.minute);
  out.explanation = std::to_string(n) + " werkdagen na " + FormatLongDate(from.date, "nl") + " " +
                    at + ": einde van " + DutchWeekday(*due) + " " + FormatLongDate(*due, "nl") +
                    " 23:59:59";
  std::string skipped;
  for (Date d = AddDays(from.date, 1); d <= *due; d = AddDays(d, 1)) {
    const PublicHoliday* h = Find(d);
    if (h && h->counts_for_deadlines && !IsWeekend(d)) {
      skipped += (skipped.empty() ? "" : ", ") + h->name_nl + " (" + FormatLongDate(d, "nl") + ")";
    }
  }
  if (!skipped.empty()) out.explanation += "; niet meegeteld: " + skipped;
  return out;
}

// ---------------------------------------------------------------- SchoolCalendar

std::string_view SchoolHolidayKindName(SchoolHolidayKind k) {
  for (const auto& [kind, name] : kKinds) {
    if (kind == k) return name;
  }
  return "unknown";
}

Result<SchoolCalendar> SchoolCalendar::Parse(std::string_view csv, HolidayCalendar holidays) {
  std::vector<CsvRow> rows;
  INBEELD_RETURN_IF_ERROR(
      ReadCsv(csv, "school_year,region,kind,first_day,last_day,advisory,source", &rows));
  SchoolCalendar cal(std::move(holidays));
  // (region, first year of the school year) -> kinds present
  std::map<std::pair<int, int>, std::set<SchoolHolidayKind>> kinds_of;
  std::map<std::tuple<int, int, int, bool>, int> line_of;
  for (const CsvRow& row : rows) {
    SchoolHoliday h;
    // school_year: "YYYY-YYYY", consecutive years.
    std::string_view sy = row.fields[0];
    int y1 = 0, y2 = 0;
    bool sy_ok = sy.size() == 9 && sy[4] == '-';
    for (size_t i = 0; sy_ok && i < 9; ++i) {
      if (i == 4) continue;
      if (sy[i] < '0' || sy[i] > '9') sy_ok = false;
    }
    if (sy_ok) {
      y1 = std::stoi(std::string(sy.substr(0, 4)));
      y2 = std::stoi(std::string(sy.substr(5, 4)));
      sy_ok = y2 == y1 + 1;
    }
    if (!sy_ok)
      return LineError(row.line, "school_year", "moet de vorm JJJJ-JJJJ hebben (2025-2026)");
    h.school_year = std::string(sy);
    std::optional<SchoolRegion> region = ParseSchoolRegion(row.fields[1]);
    if (!region)
      return LineError(row.line, "region",
                       "moet north, middle of south (noord, midden, zuid) zijn");
    h.region = *region;
    bool kind_ok = false;
    for (const auto& [kind, name] : kKinds) {
      if (name == row.fields[2]) {
        h.kind = kind;
        kind_ok = true;
      }
    }
    if (!kind_ok) {
      return LineError(row.line, "kind",
                       "moet herfstvakantie, kerstvakantie, voorjaarsvakantie, meivakantie of "
                       "zomervakantie zijn");
    }
    INBEELD_RETURN_IF_ERROR(ParseDateField(row, 3, "first_day", &h.first_day));
    INBEELD_RETURN_IF_ERROR(ParseDateField(row, 4, "last_day", &h.last_day));
    if (h.last_day < h.first_day) return LineError(row.line, "last_day", "ligt voor first_day");
    Date year_start{std::chrono::year(y1), std::chrono::August, std::chrono::day(1)};
    Date year_end{std::chrono::year(y2), std::chrono::September, std::chrono::day(30)};
    if (h.first_day < year_start || h.last_day > year_end) {
      return LineError(row.line, h.first_day < year_start ? "first_day" : "last_day",
                       "valt buiten schooljaar " + h.school_year + " (1 augustus " +
                           std::to_string(y1) + " tot en met 30 september " + std::to_string(y2) +
                           ")");
    }
    INBEELD_RETURN_IF_ERROR(ParseYesNo(row, 5, "advisory", &h.advisory));
    std::string_view src = row.fields[6];
    if (src != "rijksoverheid" && src != "secondary" && src != "derived" && src != "unverified") {
      return LineError(row.line, "source",
                       "moet rijksoverheid, secondary, derived of unverified zijn");
    }
    h.source = std::string(src);
    auto key =
        std::make_tuple(static_cast<int>(h.region), y1, static_cast<int>(h.kind), h.advisory);
    auto [it, fresh] = line_of.emplace(key, row.line);
    if (!fresh) {
      return LineError(
          row.line, "kind",
          "dubbel: dezelfde vakantie staat ook op regel " + std::to_string(it->second));
    }
    kinds_of[{static_cast<int>(h.region), y1}].insert(h.kind);
    cal.holidays_.push_back(std::move(h));
  }
  for (SchoolRegion r : kRegions) {
    const int ri = static_cast<int>(r);
    std::vector<int> years;
    for (const auto& [key, kinds] : kinds_of) {
      if (key.first == ri) years.push_back(key.second);
    }
    if (years.empty()) {
      return Status::Invalid("regio " + std::string(SchoolRegionName(r)) + " ontbreekt", "region");
    }
    for (size_t i = 0; i < years.size(); ++i) {
      std::string name = std::to_string(years[i]) + "-" + std::to_string(years[i] + 1);
      if (i > 0 && years[i] != years[i - 1] + 1) {
        return Status::Invalid("regio " + std::string(SchoolRegionName(r)) + ": schooljaar " +
                                   std::to_string(years[i] - 1) + "-" + std::to_string(years[i]) +
                                   " ontbreekt",
                               "school_year");
      }
      if (i == 0) continue;  // the earliest year may be partial (e.g. only its summer)
      for (const auto& [kind, kind_name] : kKinds) {
        if (!kinds_of[{ri, years[i]}].count(kind)) {
          return Status::Invalid("regio " + std::string(SchoolRegionName(r)) + ", schooljaar " +
                                     name + ": " + std::string(kind_name) + " ontbreekt",
                                 "kind");
        }
      }
    }
    bool any = false, summer = false;
    Date first{}, last{}, last_summer{};
    for (const SchoolHoliday& h : cal.holidays_) {
      if (h.region != r) continue;
      if (!any || h.first_day < first) first = h.first_day;
      if (!any || h.last_day > last) last = h.last_day;
      any = true;
      if (h.kind == SchoolHolidayKind::kZomer && (!summer || h.last_day > last_summer)) {
        last_summer = h.last_day;
        summer = true;
      }
    }
    cal.first_[ri] = first;
    cal.last_[ri] = summer ? AddDays(last_summer, 7) : last;
  }
  return cal;
}

Date SchoolCalendar::first_day(SchoolRegion r) const {
  return std::max(first_[static_cast<int>(r)], public_.first_day());
}

Date SchoolCalendar::last_day(SchoolRegion r) const {
  return std::min(last_[static_cast<int>(r)], public_.last_day());
}

bool SchoolCalendar::Covers(Date d, SchoolRegion r) const {
  return first_day(r) <= d && d <= last_day(r);
}

const SchoolHoliday* SchoolCalendar::FindHoliday(Date d, SchoolRegion r) const {
  const SchoolHoliday* found = nullptr;
  for (const SchoolHoliday& h : holidays_) {
    if (h.region != r || d < h.first_day || d > h.last_day) continue;
    if (!h.advisory) return &h;
    if (!found) found = &h;
  }
  return found;
}

bool SchoolCalendar::IsSchoolDay(Date d, SchoolRegion r, const SchoolDaysOff* school) const {
  if (!Covers(d, r) || IsWeekend(d)) return false;
  if (school) {
    for (const DateRange& off : school->days_off) {
      if (off.Contains(d)) return false;
    }
    for (const DateRange& on : school->school_days) {
      if (on.Contains(d)) return true;
    }
  }
  return !public_.IsPublicHoliday(d) && FindHoliday(d, r) == nullptr;
}

Result<int64_t> SchoolCalendar::NextSchoolDayStart(int64_t unix_ms, SchoolRegion r,
                                                   const SchoolDaysOff* school,
                                                   std::string_view start_time) const {
  auto digit = [&](size_t i) { return start_time[i] >= '0' && start_time[i] <= '9'; };
  if (start_time.size() != 5 || start_time[2] != ':' || !digit(0) || !digit(1) || !digit(3) ||
      !digit(4)) {
    return Status::Invalid("begintijd moet de vorm UU:MM hebben", "start_time");
  }
  int hour = (start_time[0] - '0') * 10 + (start_time[1] - '0');
  int minute = (start_time[3] - '0') * 10 + (start_time[4] - '0');
  if (hour > 23 || minute > 59) return Status::Invalid("begintijd bestaat niet", "start_time");
  for (Date d = ToAmsterdam(unix_ms).date;; d = AddDays(d, 1)) {
    if (!Covers(d, r)) {
      return Status::Unavailable("de schoolkalender van regio " + DutchRegion(r) + " loopt van " +
                                 FormatIsoDate(first_day(r)) + " tot en met " +
                                 FormatIsoDate(last_day(r)) + "; " + FormatIsoDate(d) +
                                 " valt erbuiten (vul data/calendars/ aan)");
    }
    if (!IsSchoolDay(d, r, school)) continue;
    int64_t start = FromAmsterdam(d, hour, minute);
    if (start > unix_ms) return start;
  }
}

}  // namespace inbeeld
