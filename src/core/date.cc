#include "core/date.h"

#include <array>
#include <cstdio>

namespace inbeeld {

Result<Date> ParseIsoDate(std::string_view t, std::string_view field) {
  auto bad = [&] {
    return Status::Invalid("datum moet de vorm JJJJ-MM-DD hebben", std::string(field));
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  int idx[3][2] = {{0, 4}, {5, 2}, {8, 2}};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < idx[p][1]; ++i) {
      char c = t[idx[p][0] + i];
      if (c < '0' || c > '9') return bad();
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[0] < 1900 || parts[0] > 2199) {
    return Status::Invalid("jaar buiten bereik", std::string(field));
  }
  Date d{std::chrono::year(parts[0]), std::chrono::month(parts[1]), std::chrono::day(parts[2])};
  if (!d.ok()) return Status::Invalid("deze datum bestaat niet", std::string(field));
  return d;
}

std::string FormatIsoDate(Date d) {
  const int year = static_cast<int>(d.year());
  if (year < 0 || year > 9999) {  // outside YYYY: as printf writes it
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
  }
  // Every date the API writes goes through here: digits by hand, not printf.
  const auto m = static_cast<unsigned>(d.month());
  const auto day = static_cast<unsigned>(d.day());
  std::string out = "0000-00-00";
  for (int i = 3, y = year; i >= 0; --i, y /= 10) out[i] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10 % 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + day / 10 % 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

std::string FormatLongDate(Date d, std::string_view lang) {
  static const std::array<const char*, 12> nl = {"januari",   "februari", "maart",    "april",
                                                 "mei",       "juni",     "juli",     "augustus",
                                                 "september", "oktober",  "november", "december"};
  static const std::array<const char*, 12> en = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
  unsigned m = static_cast<unsigned>(d.month());
  const char* name = (lang == "en" ? en : nl)[m - 1];
  return std::to_string(static_cast<unsigned>(d.day())) + " " + name + " " +
         std::to_string(static_cast<int>(d.year()));
}

int AgeOn(Date birth, Date today) {
  int age = static_cast<int>(today.year()) - static_cast<int>(birth.year());
  if (today.month() < birth.month() ||
      (today.month() == birth.month() && today.day() < birth.day())) {
    --age;
  }
  return age;
}

}  // namespace inbeeld
