// StoreAuditSink: an AuditSink over Store::AppendAudit, hashing with
// ChainHash (access/audit_chain.h). Thread-safe (as Store is).
#pragma once

#include "access/audit_sink.h"

namespace inbeeld {

class Store;

class StoreAuditSink final : public AuditSink {
 public:
  // REQUIRES: store outlives this sink.
  explicit StoreAuditSink(Store& store) : store_(store) {}
  Status Append(std::vector<AuditRecord>& entries) override;

 private:
  Store& store_;
};

}  // namespace inbeeld
