// Scheduler: periodic jobs that run once per period across all instances.
//
// Time is cut into slots of `period_ms` (slot = floor(now / period)). In each
// slot every instance asks the Store for the slot (ClaimJobRun: an INSERT on
// the primary key (job, slot)); exactly one wins and runs the job. An instance
// that was down during a slot does not catch up on it — jobs are written to do
// all pending work whenever they run (e.g. delete every expired session).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "platform/clock.h"
#include "store/store.h"

namespace inbeeld {

class Scheduler {
 public:
  // `store` and `clock` must outlive the scheduler. `owner`: MakeOwnerId().
  Scheduler(Store& store, const Clock& clock, std::string owner);
  ~Scheduler();  // Stop()s
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Registers a job. REQUIRES: before Start(); period_ms > 0; unique name.
  void Every(std::string name, int64_t period_ms, std::function<Status()> fn);

  // Runs every job whose current slot this instance has not tried yet and
  // wins. Returns the names of the jobs it ran. A job whose claim fails
  // (database down) is tried again at the next tick. Thread-compatible: one
  // caller at a time (the background thread, or a test).
  std::vector<std::string> RunDue();

  // Calls RunDue every `tick_ms` in a background thread until Stop().
  void Start(int64_t tick_ms = 1'000);
  void Stop();  // idempotent

  const std::string& owner() const { return owner_; }

 private:
  struct Job {
    std::string name;
    int64_t period_ms;
    std::function<Status()> fn;
    int64_t last_tried_slot = -1;
  };

  Store& store_;
  const Clock& clock_;
  std::string owner_;
  std::vector<Job> jobs_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

// The job that deletes expired sessions, hourly: "sessions.delete_expired".
void AddSessionCleanup(Scheduler& scheduler, Store& store, const Clock& clock);

}  // namespace inbeeld
