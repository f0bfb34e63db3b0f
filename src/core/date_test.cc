#include "core/date.h"

#include <gtest/gtest.h>

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
