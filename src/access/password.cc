#include "access/password.h"

#include <sodium.h>

#include "access/sodium_init.h"

namespace inbeeld {

namespace {

// Decodes one UTF-8 code point at s[i], advancing i. Returns false on an
// invalid, overlong or surrogate sequence.
bool NextCodePoint(std::string_view s, size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  char32_t min;
  if (b0 < 0x80) {
    cp = b0;
    ++i;
    return true;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return false;
  }
  if (i + len > s.size()) return false;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  i += len;
  return true;
}

bool IsControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password) {
  size_t chars = 0;
  for (size_t i = 0; i < password.size();) {
    char32_t cp;
    if (!NextCodePoint(password, i, cp)) {
      return Status::Invalid("Het wachtwoord bevat ongeldige tekens.", "password");
    }
    if (IsControl(cp)) {
      return Status::Invalid(
          "Het wachtwoord mag geen besturingstekens (zoals tab of enter) bevatten.", "password");
    }
    ++chars;
  }
  if (chars < kMinPasswordChars) {
    return Status::Invalid("Het wachtwoord moet minstens 12 tekens lang zijn.", "password");
  }
  if (chars > kMaxPasswordChars) {
    return Status::Invalid("Het wachtwoord mag hoogstens 256 tekens lang zijn.", "password");
  }
  return Status::Ok();
}

class PasswordHasher::Slot {
 public:
  explicit Slot(const PasswordHasher& h) : h_(h) {
    h_.slots_.acquire();
    const int now = ++h_.running_;
    int peak = h_.peak_.load();
    while (now > peak && !h_.peak_.compare_exchange_weak(peak, now)) {
    }
  }
  ~Slot() {
    --h_.running_;
    h_.slots_.release();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  const PasswordHasher& h_;
};

PasswordHasher::PasswordHasher(int max_concurrent)
    : slots_(max_concurrent < 1 ? 1 : max_concurrent) {
  EnsureSodium();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  if (password.size() > kMaxPasswordBytes) {
    return Status::Invalid("Het wachtwoord mag hoogstens 256 tekens lang zijn.", "password");
  }
  char out[crypto_pwhash_STRBYTES];
  int rc;
  {
    Slot slot(*this);
    rc = crypto_pwhash_str(out, password.data(), password.size(),
                           crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  }
  if (rc != 0) return Status::Unavailable("argon2id: not enough memory to hash a password");
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kMaxPasswordBytes) return false;
  const std::string h(hash);  // libsodium wants a NUL-terminated string
  Slot slot(*this);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  if (hash.size() >= crypto_pwhash_STRBYTES) return true;
  // libsodium compares the limits only, not the algorithm: argon2i → argon2id.
  if (hash.rfind(crypto_pwhash_argon2id_STRPREFIX, 0) != 0) return true;
  const std::string h(hash);
  return crypto_pwhash_str_needs_rehash(h.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace inbeeld
