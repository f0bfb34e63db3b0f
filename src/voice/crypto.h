// VoiceKeys: the keys of the child's voice, derived from one key file outside
// the database (<key-dir>/voice.key, created like bsn.key):
// - message bodies are sealed with XChaCha20-Poly1305 (libsodium's
//   crypto_aead_xchacha20poly1305_ietf) under a random 192-bit nonce, with the
//   thread they belong to as associated data, so a sealed body copied into
//   another child's thread does not open;
// - codes, passphrases and client addresses are stored only as keyed
//   BLAKE2b hashes, so a copy of the database neither opens a child's place nor
//   shows who tried.
// Immutable after Create; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace inbeeld {

class VoiceKeys {
 public:
  // `key_material`: the key file's contents (64 hex characters as written by
  // EnsureKeyFile, or any text of at least 32 bytes, which is hashed).
  // kInvalidArgument when shorter than 32 bytes.
  static Result<VoiceKeys> Create(std::string_view key_material);

  // "v1." + base64(nonce ‖ ciphertext ‖ tag). `context` is bound as associated data.
  std::string Seal(std::string_view plaintext, std::string_view context) const;
  // The plaintext; kInternal when the text is not a sealed body or does not
  // authenticate under this key and `context` (tampered, other thread, other key).
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;

  // Lowercase hex keyed BLAKE2b-256 of `data` under a subkey per `purpose`
  // ("code", "address", "prefix"): equal inputs give equal hashes, nothing else.
  std::string Hash(std::string_view purpose, std::string_view data) const;

 private:
  VoiceKeys() = default;
  std::string seal_key_;  // 32 bytes
  std::string hash_key_;  // 32 bytes
};

}  // namespace inbeeld
