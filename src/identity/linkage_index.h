// LinkageIndex: the in-memory index of encodings for one register (3.5
// million children fit in about 0.5 GB). Per record it keeps the 1024-bit
// encoding (128 bytes), its popcount (2), the caller's id (8) and one 4-byte
// posting per blocking pass; per pass a bucket directory of 4-byte offsets
// (the number of distinct keys rounded up to a power of two). Keys are hashed
// into buckets, so a bucket may hold a second key's block: a few extra
// candidates, never a missed one. MemoryBytes() reports the exact total.
//
// Built once (Add... then Build), then read-only: every const method is
// thread-safe. A rebuild makes a new index and swaps it in.
#pragma once

#include <cstdint>
#include <vector>

#include "identity/blocking.h"
#include "identity/bloom_encoding.h"

namespace inbeeld {

struct ScoredCandidate {
  uint32_t pos = 0;  // position in the index
  float score = 0;   // Dice (or containment for partial scans)
};

class LinkageIndex {
 public:
  void Reserve(size_t n);
  // REQUIRES: not built yet.
  void Add(int64_t id, const BloomEncoding& encoding, const BlockingKeys& keys);
  // Builds the blocking directories and drops the pending keys.
  void Build();

  size_t size() const { return encodings_.size(); }
  int64_t id(uint32_t pos) const { return ids_[pos]; }
  const BloomEncoding& encoding(uint32_t pos) const { return encodings_[pos]; }
  size_t MemoryBytes() const;

  // The reference: every record with Dice >= min_dice, best first, at most `limit`.
  std::vector<ScoredCandidate> FullScan(const BloomEncoding& q, double min_dice,
                                        size_t limit) const;
  // Only the records sharing a blocking key with `keys`; same result shape.
  std::vector<ScoredCandidate> BlockedSearch(const BloomEncoding& q, const BlockingKeys& keys,
                                             double min_dice, size_t limit) const;
  // Positions sharing a blocking key with `keys`, each once, ascending.
  void Candidates(const BlockingKeys& keys, std::vector<uint32_t>* out) const;
  // Partial signals: every record containing at least `min_containment` of the
  // query's bits (|Q∧R| / |Q|), best first, at most `limit`.
  std::vector<ScoredCandidate> ContainmentScan(const BloomEncoding& q, double min_containment,
                                               size_t limit) const;

 private:
  struct Pass {
    int shift = 64;                  // bucket = key >> shift
    std::vector<uint32_t> offsets;   // buckets + 1
    std::vector<uint32_t> postings;  // positions, grouped by bucket
  };
  std::vector<BloomEncoding> encodings_;
  std::vector<uint16_t> popcounts_;
  std::vector<int64_t> ids_;
  std::vector<BlockingKeys> pending_;
  std::array<Pass, kBlockingPasses> passes_;
  bool built_ = false;
};

// Keeps the `limit` best of `c` (score descending, then position ascending).
void KeepBest(std::vector<ScoredCandidate>& c, size_t limit);

}  // namespace inbeeld
