#include "vt/rules.h"

#include <gtest/gtest.h>

#include "core/calendar_time.h"

namespace inbeeld {
namespace {

// The 2026 rows of data/calendars/public_holidays.csv (copied so that these logic
// tests do not move when the data file grows).
constexpr const char* kHolidays2026 =
    "date,name_nl,name_en,counts_for_deadlines\n"
    "2026-01-01,Nieuwjaarsdag,New Year's Day,yes\n"
    "2026-04-03,Goede Vrijdag,Good Friday,yes\n"
    "2026-04-05,Eerste Paasdag,Easter Sunday,yes\n"
    "2026-04-06,Tweede Paasdag,Easter Monday,yes\n"
    "2026-04-27,Koningsdag,King's Day,yes\n"
    "2026-05-05,Bevrijdingsdag,Liberation Day,yes\n"
    "2026-05-14,Hemelvaartsdag,Ascension Day,yes\n"
    "2026-05-24,Eerste Pinksterdag,Whit Sunday,yes\n"
    "2026-05-25,Tweede Pinksterdag,Whit Monday,yes\n"
    "2026-12-25,Eerste Kerstdag,Christmas Day,yes\n"
    "2026-12-26,Tweede Kerstdag,Boxing Day,yes\n"
    "2027-01-01,Nieuwjaarsdag,New Year's Day,yes\n"
    "2027-03-26,Goede Vrijdag,Good Friday,yes\n"
    "2027-03-28,Eerste Paasdag,Easter Sunday,yes\n"
    "2027-03-29,Tweede Paasdag,Easter Monday,yes\n"
    "2027-04-27,Koningsdag,King's Day,yes\n"
    "2027-05-05,Bevrijdingsdag,Liberation Day,yes\n"
    "2027-05-06,Hemelvaartsdag,Ascension Day,yes\n"
    "2027-05-16,Eerste Pinksterdag,Whit Sunday,yes\n"
    "2027-05-17,Tweede Pinksterdag,Whit Monday,yes\n"
    "2027-12-25,Eerste Kerstdag,Christmas Day,yes\n"
    "2027-12-26,Tweede Kerstdag,Boxing Day,yes\n";

const HolidayCalendar& Cal() {
  static const HolidayCalendar cal = HolidayCalendar::Parse(kHolidays2026).value();
  return cal;
}

Date D(const char* s) {
  return ParseIsoDate(s).value();
}
int64_t At(const char* date, int h, int m) {
  return FromAmsterdam(D(date), h, m);
}

TEST(VtClock, AssessmentWithinFiveWorkingDays) {
  struct Case {
    const char* received;
    int hour;
    const char* due;
  } cases[] = {
      {"2026-11-30", 10, "2026-12-07"},  // Monday → next Monday
      {"2026-12-18", 16,
       "2026-12-28"},  // Friday: Christmas Day counts not (Boxing Day is a Saturday)
      {"2026-05-02", 9, "2026-05-11"},   // Saturday; Liberation Day 5 May is skipped
      {"2026-04-02", 23, "2026-04-13"},  // Good Friday and Easter Monday skipped
      {"2026-12-31", 0, "2027-01-08"},   // New Year's Day skipped, across the year
  };
  for (const auto& c : cases) {
    auto clock = VtIntakeClock(Cal(), At(c.received, c.hour, 0), VtUrgency::kRegular);
    ASSERT_TRUE(clock.ok()) << c.received;
    EXPECT_EQ(FormatIsoDate(clock->assessment.due_date), c.due) << c.received;
    EXPECT_EQ(clock->assessment.due_ms, At(c.due, 23, 59) + 59'000) << c.received;
    EXPECT_FALSE(clock->acute.has_value());
    EXPECT_EQ(clock->due_ms(), clock->assessment.due_ms);
  }
  auto easter = VtIntakeClock(Cal(), At("2026-04-02", 12, 0), VtUrgency::kRegular);
  ASSERT_TRUE(easter.ok());
  EXPECT_NE(easter->assessment.explanation.find("Goede Vrijdag"), std::string::npos)
      << easter->assessment.explanation;
  EXPECT_NE(easter->assessment.explanation.find("Tweede Paasdag"), std::string::npos);
}

TEST(VtClock, AcuteIsTwentyFourHoursOfElapsedTime) {
  // Saturday 28 March 2026 23:30 CET; summer time starts that night: 24 hours later is 00:30 CEST
  // on Monday.
  const int64_t received = At("2026-03-28", 23, 30);
  auto clock = VtIntakeClock(Cal(), received, VtUrgency::kAcute);
  ASSERT_TRUE(clock.ok());
  ASSERT_TRUE(clock->acute.has_value());
  EXPECT_EQ(clock->acute->due_ms, received + 24LL * 3600 * 1000);
  EXPECT_EQ(clock->acute->due_ms, At("2026-03-30", 0, 30));
  EXPECT_EQ(FormatIsoDate(clock->acute->due_date), "2026-03-30");
  EXPECT_EQ(clock->due_ms(), clock->acute->due_ms);  // nearer than the 5 working days
  EXPECT_NE(clock->acute->explanation.find("binnen 24 uur"), std::string::npos);
  // Weekends and holidays do not stop the acute clock: Christmas Eve → Christmas Day.
  auto xmas = VtIntakeClock(Cal(), At("2026-12-24", 20, 0), VtUrgency::kAcute);
  ASSERT_TRUE(xmas.ok());
  EXPECT_EQ(xmas->acute->due_ms, At("2026-12-25", 20, 0));
}

TEST(VtClock, OutsideTheHolidayDataIsAnError) {
  auto clock = VtIntakeClock(Cal(), At("2027-12-28", 10, 0), VtUrgency::kRegular);
  EXPECT_FALSE(clock.ok());
  EXPECT_EQ(clock.status().code(), StatusCode::kUnavailable);
}

TEST(VtClock, InvestigationWithinTenWeeks) {
  Deadline d = VtInvestigationDeadline(At("2026-11-30", 14, 0));
  EXPECT_EQ(FormatIsoDate(d.due_date), "2027-02-08");
  EXPECT_EQ(d.due_ms, At("2027-02-08", 23, 59) + 59'000);
}

TEST(VtClock, BandsByWorkingDaysLeft) {
  const int64_t due = At("2026-12-07", 23, 59) + 59'000;  // Monday
  struct Case {
    const char* now;
    int hour;
    VtDeadlineBand band;
  } cases[] = {
      {"2026-12-02", 9, VtDeadlineBand::kOnTrack},  // Wednesday: 3 working days left
      {"2026-12-03", 9, VtDeadlineBand::kOnTrack},  // Thursday: 2 left
      {"2026-12-04", 9,
       VtDeadlineBand::kWarning},  // Friday: one working day left (the weekend does not count)
      {"2026-12-06", 9, VtDeadlineBand::kWarning},   // Sunday
      {"2026-12-07", 23, VtDeadlineBand::kWarning},  // the due day
      {"2026-12-08", 0, VtDeadlineBand::kOverdue},
  };
  for (const auto& c : cases) {
    auto band = VtBandOf(Cal(), At(c.now, c.hour, 0), due);
    ASSERT_TRUE(band.ok());
    EXPECT_EQ(*band, c.band) << c.now;
  }
  // Before Christmas: Thursday 24 December with a deadline on Monday 28 December: one working day
  // left.
  auto xmas = VtBandOf(Cal(), At("2026-12-24", 9, 0), At("2026-12-28", 23, 59) + 59'000);
  ASSERT_TRUE(xmas.ok());
  EXPECT_EQ(*xmas, VtDeadlineBand::kWarning);
  auto before = VtBandOf(Cal(), At("2026-12-23", 9, 0), At("2026-12-28", 23, 59) + 59'000);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before, VtDeadlineBand::kOnTrack);
}

TEST(VtClassify, NewHermeldingVervolgmelding) {
  const int64_t now = At("2026-11-30", 10, 0);
  struct Case {
    const char* name;
    std::vector<VtHistoryFact> history;
    VtReportClass want;
    std::vector<int64_t> related;
  } cases[] = {
      {"no history", {}, VtReportClass::kNew, {}},
      {"open report → vervolgmelding",
       {{7, At("2026-10-01", 9, 0), std::nullopt}},
       VtReportClass::kVervolgmelding,
       {7}},
      {"closed after now counts as open then",
       {{7, At("2026-10-01", 9, 0), At("2026-12-01", 9, 0)}},
       VtReportClass::kVervolgmelding,
       {7}},
      {"closed 2 years ago → hermelding",
       {{5, At("2024-06-01", 9, 0), At("2024-11-30", 9, 0)}},
       VtReportClass::kHermelding,
       {5}},
      {"closed exactly 3 years ago (the day) → hermelding",
       {{5, At("2023-06-01", 9, 0), At("2023-11-30", 9, 0)}},
       VtReportClass::kHermelding,
       {5}},
      {"closed 3 years and a day ago → new",
       {{5, At("2023-06-01", 9, 0), At("2023-11-29", 9, 0)}},
       VtReportClass::kNew,
       {}},
      {"open wins over closed",
       {{3, At("2025-01-01", 9, 0), At("2025-02-01", 9, 0)},
        {9, At("2026-11-01", 9, 0), std::nullopt}},
       VtReportClass::kVervolgmelding,
       {9}},
      {"later reports are ignored",
       {{12, At("2026-12-01", 9, 0), std::nullopt}},
       VtReportClass::kNew,
       {}},
  };
  for (const auto& c : cases) {
    VtClassification got = ClassifyVtReport(now, c.history);
    EXPECT_EQ(got.cls, c.want) << c.name << ": " << got.reason;
    EXPECT_EQ(got.related, c.related) << c.name;
    EXPECT_FALSE(got.reason.empty());
  }
}

TEST(VtClassify, LeapDayLooksBackToTheTwentyEighth) {
  const int64_t now = At("2028-02-29", 10, 0);
  EXPECT_EQ(ClassifyVtReport(now, {{1, At("2025-01-01", 9, 0), At("2025-02-28", 9, 0)}}).cls,
            VtReportClass::kHermelding);
  EXPECT_EQ(ClassifyVtReport(now, {{1, At("2025-01-01", 9, 0), At("2025-02-27", 9, 0)}}).cls,
            VtReportClass::kNew);
}

TEST(VtOutcome, NamesStatesAndFeedback) {
  for (VtOutcome o : {VtOutcome::kInvestigation, VtOutcome::kRvdk, VtOutcome::kVoorwaardenVervolg,
                      VtOutcome::kHandover, VtOutcome::kClose}) {
    EXPECT_EQ(ParseVtOutcome(VtOutcomeName(o)), o);
    EXPECT_FALSE(VtReporterFeedback(o).empty());
  }
  EXPECT_FALSE(ParseVtOutcome("onbekend").has_value());
  EXPECT_EQ(VtStateAfter(VtOutcome::kHandover), "handed_over");
  EXPECT_TRUE(VtStaysInvolved(VtOutcome::kVoorwaardenVervolg));
  EXPECT_FALSE(VtStaysInvolved(VtOutcome::kRvdk));
}

TEST(VtFigures, SmallCellsAreSuppressed) {
  EXPECT_EQ(VtSuppressCell(0), "0");
  EXPECT_EQ(VtSuppressCell(1), "<5");
  EXPECT_EQ(VtSuppressCell(4), "<5");
  EXPECT_EQ(VtSuppressCell(5), "5");
  EXPECT_EQ(VtSuppressCell(1234), "1234");
  auto h2 = VtHalfYear(2026, 2);
  ASSERT_TRUE(h2.ok());
  EXPECT_EQ(FormatIsoDate(h2->first), "2026-07-01");
  EXPECT_EQ(FormatIsoDate(h2->second), "2026-12-31");
  EXPECT_FALSE(VtHalfYear(2026, 3).ok());
}

}  // namespace
}  // namespace inbeeld
