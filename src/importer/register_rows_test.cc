#include "importer/register_rows.h"

#include <gtest/gtest.h>

#include <sstream>

namespace inbeeld {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const Date kToday = year(2025) / month(9) / day(1);

BsnPseudonymizer TestPseudonymizer() {
  return BsnPseudonymizer::Create(std::string(32, 'k')).value();
}

// Parses `header` + `line` and hands the mapped row to `fn`.
template <typename Fn>
void WithRow(std::span<const std::string_view> columns, const std::string& header,
             const std::string& line, Fn fn) {
  std::istringstream in(header + "\n" + line + "\n");
  CsvReader reader(in);
  CsvRecord h, r;
  ASSERT_TRUE(reader.Next(h));
  ASSERT_TRUE(reader.Next(r));
  auto map = MapColumns(h, columns);
  ASSERT_TRUE(map.ok()) << map.status().message();
  ASSERT_EQ(r.fields.size(), h.fields.size());
  fn(CsvRow(r, *map));
}

const std::string kPersonHeader =
    "person_ref,household_ref,bsn,first_name,tussenvoegsel,last_name,birth_date,sex,relation";

Status PersonError(const std::string& line) {
  Status out;
  const auto ps = TestPseudonymizer();
  WithRow(PersonColumns(), kPersonHeader, line,
          [&](const CsvRow& row) { out = ParsePersonRow(row, ps, kToday).status(); });
  return out;
}

TEST(RegisterRowsTest, ValidPersonIsPseudonymised) {
  const auto ps = TestPseudonymizer();
  WithRow(PersonColumns(), kPersonHeader, "P1,HH1,999999990,Daan,van der,Berg,2015-03-14,M,child",
          [&](const CsvRow& row) {
            auto p = ParsePersonRow(row, ps, kToday);
            ASSERT_TRUE(p.ok()) << p.status().message();
            ASSERT_TRUE(p->person.bsn.has_value());
            EXPECT_EQ(p->person.bsn->hex.size(), 64u);
            EXPECT_EQ(p->person.bsn->hex.find("999999990"), std::string::npos);
            EXPECT_EQ(p->person.tussenvoegsel, "van der");
            EXPECT_EQ(p->household_ref, "HH1");
          });
}

TEST(RegisterRowsTest, PersonErrorsNameTheFieldAndNeverTheBsn) {
  struct Case {
    std::string line, field;
  } cases[] = {
      {"P1,HH1,123456788,Daan,,Berg,2015-03-14,M,child", "bsn"},
      {"P1,HH1,12345,Daan,,Berg,2015-03-14,M,child", "bsn"},
      {"P1,HH1,12345678a,Daan,,Berg,2015-03-14,M,child", "bsn"},
      {",HH1,,Daan,,Berg,2015-03-14,M,child", "person_ref"},
      {"P1,HH1,,,,Berg,2015-03-14,M,child", "first_name"},
      {"P1,HH1,,Daan,,,2015-03-14,M,child", "last_name"},
      {"P1,HH1,,Daan,,Berg,2015-02-30,M,child", "birth_date"},
      {"P1,HH1,,Daan,,Berg,14-03-2015,M,child", "birth_date"},
      {"P1,HH1,,Daan,,Berg,2030-01-01,M,child", "birth_date"},
      {"P1,HH1,,Daan,,Berg,2015-03-14,Q,child", "sex"},
      {"P1,HH1,,Daan,,Berg,2015-03-14,M,neighbour", "relation"},
  };
  for (const auto& c : cases) {
    Status st = PersonError(c.line);
    EXPECT_FALSE(st.ok()) << c.line;
    EXPECT_EQ(st.field(), c.field) << c.line << " -> " << st.message();
    EXPECT_EQ(st.message().find("12345"), std::string::npos) << st.message();
  }
  EXPECT_EQ(PersonError("P1,HH1,123456788,Daan,,Berg,2015-03-14,M,child").message(),
            "dit BSN voldoet niet aan de elfproef");
  EXPECT_EQ(PersonError("P1,HH1,,Daan,,Berg,2030-01-01,M,child").message(),
            "de geboortedatum ligt in de toekomst");
}

TEST(RegisterRowsTest, Postcodes) {
  EXPECT_EQ(NormalizePostcode("1234ab").value(), "1234 AB");
  EXPECT_EQ(NormalizePostcode("1234 AB").value(), "1234 AB");
  EXPECT_FALSE(NormalizePostcode("0123 AB").ok());
  EXPECT_FALSE(NormalizePostcode("123 AB").ok());
  EXPECT_FALSE(NormalizePostcode("1234 A1").ok());
  EXPECT_FALSE(NormalizePostcode("1234 SS").ok());
  EXPECT_FALSE(NormalizePostcode("1234 SA").ok());
  EXPECT_FALSE(NormalizePostcode("1234 SD").ok());
  EXPECT_FALSE(NormalizePostcode("1234 ABC").ok());
  EXPECT_FALSE(NormalizePostcode("").ok());
}

TEST(RegisterRowsTest, HouseholdRows) {
  const std::string header = "household_ref,street,house_number,postcode,city,municipality_code";
  auto parse = [&](const std::string& line) {
    Result<Household> out = Status::Internal("not run");
    WithRow(HouseholdColumns(), header, line, [&](const CsvRow& r) { out = ParseHouseholdRow(r); });
    return out;
  };
  auto ok = parse("HH1,Kerkstraat,12A,1234ab,Amsterdam,GM0363");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->address.postcode, "1234 AB");
  EXPECT_EQ(parse("HH1,Kerkstraat,A12,1234 AB,Amsterdam,GM0363").status().field(), "house_number");
  EXPECT_EQ(parse("HH1,Kerkstraat,12,1234 SS,Amsterdam,GM0363").status().field(), "postcode");
  EXPECT_EQ(parse("HH1,Kerkstraat,12,1234 AB,Amsterdam,0363").status().field(),
            "municipality_code");
  EXPECT_EQ(parse("HH1,,12,1234 AB,Amsterdam,GM0363").status().field(), "street");
}

