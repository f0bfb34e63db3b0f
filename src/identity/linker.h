// Linker: one signal -> ranked candidates with a decision each. Encodes the
// signal, looks in the blocks (the full scan when the signal has no blocking
// key at all), and classifies the best candidates with ClassifyLink. Partial
// signals (a first name, an estimated age, a street) take PartialMatch: a
// ranked list for a person to choose from, never a link.
//
// Holds references: the encoder and index must outlive it. Thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "identity/bloom_encoder.h"
#include "identity/linkage_index.h"
#include "identity/linkage_record.h"
#include "identity/linkage_rules.h"

namespace inbeeld {

struct LinkCandidate {
  int64_t id = 0;  // the index entry's id (a person id in the register)
  uint32_t pos = 0;
  double score = 0;  // Dice; for PartialMatch the containment of the signal's bits
  LinkEvidence evidence;
  LinkClassification classification;
};

struct LinkResult {
  std::vector<LinkCandidate> candidates;  // best first; at most one kAutoLink (the first)
  bool full_scan = false;                 // the signal had no blocking key
};

class Linker {
 public:
  Linker(const BloomEncoder& encoder, const LinkageIndex& index, LinkThresholds thresholds)
      : encoder_(encoder), index_(index), t_(thresholds) {}

  // Candidates with Dice >= the review threshold, best first, at most `limit`.
  // `full_scan` forces the exact scan (the reference).
  LinkResult Match(const LinkageRecord& signal, size_t limit = 10, bool full_scan = false) const;
  // The same for an encoding already made (benchmarks, evaluation).
  LinkResult MatchEncoded(const FieldEncodings& fields, const BlockingKeys& keys, bool partial,
                          size_t limit, bool full_scan) const;

  // Partial signal: records containing most of the signal's name and address
  // bits, best first; with an estimated age, only records whose birth year is
  // within one year of it. Every candidate is kReview at best.
  LinkResult PartialMatch(const LinkageRecord& signal, int current_year, size_t limit = 20) const;

  const LinkThresholds& thresholds() const { return t_; }

 private:
  const BloomEncoder& encoder_;
  const LinkageIndex& index_;
  LinkThresholds t_;
};

}  // namespace inbeeld
