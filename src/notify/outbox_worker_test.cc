// OutboxWorker on a real (SQLite) Store with a FakeClock and fake channels:
// delivery per channel, retry with backoff, never dropped, and the takeover
// of a dead worker's lease with exactly one inbox message.
#include "notify/outbox_worker.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace inbeeld {
namespace {

constexpr int64_t kT0 = 1'800'000'000'000;

class FakeChannel final : public Channel {
 public:
  Status Send(const OutboxItem& item) override {
    std::lock_guard lock(mu_);
    attempts_.push_back(item.idempotency_key);
    if (fail_) return Status::Unavailable("nep-kanaal: server weg");
    sent_.push_back(item.idempotency_key);
    return Status::Ok();
  }
  void set_fail(bool f) {
    std::lock_guard lock(mu_);
    fail_ = f;
  }
  std::vector<std::string> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  size_t attempts() {
    std::lock_guard lock(mu_);
    return attempts_.size();
  }

 private:
  std::mutex mu_;
  bool fail_ = false;
  std::vector<std::string> sent_, attempts_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    unsigned char r[6];
    randombytes_buf(r, sizeof r);
    char hex[13];
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    path_ = std::filesystem::temp_directory_path() / (std::string("inbeeld-outbox-") + hex + ".db");
    auto store = Store::Open("sqlite:" + path_.string(), 4);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store.value());
    ASSERT_TRUE(store_->Migrate().ok());
    Organisation school;
    school.kind = OrgKind::kSchool;
    school.name = "De Regenboog";
    auto org = store_->InsertOrganisation(school);
    ASSERT_TRUE(org.ok());
    User u;
    u.username = "school.contact";
    u.org_id = *org;
    u.role = Role::kSchoolContact;
    auto id = store_->InsertUser(u);
    ASSERT_TRUE(id.ok());
    user_ = *id;
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }

  OutboxItem Enqueue(const std::string& key, OutboxChannel channel,
                     const std::string& recipient = "") {
    OutboxItem o;
    o.idempotency_key = key;
    o.channel = channel;
    o.recipient = recipient.empty()
                      ? (channel == OutboxChannel::kInbox   ? std::to_string(user_)
                         : channel == OutboxChannel::kEmail ? "zorg@regenboog.example"
                                                            : "http://127.0.0.1:9/hook")
                      : recipient;
    o.subject = "Handle with Care";
    o.body = "Daan de Vries (15-03-2014): Handle with Care";
    o.created_ms = clock_.NowMs();
    o.next_attempt_ms = clock_.NowMs();
    auto r = store_->EnqueueOutbox(o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return o;
  }

  OutboxWorkerOptions Options(const std::string& owner) {
    OutboxWorkerOptions o;
    o.owner = owner;
    o.lease_ms = 30'000;
    o.batch = 16;
    o.poll_ms = 20;
    o.backoff = BackoffPolicy{1'000, 60'000, 20};
    o.failing_attempts = 10;
    return o;
  }

  OutboxItem Get(int64_t id) {
    auto r = store_->GetOutbox(id);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : OutboxItem{};
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  UserId user_ = 0;
  FakeClock clock_{kT0};
  FakeChannel email_, webhook_;
};

TEST_F(OutboxWorkerTest, DeliversEachChannel) {
  OutboxItem in = Enqueue("n1.inbox", OutboxChannel::kInbox);
  OutboxItem em = Enqueue("n1.email", OutboxChannel::kEmail);
  OutboxItem wh = Enqueue("n1.webhook", OutboxChannel::kWebhook);
  OutboxWorker w(*store_, clock_, {&email_, &webhook_}, Options("w1"));
  auto r = w.RunOnce();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->claimed, 3);
  EXPECT_EQ(r->delivered, 3);
  EXPECT_EQ(r->retried, 0);
  EXPECT_EQ(email_.sent(), std::vector<std::string>{"n1.email"});
  EXPECT_EQ(webhook_.sent(), std::vector<std::string>{"n1.webhook"});
  auto inbox = store_->InboxFor(user_, 10);
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ(inbox->front().body, in.body);
  for (int64_t id : {in.id, em.id, wh.id}) {
    EXPECT_EQ(Get(id).state, OutboxState::kDelivered);
    EXPECT_EQ(Get(id).delivered_ms.value_or(0), kT0);
  }
  // Nothing left to do.
  EXPECT_EQ(w.RunOnce()->claimed, 0);
}