TEST(RegisterRowsTest, OrganisationRows) {
  const std::string header =
      "org_ref,kind,name,municipality_code,email,school_type,region,start_time";
  auto parse = [&](const std::string& line) {
    Result<Organisation> out = Status::Internal("not run");
    WithRow(OrganisationColumns(), header, line,
            [&](const CsvRow& r) { out = ParseOrganisationRow(r); });
    return out;
  };
  auto school = parse("12AB00,school,OBS De Klimop,GM0363,zorg@school.example,PO,north,08:25");
  ASSERT_TRUE(school.ok()) << school.status().message();
  EXPECT_EQ(school->start_time, "08:25");
  EXPECT_EQ(school->region, SchoolRegion::kNorth);
  EXPECT_TRUE(parse("VT-01,veilig_thuis,Veilig Thuis,GM0363,,,,").ok());
  EXPECT_EQ(parse("X,club,Naam,GM0363,,,,").status().field(), "kind");
  EXPECT_EQ(parse("12AB00,school,S,GM0363,,HBO,north,08:30").status().field(), "school_type");
  EXPECT_EQ(parse("12AB00,school,S,GM0363,,PO,east,08:30").status().field(), "region");
  EXPECT_EQ(parse("12AB00,school,S,GM0363,,PO,north,8:30").status().field(), "start_time");
  EXPECT_EQ(parse("12AB00,school,S,GM0363,,PO,north,24:00").status().field(), "start_time");
  EXPECT_EQ(parse("12AB00,school,S,GM0363,geen-adres,PO,north,08:30").status().field(), "email");
  EXPECT_EQ(parse("VT-01,veilig_thuis,VT,GM0363,,PO,,").status().field(), "school_type");
}

TEST(RegisterRowsTest, EnrolmentRows) {
  const std::string header = "person_ref,org_ref,from,to";
  auto parse = [&](const std::string& line) {
    Result<ImportBatch::EnrolmentRow> out = Status::Internal("not run");
    WithRow(EnrolmentColumns(), header, line, [&](const CsvRow& r) { out = ParseEnrolmentRow(r); });
    return out;
  };
  EXPECT_TRUE(parse("P1,12AB00,2021-08-01,").ok());
  EXPECT_TRUE(parse("P1,12AB00,2021-08-01,2025-07-15").ok());
  EXPECT_EQ(parse("P1,12AB00,2021-08-01,2020-07-15").status().field(), "to");
  EXPECT_EQ(parse("P1,12AB00,,").status().field(), "from");
  EXPECT_EQ(parse(",12AB00,2021-08-01,").status().field(), "person_ref");
}

TEST(RegisterRowsTest, HeaderMapping) {
  std::istringstream in(" Person_Ref ,bsn,extra\n");
  CsvReader reader(in);
  CsvRecord h;
  ASSERT_TRUE(reader.Next(h));
  constexpr std::string_view two[] = {"bsn", "person_ref"};
  auto map = MapColumns(h, two);
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(*map, (std::vector<int>{1, 0}));
  constexpr std::string_view missing[] = {"bsn", "birth_date"};
  auto bad = MapColumns(h, missing);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "kolom 'birth_date' ontbreekt in de kopregel");
}

TEST(RegisterRowsTest, ClockTimesAndMunicipalityCodes) {
  EXPECT_TRUE(IsClockTime("08:30"));
  EXPECT_TRUE(IsClockTime("23:59"));
  EXPECT_FALSE(IsClockTime("24:00"));
  EXPECT_FALSE(IsClockTime("08:60"));
  EXPECT_FALSE(IsClockTime("0830"));
  EXPECT_TRUE(IsMunicipalityCode("GM0363"));
  EXPECT_FALSE(IsMunicipalityCode("GM363"));
  EXPECT_FALSE(IsMunicipalityCode("gm0363"));
}

}  // namespace
}  // namespace inbeeld
