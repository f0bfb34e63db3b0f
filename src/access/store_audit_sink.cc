#include "access/store_audit_sink.h"

#include "access/audit_chain.h"
#include "store/store.h"

namespace inbeeld {

Status StoreAuditSink::Append(std::vector<AuditRecord>& entries) {
  return store_.AppendAudit(entries, ChainHash);
}

}  // namespace inbeeld
