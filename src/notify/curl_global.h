// Internal to notify/: libcurl's global initialisation, once per process.
#pragma once

namespace inbeeld {

// Calls curl_global_init once. Thread-safe. Aborts when libcurl cannot start.
void EnsureCurl();

}  // namespace inbeeld
