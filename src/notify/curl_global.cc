#include "notify/curl_global.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>

namespace inbeeld {

void EnsureCurl() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) std::abort();
  });
}

}  // namespace inbeeld
