// Routes of the child's voice: the child's own pages under /plek (their own
// session cookie and layout, no staff header), the adult's pages under
// /kindstem, and the API under /api/v1/voice.
#pragma once

#include <string>

#include "http/router.h"
#include "notify/outbox_worker.h"
#include "voice/service.h"
#include "web/shell.h"

namespace inbeeld {

struct VoiceRouteOptions {
  bool secure_cookies = false;  // the child's cookie gets Secure (behind TLS)
  // Where the quick exit goes: a neutral site, replacing the page in the history.
  std::string exit_url = "https://www.buienradar.nl/";
};

// The child's session cookie: session-only (no Expires/Max-Age), HttpOnly, SameSite=Strict.
inline constexpr const char* kVoiceCookie = "inbeeld_plek";

// REQUIRES: everything passed outlives the router. `worker` may be null.
void AddVoiceRoutes(Router& router, const WebShell& shell, VoiceService& voice,
                    OutboxWorker* worker, const VoiceRouteOptions& options);

}  // namespace inbeeld
