// Scheduler: a job runs once per period slot across schedulers (instances)
// sharing one Store, and the session clean-up job deletes expired sessions.
#include "notify/scheduler.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "notify/owner_id.h"

namespace inbeeld {
namespace {

constexpr int64_t kHour = 60 * 60'000;
constexpr int64_t kT0 =
    1'800'000'000'000 - 1'800'000'000'000 % kHour + 5 * 60'000;  // 00:05 past an hour

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    path_ = std::filesystem::temp_directory_path() / ("inbeeld-scheduler-" + MakeOwnerId() + ".db");
    auto store = Store::Open("sqlite:" + path_.string(), 4);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store.value());
    ASSERT_TRUE(store_->Migrate().ok());
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  FakeClock clock_{kT0};
};

TEST_F(SchedulerTest, OwnerIdsAreHostPidAndRandom) {
  std::string a = MakeOwnerId(), b = MakeOwnerId();
  EXPECT_NE(a, b);
  EXPECT_NE(a.find(":" + std::to_string(getpid()) + ":"), std::string::npos) << a;
}

TEST_F(SchedulerTest, AJobRunsOncePerSlotAcrossInstances) {
  std::atomic<int> runs{0};
  Scheduler a(*store_, clock_, "instance-a"), b(*store_, clock_, "instance-b");
  for (Scheduler* s : {&a, &b}) {
    s->Every("count", kHour, [&]() -> Status {
      ++runs;
      return Status::Ok();
    });
  }
  EXPECT_EQ(a.RunDue().size() + b.RunDue().size(), 1u);
  EXPECT_EQ(runs.load(), 1);
  clock_.Advance(10 * 60'000);  // same slot
  EXPECT_TRUE(a.RunDue().empty());
  EXPECT_TRUE(b.RunDue().empty());
  clock_.Advance(kHour);  // next slot: b runs first this time
  EXPECT_EQ(b.RunDue(), std::vector<std::string>{"count"});
  EXPECT_TRUE(a.RunDue().empty());
  EXPECT_EQ(runs.load(), 2);
  // The run is recorded, finished, with its owner.
  auto c = store_->pool().Acquire();
  auto rows = c->Query("SELECT owner, finished_ms FROM job_runs WHERE job = 'count' ORDER BY slot");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].Text(0), "instance-b");
  EXPECT_EQ((*rows)[1].Int(1), clock_.NowMs());
}

TEST_F(SchedulerTest, ConcurrentInstancesRunASlotExactlyOnce) {
  std::atomic<int> runs{0};
  std::vector<std::unique_ptr<Scheduler>> instances;
  std::vector<std::unique_ptr<Store>> stores;  // one Store each, as separate processes
  for (int i = 0; i < 4; ++i) {
    auto s = Store::Open("sqlite:" + path_.string(), 1);
    ASSERT_TRUE(s.ok());
    stores.push_back(std::move(s.value()));
    instances.push_back(
        std::make_unique<Scheduler>(*stores.back(), clock_, "i" + std::to_string(i)));
    instances.back()->Every("job", kHour, [&]() -> Status {
      ++runs;
      return Status::Ok();
    });
  }
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> threads;
    threads.reserve(instances.size());
    for (auto& s : instances) threads.emplace_back([&s] { s->RunDue(); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(runs.load(), round + 1);
    clock_.Advance(kHour);
  }
}

TEST_F(SchedulerTest, BackgroundThreadRunsTheSessionCleanup) {
  Organisation o;
  o.kind = OrgKind::kAdmin;
  o.name = "Beheer";
  auto org = store_->InsertOrganisation(o);
  ASSERT_TRUE(org.ok());
  User u;
  u.username = "admin";
  u.org_id = *org;
  u.role = Role::kAdmin;
  auto uid = store_->InsertUser(u);
  ASSERT_TRUE(uid.ok());
  const int64_t now_s = kT0 / 1000;
  ASSERT_TRUE(store_->InsertSession({"old", *uid, "c", now_s - 100, now_s - 1, true}).ok());
  ASSERT_TRUE(store_->InsertSession({"live", *uid, "c", now_s - 100, now_s + 600, true}).ok());
  Scheduler s(*store_, clock_, MakeOwnerId());
  AddSessionCleanup(s, *store_, clock_);
  s.Start(10);
  for (int i = 0; i < 300 && store_->GetSession("old").ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  s.Stop();
  EXPECT_EQ(store_->GetSession("old").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("live").ok());
}

}  // namespace
}  // namespace inbeeld
