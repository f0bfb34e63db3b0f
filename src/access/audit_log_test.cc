#include "access/audit_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "access/audit_chain.h"

namespace inbeeld {
namespace {

// An in-memory AuditSink that chains like the store does. A test can hold
// the next Append at a gate, make Appends fail, or make them slow.
class FakeSink final : public AuditSink {
 public:
  Status Append(std::vector<AuditRecord>& entries) override {
    std::unique_lock lock(mu_);
    ++calls_;
    batch_sizes_.push_back(entries.size());
    in_append_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return !gated_; });
    in_append_ = false;
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    if (fail_calls_.count(calls_) != 0) return Status::Unavailable("database down");
    if (throw_next_) {
      throw_next_ = false;
      throw std::runtime_error("boom");
    }
    for (AuditRecord& r : entries) {
      r.seq = static_cast<int64_t>(stored_.size()) + 1;
      r.prev_hash = stored_.empty() ? "" : stored_.back().hash;
      r.hash = ChainHash(r);
      stored_.push_back(r);
    }
    return Status::Ok();
  }

  void Gate() {
    std::lock_guard lock(mu_);
    gated_ = true;
  }
  void Open() {
    std::lock_guard lock(mu_);
    gated_ = false;
    cv_.notify_all();
  }
  // Waits until an Append is blocked at the gate.
  void WaitInAppend() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return in_append_; });
  }
  // The call-th Append (1-based) fails, storing nothing.
  void FailCall(int call) {
    std::lock_guard lock(mu_);
    fail_calls_.insert(call);
  }
  void ThrowNext() {
    std::lock_guard lock(mu_);
    throw_next_ = true;
  }
  void SetDelay(std::chrono::milliseconds d) {
    std::lock_guard lock(mu_);
    delay_ = d;
  }
  bool Contains(const std::string& detail) {
    std::lock_guard lock(mu_);
    for (const AuditRecord& r : stored_) {
      if (r.detail == detail) return true;
    }
    return false;
  }
  std::vector<AuditRecord> stored() {
    std::lock_guard lock(mu_);
    return stored_;
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }
  std::vector<size_t> batch_sizes() {
    std::lock_guard lock(mu_);
    return batch_sizes_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool gated_ = false;
  bool in_append_ = false;
  std::set<int> fail_calls_;
  bool throw_next_ = false;
  std::chrono::milliseconds delay_{0};
  int calls_ = 0;
  std::vector<size_t> batch_sizes_;
  std::vector<AuditRecord> stored_;
};

AuditRecord Entry(const std::string& detail) {
  AuditRecord r;
  r.user_id = 7;
  r.username = "j.jansen";
  r.action = "read";
  r.object_type = "person";
  r.person_id = 42;
  r.detail = detail;
  return r;
}

void WaitForPending(const AuditLog& log, size_t n) {
  while (log.pending() < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TEST(AuditLogTest, RecordReturnsOnceStoredAndFillsTime) {
  FakeSink sink;
  FakeClock clock(1'700'000'000'123);
  AuditLog log(sink, clock);
  ASSERT_TRUE(log.Record(Entry("a")).ok());
  EXPECT_TRUE(sink.Contains("a"));
  AuditRecord timed = Entry("b");
  timed.at_ms = 5;
  ASSERT_TRUE(log.Record(timed).ok());
  auto stored = sink.stored();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].at_ms, 1'700'000'000'123);  // 0 → the clock
  EXPECT_EQ(stored[1].at_ms, 5);                  // kept
  EXPECT_EQ(stored[1].seq, 2);
  EXPECT_TRUE(VerifyAuditChain(stored, nullptr).ok());
}

