#include "notify/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>

namespace inbeeld {
namespace {

std::optional<UserId> ParseUserId(const std::string& s) {
  UserId id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

OutboxWorker::OutboxWorker(Store& store, const Clock& clock, OutboxChannels channels,
                           OutboxWorkerOptions options)
    : store_(store), clock_(clock), channels_(channels), options_(std::move(options)) {}

OutboxWorker::~OutboxWorker() {
  Stop();
}

Result<OutboxWorker::RunStats> OutboxWorker::RunOnce() {
  RunStats stats;
  auto claimed =
      store_.ClaimOutbox(options_.owner, clock_.NowMs(), options_.lease_ms, options_.batch);
  if (!claimed.ok()) return claimed.status();
  stats.claimed = static_cast<int>(claimed->size());
  if (claimed->empty()) return stats;
  if (options_.hold_after_claim_ms > 0) {
    spdlog::warn("outbox: testhaak houdt {} item(s) {} ms vast", claimed->size(),
                 options_.hold_after_claim_ms);
    if (!SleepFor(options_.hold_after_claim_ms)) return stats;  // stopping: leases run out
  }
  for (const OutboxItem& item : *claimed) Deliver(item, stats);
  return stats;
}

void OutboxWorker::Deliver(const OutboxItem& item, RunStats& stats) {
  // Past our lease another worker may already have the item: do not send.
  if (item.lease_until_ms && clock_.NowMs() >= *item.lease_until_ms) {
    Retry(item, "lease verlopen voor verzending", stats);
    return;
  }
  Status s;
  if (item.channel == OutboxChannel::kInbox) {
    auto user = ParseUserId(item.recipient);
    if (!user) {
      Retry(item, "ongeldige ontvanger voor inbox: " + item.recipient, stats);
      return;
    }
    s = store_.DeliverToInbox(item.id, options_.owner, *user, clock_.NowMs());
  } else {
    Channel* ch = item.channel == OutboxChannel::kEmail ? channels_.email : channels_.webhook;
    if (!ch) {
      Retry(
          item,
          std::string("geen kanaal ingesteld voor ") + std::string(OutboxChannelName(item.channel)),
          stats);
      return;
    }
    s = ch->Send(item);
    if (!s.ok()) {
      Retry(item, s.message(), stats);
      return;
    }
    s = store_.CompleteOutbox(item.id, options_.owner, clock_.NowMs());
  }
  if (s.ok()) {
    ++stats.delivered;
  } else if (s.code() == StatusCode::kConflict && item.channel != OutboxChannel::kInbox) {
    // Sent, but the lease ran out meanwhile: the new holder sends it again
    // (same Message-ID / Idempotency-Key). Nothing for us to undo.
    ++stats.lost;
    spdlog::warn("outbox: item {} verzonden na verlopen lease ({})", item.id, s.message());
  } else {
    Retry(item, s.message(), stats);
  }
}

void OutboxWorker::Retry(const OutboxItem& item, const std::string& error, RunStats& stats) {
  int64_t next = NextAttemptMs(options_.backoff, clock_.NowMs(), item.attempts, item.id);
  Status s = store_.RetryOutbox(item.id, options_.owner, next, error);
  if (s.ok()) {
    ++stats.retried;
    // Once when an item starts failing, then every 100 attempts: loud, not flooding.
    if (item.attempts == options_.failing_attempts ||
        (item.attempts > options_.failing_attempts && item.attempts % 100 == 0)) {
      spdlog::error("outbox: item {} ({}) faalt al {} pogingen: {}", item.id,
                    OutboxChannelName(item.channel), item.attempts, error);
    }
  } else if (s.code() == StatusCode::kConflict) {
    ++stats.lost;  // another worker holds it now
  } else {
    // The database is away: the lease runs out and the item is claimed again.
    ++stats.lost;
    spdlog::warn("outbox: item {} niet opnieuw ingepland: {}", item.id, s.ToString());
  }
}

bool OutboxWorker::SleepFor(int64_t ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stop_; });
  return !stop_;
}

void OutboxWorker::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

void OutboxWorker::Loop() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      wake_ = false;
    }
    auto r = RunOnce();
    if (!r.ok()) spdlog::warn("outbox: claimen mislukt: {}", r.status().ToString());
    bool full = r.ok() && r->claimed >= options_.batch;
    if (full) continue;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [&] { return stop_ || wake_; });
  }
}

}  // namespace inbeeld
