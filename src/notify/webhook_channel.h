// WebhookChannel: a notice as a signed HTTP POST of its JSON body to the
// recipient URL, with libcurl.
//
// Headers: Content-Type: application/json, Idempotency-Key: <key> (the
// receiver drops repeats), X-InBeeld-Timestamp: <unix seconds>, and
// X-InBeeld-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// so the receiver can check origin and freshness. Redirects are not followed.
#pragma once

#include <string>

#include "notify/channel.h"
#include "notify/webhook_signature.h"
#include "platform/clock.h"

namespace inbeeld {

struct WebhookOptions {
  std::string secret;  // the HMAC key (contents of <key-dir>/webhook.key)
  int64_t connect_timeout_ms = 5'000;
  int64_t timeout_ms = 10'000;
};

class WebhookChannel final : public Channel {
 public:
  // `clock` (for the timestamp) must outlive the channel.
  WebhookChannel(WebhookOptions options, const Clock& clock);
  // POSTs item.body to item.recipient (http:// or https:// only). Ok on a 2xx
  // answer; kUnavailable on any other status, a timeout or no connection;
  // kInvalidArgument for a URL of another scheme.
  Status Send(const OutboxItem& item) override;

 private:
  WebhookOptions options_;
  const Clock& clock_;
};

}  // namespace inbeeld
