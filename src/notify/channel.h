// Channel: one way a notice leaves InBeeld (e-mail, webhook). The outbox
// worker calls Send for a claimed item; the in-app inbox is not a Channel but
// a Store transaction (Store::DeliverToInbox), so it can be exactly-once.
#pragma once

#include "core/status.h"
#include "store/store.h"

namespace inbeeld {

class Channel {
 public:
  virtual ~Channel() = default;
  // Delivers `item` (recipient, subject, body, idempotency key) once. Returns
  // Ok only when the other side accepted it. Any failure — unreachable,
  // refused, timed out — is an error the worker retries later; an error is
  // never a reason to drop the item. May block up to the channel's timeouts.
  // Thread-safe: the worker may call it from its own thread.
  virtual Status Send(const OutboxItem& item) = 0;
};

}  // namespace inbeeld
