#include "store/connection_pool.h"

namespace inbeeld {

ConnectionPool::ConnectionPool(Backend backend, std::vector<std::unique_ptr<SqlConnection>> conns)
    : backend_(backend), all_(std::move(conns)) {
  for (auto& c : all_) free_.push_back(c.get());
}

SqlPool::Lease ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return !free_.empty(); });
  SqlConnection* c = free_.back();
  free_.pop_back();
  return Lease(this, c);
}

void ConnectionPool::Release(SqlConnection* c) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(c);
  }
  freed_.notify_one();
}

}  // namespace inbeeld
