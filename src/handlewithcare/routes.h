// HTTP routes of Handle with Care: /api/v1/hwc/... and the pages /hwc/melden
// (the officer's form), /hwc/postvak (the school inbox) and /hwc/overzicht
// (the police/VT dashboard with the daily review). Every route goes through
// WebShell (session, TOTP, policy, CSRF).
#pragma once

#include "handlewithcare/service.h"
#include "http/router.h"
#include "notify/outbox_worker.h"
#include "web/shell.h"

namespace inbeeld {

struct HwcRouteOptions {
  // TEST HOOK: POST /api/v1/hwc/escalation/run with a chosen moment is
  // refused (409) unless set (env INBEELD_TEST_HWC_CLOCK=1, see docs/handlewithcare.md).
  bool allow_escalation_at = false;
};

// `worker` (may be null) is woken after notices are enqueued.
void AddHwcRoutes(Router& router, const WebShell& shell, HwcService& hwc, const Clock& clock,
                  OutboxWorker* worker, HwcRouteOptions options);

}  // namespace inbeeld
