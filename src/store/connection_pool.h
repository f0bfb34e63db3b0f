// ConnectionPool: a fixed set of open connections handed out one thread at a
// time. Both drivers build their SqlPool from it. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql.h"

namespace inbeeld {

class ConnectionPool : public SqlPool {
 public:
  // REQUIRES: conns is not empty; all are connections to the same database.
  ConnectionPool(Backend backend, std::vector<std::unique_ptr<SqlConnection>> conns);
  Backend backend() const override { return backend_; }
  // Blocks until a connection is free.
  Lease Acquire() override;

 protected:
  void Release(SqlConnection* c) override;

 private:
  const Backend backend_;
  std::vector<std::unique_ptr<SqlConnection>> all_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<SqlConnection*> free_;  // guarded by mu_
};

}  // namespace inbeeld
