// Fuzz target: the Handle with Care webhook a school's system receives — its
// payload (HwcNoticeContent's webhook_json, the e-mail's subject and body) and
// its signature (WebhookSignature, X-InBeeld-Signature). The input gives the
// facts: after a birth-date seed and a present flag (the first three bytes),
// child name, school, due text, secret and timestamp, separated by NUL bytes.
// Invariants: the payload is valid UTF-8 JSON that a receiver reads back to
// exactly these facts and nothing else (a notice carries nothing about the
// incident); the subject is one header line and a name adds no lines to the
// body; the signature is "sha256=" and the lowercase hex
// of HMAC-SHA256(secret, timestamp "." body) per RFC 2104, computed here from
// plain SHA-256 as a receiver would.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/text.h"
#include "fuzz_check.h"
#include "handlewithcare/rules.h"
#include "notify/webhook_signature.h"

namespace {

std::vector<std::string> Lines(std::string_view in, size_t n) {
  std::vector<std::string> out;
  while (out.size() + 1 < n) {
    size_t nl = in.find('\0');
    if (nl == std::string_view::npos) break;
    out.emplace_back(in.substr(0, nl));
    in.remove_prefix(nl + 1);
  }
  out.emplace_back(in);
  out.resize(n);
  return out;
}

// RFC 2104 over SHA-256, the way a receiver without libsodium's HMAC would.
std::string ReferenceSignature(const std::string& key, const std::string& message) {
  unsigned char k[64] = {0};
  if (key.size() > 64) {
    crypto_hash_sha256(k, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  } else {
    for (size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
  }
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  inner += message;
  unsigned char h[32];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(inner.data()), inner.size());
  outer.append(reinterpret_cast<const char*>(h), 32);
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(outer.data()), outer.size());
  static const char kHex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned char c : h) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (sodium_init() < 0) return 0;
  if (size < 3) return 0;
  const uint32_t day_seed = data[0] | data[1] << 8;
  const uint8_t flags = data[2];
  const std::vector<std::string> f =
      Lines(std::string_view(reinterpret_cast<const char*>(data) + 3, size - 3), 5);

  inbeeld::HwcNoticeFacts facts;
  facts.child_name = f[0];
  facts.recipient_name = f[1];
  facts.due_text = f[2];
  facts.birth_date = inbeeld::Date(std::chrono::sys_days(std::chrono::year(2000) / 1 / 1) +
                                   std::chrono::days(day_seed % 9000));
  if (flags & 1) facts.present = (flags & 2) != 0;

  const inbeeld::HwcNoticeText t = inbeeld::HwcNoticeContent(facts);

  // The e-mail: one subject line, and the body has the lines of any notice,
  // whatever the names hold.
  FUZZ_CHECK(t.subject.find_first_of("\r\n") == std::string::npos);
  inbeeld::HwcNoticeFacts plain = facts;
  plain.child_name = plain.recipient_name = plain.due_text = "x";
  const std::string plain_body = inbeeld::HwcNoticeContent(plain).body;
  FUZZ_CHECK(std::count(t.body.begin(), t.body.end(), '\n') ==
             std::count(plain_body.begin(), plain_body.end(), '\n'));
  FUZZ_CHECK(t.body.find('\r') == std::string::npos);
  FUZZ_CHECK(inbeeld::IsValidUtf8(t.webhook_json));

  // The payload, read as a receiver reads it.
  const nlohmann::json j = nlohmann::json::parse(t.webhook_json, nullptr, false);
  FUZZ_CHECK(j.is_object());
  std::set<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
  std::set<std::string> expected = {"type", "child", "school", "due"};
  if (facts.present) expected.insert("present");
  FUZZ_CHECK(keys == expected);
  FUZZ_CHECK(j["type"] == "handle_with_care" && j["child"].size() == 2);
  FUZZ_CHECK(j["child"]["birth_date"] == inbeeld::FormatIsoDate(facts.birth_date));
  if (facts.present) FUZZ_CHECK(j["present"] == *facts.present);
  const bool valid = inbeeld::IsValidUtf8(facts.child_name) &&
                     inbeeld::IsValidUtf8(facts.recipient_name) &&
                     inbeeld::IsValidUtf8(facts.due_text);
  if (valid) {
    FUZZ_CHECK(inbeeld::IsValidUtf8(t.subject) && inbeeld::IsValidUtf8(t.body));
    FUZZ_CHECK(j["child"]["name"] == facts.child_name && j["school"] == facts.recipient_name &&
               j["due"] == facts.due_text);
  }

  // The signature.
  const std::string& secret = f[3];
  const std::string& timestamp = f[4];
  const std::string sig = inbeeld::WebhookSignature(secret, timestamp, t.webhook_json);
  FUZZ_CHECK(sig == ReferenceSignature(secret, timestamp + "." + t.webhook_json));
  FUZZ_CHECK(sig.size() == 7 + 64);
  // Another body, or the same body at another time, has another signature.
  FUZZ_CHECK(inbeeld::WebhookSignature(secret, timestamp + "1", t.webhook_json) != sig);
  FUZZ_CHECK(inbeeld::WebhookSignature(secret, timestamp, t.webhook_json + " ") != sig);
  return 0;
}
