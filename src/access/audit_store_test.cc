// The access log end to end on a real (SQLite) Store: AuditLog through
// StoreAuditSink, then VerifyAuditChain(Store&) — intact, and after an
// administrator with database access edits or deletes a row.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "access/audit_chain.h"
#include "access/audit_log.h"
#include "access/store_audit_sink.h"
#include "access/tokens.h"
#include "store/store.h"

namespace inbeeld {
namespace {

class AuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("inbeeld-audit-" + RandomHex(8) + ".db");
    auto store = Store::Open("sqlite:" + path_.string(), 4);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store.value());
    ASSERT_TRUE(store_->Migrate().ok());
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  Status Exec(const std::string& sql) {
    auto lease = store_->pool().Acquire();
    return lease->ExecScript(sql);
  }
  // Writes n entries from 4 threads through AuditLog.
  void Fill(int n) {
    FakeClock clock(1'700'000'000'000);
    StoreAuditSink sink(*store_);
    AuditLog log(sink, clock);
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = t; i < n; i += 4) {
          AuditRecord r;
          r.user_id = 7;
          r.username = "j.jansen";
          r.action = "read";
          r.object_type = "person";
          r.person_id = 100 + i;
          r.detail = "persoonskaart";
          EXPECT_TRUE(log.Record(r).ok());
        }
      });
    }
    for (auto& th : threads) th.join();
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

TEST_F(AuditStoreTest, EmptyLogIsIntact) {
  VerifyReport report;
  EXPECT_TRUE(VerifyAuditChain(*store_, &report).ok());
  EXPECT_EQ(report.checked, 0);
}

TEST_F(AuditStoreTest, EntriesWrittenByAuditLogVerify) {
  Fill(200);
  VerifyReport report;
  const Status s = VerifyAuditChain(*store_, &report);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(report.checked, 200);
  EXPECT_EQ(report.last_seq, 200);
  EXPECT_EQ(report.last_hash.size(), 64u);
}

TEST_F(AuditStoreTest, EditedRowIsDetected) {
  Fill(20);
  ASSERT_TRUE(Exec("DROP TRIGGER audit_log_no_update;"
                   "UPDATE audit_log SET person_id = 999 WHERE seq = 7;")
                  .ok());
  VerifyReport report;
  EXPECT_EQ(VerifyAuditChain(*store_, &report).code(), StatusCode::kConflict);
  EXPECT_EQ(report.broken_seq, 7);
  EXPECT_EQ(report.checked, 6);
}

TEST_F(AuditStoreTest, DeletedRowIsDetected) {
  Fill(20);
  ASSERT_TRUE(Exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 12;").ok());
  VerifyReport report;
  EXPECT_EQ(VerifyAuditChain(*store_, &report).code(), StatusCode::kConflict);
  EXPECT_EQ(report.broken_seq, 13);
}

}  // namespace
}  // namespace inbeeld
