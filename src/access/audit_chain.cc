#include "access/audit_chain.h"

#include <string_view>

#include "access/tokens.h"

namespace inbeeld {

namespace {

constexpr std::string_view kDomain = "inbeeld.audit.v1";

void PutInt(std::string& out, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((u >> shift) & 0xFF));
}

void PutString(std::string& out, std::string_view s) {
  PutInt(out, static_cast<int64_t>(s.size()));
  out.append(s);
}

}  // namespace

std::string CanonicalAuditBytes(const AuditRecord& r) {
  std::string out;
  out.reserve(128 + r.username.size() + r.org_name.size() + r.detail.size());
  PutInt(out, r.seq);
  PutInt(out, r.at_ms);
  PutInt(out, r.user_id);
  PutString(out, r.username);
  PutInt(out, r.org_id);
  PutString(out, r.org_name);
  PutString(out, r.role);
  PutString(out, r.action);
  PutString(out, r.object_type);
  out.push_back(r.person_id.has_value() ? 1 : 0);
  PutInt(out, r.person_id.value_or(0));
  PutString(out, r.detail);
  PutString(out, r.responsibility);
  PutString(out, r.reason);
  return out;
}

std::string ChainHash(const AuditRecord& r) {
  std::string bytes(kDomain);
  PutString(bytes, r.prev_hash);
  bytes += CanonicalAuditBytes(r);
  return Sha256Hex(bytes);
}

Status AuditChainVerifier::Fail(int64_t seq, std::string problem) {
  report_.broken_seq = seq;
  report_.problem = std::move(problem);
  failure_ = Status::Conflict("access log chain broken at seq " + std::to_string(seq) + ": " +
                              report_.problem);
  return failure_;
}

Status AuditChainVerifier::Next(const AuditRecord& r) {
  if (!failure_.ok()) return failure_;
  const int64_t want = report_.last_seq + 1;
  if (r.seq != want) {
    if (r.seq > want) {
      return Fail(r.seq, "expected seq " + std::to_string(want) + ", found " +
                             std::to_string(r.seq) + " (entries missing)");
    }
    return Fail(r.seq, "expected seq " + std::to_string(want) + ", found " + std::to_string(r.seq) +
                           " (out of order or duplicated)");
  }
  if (r.prev_hash != report_.last_hash) {
    return Fail(r.seq,
                "prev_hash does not match the hash of seq " + std::to_string(report_.last_seq));
  }
  if (r.hash != ChainHash(r)) {
    return Fail(r.seq, "hash does not match the entry's contents (entry changed)");
  }
  report_.checked++;
  report_.last_seq = r.seq;
  report_.last_hash = r.hash;
  return Status::Ok();
}

Status VerifyAuditChain(const std::vector<AuditRecord>& entries, VerifyReport* report) {
  AuditChainVerifier verifier;
  Status s;
  for (const AuditRecord& r : entries) {
    s = verifier.Next(r);
    if (!s.ok()) break;
  }
  if (report != nullptr) *report = verifier.report();
  return s;
}

}  // namespace inbeeld
