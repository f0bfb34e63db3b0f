#include "identity/bloom_encoder.h"

#include <sodium.h>

#include <cstring>

namespace inbeeld {
namespace {

void DeriveKey(std::string_view secret, std::string_view purpose, unsigned char out[16]) {
  // BLAKE2b keyed with (a hash of) the secret: one independent subkey per purpose.
  unsigned char k[crypto_generichash_KEYBYTES];
  crypto_generichash(k, sizeof k, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  std::string msg = "inbeeld/linkage/v1:" + std::string(purpose);
  crypto_generichash(out, 16, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), k,
                     sizeof k);
  sodium_memzero(k, sizeof k);
}

}  // namespace

BloomEncoding FieldEncodings::Union() const {
  BloomEncoding u;
  for (const BloomEncoding& f : field) u |= f;
  return u;
}

Result<BloomEncoder> BloomEncoder::Create(std::string_view key, FieldWeights weights) {
  if (sodium_init() < 0) return Status::Internal("libsodium init failed");
  if (key.size() < 32) return Status::Invalid("linkage key shorter than 32 bytes", "key_file");
  for (int k : weights.k) {
    if (k < 0 || k > 48) return Status::Invalid("field weight outside 0..48", "weights");
  }
  // First and last name share one key: a record with the two swapped (a
  // common error) keeps its bits. Their weights stay separate.
  static const char* kNames[kLinkFieldCount] = {"name",   "name",         "birth_date", "sex",
                                                "street", "house_number", "postcode",   "city"};
  BloomEncoder e;
  e.weights_ = weights;
  for (int f = 0; f < kLinkFieldCount; ++f) DeriveKey(key, kNames[f], e.field_keys_[f].data());
  DeriveKey(key, "blocking", e.blocking_key_.data());
  return e;
}

void BloomEncoder::AddToken(LinkField f, std::string_view token, BloomEncoding& out) const {
  const int k = weights_.k[static_cast<int>(f)];
  const unsigned char* key = field_keys_[static_cast<int>(f)].data();
  unsigned char buf[64];
  size_t n = std::min(token.size(), sizeof buf - 1);
  std::memcpy(buf, token.data(), n);
  for (int done = 0, block = 0; done < k; ++block) {
    buf[n] = static_cast<unsigned char>(block);  // counter: block 0, 1, 2 ...
    unsigned char h[crypto_shorthash_siphashx24_BYTES];
    crypto_shorthash_siphashx24(h, buf, n + 1, key);
    uint64_t lo, hi;
    std::memcpy(&lo, h, 8);
    std::memcpy(&hi, h + 8, 8);
    // 12 positions of 10 bits from the 128-bit output (120 bits used).
    for (int j = 0; j < 12 && done < k; ++j, ++done) {
      unsigned pos = j < 6 ? static_cast<unsigned>((lo >> (10 * j)) & 1023)
                           : static_cast<unsigned>((hi >> (10 * (j - 6))) & 1023);
      out.Set(pos);
    }
  }
}

void BloomEncoder::AddBigrams(LinkField f, std::string_view text, BloomEncoding& out) const {
  if (text.empty()) return;
  std::string padded = "_" + std::string(text) + "_";
  for (size_t i = 0; i + 1 < padded.size(); ++i)
    AddToken(f, std::string_view(padded).substr(i, 2), out);
}

FieldEncodings BloomEncoder::EncodeFields(const LinkageRecord& r) const {
  FieldEncodings e;
  auto& fe = e.field;
  AddBigrams(LinkField::kFirstName, FoldName(r.first_name), fe[0]);
  AddBigrams(LinkField::kLastName, FoldName(r.last_name), fe[1]);
  std::string d = BirthDateDigits(r.birth_date);
  if (d.size() == 8) {
    BloomEncoding& b = fe[2];
    AddToken(LinkField::kBirthDate, "y" + d.substr(0, 4), b);
    AddToken(LinkField::kBirthDate, "m" + d.substr(4, 2), b);
    AddToken(LinkField::kBirthDate, "d" + d.substr(6, 2), b);
    AddToken(LinkField::kBirthDate, "f" + d, b);
  }
  if (r.sex == Sex::kMale) AddToken(LinkField::kSex, "m", fe[3]);
  if (r.sex == Sex::kFemale) AddToken(LinkField::kSex, "v", fe[3]);
  AddBigrams(LinkField::kStreet, FoldText(r.street), fe[4]);
  std::string hn = FoldText(r.house_number);
  if (!hn.empty()) AddToken(LinkField::kHouseNumber, hn, fe[5]);
  std::string pc = FoldPostcode(r.postcode);
  if (!pc.empty()) {
    AddToken(LinkField::kPostcode, "p" + pc, fe[6]);
    AddBigrams(LinkField::kPostcode, pc.substr(0, 4), fe[6]);
  }
  AddBigrams(LinkField::kCity, FoldText(r.city), fe[7]);
  return e;
}

std::string BloomEncoder::RandomKey() {
  if (sodium_init() < 0) return std::string(64, '0');
  unsigned char k[32];
  randombytes_buf(k, sizeof k);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, k, sizeof k);
  return hex;
}

BloomEncoding BloomEncoder::BirthYearBits(int year) const {
  BloomEncoding b;
  AddToken(LinkField::kBirthDate, "y" + std::to_string(year), b);
  return b;
}

uint64_t BloomEncoder::KeyedHash64(std::string_view text) const {
  unsigned char h[crypto_shorthash_siphash24_BYTES];
  crypto_shorthash_siphash24(h, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             blocking_key_.data());
  uint64_t v;
  std::memcpy(&v, h, 8);
  return v;
}

}  // namespace inbeeld
