#include "voice/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace inbeeld {
namespace {

const std::string kKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const std::string kOtherKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

TEST(VoiceKeys, SealOpensWithTheSameKeyAndContext) {
  auto k = VoiceKeys::Create(kKey);
  ASSERT_TRUE(k.ok());
  std::string sealed = k->Seal("Ik wil iets vertellen.", "voice-message:7");
  EXPECT_EQ(sealed.rfind("v1.", 0), 0u);
  EXPECT_EQ(sealed.find("vertellen"), std::string::npos);  // not in the clear
  auto open = k->Open(sealed, "voice-message:7");
  ASSERT_TRUE(open.ok()) << open.status().message();
  EXPECT_EQ(*open, "Ik wil iets vertellen.");
  auto empty = k->Open(k->Seal("", "c"), "c");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(VoiceKeys, EverySealHasItsOwnNonce) {
  auto k = VoiceKeys::Create(kKey);
  ASSERT_TRUE(k.ok());
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(seen.insert(k->Seal("zelfde tekst", "c")).second);
}

TEST(VoiceKeys, RefusesOtherContextOtherKeyAndTampering) {
  auto k = VoiceKeys::Create(kKey);
  auto other = VoiceKeys::Create(kOtherKey);
  ASSERT_TRUE(k.ok() && other.ok());
  std::string sealed = k->Seal("geheim", "voice-message:7");
  EXPECT_FALSE(k->Open(sealed, "voice-message:8").ok());  // another child's thread
  EXPECT_FALSE(other->Open(sealed, "voice-message:7").ok());
  std::string tampered = sealed;
  char& c = tampered[tampered.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(k->Open(tampered, "voice-message:7").ok());
  EXPECT_FALSE(k->Open("geheim", "voice-message:7").ok());
  EXPECT_FALSE(k->Open("v1.", "voice-message:7").ok());
  EXPECT_FALSE(k->Open("v1.!!!!", "voice-message:7").ok());
  EXPECT_FALSE(k->Open(sealed.substr(0, 20), "voice-message:7").ok());
}

TEST(VoiceKeys, KeyedHashes) {
  auto k = VoiceKeys::Create(kKey);
  auto other = VoiceKeys::Create(kOtherKey);
  ASSERT_TRUE(k.ok() && other.ok());
  std::string h = k->Hash("code", "appelfietszon42");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, k->Hash("code", "appelfietszon42"));  // stable
  EXPECT_NE(h, k->Hash("code", "appelfietszon43"));
  EXPECT_NE(h, k->Hash("prefix", "appelfietszon42"));    // per purpose
  EXPECT_NE(h, other->Hash("code", "appelfietszon42"));  // keyed
  EXPECT_EQ(h.find("appel"), std::string::npos);
}

TEST(VoiceKeys, KeyMaterial) {
  EXPECT_FALSE(VoiceKeys::Create("te kort").ok());
  auto text = VoiceKeys::Create("een sleutel die geen hex is maar lang genoeg!");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text->Open(text->Seal("x", "c"), "c"), "x");
  // The same hex key file gives the same keys (a restart opens old messages).
  auto a = VoiceKeys::Create(kKey);
  auto b = VoiceKeys::Create(kKey);
  EXPECT_EQ(*b->Open(a->Seal("blijft leesbaar", "c"), "c"), "blijft leesbaar");
}

}  // namespace
}  // namespace inbeeld
