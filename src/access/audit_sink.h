// AuditSink: where AuditLog writes batches of access-log entries. The real
// one is StoreAuditSink (access/store_audit_sink.h); tests use an in-memory
// fake.
#pragma once

#include <vector>

#include "core/audit_record.h"
#include "core/status.h"

namespace inbeeld {

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Appends `entries` durably, in order, all or none, chained to the entries
  // before them; fills in seq, prev_hash and hash. Returns only once the
  // entries are durable. Called by one thread at a time (AuditLog's writer).
  virtual Status Append(std::vector<AuditRecord>& entries) = 0;
};

}  // namespace inbeeld
