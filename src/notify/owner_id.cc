#include "notify/owner_id.h"

#include <sodium.h>
#include <unistd.h>

#include <cstdlib>

namespace inbeeld {

std::string MakeOwnerId() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
    std::snprintf(host, sizeof host, "host");
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe can run
  unsigned char raw[4];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + hex;
}

}  // namespace inbeeld
