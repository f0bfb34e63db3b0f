// HTTP routes of the Veilig Thuis workflow: /api/v1/vt/... (intake of advice
// requests and reports, the queue, a case, the safety assessment with
// optimistic locking, the dashboard, the deadline job) and the pages /vt/...
// (intake form, triage queue, case page with the assessment, dashboard).
// Every route goes through WebShell (session, TOTP, policy, CSRF).
#pragma once

#include "http/router.h"
#include "notify/outbox_worker.h"
#include "vt/service.h"
#include "web/shell.h"

namespace inbeeld {

struct VtRouteOptions {
  // TEST HOOK: POST /api/v1/vt/jobs/run with a chosen moment is refused (409)
  // unless set (env INBEELD_TEST_CLOCK=1, see docs/vt.md).
  bool allow_jobs_at = false;
};

// `worker` (may be null) is woken after notices are enqueued.
void AddVtRoutes(Router& router, const WebShell& shell, VtService& vt, const Clock& clock,
                 OutboxWorker* worker, VtRouteOptions options);

}  // namespace inbeeld
