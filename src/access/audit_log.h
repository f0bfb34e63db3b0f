// AuditLog: the one writer of the access log, with group commit (as
// LevelDB's write batching).
//
// Entries reach the log in one of two ways:
// - Record() blocks its caller until the entry is durably appended, so that a
//   person's data is never handed out unlogged (CLI, scheduled jobs, tests).
// - Inside a Deferred scope (the HTTP request path: app/App), Record() only
//   collects the entry and returns Ok; the owner of the scope hands the
//   request's entries to Submit() and sends the response only from its
//   completion, when they are durable — or an error instead when appending
//   failed. No thread waits for the disk meanwhile.
// One writer thread takes whatever submissions are waiting (up to max_batch
// entries) and appends them in one AuditSink::Append — one transaction — while
// new callers queue for the next batch. Under load one transaction therefore
// carries many entries; when idle, an entry is written at once.
//
// Usage:
//   StoreAuditSink sink(store);
//   AuditLog log(sink, clock);
//   INBEELD_RETURN_IF_ERROR(log.Record(entry));   // before returning the data
//
//   AuditLog::Deferred scope(log);                // per request
//   Response r = handler(req);                    // its Record() calls collect
//   log.Submit(scope.Take(), [r](Status s) { /* send r only if s.ok() */ });
//
// Thread-safe. The destructor writes every submission already queued, then
// stops the writer; callers must not call Record() or Submit() once
// destruction has begun.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "access/audit_sink.h"
#include "core/audit_record.h"
#include "core/status.h"
#include "platform/clock.h"

namespace inbeeld {

class AuditLog {
 public:
  struct Options {
    size_t max_batch = 256;  // entries per AuditSink::Append; REQUIRES >= 1
    // Group commit under load: an append that would begin less than this long
    // after the previous one began waits for the rest of the interval (or a
    // full batch), gathering more entries into one transaction. When appends
    // are rarer than this, an entry is written at once. 0: never wait.
    std::chrono::microseconds commit_interval{500};
  };

  // Collects this thread's Record() calls on `log` while alive (see above).
  // Scopes nest; the innermost one for the same log collects. Not movable.
  class Deferred {
   public:
    explicit Deferred(AuditLog& log);
    ~Deferred();
    Deferred(const Deferred&) = delete;
    Deferred& operator=(const Deferred&) = delete;
    // The entries collected so far, in the order they were recorded.
    std::vector<AuditRecord> Take() { return std::move(records_); }

   private:
    friend class AuditLog;
    AuditLog& log_;
    Deferred* outer_;
    std::vector<AuditRecord> records_;
  };

  // REQUIRES: sink and clock outlive this AuditLog.
  AuditLog(AuditSink& sink, const Clock& clock);
  AuditLog(AuditSink& sink, const Clock& clock, Options options);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends `r` (seq, prev_hash and hash are filled in by the sink; at_ms is
  // set from the clock when 0) and returns once it is durable: Ok, or the
  // sink's error — which every entry of the same batch gets, none of which
  // was written. kUnavailable once the log is shutting down.
  // Inside a Deferred scope of this log: collects `r` and returns Ok at once.
  Status Record(AuditRecord r);

  // Appends `records` in one batch (all or none) without waiting; `done` is
  // called exactly once with Ok when they are durable or with the sink's
  // error — on the writer thread, so it must not block — or at once, on the
  // caller's thread, with Ok for no records and kUnavailable when the log is
  // shutting down. at_ms of 0 is set from the clock.
  void Submit(std::vector<AuditRecord> records, std::function<void(Status)> done);

  // Entries queued but not yet handed to the sink (for metrics and tests).
  size_t pending() const;
  // Calls to AuditSink::Append so far.
  int64_t batches() const;

 private:
  struct Submission {
    std::vector<AuditRecord> records;
    std::function<void(Status)> done;
  };

  void WriterLoop();

  AuditSink& sink_;
  const Clock& clock_;
  const size_t max_batch_;
  const std::chrono::microseconds commit_interval_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // the writer waits here for entries
  std::deque<Submission> queue_;     // guarded by mu_
  size_t pending_ = 0;               // entries in queue_; guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  int64_t batches_ = 0;              // guarded by mu_
  std::thread writer_;               // last: started once the rest is set up
};

}  // namespace inbeeld
