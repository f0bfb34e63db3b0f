// HTTP routes of the meldcode: the API (/api/v1/meldcode..., /api/v1/meldcode-vt)
// and the pages /meldcode (the organisation's records and starting one),
// /meldcode/{id} (the record, step by step: one form per step, the next
// question of the afwegingskader shown once the previous one is answered —
// no JavaScript needed) and /meldcode/veilig-thuis (what reached Veilig
// Thuis). Every route goes through WebShell (session, TOTP, policy, CSRF).
#pragma once

#include "http/router.h"
#include "meldcode/service.h"
#include "notify/outbox_worker.h"
#include "web/shell.h"

namespace inbeeld {

struct MeldcodeRouteOptions {
  // TEST HOOK: POST /api/v1/meldcode/jobs/run with a chosen moment is refused
  // (409) unless set (env INBEELD_TEST_CLOCK=1, see docs/meldcode.md).
  bool allow_jobs_at = false;
};

// `worker` (may be null) is woken after notices are enqueued.
void AddMeldcodeRoutes(Router& router, const WebShell& shell, MeldcodeService& meldcode,
                       const Clock& clock, OutboxWorker* worker, MeldcodeRouteOptions options);

}  // namespace inbeeld
