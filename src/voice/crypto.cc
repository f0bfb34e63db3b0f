#include "voice/crypto.h"

#include <sodium.h>

#include <vector>

#include "access/sodium_init.h"

namespace inbeeld {
namespace {

// BLAKE2b-256 of `label` keyed with `key` (REQUIRES: key of at most 64 bytes;
// an empty key hashes without one).
std::string Derive(std::string_view key, std::string_view label) {
  unsigned char out[32];
  crypto_generichash(
      out, sizeof out, reinterpret_cast<const unsigned char*>(label.data()), label.size(),
      key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

}  // namespace

Result<VoiceKeys> VoiceKeys::Create(std::string_view key_material) {
  EnsureSodium();
  if (key_material.size() < 32)
    return Status::Invalid("de sleutel voor berichten is te kort", "key_file");
  std::string master;
  if (key_material.size() == 64) {
    unsigned char raw[32];
    size_t len = 0;
    if (sodium_hex2bin(raw, sizeof raw, key_material.data(), key_material.size(), nullptr, &len,
                       nullptr) == 0 &&
        len == 32) {
      master.assign(reinterpret_cast<char*>(raw), 32);
    }
  }
  if (master.empty()) master = Derive("", key_material);  // other key text: its unkeyed hash
  VoiceKeys k;
  k.seal_key_ = Derive(master, "inbeeld-voice-seal-v1");
  k.hash_key_ = Derive(master, "inbeeld-voice-hash-v1");
  return k;
}

std::string VoiceKeys::Seal(std::string_view plaintext, std::string_view context) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> buf(kNonce + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(buf.data(), kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      buf.data() + kNonce, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
      nullptr, buf.data(), reinterpret_cast<const unsigned char*>(seal_key_.data()));
  size_t total = kNonce + clen;
  std::string b64(sodium_base64_encoded_len(total, sodium_base64_VARIANT_ORIGINAL_NO_PADDING),
                  '\0');
  sodium_bin2base64(b64.data(), b64.size(), buf.data(), total,
                    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return "v1." + b64;
}

Result<std::string> VoiceKeys::Open(std::string_view sealed, std::string_view context) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.substr(0, 3) != "v1.") return Status::Internal("bericht is niet versleuteld");
  std::string_view b64 = sealed.substr(3);
  // Too short to hold a nonce and a tag (and an empty buffer would hand
  // libsodium a null pointer, which it declares nonnull: UBSan).
  if (b64.size() < (kNonce + kTag) * 4 / 3)
    return Status::Internal("versleuteld bericht is beschadigd");
  std::vector<unsigned char> buf(b64.size());
  size_t len = 0;
  if (sodium_base642bin(buf.data(), buf.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      len < kNonce + kTag) {
    return Status::Internal("versleuteld bericht is beschadigd");
  }
  std::string out(len - kNonce - kTag, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, buf.data() + kNonce,
          len - kNonce, reinterpret_cast<const unsigned char*>(context.data()), context.size(),
          buf.data(), reinterpret_cast<const unsigned char*>(seal_key_.data())) != 0) {
    return Status::Internal("versleuteld bericht klopt niet (andere sleutel of gewijzigd)");
  }
  out.resize(mlen);
  return out;
}

std::string VoiceKeys::Hash(std::string_view purpose, std::string_view data) const {
  std::string sub = Derive(hash_key_, purpose);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), reinterpret_cast<const unsigned char*>(sub.data()), sub.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex, 64);
}

}  // namespace inbeeld
