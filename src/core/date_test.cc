#include "core/date.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace inbeeld {
namespace {

using namespace std::chrono;

TEST(Date, ParsesAndFormatsIso) {
  auto d = ParseIsoDate("2014-03-15");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(FormatIsoDate(*d), "2014-03-15");
  EXPECT_EQ(FormatLongDate(*d, "nl"), "15 maart 2014");
  EXPECT_EQ(FormatLongDate(*d, "en"), "15 March 2014");
}

// FormatIsoDate writes digits by hand: every day from 0001 to 9999 as printf
// writes it, and the years outside YYYY too.
TEST(Date, FormatsEveryDayAsPrintfDoes) {
  auto printf_iso = [](Date d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return std::string(buf);
  };
  const int first = DaysSinceEpoch(Date{year(1), month(1), day(1)});
  const int last = DaysSinceEpoch(Date{year(9999), month(12), day(31)});
  for (int n = first; n <= last; ++n) {
    const Date d = DateFromDays(n);
    ASSERT_EQ(FormatIsoDate(d), printf_iso(d)) << n;
  }
  for (Date d : {Date{year(-5), month(1), day(2)}, Date{year(12345), month(10), day(31)},
                 Date{year(0), month(12), day(31)}}) {
    EXPECT_EQ(FormatIsoDate(d), printf_iso(d));
  }
}

TEST(Date, RejectsImpossibleDates) {
  for (const char* t : {"2014-02-30", "2014-13-01", "2014-3-15", "15-03-2014", "1899-01-01",
                        "2014-03-15x", "", "abcd-ef-gh"}) {
    auto d = ParseIsoDate(t, "birth_date");
    EXPECT_FALSE(d.ok()) << t;
    EXPECT_EQ(d.status().field(), "birth_date");
  }
  EXPECT_TRUE(ParseIsoDate("2016-02-29").ok());
  EXPECT_FALSE(ParseIsoDate("2015-02-29").ok());
}

TEST(Date, AgeCountsCompletedYears) {
  Date birth{year(2014), month(3), day(15)};
  EXPECT_EQ(AgeOn(birth, Date{year(2026), month(3), day(14)}), 11);
  EXPECT_EQ(AgeOn(birth, Date{year(2026), month(3), day(15)}), 12);
  EXPECT_EQ(AgeOn(birth, Date{year(2026), month(11), day(23)}), 12);
}

TEST(Date, DaysRoundTrip) {
  Date d{year(2026), month(11), day(23)};
  EXPECT_EQ(DateFromDays(DaysSinceEpoch(d)), d);
}

}  // namespace
}  // namespace inbeeld