TEST_F(OutboxWorkerTest, RetriesWithBackoffAfterAFailure) {
  OutboxItem em = Enqueue("n2.email", OutboxChannel::kEmail);
  email_.set_fail(true);
  OutboxWorkerOptions opts = Options("w1");
  OutboxWorker w(*store_, clock_, {&email_, &webhook_}, opts);
  auto r = w.RunOnce();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retried, 1);
  OutboxItem after = Get(em.id);
  EXPECT_EQ(after.state, OutboxState::kQueued);
  EXPECT_EQ(after.attempts, 1);
  EXPECT_EQ(after.next_attempt_ms, NextAttemptMs(opts.backoff, kT0, 1, em.id));
  EXPECT_GT(after.next_attempt_ms, kT0);
  EXPECT_NE(after.last_error.find("server weg"), std::string::npos) << after.last_error;
  EXPECT_FALSE(after.lease_owner.has_value());

  // Not before the backoff has passed.
  clock_.Set(after.next_attempt_ms - 1);
  EXPECT_EQ(w.RunOnce()->claimed, 0);
  clock_.Set(after.next_attempt_ms);
  email_.set_fail(false);
  r = w.RunOnce();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivered, 1);
  after = Get(em.id);
  EXPECT_EQ(after.state, OutboxState::kDelivered);
  EXPECT_EQ(after.attempts, 2);
  EXPECT_EQ(after.last_error, "");
  EXPECT_EQ(email_.sent().size(), 1u);
}

TEST_F(OutboxWorkerTest, NeverDropsAnItemThatKeepsFailing) {
  OutboxItem em = Enqueue("n3.email", OutboxChannel::kEmail);
  OutboxItem orphan = Enqueue("n3.webhook", OutboxChannel::kWebhook);  // no webhook channel below
  OutboxItem ghost = Enqueue("n3.inbox", OutboxChannel::kInbox, "not-a-user-id");
  email_.set_fail(true);
  OutboxWorkerOptions opts = Options("w1");
  OutboxWorker w(*store_, clock_, {&email_, nullptr}, opts);
  constexpr int kRounds = 40;
  for (int i = 0; i < kRounds; ++i) {
    auto r = w.RunOnce();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->claimed, 3) << "round " << i;
    EXPECT_EQ(r->retried, 3);
    int64_t latest = 0;
    for (int64_t id : {em.id, orphan.id, ghost.id}) {
      OutboxItem it = Get(id);
      EXPECT_EQ(it.state, OutboxState::kQueued);
      EXPECT_EQ(it.attempts, i + 1);
      EXPECT_LE(it.next_attempt_ms - clock_.NowMs(), opts.backoff.cap_ms);  // capped
      latest = std::max(latest, it.next_attempt_ms);
    }
    clock_.Set(latest);
  }
  EXPECT_EQ(email_.attempts(), static_cast<size_t>(kRounds));
  auto counts = store_->CountOutbox(opts.failing_attempts);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 3);
  EXPECT_EQ(counts->failing, 3);
  EXPECT_EQ(counts->delivered, 0);
  EXPECT_NE(Get(orphan.id).last_error.find("webhook"), std::string::npos);
  // And once the server is back, it goes out.
  email_.set_fail(false);
  ASSERT_EQ(w.RunOnce()->delivered, 1);
  EXPECT_EQ(Get(em.id).state, OutboxState::kDelivered);
}