TEST(AuditLogTest, ManyThreadsEveryEntryDurableBeforeReturn) {
  FakeSink sink;
  sink.SetDelay(std::chrono::milliseconds(1));  // a transaction takes time
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  constexpr int kThreads = 16, kPerThread = 50;
  std::atomic<int> not_yet_stored{0}, failed{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string detail = std::to_string(t) + "/" + std::to_string(i);
        if (!log.Record(Entry(detail)).ok()) ++failed;
        if (!sink.Contains(detail)) ++not_yet_stored;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(not_yet_stored.load(), 0);

  auto stored = sink.stored();
  ASSERT_EQ(stored.size(), static_cast<size_t>(kThreads * kPerThread));
  // The chain is consistent, and each thread's entries appear in the order it made them.
  VerifyReport report;
  EXPECT_TRUE(VerifyAuditChain(stored, &report).ok()) << report.problem;
  std::map<std::string, int> next;  // thread -> next expected i
  std::set<std::string> unique;
  for (const AuditRecord& r : stored) {
    EXPECT_TRUE(unique.insert(r.detail).second) << r.detail;
    const auto slash = r.detail.find('/');
    const std::string t = r.detail.substr(0, slash);
    EXPECT_EQ(std::stoi(r.detail.substr(slash + 1)), next[t]++) << r.detail;
  }
  // Group commit: fewer transactions than entries.
  EXPECT_LT(sink.calls(), kThreads * kPerThread);
  EXPECT_EQ(log.batches(), sink.calls());
}

TEST(AuditLogTest, WaitingCallersShareOneTransaction) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  sink.Gate();
  std::thread first([&] { EXPECT_TRUE(log.Record(Entry("first")).ok()); });
  sink.WaitInAppend();  // the writer is busy with "first"
  std::vector<std::thread> others;
  others.reserve(10);
  for (int i = 0; i < 10; ++i) {
    others.emplace_back([&, i] { EXPECT_TRUE(log.Record(Entry("o" + std::to_string(i))).ok()); });
  }
  WaitForPending(log, 10);
  sink.Open();
  first.join();
  for (auto& t : others) t.join();
  EXPECT_EQ(sink.batch_sizes(), (std::vector<size_t>{1, 10}));
  EXPECT_EQ(sink.stored().size(), 11u);
}

TEST(AuditLogTest, BatchesAreCappedAtMaxBatch) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock, AuditLog::Options{4});
  sink.Gate();
  std::thread first([&] { EXPECT_TRUE(log.Record(Entry("first")).ok()); });
  sink.WaitInAppend();
  std::vector<std::thread> others;
  others.reserve(10);
  for (int i = 0; i < 10; ++i) {
    others.emplace_back([&, i] { EXPECT_TRUE(log.Record(Entry("o" + std::to_string(i))).ok()); });
  }
  WaitForPending(log, 10);
  sink.Open();
  first.join();
  for (auto& t : others) t.join();
  EXPECT_EQ(sink.batch_sizes(), (std::vector<size_t>{1, 4, 4, 2}));
  EXPECT_TRUE(VerifyAuditChain(sink.stored(), nullptr).ok());
}

// Holds the writer inside Append #1 with "first", queues `n` more callers,
// then opens the gate; returns each caller's Status (first at [0]).
std::vector<Status> RunTwoBatches(FakeSink& sink, AuditLog& log, int n) {
  std::vector<Status> results(n + 1);
  sink.Gate();
  std::thread first([&] { results[0] = log.Record(Entry("first")); });
  sink.WaitInAppend();
  std::vector<std::thread> others;
  for (int i = 1; i <= n; ++i) {
    others.emplace_back([&, i] { results[i] = log.Record(Entry("o" + std::to_string(i))); });
  }
  WaitForPending(log, n);
  sink.Open();
  first.join();
  for (auto& t : others) t.join();
  return results;
}

TEST(AuditLogTest, FailingAppendFailsEveryCallerOfThatBatch) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  sink.FailCall(2);  // the batch of five
  const std::vector<Status> results = RunTwoBatches(sink, log, 5);
  EXPECT_TRUE(results[0].ok());
  for (int i = 1; i <= 5; ++i) {
    EXPECT_EQ(results[i].code(), StatusCode::kUnavailable) << i;
    EXPECT_EQ(results[i].message(), "database down");
  }
  EXPECT_EQ(sink.batch_sizes(), (std::vector<size_t>{1, 5}));
  // Nothing of the failed batch was stored; the log goes on afterwards.
  ASSERT_TRUE(log.Record(Entry("later")).ok());
  auto stored = sink.stored();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].detail, "first");
  EXPECT_EQ(stored[1].detail, "later");
  EXPECT_TRUE(VerifyAuditChain(stored, nullptr).ok());
}

TEST(AuditLogTest, FailureDoesNotLeakIntoTheNextBatch) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  sink.FailCall(1);  // only "first"
  const std::vector<Status> results = RunTwoBatches(sink, log, 5);
  EXPECT_EQ(results[0].code(), StatusCode::kUnavailable);
  for (int i = 1; i <= 5; ++i) EXPECT_TRUE(results[i].ok()) << i;
  EXPECT_EQ(sink.stored().size(), 5u);
}

TEST(AuditLogTest, ThrowingSinkBecomesInternalError) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  sink.ThrowNext();
  const Status s = log.Record(Entry("x"));
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_TRUE(log.Record(Entry("y")).ok());
}

