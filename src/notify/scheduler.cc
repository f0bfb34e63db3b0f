#include "notify/scheduler.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace inbeeld {

Scheduler::Scheduler(Store& store, const Clock& clock, std::string owner)
    : store_(store), clock_(clock), owner_(std::move(owner)) {}

Scheduler::~Scheduler() {
  Stop();
}

void Scheduler::Every(std::string name, int64_t period_ms, std::function<Status()> fn) {
  jobs_.push_back(Job{std::move(name), period_ms, std::move(fn), -1});
}

std::vector<std::string> Scheduler::RunDue() {
  std::vector<std::string> ran;
  for (Job& job : jobs_) {
    const int64_t now = clock_.NowMs();
    const int64_t slot = now / job.period_ms;
    if (slot == job.last_tried_slot) continue;
    auto won = store_.ClaimJobRun(job.name, slot, owner_, now);
    if (!won.ok()) {
      spdlog::warn("scheduler: {} slot {} niet te claimen: {}", job.name, slot,
                   won.status().ToString());
      continue;  // try again next tick
    }
    job.last_tried_slot = slot;
    if (!*won) continue;  // another instance runs this slot
    Status s = job.fn();
    if (!s.ok()) spdlog::error("scheduler: {} mislukt: {}", job.name, s.ToString());
    Status f = store_.FinishJobRun(job.name, slot, owner_, clock_.NowMs());
    if (!f.ok()) spdlog::warn("scheduler: {} niet afgemeld: {}", job.name, f.ToString());
    ran.push_back(job.name);
  }
  return ran;
}

void Scheduler::Start(int64_t tick_ms) {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this, tick_ms] {
    for (;;) {
      RunDue();
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, std::chrono::milliseconds(tick_ms), [&] { return stop_; })) return;
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AddSessionCleanup(Scheduler& scheduler, Store& store, const Clock& clock) {
  scheduler.Every("sessions.delete_expired", 60 * 60'000, [&store, &clock]() -> Status {
    auto n = store.DeleteExpiredSessions(clock.NowS());
    if (!n.ok()) return n.status();
    if (*n > 0) spdlog::info("scheduler: {} verlopen sessies verwijderd", *n);
    return Status::Ok();
  });
}

}  // namespace inbeeld
