#include "identity/pseudonym.h"

#include <sodium.h>

namespace inbeeld {

Result<BsnPseudonymizer> BsnPseudonymizer::Create(std::string key) {
  if (sodium_init() < 0) return Status::Internal("libsodium init failed");
  if (key.size() < 32) return Status::Invalid("pseudonym key shorter than 32 bytes", "key_file");
  return BsnPseudonymizer(std::move(key));
}

BsnPseudonym BsnPseudonymizer::Pseudonymize(const Bsn& bsn) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key_.data()),
                              key_.size());
  // Domain separation: the same key never yields the same MAC for another purpose.
  static const char kDomain[] = "inbeeld/bsn/v1:";
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(kDomain),
                                sizeof kDomain - 1);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(bsn.digits().data()),
                                bsn.digits().size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return BsnPseudonym{hex};
}

}  // namespace inbeeld
