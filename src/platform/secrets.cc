#include "platform/secrets.h"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace inbeeld {

Result<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("sleutelbestand ontbreekt of is onleesbaar: " + path, "key_file");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) {
    key.pop_back();
  }
  if (key.size() < 32) {
    return Status::Invalid("sleutelbestand is te kort (minstens 32 tekens): " + path, "key_file");
  }
  return key;
}

Status EnsureKeyFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return Status::Ok();
  if (sodium_init() < 0) return Status::Internal("libsodium init failed");
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Invalid("kan sleutelbestand niet aanmaken: " + path, "key_file");
  out << hex << "\n";
  out.close();
  ::chmod(path.c_str(), 0600);
  return Status::Ok();
}

}  // namespace inbeeld
