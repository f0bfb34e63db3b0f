#include "demo/demo_csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace inbeeld {
namespace {

std::string Render(int64_t children, uint64_t seed) {
  DemoOptions o;
  o.children = children;
  o.seed = seed;
  auto pop = DemoPopulation::Create(o);
  EXPECT_TRUE(pop.ok());
  std::ostringstream a, b, c, d;
  auto counts = WriteDemoCsv(*pop, a, b, c, d);
  EXPECT_TRUE(counts.ok());
  return a.str() + "\x1e" + b.str() + "\x1e" + c.str() + "\x1e" + d.str();
}

TEST(DemoCsvTest, SameSeedGivesIdenticalBytes) {
  const std::string x = Render(2000, 99);
  EXPECT_EQ(std::hash<std::string>()(x), std::hash<std::string>()(Render(2000, 99)));
  EXPECT_EQ(x, Render(2000, 99));
}

TEST(DemoCsvTest, OtherSeedGivesOtherBytes) {
  EXPECT_NE(Render(1000, 1), Render(1000, 2));
}

TEST(DemoCsvTest, HeadersAndCounts) {
  DemoOptions o;
  o.children = 1000;
  auto pop = DemoPopulation::Create(o);
  ASSERT_TRUE(pop.ok());
  std::ostringstream a, b, c, d;
  auto counts = WriteDemoCsv(*pop, a, b, c, d);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(b.str().substr(0, b.str().find('\n')),
            "household_ref,street,house_number,postcode,city,municipality_code");
  EXPECT_EQ(
      c.str().substr(0, c.str().find('\n')),
      "person_ref,household_ref,bsn,first_name,tussenvoegsel,last_name,birth_date,sex,relation");
  auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n') - 1; };
  EXPECT_EQ(lines(a.str()), counts->organisations);
  EXPECT_EQ(lines(b.str()), counts->households);
  EXPECT_EQ(lines(c.str()), counts->persons);
  EXPECT_EQ(lines(d.str()), counts->enrolments);
  EXPECT_GT(counts->persons, 1000);
}

TEST(DemoCsvTest, QuotesFieldsThatNeedIt) {
  std::string line;
  AppendCsvField(line, "plain");
  line += ',';
  AppendCsvField(line, "a,b");
  line += ',';
  AppendCsvField(line, "zeg \"hoi\"");
  EXPECT_EQ(line, "plain,\"a,b\",\"zeg \"\"hoi\"\"\"");
}

}  // namespace
}  // namespace inbeeld
