// HTTP routes of signals and the radar: /api/v1/signals..., /api/v1/signal-*,
// /api/v1/radar/... and the pages /signalen (a professional's signals and
// matches), /signalen/nieuw (register), /radar (Veilig Thuis: review tasks,
// unlinked signals, a child's or household's chronology with a recorded
// reason). Every route goes through WebShell (session, TOTP, policy, CSRF).
#pragma once

#include "http/router.h"
#include "notify/outbox_worker.h"
#include "signals/service.h"
#include "web/shell.h"

namespace inbeeld {

struct SignalRouteOptions {
  // TEST HOOK: POST /api/v1/signals/jobs/run with a chosen moment is refused
  // (409) unless set (env INBEELD_TEST_CLOCK=1, see docs/signals.md).
  bool allow_jobs_at = false;
};

// `worker` (may be null) is woken after notices are enqueued.
void AddSignalRoutes(Router& router, const WebShell& shell, SignalService& signals,
                     const Clock& clock, OutboxWorker* worker, SignalRouteOptions options);

}  // namespace inbeeld
