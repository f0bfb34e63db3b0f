// OutboxWorker: delivers the durable outbox. Any number of workers — threads
// or `inbeeld serve` instances on one database — may run at once: each claims
// a batch under a lease (Store::ClaimOutbox), delivers it, and completes each
// item only while its lease holds (fencing). A worker that dies while holding
// work loses nothing: when its lease runs out another worker claims the items.
//
// Delivery per channel:
//   inbox    Store::DeliverToInbox — message and "delivered" in one
//            transaction: exactly once, whoever delivers.
//   email    SmtpChannel, webhook: WebhookChannel — then CompleteOutbox. At
//            least once: a worker killed between sending and completing sends
//            again after takeover; the Message-ID / Idempotency-Key lets the
//            receiver drop the repeat.
// A failure schedules a retry with backoff. Items are never dropped: after
// many attempts they stay queued at the capped backoff and count as failing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "notify/backoff.h"
#include "notify/channel.h"
#include "platform/clock.h"
#include "store/store.h"

namespace inbeeld {

struct OutboxChannels {
  Channel* email = nullptr;    // not owned; nullptr: e-mail items wait (retry) until configured
  Channel* webhook = nullptr;  // not owned
};

struct OutboxWorkerOptions {
  std::string owner;          // REQUIRED: unique per process (MakeOwnerId)
  int64_t lease_ms = 30'000;  // longer than one batch takes to deliver
  int batch = 16;
  int64_t poll_ms = 500;            // idle wait between claims (Wake() cuts it short)
  int64_t hold_after_claim_ms = 0;  // TEST HOOK: sleep after claiming (INBEELD_TEST_OUTBOX_HOLD_MS)
  int failing_attempts = 10;        // queued items with this many attempts count as failing
  BackoffPolicy backoff;
};

class OutboxWorker {
 public:
  // `store`, `clock` and the channels must outlive the worker.
  OutboxWorker(Store& store, const Clock& clock, OutboxChannels channels,
               OutboxWorkerOptions options);
  ~OutboxWorker();  // Stop()s
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  struct RunStats {
    int claimed = 0;
    int delivered = 0;
    int retried = 0;  // failed now, scheduled again
    int lost = 0;     // our lease ran out before we finished: another worker has it
  };
  // Claims one batch and delivers it. Fails only when the claim itself fails
  // (database down); per-item failures are retries, counted in RunStats.
  // Thread-safe, but meant to be called by one thread (Start's, or a test's).
  Result<RunStats> RunOnce();

  // Runs RunOnce in a background thread until Stop(): again at once after a
  // full batch, otherwise after poll_ms or Wake().
  void Start();
  // Stops the thread; an item being delivered is finished first (or retried
  // by another worker after its lease). Idempotent.
  void Stop();
  // Polls now instead of at the end of the idle wait (after an enqueue).
  void Wake();

  const std::string& owner() const { return options_.owner; }
  int failing_attempts() const { return options_.failing_attempts; }

 private:
  // Delivers one claimed item; updates `stats`.
  void Deliver(const OutboxItem& item, RunStats& stats);
  void Retry(const OutboxItem& item, const std::string& error, RunStats& stats);
  // Sleeps up to `ms`; returns false when stopped meanwhile.
  bool SleepFor(int64_t ms);
  void Loop();

  Store& store_;
  const Clock& clock_;
  OutboxChannels channels_;
  OutboxWorkerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  bool wake_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace inbeeld
