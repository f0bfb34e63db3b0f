#include "access/audit_chain.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <utility>

namespace inbeeld {
namespace {

AuditRecord Sample(int i) {
  AuditRecord r;
  r.at_ms = 1'700'000'000'000 + i * 1000;
  r.user_id = 7;
  r.username = "j.jansen";
  r.org_id = 3;
  r.org_name = "Veilig Thuis Utrecht";
  r.role = "vt_case_worker";
  r.action = i % 2 ? "read" : "search";
  r.object_type = "person";
  if (i % 3 != 0) r.person_id = 100 + i;
  r.detail = "persoonskaart " + std::to_string(i);
  r.responsibility = "Veilig Thuis: wettelijke taak";
  r.reason = i == 4 ? "spoed: kind in gevaar" : "";
  return r;
}

// Chains records as a store would: seq 1, 2, 3, ... and prev_hash from the
// previous entry, then hash = ChainHash.
std::vector<AuditRecord> Chain(int n) {
  std::vector<AuditRecord> out;
  std::string prev;
  for (int i = 1; i <= n; ++i) {
    AuditRecord r = Sample(i);
    r.seq = i;
    r.prev_hash = prev;
    r.hash = ChainHash(r);
    prev = r.hash;
    out.push_back(std::move(r));
  }
  return out;
}

TEST(AuditChainTest, IntactChainVerifies) {
  VerifyReport report;
  auto chain = Chain(10);
  EXPECT_TRUE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.checked, 10);
  EXPECT_EQ(report.last_seq, 10);
  EXPECT_EQ(report.last_hash, chain.back().hash);
  EXPECT_EQ(report.broken_seq, 0);
  EXPECT_TRUE(report.problem.empty());
}

TEST(AuditChainTest, EmptyChainIsIntact) {
  VerifyReport report;
  EXPECT_TRUE(VerifyAuditChain({}, &report).ok());
  EXPECT_EQ(report.checked, 0);
  EXPECT_TRUE(VerifyAuditChain({}, nullptr).ok());
}

TEST(AuditChainTest, HashIsHexSha256AndDeterministic) {
  auto chain = Chain(2);
  EXPECT_EQ(chain[0].hash.size(), 64u);
  EXPECT_EQ(chain[0].hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(ChainHash(chain[1]), chain[1].hash);
  EXPECT_EQ(chain[1].prev_hash, chain[0].hash);
  // The stored hash field itself is not part of the hash input.
  AuditRecord r = chain[1];
  r.hash = "anything";
  EXPECT_EQ(ChainHash(r), chain[1].hash);
}

// Every field, changed in entry 5 of 8: the chain breaks at seq 5.
TEST(AuditChainTest, TamperingWithAnyFieldIsDetected) {
  const std::vector<std::pair<const char*, std::function<void(AuditRecord&)>>> edits = {
      {"at_ms", [](AuditRecord& r) { r.at_ms += 1; }},
      {"user_id", [](AuditRecord& r) { r.user_id = 8; }},
      {"username", [](AuditRecord& r) { r.username = "p.pietersen"; }},
      {"org_id", [](AuditRecord& r) { r.org_id = 4; }},
      {"org_name", [](AuditRecord& r) { r.org_name += " "; }},
      {"role", [](AuditRecord& r) { r.role = "admin"; }},
      {"action", [](AuditRecord& r) { r.action = "write"; }},
      {"object_type", [](AuditRecord& r) { r.object_type = "household"; }},
      {"person_id value", [](AuditRecord& r) { r.person_id = 999; }},
      {"person_id removed", [](AuditRecord& r) { r.person_id.reset(); }},
      {"detail", [](AuditRecord& r) { r.detail = ""; }},
      {"responsibility", [](AuditRecord& r) { r.responsibility = "x"; }},
      {"reason", [](AuditRecord& r) { r.reason = "geen"; }},
      {"hash", [](AuditRecord& r) { r.hash[0] = r.hash[0] == 'a' ? 'b' : 'a'; }},
      {"prev_hash", [](AuditRecord& r) { r.prev_hash[0] = r.prev_hash[0] == 'a' ? 'b' : 'a'; }},
      {"seq", [](AuditRecord& r) { r.seq = 6; }},
  };
  for (const auto& [name, edit] : edits) {
    auto chain = Chain(8);
    edit(chain[4]);
    VerifyReport report;
    const Status s = VerifyAuditChain(chain, &report);
    EXPECT_EQ(s.code(), StatusCode::kConflict) << name;
    EXPECT_EQ(report.broken_seq, chain[4].seq) << name;
    EXPECT_EQ(report.checked, 4) << name;
    EXPECT_EQ(report.last_seq, 4) << name;
    EXPECT_FALSE(report.problem.empty()) << name;
  }
}

// Re-hashing the changed entry (without the key-less chain being rewritten
// after it) is caught at the next entry.
TEST(AuditChainTest, RehashedTamperingBreaksTheNextLink) {
  auto chain = Chain(8);
  chain[4].detail = "iets anders";
  chain[4].hash = ChainHash(chain[4]);
  VerifyReport report;
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 6);
  EXPECT_NE(report.problem.find("prev_hash"), std::string::npos) << report.problem;
}

TEST(AuditChainTest, DeletionIsDetected) {
  for (int i : {0, 3, 6}) {  // the first, a middle and the next-to-last entry
    auto chain = Chain(8);
    chain.erase(chain.begin() + i);
    VerifyReport report;
    EXPECT_EQ(VerifyAuditChain(chain, &report).code(), StatusCode::kConflict) << i;
    EXPECT_EQ(report.broken_seq, i + 2) << i;
    EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
  }
}

TEST(AuditChainTest, DeletionWithRenumberingIsDetected) {
  auto chain = Chain(8);
  chain.erase(chain.begin() + 3);
  for (size_t i = 3; i < chain.size(); ++i) chain[i].seq = static_cast<int64_t>(i) + 1;
  VerifyReport report;
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 4);
}

