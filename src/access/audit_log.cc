#include "access/audit_log.h"

#include <exception>
#include <string>
#include <utility>

namespace inbeeld {

namespace {
// The innermost Deferred scope of this thread (any log); see Record().
thread_local AuditLog::Deferred* current_scope = nullptr;
}  // namespace

AuditLog::Deferred::Deferred(AuditLog& log) : log_(log), outer_(current_scope) {
  current_scope = this;
}

AuditLog::Deferred::~Deferred() {
  current_scope = outer_;
}

AuditLog::AuditLog(AuditSink& sink, const Clock& clock) : AuditLog(sink, clock, Options{}) {}

AuditLog::AuditLog(AuditSink& sink, const Clock& clock, Options options)
    : sink_(sink),
      clock_(clock),
      max_batch_(options.max_batch < 1 ? 1 : options.max_batch),
      commit_interval_(options.commit_interval),
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
  for (Deferred* d = current_scope; d != nullptr; d = d->outer_) {
    if (&d->log_ == this) {
      d->records_.push_back(std::move(r));
      return Status::Ok();
    }
  }
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  Status status;
  std::vector<AuditRecord> one;
  one.push_back(std::move(r));
  Submit(std::move(one), [&](Status s) {
    std::lock_guard lock(mu);
    status = std::move(s);
    done = true;
    // Notify under the lock: once done is seen, this frame may go.
    cv.notify_one();
  });
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return done; });
  return status;
}

void AuditLog::Submit(std::vector<AuditRecord> records, std::function<void(Status)> done) {
  if (records.empty()) {
    done(Status::Ok());
    return;
  }
  for (AuditRecord& r : records) {
    if (r.at_ms == 0) r.at_ms = clock_.NowMs();
  }
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      pending_ += records.size();
      queue_.push_back({std::move(records), std::move(done)});
      // The writer waits while the queue is empty, or gathers a batch.
      if (queue_.size() == 1 || pending_ >= max_batch_) work_cv_.notify_one();
      return;
    }
  }
  done(Status::Unavailable("access log is shutting down"));
}

size_t AuditLog::pending() const {
  std::lock_guard lock(mu_);
  return pending_;
}

int64_t AuditLog::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

void AuditLog::WriterLoop() {
  std::vector<Submission> batch;
  std::vector<AuditRecord> records;
  std::chrono::steady_clock::time_point last_start{};  // of the previous append
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and drained
    // Group commit: right after an append, gather for the rest of the interval.
    if (commit_interval_.count() > 0 && !stopping_ && pending_ < max_batch_) {
      const auto due = last_start + commit_interval_;
      if (std::chrono::steady_clock::now() < due) {
        work_cv_.wait_until(lock, due, [&] { return stopping_ || pending_ >= max_batch_; });
      }
    }
    last_start = std::chrono::steady_clock::now();

    // Whole submissions, up to max_batch entries (a larger one goes alone).
    batch.clear();
    size_t n = 0;
    while (!queue_.empty() && (batch.empty() || n + queue_.front().records.size() <= max_batch_)) {
      n += queue_.front().records.size();
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    pending_ -= n;
    ++batches_;
    lock.unlock();

    records.clear();
    records.reserve(n);
    for (Submission& s : batch) {
      for (AuditRecord& r : s.records) records.push_back(std::move(r));
    }
    Status s;
    try {
      s = sink_.Append(records);
    } catch (const std::exception& e) {
      // A sink must return errors, but a waiting caller must never hang.
      s = Status::Internal(std::string("access log append threw: ") + e.what());
    } catch (...) {
      s = Status::Internal("access log append threw");
    }
    for (Submission& sub : batch) sub.done(s);
    batch.clear();  // the callbacks may own what their callers wait for

    lock.lock();
  }
}

}  // namespace inbeeld
