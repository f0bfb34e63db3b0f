#include "identity/linkage_index.h"

#include <algorithm>
#include <bit>
#include <cassert>

#include "identity/popcount_scan.h"

namespace inbeeld {

void KeepBest(std::vector<ScoredCandidate>& c, size_t limit) {
  auto better = [](const ScoredCandidate& a, const ScoredCandidate& b) {
    return a.score != b.score ? a.score > b.score : a.pos < b.pos;
  };
  if (c.size() > limit) {
    std::partial_sort(c.begin(), c.begin() + static_cast<ptrdiff_t>(limit), c.end(), better);
    c.resize(limit);
  } else {
    std::sort(c.begin(), c.end(), better);
  }
}

void LinkageIndex::Reserve(size_t n) {
  encodings_.reserve(n);
  popcounts_.reserve(n);
  ids_.reserve(n);
  pending_.reserve(n);
}

void LinkageIndex::Add(int64_t id, const BloomEncoding& encoding, const BlockingKeys& keys) {
  assert(!built_);
  encodings_.push_back(encoding);
  popcounts_.push_back(static_cast<uint16_t>(Popcount(encoding)));
  ids_.push_back(id);
  pending_.push_back(keys);
}

void LinkageIndex::Build() {
  const size_t n = encodings_.size();
  for (int p = 0; p < kBlockingPasses; ++p) {
    // One bucket per distinct key, rounded up to a power of two: load 0.5..1,
    // so a lookup meets on average under one other key's block.
    std::vector<uint64_t> keys;
    keys.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (pending_[i].present[p]) keys.push_back(pending_[i].key[p]);
    }
    std::sort(keys.begin(), keys.end());
    const size_t distinct =
        static_cast<size_t>(std::unique(keys.begin(), keys.end()) - keys.begin());
    std::vector<uint64_t>().swap(keys);
    uint64_t buckets = std::bit_ceil(std::max<uint64_t>(distinct, 16));
    buckets = std::min<uint64_t>(buckets, uint64_t{1} << 30);
    Pass& pass = passes_[p];
    pass.shift = 64 - std::countr_zero(buckets);
    pass.offsets.assign(buckets + 1, 0);
    auto bucket = [&](uint64_t key) { return pass.shift == 64 ? 0 : key >> pass.shift; };
    for (size_t i = 0; i < n; ++i) {
      if (pending_[i].present[p]) ++pass.offsets[bucket(pending_[i].key[p]) + 1];
    }
    for (uint64_t b = 0; b < buckets; ++b) pass.offsets[b + 1] += pass.offsets[b];
    pass.postings.resize(pass.offsets[buckets]);
    std::vector<uint32_t> fill(pass.offsets.begin(), pass.offsets.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      if (pending_[i].present[p])
        pass.postings[fill[bucket(pending_[i].key[p])]++] = static_cast<uint32_t>(i);
    }
  }
  std::vector<BlockingKeys>().swap(pending_);
  built_ = true;
}

size_t LinkageIndex::MemoryBytes() const {
  size_t b = encodings_.capacity() * sizeof(BloomEncoding) + popcounts_.capacity() * 2 +
             ids_.capacity() * 8 + pending_.capacity() * sizeof(BlockingKeys);
  for (const Pass& p : passes_) b += (p.offsets.capacity() + p.postings.capacity()) * 4;
  return b;
}

std::vector<ScoredCandidate> LinkageIndex::FullScan(const BloomEncoding& q, double min_dice,
                                                    size_t limit) const {
  std::vector<ScoredCandidate> out;
  const int pq = Popcount(q);
  constexpr size_t kChunk = 4096;
  uint16_t counts[kChunk];
  const PopcountKernel kernel = BestPopcountKernel();
  const float t = static_cast<float>(min_dice);
  for (size_t start = 0; start < encodings_.size(); start += kChunk) {
    const size_t m = std::min(kChunk, encodings_.size() - start);
    AndPopcounts(q, encodings_.data() + start, m, counts, kernel);
    const uint16_t* pops = popcounts_.data() + start;
    for (size_t i = 0; i < m; ++i) {
      // Dice >= t  <=>  2c >= t (|Q| + |R|), without a division per record.
      if (2.0f * counts[i] >= t * static_cast<float>(pq + pops[i]) && pq + pops[i] > 0) {
        out.push_back({static_cast<uint32_t>(start + i),
                       2.0f * counts[i] / static_cast<float>(pq + pops[i])});
      }
    }
  }
  KeepBest(out, limit);
  return out;
}

void LinkageIndex::Candidates(const BlockingKeys& keys, std::vector<uint32_t>* out) const {
  out->clear();
  for (int p = 0; p < kBlockingPasses; ++p) {
    if (!keys.present[p] || passes_[p].offsets.empty()) continue;
    const Pass& pass = passes_[p];
    const uint64_t b = pass.shift == 64 ? 0 : keys.key[p] >> pass.shift;
    out->insert(out->end(), pass.postings.begin() + pass.offsets[b],
                pass.postings.begin() + pass.offsets[b + 1]);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

std::vector<ScoredCandidate> LinkageIndex::BlockedSearch(const BloomEncoding& q,
                                                         const BlockingKeys& keys, double min_dice,
                                                         size_t limit) const {
  std::vector<uint32_t> cand;
  Candidates(keys, &cand);
  std::vector<uint16_t> counts(cand.size());
  AndPopcountsAt(q, encodings_.data(), cand.data(), cand.size(), counts.data(),
                 BestPopcountKernel());
  std::vector<ScoredCandidate> out;
  const int pq = Popcount(q);
  const float t = static_cast<float>(min_dice);
  for (size_t i = 0; i < cand.size(); ++i) {
    const int total = pq + popcounts_[cand[i]];
    if (total == 0) continue;
    const float d = 2.0f * static_cast<float>(counts[i]) / static_cast<float>(total);
    if (d >= t) out.push_back({cand[i], d});
  }
  KeepBest(out, limit);
  return out;
}

std::vector<ScoredCandidate> LinkageIndex::ContainmentScan(const BloomEncoding& q,
                                                           double min_containment,
                                                           size_t limit) const {
  std::vector<ScoredCandidate> out;
  const int pq = Popcount(q);
  if (pq == 0) return out;
  constexpr size_t kChunk = 4096;
  uint16_t counts[kChunk];
  const PopcountKernel kernel = BestPopcountKernel();
  const float need = static_cast<float>(min_containment) * static_cast<float>(pq);
  for (size_t start = 0; start < encodings_.size(); start += kChunk) {
    const size_t m = std::min(kChunk, encodings_.size() - start);
    AndPopcounts(q, encodings_.data() + start, m, counts, kernel);
    for (size_t i = 0; i < m; ++i) {
      if (static_cast<float>(counts[i]) >= need) {
        out.push_back({static_cast<uint32_t>(start + i),
                       static_cast<float>(counts[i]) / static_cast<float>(pq)});
      }
    }
  }
  KeepBest(out, limit);
  return out;
}

}  // namespace inbeeld