TEST(AuditChainTest, ReorderingIsDetected) {
  auto chain = Chain(8);
  std::swap(chain[2], chain[5]);
  VerifyReport report;
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 6);
  EXPECT_EQ(report.last_seq, 2);

  // Swapping contents but keeping the seq numbers in place: the hashes break.
  chain = Chain(8);
  std::swap(chain[2], chain[3]);
  std::swap(chain[2].seq, chain[3].seq);
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 3);
}

TEST(AuditChainTest, DuplicationIsDetected) {
  auto chain = Chain(5);
  chain.insert(chain.begin() + 3, chain[2]);
  VerifyReport report;
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 3);
  EXPECT_NE(report.problem.find("out of order or duplicated"), std::string::npos);
}

TEST(AuditChainTest, FirstEntryMustHaveEmptyPrevHashAndSeqOne) {
  auto chain = Chain(3);
  chain[0].prev_hash = std::string(64, '0');
  chain[0].hash = ChainHash(chain[0]);
  VerifyReport report;
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 1);

  chain = Chain(3);
  chain.erase(chain.begin());  // starts at 2
  EXPECT_FALSE(VerifyAuditChain(chain, &report).ok());
  EXPECT_EQ(report.broken_seq, 2);
}

TEST(AuditChainTest, VerifierKeepsFailingAfterABreak) {
  auto chain = Chain(4);
  chain[1].detail = "x";
  AuditChainVerifier v;
  EXPECT_TRUE(v.Next(chain[0]).ok());
  EXPECT_FALSE(v.Next(chain[1]).ok());
  EXPECT_FALSE(v.Next(chain[2]).ok());
  EXPECT_FALSE(v.status().ok());
  EXPECT_EQ(v.report().broken_seq, 2);
}

// Length-prefixing: moving bytes between adjacent fields changes the encoding.
TEST(AuditChainTest, CanonicalEncodingIsUnambiguous) {
  AuditRecord a = Sample(1), b = Sample(1);
  a.username = "ab";
  a.org_name = "c";
  b.username = "a";
  b.org_name = "bc";
  EXPECT_NE(CanonicalAuditBytes(a), CanonicalAuditBytes(b));

  AuditRecord c = Sample(1), d = Sample(1);
  c.detail = "";
  c.responsibility = "x";
  d.detail = "x";
  d.responsibility = "";
  EXPECT_NE(CanonicalAuditBytes(c), CanonicalAuditBytes(d));

  AuditRecord e = Sample(1), f = Sample(1);
  e.person_id = 0;
  f.person_id.reset();
  EXPECT_NE(CanonicalAuditBytes(e), CanonicalAuditBytes(f));

  AuditRecord g = Sample(1), h = Sample(1);
  g.prev_hash = "ab";
  h.prev_hash = "a";
  h.seq = g.seq;
  EXPECT_EQ(CanonicalAuditBytes(g), CanonicalAuditBytes(h));  // prev_hash is outside ...
  EXPECT_NE(ChainHash(g), ChainHash(h));                      // ... but in the hash
}

TEST(AuditChainTest, DistinctRecordsGiveDistinctEncodings) {
  std::set<std::string> seen;
  auto chain = Chain(50);
  for (const AuditRecord& r : chain) EXPECT_TRUE(seen.insert(CanonicalAuditBytes(r)).second);
}

}  // namespace
}  // namespace inbeeld