TEST(AuditLogTest, DestructorDrainsQueuedEntries) {
  FakeSink sink;
  FakeClock clock(1'000);
  std::vector<std::thread> threads;
  std::thread opener;
  std::atomic<int> ok{0};
  {
    AuditLog log(sink, clock);
    sink.Gate();
    threads.emplace_back([&] {
      if (log.Record(Entry("first")).ok()) ++ok;
    });
    sink.WaitInAppend();
    for (int i = 0; i < 5; ++i) {
      threads.emplace_back([&, i] {
        if (log.Record(Entry("q" + std::to_string(i))).ok()) ++ok;
      });
    }
    WaitForPending(log, 5);
    opener = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      sink.Open();
    });
  }  // ~AuditLog: writes "first" and the five queued entries, then stops
  EXPECT_EQ(sink.stored().size(), 6u);
  opener.join();
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 6);
}

TEST(AuditLogTest, DeferredScopeCollectsInsteadOfWriting) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  AuditLog other_log(sink, clock);
  std::vector<AuditRecord> taken;
  {
    AuditLog::Deferred scope(log);
    ASSERT_TRUE(log.Record(Entry("a")).ok());
    ASSERT_TRUE(log.Record(Entry("b")).ok());
    {
      AuditLog::Deferred other(other_log);  // another log's scope does not take log's entries
      ASSERT_TRUE(log.Record(Entry("c")).ok());
    }
    EXPECT_EQ(sink.calls(), 0);
    // Another thread is not in the scope: its Record writes at once.
    std::thread([&] { EXPECT_TRUE(log.Record(Entry("elsewhere")).ok()); }).join();
    EXPECT_TRUE(sink.Contains("elsewhere"));
    taken = scope.Take();
  }
  ASSERT_EQ(taken.size(), 3u);
  EXPECT_EQ(taken[0].detail, "a");
  EXPECT_EQ(taken[2].detail, "c");
  EXPECT_EQ(taken[0].at_ms, 1'000);  // timed when recorded
  EXPECT_FALSE(sink.Contains("a"));
  // Out of the scope, Record writes again.
  ASSERT_TRUE(log.Record(Entry("after")).ok());
  EXPECT_TRUE(sink.Contains("after"));
}

TEST(AuditLogTest, SubmitCallsBackOnceDurableInOneBatch) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Status> results;
  auto done = [&](const Status& s) {
    std::lock_guard lock(mu);
    results.push_back(s);
    cv.notify_all();
  };
  log.Submit({Entry("x1"), Entry("x2"), Entry("x3")}, [&](const Status& s) {
    EXPECT_TRUE(sink.Contains("x3"));  // durable before the callback
    done(s);
  });
  log.Submit({}, done);  // nothing to write: called at once
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return results.size() == 2; });
  }
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  auto sizes = sink.batch_sizes();
  ASSERT_EQ(sizes.size(), 1u);
  EXPECT_EQ(sizes[0], 3u);
  EXPECT_TRUE(VerifyAuditChain(sink.stored(), nullptr).ok());
}

TEST(AuditLogTest, SubmitFailureReachesTheCallbackAndNothingIsStored) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock);
  sink.FailCall(1);
  std::promise<Status> result;
  log.Submit({Entry("y1"), Entry("y2")}, [&](const Status& s) { result.set_value(s); });
  Status s = result.get_future().get();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_TRUE(sink.stored().empty());
}

TEST(AuditLogTest, SubmissionsAreNotSplitAcrossBatches) {
  FakeSink sink;
  FakeClock clock(1'000);
  AuditLog log(sink, clock, AuditLog::Options{4});
  sink.Gate();
  std::thread first([&] { EXPECT_TRUE(log.Record(Entry("first")).ok()); });
  sink.WaitInAppend();
  std::atomic<int> called{0};
  auto count = [&](const Status& s) {
    EXPECT_TRUE(s.ok());
    ++called;
  };
  log.Submit({Entry("a1"), Entry("a2"), Entry("a3")}, count);
  log.Submit({Entry("b1"), Entry("b2")}, count);  // does not fit next to a*: next batch
  log.Submit({Entry("c1"), Entry("c2"), Entry("c3"), Entry("c4"), Entry("c5")}, count);  // alone
  WaitForPending(log, 10);
  sink.Open();
  first.join();
  while (called.load() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(sink.batch_sizes(), (std::vector<size_t>{1, 3, 2, 5}));
  EXPECT_TRUE(VerifyAuditChain(sink.stored(), nullptr).ok());
}

}  // namespace
}  // namespace inbeeld
