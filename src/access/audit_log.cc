#include "access/audit_log.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace inbeeld {

AuditLog::AuditLog(AuditSink& sink, const Clock& clock) : AuditLog(sink, clock, Options{}) {}

AuditLog::AuditLog(AuditSink& sink, const Clock& clock, Options options)
    : sink_(sink),
      clock_(clock),
      max_batch_(options.max_batch < 1 ? 1 : options.max_batch),
      writer_([this] { WriterLoop(); }) {}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_one();
  writer_.join();
}

Status AuditLog::Record(AuditRecord r) {
  if (r.at_ms == 0) r.at_ms = clock_.NowMs();
  Waiter w;
  w.record = std::move(r);
  std::unique_lock lock(mu_);
  if (stopping_) return Status::Unavailable("access log is shutting down");
  queue_.push_back(&w);
  work_cv_.notify_one();
  w.cv.wait(lock, [&] { return w.done; });
  return w.status;
}

size_t AuditLog::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

int64_t AuditLog::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

void AuditLog::WriterLoop() {
  std::vector<Waiter*> batch;
  std::vector<AuditRecord> records;
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and drained

    batch.clear();
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    ++batches_;
    lock.unlock();

    records.clear();
    records.reserve(batch.size());
    for (Waiter* w : batch) records.push_back(std::move(w->record));
    Status s;
    try {
      s = sink_.Append(records);
    } catch (const std::exception& e) {
      // A sink must return errors, but a waiting caller must never hang.
      s = Status::Internal(std::string("access log append threw: ") + e.what());
    } catch (...) {
      s = Status::Internal("access log append threw");
    }

    lock.lock();
    for (size_t i = 0; i < batch.size(); ++i) {
      Waiter* w = batch[i];
      if (i < records.size()) w->record = std::move(records[i]);
      w->status = s;
      w->done = true;
      // Notify under the lock: once done is seen, the waiter's frame may go.
      w->cv.notify_one();
    }
  }
}

}  // namespace inbeeld
