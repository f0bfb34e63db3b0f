// HTTP routes of notices: a user's inbox, the administrator's test notice and
// the outbox's delivery state.
//   GET  /api/v1/inbox              my messages (kReadOwnInbox)
//   POST /api/v1/inbox/{id}/read    mark one of my messages read
//   POST /api/v1/notices/test       {"username"}: a test notice to that user's
//                                   inbox and e-mail (kSendTestNotice); the
//                                   Idempotency-Key header makes a repeat harmless
//   GET  /api/v1/outbox             items with state, attempts and timestamps,
//                                   never recipients or contents (kReadOutbox)
#pragma once

#include "http/router.h"
#include "notify/outbox_worker.h"
#include "platform/clock.h"
#include "store/store.h"
#include "web/shell.h"

namespace inbeeld {

// `worker` (may be null) is woken after an enqueue so delivery starts at once.
void AddNotifyRoutes(Router& router, const WebShell& shell, Store& store, const Clock& clock,
                     OutboxWorker* worker, int failing_attempts);

}  // namespace inbeeld
