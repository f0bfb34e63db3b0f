#include "access/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cstdio>

#include "access/base32.h"
#include "access/sodium_init.h"
#include "access/tokens.h"

namespace inbeeld {

namespace {

constexpr uint32_t kPow10[] = {1,      10,      100,      1000,      10000,
                               100000, 1000000, 10000000, 100000000, 1000000000};

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace

std::string GenerateTotpSecret() {
  EnsureSodium();
  std::string key(20, '\0');
  randombytes_buf(key.data(), key.size());
  std::string secret = Base32Encode(key);
  sodium_memzero(key.data(), key.size());
  return secret;
}

std::string HotpCode(std::string_view key, uint64_t counter, int digits) {
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg, sizeof msg, mac, &mac_len);
  // Dynamic truncation (RFC 4226, section 5.3).
  const int offset = mac[mac_len - 1] & 0x0F;
  const uint32_t bin = (static_cast<uint32_t>(mac[offset] & 0x7F) << 24) |
                       (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                       (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                       static_cast<uint32_t>(mac[offset + 3]);
  OPENSSL_cleanse(mac, sizeof mac);
  if (digits < 1) digits = 1;
  if (digits > 9) digits = 9;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*u", digits, static_cast<unsigned>(bin % kPow10[digits]));
  return buf;
}

int64_t TotpStep(int64_t unix_s) {
  // Floor division, so that times before 1970 do not share step 0.
  return unix_s >= 0 ? unix_s / kTotpStepSeconds
                     : -((-unix_s + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

Result<std::string> TotpCode(std::string_view secret, int64_t unix_s) {
  auto key = Base32Decode(secret);
  if (!key || key->empty()) return Status::Invalid("ongeldig TOTP-geheim", "totp_secret");
  std::string code = HotpCode(*key, static_cast<uint64_t>(TotpStep(unix_s)));
  sodium_memzero(key->data(), key->size());
  return code;
}

std::optional<int64_t> VerifyTotp(std::string_view secret, std::string_view code, int64_t unix_s,
                                  int window, int64_t last_used_step) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  auto key = Base32Decode(secret);
  if (!key || key->empty()) return std::nullopt;
  if (window < 0) window = 0;
  if (window > 10) window = 10;

  const int64_t now = TotpStep(unix_s);
  std::optional<int64_t> matched;
  for (int64_t step = now - window; step <= now + window; ++step) {
    const std::string candidate = HotpCode(*key, static_cast<uint64_t>(step));
    const bool equal = ConstantTimeEquals(candidate, digits);
    // Keep the latest matching step; never leave the loop early.
    if (equal && step > last_used_step) matched = step;
  }
  sodium_memzero(key->data(), key->size());
  return matched;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  const std::string iss = PercentEncode(issuer);
  return "otpauth://totp/" + iss + ":" + PercentEncode(account) + "?secret=" + std::string(secret) +
         "&issuer=" + iss + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

}  // namespace inbeeld
