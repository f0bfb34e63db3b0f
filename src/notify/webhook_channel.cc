#include "notify/webhook_channel.h"

#include <curl/curl.h>

#include <memory>

#include "notify/curl_global.h"

namespace inbeeld {
namespace {

size_t Discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

bool HasLineBreak(std::string_view s) {
  return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

WebhookChannel::WebhookChannel(WebhookOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  EnsureCurl();
}

Status WebhookChannel::Send(const OutboxItem& item) {
  const std::string& url = item.recipient;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Status::Invalid("webhook-adres moet met http:// of https:// beginnen", "recipient");
  }
  if (HasLineBreak(item.idempotency_key) || HasLineBreak(url)) {
    return Status::Invalid("regeleinde in sleutel of adres", "idempotency_key");
  }
  const std::string timestamp = std::to_string(clock_.NowS());
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add = [&](const std::string& h) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  };
  add("Content-Type: application/json");
  add("Expect:");
  add("Idempotency-Key: " + item.idempotency_key);
  add("X-InBeeld-Timestamp: " + timestamp);
  add("X-InBeeld-Signature: " + WebhookSignature(options_.secret, timestamp, item.body));

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Unavailable("libcurl: cannot create a handle");
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, item.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(item.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "InBeeld-webhook/1");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Status::Unavailable("webhook " + url + ": " +
                               (error[0] ? error : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return Status::Unavailable("webhook " + url + " antwoordde " + std::to_string(status));
  }
  return Status::Ok();
}

}  // namespace inbeeld
