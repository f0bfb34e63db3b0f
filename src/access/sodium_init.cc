#include "access/sodium_init.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace inbeeld {

void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("inbeeld: libsodium failed to initialise\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

}  // namespace inbeeld
