// EnsureSodium(): initialises libsodium once. Thread-safe; cheap after the
// first call. Aborts the process when libsodium cannot initialise (no source
// of randomness), since nothing secure can run without it.
#pragma once

namespace inbeeld {

void EnsureSodium();

}  // namespace inbeeld
