// The hash chain of the access log (NEN 7513): each entry's hash covers the
// previous entry's hash and every field of the entry, so changing, removing,
// inserting or reordering stored entries breaks the chain at that point.
//
//   hash(r) = hex SHA-256( "inbeeld.audit.v1" || lp(r.prev_hash) || Canonical(r) )
//
// where lp(x) is x prefixed by its length (8 bytes, big-endian) and
// Canonical(r) encodes every other field in a fixed order, integers as 8
// bytes big-endian, strings length-prefixed, person_id as a presence byte then
// the value — so no two different records give the same bytes.
//
// Limit: removing the newest entries (truncation) leaves a valid shorter
// chain. VerifyReport gives the last seq and hash so that an operator can
// compare them with a copy kept elsewhere.
//
// Everything here is pure and thread-safe except VerifyAuditChain(Store&),
// which reads the store (safe to call from any thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/audit_record.h"
#include "core/status.h"

namespace inbeeld {

class Store;

// Every field of r except prev_hash and hash, in the canonical encoding.
std::string CanonicalAuditBytes(const AuditRecord& r);

// The hash r must carry. REQUIRES: r.seq and r.prev_hash already set.
// Fits Store::AppendAudit's `chain` argument.
std::string ChainHash(const AuditRecord& r);

struct VerifyReport {
  int64_t checked = 0;     // entries that passed
  int64_t last_seq = 0;    // of the last entry that passed (0: none)
  std::string last_hash;   // of the last entry that passed
  int64_t broken_seq = 0;  // seq of the first entry that failed; 0 = intact
  std::string problem;     // why it failed; empty when intact
};

// Checks entries one by one, in the order given: seq is 1, 2, 3, ... with no
// gaps, prev_hash equals the previous entry's hash ("" for seq 1), and hash
// equals ChainHash. Not thread-safe (one verifier per scan).
class AuditChainVerifier {
 public:
  // Ok when r continues the chain. Otherwise kConflict describing the break;
  // the report records it and every later call returns the same error.
  Status Next(const AuditRecord& r);
  const VerifyReport& report() const { return report_; }
  // Ok until a call to Next failed; then that failure.
  const Status& status() const { return failure_; }

 private:
  Status Fail(int64_t seq, std::string problem);
  VerifyReport report_;
  Status failure_;
};

// Verifies a whole chain held in memory. Ok when intact (an empty chain is
// intact), kConflict at the first break. `report` may be null.
Status VerifyAuditChain(const std::vector<AuditRecord>& entries, VerifyReport* report);

// Verifies the access log in `store`, scanning it in seq order
// (Store::ScanAudit). Ok when intact; kConflict at the first break (with
// report->broken_seq != 0); the store's error when the scan fails (with
// report->broken_seq == 0). `report` may be null. Defined in
// audit_chain_store.cc, which alone needs inbeeld_store.
Status VerifyAuditChain(Store& store, VerifyReport* report);

}  // namespace inbeeld
