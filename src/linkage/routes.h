// HTTP routes of record linkage: the review queue of candidates for unlinked
// signals (GET /api/v1/linkage/reviews, POST /api/v1/linkage/reviews/{id}/decision),
// a linkage run on demand (POST /api/v1/linkage/run; the scheduler runs it
// every minute too) and the Veilig Thuis page /koppelen with the signal's
// subject and each candidate side by side. Every route goes through WebShell
// (session, TOTP, policy, CSRF).
#pragma once

#include "http/router.h"
#include "linkage/service.h"
#include "notify/outbox_worker.h"
#include "web/shell.h"

namespace inbeeld {

// `worker` (may be null) is woken after a link made match notices.
void AddLinkageRoutes(Router& router, const WebShell& shell, LinkageService& linkage,
                      OutboxWorker* worker);

}  // namespace inbeeld
