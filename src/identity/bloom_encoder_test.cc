#include "identity/bloom_encoder.h"

#include <gtest/gtest.h>

#include <random>

#include "identity/popcount_scan.h"

namespace inbeeld {
namespace {

const std::string kKey(32, 'k');

LinkageRecord Emma() {
  return {.first_name = "Emma",
          .last_name = "de Vries",
          .birth_date = "2017-03-05",
          .sex = Sex::kFemale,
          .street = "Lindenlaan",
          .house_number = "12",
          .postcode = "1234 AB",
          .city = "Utrecht"};
}

TEST(BloomEncoder, DeterministicKeyedAndSimilarForTypos) {
  auto a = BloomEncoder::Create(kKey);
  auto b = BloomEncoder::Create(std::string(32, 'x'));
  ASSERT_TRUE(a.ok() && b.ok());
  const BloomEncoding e = a->Encode(Emma());
  EXPECT_EQ(e, a->Encode(Emma()));
  EXPECT_NE(e, b->Encode(Emma()));  // another key, other positions
  EXPECT_LT(Dice(e, b->Encode(Emma())), 0.7);
  // Normalisation: case, accents and spacing do not matter.
  LinkageRecord same = Emma();
  same.first_name = " EMMA";
  same.postcode = "1234ab";
  EXPECT_EQ(Dice(e, a->Encode(same)), 1.0);
  // A typo costs little; a different child costs much.
  LinkageRecord typo = Emma();
  typo.last_name = "de Vris";
  EXPECT_GT(Dice(e, a->Encode(typo)), 0.9);
  LinkageRecord other = {.first_name = "Daan",
                         .last_name = "Jansen",
                         .birth_date = "2012-11-20",
                         .sex = Sex::kMale,
                         .street = "Kerkstraat",
                         .house_number = "3",
                         .postcode = "9876 ZX",
                         .city = "Zwolle"};
  EXPECT_LT(Dice(e, a->Encode(other)), 0.5);
  // Fill stays well below saturation for a full record.
  int bits = Popcount(e);
  EXPECT_GT(bits, 200);
  EXPECT_LT(bits, 700);
}

TEST(BloomEncoder, FieldsAreSeparateAndEmptyRecordIsEmpty) {
  auto enc = BloomEncoder::Create(kKey);
  ASSERT_TRUE(enc.ok());
  FieldEncodings f = enc->EncodeFields(Emma());
  EXPECT_GT(Popcount(f[LinkField::kFirstName]), 0);
  EXPECT_EQ(Containment(f[LinkField::kFirstName], f.Union()), 1.0);
  // The same q-grams in another field land elsewhere ...
  EXPECT_LT(Dice(enc->Encode({.street = "Utrecht"}), enc->Encode({.city = "Utrecht"})), 0.3);
  // ... except first and last name, which share a key: a swap costs nothing.
  LinkageRecord swapped = {.first_name = "de Vries", .last_name = "Emma"};
  EXPECT_EQ(
      Dice(enc->Encode({.first_name = "Emma", .last_name = "de Vries"}), enc->Encode(swapped)),
      1.0);
  // The weights differ, so the first name's own bits still tell twins apart.
  EXPECT_LT(Containment(f[LinkField::kFirstName],
                        enc->Encode({.first_name = "Sophie", .last_name = "de Vries"})),
            0.8);
  EXPECT_EQ(Popcount(enc->Encode(LinkageRecord{})), 0);
}

TEST(BloomEncoder, RejectsShortKeyAndBadWeights) {
  EXPECT_FALSE(BloomEncoder::Create("short").ok());
  FieldWeights w;
  w.k[0] = 100;
  EXPECT_FALSE(BloomEncoder::Create(kKey, w).ok());
}

TEST(PopcountScan, EveryKernelAgreesWithThePortableOne) {
  std::mt19937_64 rng(7);
  std::vector<BloomEncoding> base(1001);
  for (auto& e : base) {
    for (auto& w : e.words) w = rng() & rng();
  }
  BloomEncoding q;
  for (auto& w : q.words) w = rng();
  std::vector<uint16_t> want(base.size()), got(base.size());
  AndPopcounts(q, base.data(), base.size(), want.data(), PopcountKernel::kPortable);
  for (size_t i = 0; i < base.size(); ++i) ASSERT_EQ(want[i], PopcountAnd(q, base[i]));
  const PopcountKernel best = BestPopcountKernel();
  for (PopcountKernel k :
       {PopcountKernel::kPopcnt, PopcountKernel::kAvx2, PopcountKernel::kAvx512}) {
    if (static_cast<int>(k) > static_cast<int>(best)) continue;
    std::fill(got.begin(), got.end(), 0);
    AndPopcounts(q, base.data(), base.size(), got.data(), k);
    EXPECT_EQ(got, want) << KernelName(k);
  }
  // The gathering kernels, on every other record in reverse.
  std::vector<uint32_t> pos;
  for (uint32_t i = 1000; i > 0; i -= 2) pos.push_back(i);
  std::vector<uint16_t> at(pos.size());
  for (PopcountKernel k : {PopcountKernel::kPortable, PopcountKernel::kPopcnt,
                           PopcountKernel::kAvx2, PopcountKernel::kAvx512}) {
    if (static_cast<int>(k) > static_cast<int>(best)) continue;
    AndPopcountsAt(q, base.data(), pos.data(), pos.size(), at.data(), k);
    for (size_t i = 0; i < pos.size(); ++i) ASSERT_EQ(at[i], want[pos[i]]) << KernelName(k);
  }
  // The full words: all ones.
  BloomEncoding ones;
  ones.words.fill(~uint64_t{0});
  uint16_t c = 0;
  AndPopcounts(ones, &ones, 1, &c);
  EXPECT_EQ(c, 1024);
}

}  // namespace
}  // namespace inbeeld
