#include "identity/linkage_index.h"

#include <gtest/gtest.h>

#include <random>

#include "identity/blocking.h"
#include "identity/linker.h"

namespace inbeeld {
namespace {

const std::string kKey(32, 'k');

TEST(Soundex, Table) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const Case& c : {Case{"robert", "R163"}, Case{"rupert", "R163"}, Case{"ashcraft", "A261"},
                        Case{"tymczak", "T522"}, Case{"pfister", "P236"}, Case{"jansen", "J525"},
                        Case{"janssen", "J525"}, Case{"li", "L000"}, Case{"", ""}}) {
    EXPECT_EQ(Soundex(c.in), c.out) << c.in;
  }
}

// A small register: families with twins, siblings and a parent namesake.
struct Register {
  std::vector<LinkageRecord> people;
  BloomEncoder enc = *BloomEncoder::Create(kKey);
  LinkageIndex index;
  void Build() {
    for (size_t i = 0; i < people.size(); ++i) {
      index.Add(static_cast<int64_t>(1000 + i), enc.Encode(people[i]),
                MakeBlockingKeys(enc, people[i]));
    }
    index.Build();
  }
};

Register MakeRegister() {
  Register reg;
  const char* firsts[] = {"Emma", "Sophie", "Daan", "Lucas", "Julia",
                          "Sem",  "Noah",   "Tess", "Liam",  "Mila"};
  const char* lasts[] = {"de Jong", "Jansen", "de Vries", "van den Berg",
                         "Bakker",  "Visser", "Smit",     "Meijer"};
  const char* streets[] = {"Lindenlaan", "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat"};
  std::mt19937 rng(1);
  for (int h = 0; h < 300; ++h) {
    LinkageRecord base{.last_name = lasts[rng() % 8],
                       .street = streets[rng() % 5],
                       .house_number = std::to_string(1 + rng() % 200),
                       .postcode = std::to_string(1000 + rng() % 9000) + " AB",
                       .city = "Utrecht"};
    for (int c = 0; c < 3; ++c) {
      LinkageRecord r = base;
      r.first_name = firsts[(h + c * 3) % 10];
      int year = 2008 + static_cast<int>(rng() % 17);
      char d[16];
      std::snprintf(d, sizeof d, "%04d%02d%02d", year, 1 + static_cast<int>(rng() % 12),
                    1 + static_cast<int>(rng() % 28));
      r.birth_date = d;
      if (c == 1 && h % 5 == 0) r.birth_date = reg.people.back().birth_date;  // twins
      r.sex = rng() % 2 ? Sex::kMale : Sex::kFemale;
      reg.people.push_back(r);
    }
  }
  reg.Build();
  return reg;
}

TEST(LinkageIndex, BlockedSearchFindsWhatTheFullScanFinds) {
  Register reg = MakeRegister();
  EXPECT_EQ(reg.index.size(), 900u);
  EXPECT_LT(reg.index.MemoryBytes(), 900u * 200);
  for (size_t i = 0; i < reg.people.size(); i += 7) {
    LinkageRecord q = reg.people[i];
    q.first_name += "a";  // a typo
    BloomEncoding e = reg.enc.Encode(q);
    auto full = reg.index.FullScan(e, 0.8, 3);
    auto blocked = reg.index.BlockedSearch(e, MakeBlockingKeys(reg.enc, q), 0.8, 3);
    ASSERT_FALSE(full.empty());
    EXPECT_EQ(reg.index.id(full[0].pos), static_cast<int64_t>(1000 + i));
    ASSERT_FALSE(blocked.empty());
    EXPECT_EQ(blocked[0].pos, full[0].pos);
    EXPECT_FLOAT_EQ(blocked[0].score, full[0].score);
  }
  // Nothing in common: nothing found.
  LinkageRecord stranger{.first_name = "Xerxes", .last_name = "Quist", .birth_date = "19500101"};
  EXPECT_TRUE(reg.index.FullScan(reg.enc.Encode(stranger), 0.7, 5).empty());
}

TEST(Linker, AutoLinksTheChildButNeverTheTwin) {
  Register reg = MakeRegister();
  Linker linker(reg.enc, reg.index, LinkThresholds{});
  // Household 0 has twins (h % 5 == 0): people 0 and 1 share everything but the first name.
  ASSERT_EQ(reg.people[0].birth_date, reg.people[1].birth_date);
  LinkResult exact = linker.Match(reg.people[1]);
  ASSERT_FALSE(exact.candidates.empty());
  EXPECT_EQ(exact.candidates[0].id, 1001);
  EXPECT_EQ(exact.candidates[0].classification.decision, LinkDecision::kAutoLink);
  // A signal about a third child with the twins' details but another first name.
  LinkageRecord other = reg.people[1];
  other.first_name = "Fenna";
  for (const LinkCandidate& c : linker.Match(other).candidates) {
    EXPECT_NE(c.classification.decision, LinkDecision::kAutoLink)
        << c.id << " " << c.classification.reason;
  }
  // A parent namesake: same names and address, another birth year.
  LinkageRecord parent = reg.people[2];
  parent.birth_date = "19800101";
  for (const LinkCandidate& c : linker.Match(parent).candidates) {
    EXPECT_NE(c.classification.decision, LinkDecision::kAutoLink) << c.classification.reason;
  }
  // No blocking key at all: the full scan.
  LinkageRecord bare{.first_name = reg.people[3].first_name};
  EXPECT_TRUE(linker.Match(bare).full_scan);
}

TEST(Linker, PartialSignalGivesARankedListAndNoLink) {
  Register reg = MakeRegister();
  Linker linker(reg.enc, reg.index, LinkThresholds{});
  const LinkageRecord& child = reg.people[40];
  int year = std::stoi(child.birth_date.substr(0, 4));
  LinkageRecord partial{.first_name = child.first_name,
                        .street = child.street,
                        .house_number = child.house_number,
                        .city = child.city,
                        .estimated_age = 2026 - year};
  LinkResult r = linker.PartialMatch(partial, 2026);
  ASSERT_FALSE(r.candidates.empty());
  bool found = false;
  for (const LinkCandidate& c : r.candidates) {
    EXPECT_EQ(c.classification.decision, LinkDecision::kReview);
    found |= c.id == 1040;
  }
  EXPECT_TRUE(found);
  // The wrong age excludes the child.
  partial.estimated_age = 2026 - year + 6;
  for (const LinkCandidate& c : linker.PartialMatch(partial, 2026).candidates)
    EXPECT_NE(c.id, 1040);
}

}  // namespace
}  // namespace inbeeld
