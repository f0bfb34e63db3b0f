// AuditLog: the one writer of the access log, with group commit (as
// LevelDB's write batching).
//
// Record() is called from many worker threads and blocks its caller until the
// entry is durably appended, so that a person's data is never handed out
// unlogged. One writer thread takes whatever entries are waiting (up to
// max_batch) and appends them in one AuditSink::Append — one transaction —
// while new callers queue for the next batch. Under load one transaction
// therefore carries many entries; when idle, an entry is written at once.
//
// Usage (composition root):
//   StoreAuditSink sink(store);
//   AuditLog log(sink, clock);
//   INBEELD_RETURN_IF_ERROR(log.Record(entry));   // before returning the data
//
// Thread-safe. The destructor writes every entry already queued, then stops
// the writer; callers must not call Record() once destruction has begun.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "access/audit_sink.h"
#include "core/audit_record.h"
#include "core/status.h"
#include "platform/clock.h"

namespace inbeeld {

class AuditLog {
 public:
  struct Options {
    size_t max_batch = 256;  // entries per AuditSink::Append; REQUIRES >= 1
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
  Status Record(AuditRecord r);

  // Entries queued but not yet handed to the sink (for metrics and tests).
  size_t pending() const;
  // Calls to AuditSink::Append so far.
  int64_t batches() const;

 private:
  struct Waiter {
    AuditRecord record;
    Status status;
    bool done = false;
    std::condition_variable cv;
  };

  void WriterLoop();

  AuditSink& sink_;
  const Clock& clock_;
  const size_t max_batch_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // the writer waits here for entries
  std::deque<Waiter*> queue_;        // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  int64_t batches_ = 0;              // guarded by mu_
  std::thread writer_;               // last: started once the rest is set up
};

}  // namespace inbeeld
