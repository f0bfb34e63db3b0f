// Secrets: keys read from files outside the database (the BSN pseudonym key,
// the TOTP encryption key). A missing or short key file is a start-up error.
#pragma once

#include <string>

#include "core/status.h"

namespace inbeeld {

// Reads a key file: at least 32 bytes of key material (raw or hex). Fails with
// kInvalidArgument naming the path when the file is missing, unreadable or too short.
Result<std::string> ReadKeyFile(const std::string& path);

// Creates a key file with 32 random bytes (hex) and mode 0600 when it does not exist.
Status EnsureKeyFile(const std::string& path);

}  // namespace inbeeld
