#include "identity/febrl.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "identity/linkage_eval.h"

namespace inbeeld {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(Febrl, ReadsRecordsAndEntities) {
  std::string path = WriteTemp(
      "febrl_ok.csv",
      "rec_id, given_name, surname, street_number, address_1, address_2, suburb, "
      "postcode, state, date_of_birth, soc_sec_id\n"
      "rec-1070-org, michaela, neumann, 8, stanley street, miami, winston hills, 4223, "
      "nsw, 19151111, 5304218\n"
      "rec-1070-dup-0, michaela, neuman, 8, stanley st, , winston hills, 4223, nsw, , 5304218\n");
  auto r = ReadFebrlCsv(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].entity, "1070");
  EXPECT_EQ((*r)[1].entity, "1070");
  EXPECT_EQ((*r)[0].record.first_name, "michaela");
  EXPECT_EQ((*r)[0].record.birth_date, "19151111");
  EXPECT_EQ((*r)[1].record.birth_date, "");
  EXPECT_EQ((*r)[0].record.postcode, "4223");
}

TEST(Febrl, BadFilesFailWithTheLine) {
  EXPECT_FALSE(ReadFebrlCsv("/nonexistent/febrl.csv").ok());
  EXPECT_FALSE(ReadFebrlCsv(WriteTemp("febrl_hdr.csv", "a,b\n1,2\n")).ok());
  auto r = ReadFebrlCsv(
      WriteTemp("febrl_cols.csv",
                "rec_id, given_name, surname, street_number, address_1, address_2, suburb, "
                "postcode, state, date_of_birth, soc_sec_id\nrec-1-org, a, b\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":2:"), std::string::npos) << r.status().message();
}

// Regression (fuzz febrl, regressions/febrl/rec_id_*; found writing the target's
// contract check): the reader took any id with two dashes after "rec-", so
// "rec-x-org" and "rec--org" were labelled records (entity "x", entity "")
// that `linkage eval` then counted as true matches of each other.
TEST(Febrl, RecIdMustBeRecNOrgOrRecNDupK) {
  const std::string header =
      "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
      "state, date_of_birth, soc_sec_id\n";
  const std::string rest = ", kim, bakker, 5, straat, , plaats, 1234, ut, 20100101, 1\n";
  for (const char* bad : {"rec-x-org", "rec--org", "rec-1-dupe-2", "rec-1-dup-", "rec-1-org-2",
                          "rec-1", "rec-1-", "record-1-org", "rec-+1-org"}) {
    std::istringstream in(std::string(header).append(bad).append(rest));
    auto r = ParseFebrlCsv(in, "t.csv");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message(), "t.csv:2: rec_id is not rec-N-org or rec-N-dup-K") << bad;
  }
  for (const char* good : {"rec-0-org", "rec-1070-dup-0", "rec-12-dup-345"}) {
    std::istringstream in(std::string(header).append(good).append(rest));
    auto r = ParseFebrlCsv(in, "t.csv");
    ASSERT_TRUE(r.ok()) << good << ": " << r.status().ToString();
    ASSERT_EQ(r->size(), 1u);
  }
}

// The real FEBRL 4 files, when the shared data is present: the quality targets.
TEST(Febrl, Dataset4MeetsTheQualityTargets) {
  const std::string dir = INBEELD_FEBRL_DIR;
  if (!std::filesystem::exists(dir + "/dataset4a.csv")) GTEST_SKIP() << "no FEBRL data in " << dir;
  auto a = ReadFebrlCsv(dir + "/dataset4a.csv");
  auto b = ReadFebrlCsv(dir + "/dataset4b.csv");
  ASSERT_TRUE(a.ok() && b.ok());
  auto enc = BloomEncoder::Create(std::string(32, 'f'));
  ASSERT_TRUE(enc.ok());
  EvalOptions o;
  o.thresholds = {LinkThresholds{}.review, LinkThresholds{}.auto_link};
  EvalReport r = RunLinkageEval(*enc, *a, &*b, o);
  EXPECT_EQ(r.true_pairs, 5000);
  EXPECT_GE(r.pair_completeness(), 0.995);
  EXPECT_GE(r.reduction_ratio(), 0.999);
  for (const EvalRow& row : {r.blocked[0], r.full[0]}) {  // at the review threshold
    EXPECT_GE(row.precision(), 0.995) << FormatEvalReport(r);
    EXPECT_GE(row.recall(r.true_pairs), 0.98) << FormatEvalReport(r);
  }
  // Automatic links (the rules on top of the higher threshold) make no mistake.
  EXPECT_EQ(r.blocked[1].auto_fp, 0) << FormatEvalReport(r);
}

// Deduplication of one file (dataset2: 4,000 people, 1,000 duplicates): pairs
// are counted once (a regression: the pair once dangled and was counted twice).
TEST(Febrl, Dataset2DeduplicationCountsEachPairOnce) {
  const std::string dir = INBEELD_FEBRL_DIR;
  if (!std::filesystem::exists(dir + "/dataset2.csv")) GTEST_SKIP() << "no FEBRL data in " << dir;
  auto a = ReadFebrlCsv(dir + "/dataset2.csv");
  ASSERT_TRUE(a.ok());
  auto enc = BloomEncoder::Create(std::string(32, 'f'));
  ASSERT_TRUE(enc.ok());
  EvalOptions o;
  o.thresholds = {0.70};
  EvalReport r = RunLinkageEval(*enc, *a, nullptr, o);
  EXPECT_EQ(r.true_pairs, 1934);
  EXPECT_LE(r.blocked[0].tp, r.true_pairs);
  EXPECT_GE(r.blocked[0].fn, 0);
  EXPECT_GE(r.blocked[0].precision(), 0.98) << FormatEvalReport(r);
  EXPECT_GE(r.blocked[0].recall(r.true_pairs), 0.9) << FormatEvalReport(r);
}

}  // namespace
}  // namespace inbeeld
