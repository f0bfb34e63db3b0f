#include "access/totp.h"

#include <gtest/gtest.h>

#include <set>

#include "access/base32.h"

namespace inbeeld {
namespace {

// RFC 6238 appendix B uses the ASCII key "12345678901234567890" for SHA-1.
const std::string kRfcKey = "12345678901234567890";
const std::string kRfcSecret = Base32Encode(kRfcKey);

TEST(TotpTest, RfcSecretInBase32) {
  EXPECT_EQ(kRfcSecret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(TotpTest, HotpRfc4226Vectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(HotpCode(kRfcKey, counter), expected[counter]) << counter;
  }
}

struct RfcVector {
  int64_t unix_s;
  std::string eight_digits;  // as printed in RFC 6238 appendix B (SHA-1)
};

const std::vector<RfcVector> kRfc6238 = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

TEST(TotpTest, Rfc6238Sha1VectorsEightDigits) {
  for (const RfcVector& v : kRfc6238) {
    EXPECT_EQ(HotpCode(kRfcKey, static_cast<uint64_t>(TotpStep(v.unix_s)), 8), v.eight_digits)
        << v.unix_s;
  }
}

TEST(TotpTest, Rfc6238Sha1VectorsSixDigits) {
  for (const RfcVector& v : kRfc6238) {
    auto code = TotpCode(kRfcSecret, v.unix_s);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(*code, v.eight_digits.substr(2)) << v.unix_s;
  }
}

TEST(TotpTest, StepsAreThirtySeconds) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(59), 1);
  EXPECT_EQ(TotpStep(1111111109), 37037036);
  EXPECT_EQ(TotpStep(-1), -1);
  EXPECT_EQ(*TotpCode(kRfcSecret, 30), *TotpCode(kRfcSecret, 59));
  EXPECT_NE(*TotpCode(kRfcSecret, 59), *TotpCode(kRfcSecret, 60));
}

TEST(TotpTest, InvalidSecret) {
  EXPECT_FALSE(TotpCode("", 59).ok());
  EXPECT_FALSE(TotpCode("not base32!", 59).ok());
  EXPECT_EQ(VerifyTotp("", "287082", 59), std::nullopt);
  EXPECT_EQ(VerifyTotp("not base32!", "287082", 59), std::nullopt);
}

TEST(TotpTest, VerifyAcceptsTheCurrentAndAdjacentSteps) {
  const int64_t t = 1111111109;  // step 37037036, code 081804
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t), 37037036);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081 804", t), 37037036);  // as some apps display it
  // The same code one step (30 s) late or early is still accepted with window 1 ...
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t + 30), 37037036);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t - 30), 37037036);
  // ... but not two steps away, nor one step away with window 0.
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t + 60), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t - 60), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t + 30, 0), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t + 60, 2), 37037036);
}

TEST(TotpTest, VerifyRejectsMalformedCodes) {
  const int64_t t = 1111111109;
  for (const char* bad : {"", "08180", "0818044", "08180a", "-81804", "０81804", "081804\n"}) {
    EXPECT_EQ(VerifyTotp(kRfcSecret, bad, t), std::nullopt) << bad;
  }
  EXPECT_EQ(VerifyTotp(kRfcSecret, "000000", t), std::nullopt);
}

TEST(TotpTest, ReplayOfAUsedStepIsRefused) {
  const int64_t t = 1111111109;
  auto step = VerifyTotp(kRfcSecret, "081804", t);
  ASSERT_TRUE(step.has_value());
  // The caller stored *step; the same code again is refused, also 20 s later.
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t, 1, *step), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "081804", t + 20, 1, *step), std::nullopt);
  // The next step's code is accepted.
  const std::string next = *TotpCode(kRfcSecret, t + 30);
  EXPECT_EQ(VerifyTotp(kRfcSecret, next, t + 30, 1, *step), *step + 1);
  // An older step's code is refused too, though within the window.
  const std::string previous = *TotpCode(kRfcSecret, t - 30);
  EXPECT_EQ(VerifyTotp(kRfcSecret, previous, t, 1, *step), std::nullopt);
}

TEST(TotpTest, GeneratedSecretsAre160BitBase32) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string s = GenerateTotpSecret();
    EXPECT_EQ(s.size(), 32u);
    auto key = Base32Decode(s);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->size(), 20u);
    EXPECT_TRUE(seen.insert(s).second);
  }
  const std::string s = GenerateTotpSecret();
  auto code = TotpCode(s, 1700000000);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(VerifyTotp(s, *code, 1700000000), TotpStep(1700000000));
}

TEST(TotpTest, Uri) {
  EXPECT_EQ(TotpUri("InBeeld", "j.jansen@vt-utrecht.nl", "GEZDGNBV"),
            "otpauth://totp/InBeeld:j.jansen%40vt-utrecht.nl?secret=GEZDGNBV&issuer=InBeeld"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(TotpUri("InBeeld Regio Zuid", "ré:x", "AB"),
            "otpauth://totp/InBeeld%20Regio%20Zuid:r%C3%A9%3Ax?secret=AB"
            "&issuer=InBeeld%20Regio%20Zuid&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace inbeeld
