#include "notify/smtp_channel.h"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>

#include "notify/curl_global.h"

namespace inbeeld {
namespace {

std::string Base64(std::string_view bytes) {
  if (bytes.empty()) return "";
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// RFC 2047 encoded words of at most 45 input bytes each, split on UTF-8
// character boundaries.
std::string EncodeHeaderWords(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;  // do not cut a multi-byte character
    }
    if (end == i) end = std::min(text.size(), i + 45);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

// RFC 5322 date in UTC: "Tue, 03 Mar 2026 07:15:00 +0000".
std::string RfcDate(int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool HasLineBreak(std::string_view s) {
  return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

Status CheckAddress(const std::string& address, const char* field) {
  bool ok = !address.empty() && address.size() <= 254 && address.find('@') != std::string::npos &&
            address.find_first_of("<>\r\n\t \"(),;:\\") == std::string::npos;
  if (!ok) return Status::Invalid(std::string("ongeldig e-mailadres: ") + address, field);
  return Status::Ok();
}

// The body with CRLF line ends; base64 when a line would exceed SMTP's 998 octets.
std::string BodyLines(const std::string& body, bool* base64) {
  std::string crlf;
  crlf.reserve(body.size() + body.size() / 40);
  size_t line = 0;
  *base64 = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\r') continue;
    if (c == '\n') {
      crlf += "\r\n";
      line = 0;
      continue;
    }
    crlf += c;
    if (++line > 998) *base64 = true;
  }
  if (!*base64) return crlf;
  std::string b64 = Base64(body), out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadPayload(char* buf, size_t size, size_t n, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  size_t room = size * n;
  size_t left = up->data->size() - up->pos;
  size_t take = std::min(room, left);
  std::memcpy(buf, up->data->data() + up->pos, take);
  up->pos += take;
  return take;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::string MessageIdFor(const std::string& key) {
  bool plain = !key.empty() && key.size() <= 200 &&
               std::all_of(key.begin(), key.end(),
                           [](char c) {
                             return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                           }) &&
               key.front() != '.' && key.back() != '.' && key.find("..") == std::string::npos;
  if (plain) return "<" + key + "@inbeeld>";
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string("<") + hex + "@inbeeld>";
}

SmtpChannel::SmtpChannel(SmtpOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  EnsureCurl();
  if (sodium_init() < 0) std::abort();
}

std::string SmtpChannel::FormatMessage(const OutboxItem& item) const {
  bool base64 = false;
  std::string body = BodyLines(item.body, &base64);
  std::string m;
  m += "Date: " + RfcDate(clock_.NowMs()) + "\r\n";
  m += "From: " + options_.from + "\r\n";
  m += "To: " + item.recipient + "\r\n";
  m += "Subject: " + EncodeHeaderWords(item.subject) + "\r\n";
  m += "Message-ID: " + MessageIdFor(item.idempotency_key) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += std::string("Content-Transfer-Encoding: ") + (base64 ? "base64" : "8bit") + "\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  m += body;
  if (!body.empty() && !body.ends_with("\r\n")) m += "\r\n";
  return m;
}

Status SmtpChannel::Send(const OutboxItem& item) {
  if (options_.url.empty()) return Status::Unavailable("geen SMTP-server ingesteld (--smtp)");
  INBEELD_RETURN_IF_ERROR(CheckAddress(item.recipient, "recipient"));
  INBEELD_RETURN_IF_ERROR(CheckAddress(options_.from, "from"));
  if (HasLineBreak(item.subject))
    return Status::Invalid("onderwerp bevat een regeleinde", "subject");

  const std::string message = FormatMessage(item);
  Upload upload{&message, 0};
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Unavailable("libcurl: cannot create a handle");
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + item.recipient + ">").c_str()));
  const std::string from = "<" + options_.from + ">";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadPayload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(c, CURLOPT_USE_SSL, options_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!options_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  }
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    std::string what = error[0] ? error : curl_easy_strerror(rc);
    if (code) what += " (SMTP " + std::to_string(code) + ")";
    return Status::Unavailable("SMTP " + options_.url + ": " + what);
  }
  return Status::Ok();
}

}  // namespace inbeeld
