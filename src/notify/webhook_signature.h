// The signature of InBeeld's webhooks (see webhook_channel.h): what a receiver
// recomputes to check that a POST came from InBeeld and is fresh. Its own file
// so that it builds without libcurl (tests/fuzz/hwc_webhook.cc).
#pragma once

#include <string>

namespace inbeeld {

// "sha256=" + lowercase hex HMAC-SHA256(secret, timestamp + "." + body). Any
// secret length (longer than 64 bytes: hashed first, as RFC 2104 says).
std::string WebhookSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body);

}  // namespace inbeeld
