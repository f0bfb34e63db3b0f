// BsnPseudonymizer: the BSN as a keyed pseudonym, HMAC-SHA256 with a secret
// key from a file outside the database. The same BSN and key always give the
// same pseudonym; without the key the BSN cannot be recovered or tested.
#pragma once

#include <string>

#include "core/bsn.h"
#include "core/model.h"
#include "core/status.h"

namespace inbeeld {

class BsnPseudonymizer {
 public:
  // REQUIRES: key of at least 32 bytes (platform/secrets.h ReadKeyFile).
  static Result<BsnPseudonymizer> Create(std::string key);
  // Thread-safe.
  BsnPseudonym Pseudonymize(const Bsn& bsn) const;

 private:
  explicit BsnPseudonymizer(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace inbeeld
