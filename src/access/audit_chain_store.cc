// VerifyAuditChain over a Store: the one part of audit_chain.h that needs
// inbeeld_store.
#include "access/audit_chain.h"
#include "store/store.h"

namespace inbeeld {

Status VerifyAuditChain(Store& store, VerifyReport* report) {
  AuditChainVerifier verifier;
  Status s = store.ScanAudit([&](const AuditRecord& r) { return verifier.Next(r); });
  if (report != nullptr) *report = verifier.report();
  // A break wins over however the store reports a scan stopped by `fn`.
  if (!verifier.status().ok()) return verifier.status();
  return s;
}

}  // namespace inbeeld
