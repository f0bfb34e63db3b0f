#include "importer/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "demo/demo_random.h"

namespace inbeeld {
namespace {

using namespace std::string_literals;

std::vector<CsvRecord> ReadAll(const std::string& bytes, CsvReader::Limits limits = {}) {
  std::istringstream in(bytes);
  CsvReader reader(in, limits);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  while (reader.Next(rec)) out.push_back(rec);
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, PlainRowsWithLfAndCrlf) {
  auto r = ReadAll("a,b,c\n1,2,3\r\n4,5,6");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(r[2].fields, (Fields{"4", "5", "6"}));
  EXPECT_EQ(r[2].row, 3);
  EXPECT_EQ(r[2].line, 3);
  for (const auto& x : r) EXPECT_EQ(x.error, "");
}

TEST(CsvReaderTest, QuotedCommasNewlinesAndEscapes) {
  auto r = ReadAll("\"a,b\",\"zeg \"\"hoi\"\"\",\"twee\nregels\"\r\nx,,\"\"\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"a,b", "zeg \"hoi\"", "twee\nregels"}));
  EXPECT_EQ(r[1].fields, (Fields{"x", "", ""}));
  EXPECT_EQ(r[1].row, 2);
  EXPECT_EQ(r[1].line, 3);  // the embedded newline moved it down a line
}

TEST(CsvReaderTest, ByteOrderMarkIsSkipped) {
  auto r = ReadAll("\xEF\xBB\xBFperson_ref,bsn\nP1,\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields[0], "person_ref");
}

TEST(CsvReaderTest, BlankLinesAndTrailingNewlinesAreSkipped) {
  auto r = ReadAll("a\n\n\r\nb\n\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].fields, (Fields{"b"}));
  EXPECT_EQ(r[1].line, 4);
}

TEST(CsvReaderTest, RaggedRowsKeepTheirFieldCount) {
  auto r = ReadAll("a,b,c\n1,2\n1,2,3,4\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].fields.size(), 2u);
  EXPECT_EQ(r[2].fields.size(), 4u);
}

TEST(CsvReaderTest, UnclosedQuoteIsAnErrorForThatRecord) {
  auto r = ReadAll("a,b\n1,\"open\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].error, "aanhalingsteken niet gesloten");
  EXPECT_EQ(r[1].error_field, 1);
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnErrorButReadingGoesOn) {
  auto r = ReadAll("\"ab\"c,d\nnext,row\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_NE(r[0].error, "");
  EXPECT_EQ(r[0].error_field, 0);
  EXPECT_EQ(r[1].fields, (Fields{"next", "row"}));
  EXPECT_EQ(r[1].error, "");
}

TEST(CsvReaderTest, StrayQuoteInUnquotedField) {
  auto r = ReadAll("Jan \"Sjonnie\",x\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].error, "");
}

TEST(CsvReaderTest, InvalidUtf8IsAPerRowError) {
  auto r = ReadAll("a,b\nok,\xC3\xA9\nbad,\xC3\x28\nnul,x\0y\nok2,\xF0\x9F\x98\x80\n"s);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[1].error, "");
  EXPECT_EQ(r[2].error, "dit veld is geen geldige UTF-8-tekst");
  EXPECT_EQ(r[2].error_field, 1);
  EXPECT_NE(r[3].error, "");  // NUL byte
  EXPECT_EQ(r[4].error, "");
}

TEST(CsvReaderTest, Utf8EdgeCases) {
  EXPECT_TRUE(IsValidUtf8Text("Zoë Öztürk"));
  EXPECT_FALSE(IsValidUtf8Text("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8Text("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8Text("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8Text("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8Text("\xFF"));
}

TEST(CsvReaderTest, LimitsBoundMemory) {
  CsvReader::Limits limits;
  limits.max_field_bytes = 8;
  limits.max_fields = 3;
  auto r = ReadAll("123456789,x\na,b,c,d,e\nok\n", limits);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].error, "dit veld is te lang");
  EXPECT_EQ(r[1].error, "deze rij heeft te veel velden");
  EXPECT_LE(r[1].fields.size(), 3u);
  EXPECT_EQ(r[2].error, "");
}

TEST(CsvReaderTest, GarbageBytesNeverCrash) {
  DemoRandom rng(12345);
  static constexpr char kBytes[] = "\",\r\n\xEF\xBB\xBF\xC3\xA9\x80\xFF\0a ";
  const std::string alphabet(kBytes, sizeof kBytes - 1);  // the NUL in the middle included
  for (int round = 0; round < 3000; ++round) {
    std::string bytes;
    const int n = rng.Between(0, 300);
    for (int i = 0; i < n; ++i) {
      bytes.push_back(rng.PerMille(500) ? alphabet[rng.Below(alphabet.size())]
                                        : static_cast<char>(rng.Below(256)));
    }
    std::istringstream in(bytes);
    CsvReader reader(in);
    CsvRecord rec;
    int64_t last_row = 0;
    while (reader.Next(rec)) {
      ASSERT_EQ(rec.row, last_row + 1);
      last_row = rec.row;
      ASSERT_GE(rec.fields.size(), 1u);
    }
    ASSERT_LE(reader.bytes_read(), static_cast<int64_t>(bytes.size()));
  }
}

TEST(CsvReaderTest, LongInputAcrossBufferBoundaries) {
  std::string bytes = "a,b\n";
  for (int i = 0; i < 50000; ++i) bytes += "\"r" + std::to_string(i) + ",x\",\"y\"\"z\"\r\n";
  auto r = ReadAll(bytes);
  ASSERT_EQ(r.size(), 50001u);
  EXPECT_EQ(r[50000].fields, (Fields{"r49999,x", "y\"z"}));
  for (const auto& x : r) ASSERT_EQ(x.error, "");
}

}  // namespace
}  // namespace inbeeld
