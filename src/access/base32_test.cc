#include "access/base32.h"

#include <gtest/gtest.h>

#include <vector>

namespace inbeeld {
namespace {

struct Vector {
  std::string bytes;
  std::string base32;  // RFC 4648 section 10, padding removed
};

const std::vector<Vector>& Rfc4648Vectors() {
  static const std::vector<Vector> v = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  return v;
}

TEST(Base32Test, EncodesRfc4648Vectors) {
  for (const Vector& v : Rfc4648Vectors()) EXPECT_EQ(Base32Encode(v.bytes), v.base32) << v.bytes;
}

TEST(Base32Test, DecodesRfc4648Vectors) {
  for (const Vector& v : Rfc4648Vectors()) {
    EXPECT_EQ(Base32Decode(v.base32), v.bytes) << v.base32;
  }
  // With the padding RFC 4648 prints.
  EXPECT_EQ(Base32Decode("MY======"), "f");
  EXPECT_EQ(Base32Decode("MZXW6YQ="), "foob");
  EXPECT_EQ(Base32Decode("MZXW6YTBOI======"), "foobar");
}

TEST(Base32Test, CaseInsensitiveAndSpacesIgnored) {
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(Base32Decode("MzXw 6yTb Oi"), "foobar");
  EXPECT_EQ(Base32Decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"), "12345678901234567890");
  EXPECT_EQ(Base32Decode("gezd-gnbv"), "12345");
}

TEST(Base32Test, RejectsInvalidInput) {
  EXPECT_EQ(Base32Decode("MZXW1"), std::nullopt);  // '1' is not in the alphabet
  EXPECT_EQ(Base32Decode("MZXW8"), std::nullopt);
  EXPECT_EQ(Base32Decode("MZ=XW"), std::nullopt);  // padding in the middle
  EXPECT_EQ(Base32Decode("M"), std::nullopt);      // 5 bits: no encoder makes this
  EXPECT_EQ(Base32Decode("MZX"), std::nullopt);    // 15 bits: ditto
  EXPECT_EQ(Base32Decode("MY"), "f");
  EXPECT_EQ(Base32Decode("MZ"), std::nullopt);  // non-zero leftover bits
  EXPECT_EQ(Base32Decode("MB"), std::nullopt);  // non-zero leftover bits
  EXPECT_EQ(Base32Decode("é"), std::nullopt);
}

TEST(Base32Test, RoundTripsAllByteValuesAndLengths) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
    const std::string enc = Base32Encode(bytes);
    EXPECT_EQ(enc.size(), (bytes.size() * 8 + 4) / 5);
    EXPECT_EQ(Base32Decode(enc), bytes) << i;
  }
}

}  // namespace
}  // namespace inbeeld