TEST_F(OutboxWorkerTest, TheLeaseOfADeadWorkerIsTakenOverAfterExpiry) {
  OutboxItem in = Enqueue("n4.inbox", OutboxChannel::kInbox);
  OutboxItem em = Enqueue("n4.email", OutboxChannel::kEmail);
  // A worker claims and dies (no Complete, no Retry): simulated by a bare claim.
  auto claimed = store_->ClaimOutbox("dead-worker", kT0, 30'000, 16);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 2u);

  OutboxWorker alive(*store_, clock_, {&email_, &webhook_}, Options("alive"));
  clock_.Set(kT0 + 29'999);
  EXPECT_EQ(alive.RunOnce()->claimed, 0) << "the lease still holds";
  clock_.Set(kT0 + 30'000);
  auto r = alive.RunOnce();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->claimed, 2);
  EXPECT_EQ(r->delivered, 2);
  EXPECT_EQ(Get(in.id).attempts, 2);

  // The "dead" worker comes back and tries to finish its old claim: fenced.
  EXPECT_EQ(store_->DeliverToInbox(in.id, "dead-worker", user_, kT0 + 30'001).code(),
            StatusCode::kConflict);
  EXPECT_EQ(store_->CompleteOutbox(em.id, "dead-worker", kT0 + 30'001).code(),
            StatusCode::kConflict);
  auto inbox = store_->InboxFor(user_, 10);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->size(), 1u);
  EXPECT_EQ(email_.sent().size(), 1u);
}

TEST_F(OutboxWorkerTest, AWorkerHeldAfterClaimingIsKilledAndAnotherDeliversExactlyOnce) {
  OutboxItem in = Enqueue("n5.inbox", OutboxChannel::kInbox);
  OutboxWorkerOptions held = Options("held");
  held.lease_ms = 2'000;
  held.hold_after_claim_ms = 60'000;  // the test hook: claims, then sleeps
  auto a =
      std::make_unique<OutboxWorker>(*store_, clock_, OutboxChannels{&email_, &webhook_}, held);
  a->Start();
  for (int i = 0; i < 500 && !Get(in.id).lease_owner; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(Get(in.id).lease_owner.value_or(""), "held");
  a.reset();  // "killed" while holding the item: it delivers nothing

  OutboxWorker b(*store_, clock_, {&email_, &webhook_}, Options("b"));
  EXPECT_EQ(b.RunOnce()->claimed, 0);
  clock_.Advance(2'000);
  EXPECT_EQ(b.RunOnce()->delivered, 1);
  EXPECT_EQ(b.RunOnce()->claimed, 0);
  auto inbox = store_->InboxFor(user_, 10);
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->size(), 1u);
  EXPECT_EQ(Get(in.id).state, OutboxState::kDelivered);
  EXPECT_EQ(Get(in.id).lease_owner.value_or(""), "b");
}

TEST_F(OutboxWorkerTest, TwoBackgroundWorkersDeliverEverythingOnce) {
  constexpr int kItems = 60;
  std::vector<OutboxItem> items;
  items.reserve(kItems);
  for (int i = 0; i < kItems; ++i) {
    items.push_back(
        Enqueue("bg" + std::to_string(i), i % 2 ? OutboxChannel::kInbox : OutboxChannel::kEmail));
  }
  OutboxWorkerOptions oa = Options("a"), ob = Options("b");
  oa.batch = ob.batch = 5;
  OutboxWorker a(*store_, clock_, {&email_, &webhook_}, oa);
  OutboxWorker b(*store_, clock_, {&email_, &webhook_}, ob);
  a.Start();
  b.Start();
  for (int i = 0; i < 500; ++i) {
    auto n = store_->CountOutbox(10);
    if (n.ok() && n->delivered == kItems) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  a.Stop();
  b.Stop();
  auto n = store_->CountOutbox(10);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->delivered, kItems);
  EXPECT_EQ(email_.sent().size(), static_cast<size_t>(kItems / 2));
  auto sent = email_.sent();
  EXPECT_EQ(std::set<std::string>(sent.begin(), sent.end()).size(), sent.size())
      << "an e-mail went twice";
  EXPECT_EQ(store_->InboxFor(user_, 1000)->size(), static_cast<size_t>(kItems / 2));
}

}  // namespace
}  // namespace inbeeld
