// Evaluation of linkage against labelled records (FEBRL, the synthetic Dutch
// population): precision, recall and F1 per Dice threshold, for the blocked
// search and for the full scan (the reference), the share of those links the
// rules would make automatically, and the blocking's pair completeness and
// reduction ratio. Two files: every record of B is linked to its best record
// of A. One file: deduplication, every pair of records above the threshold.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "identity/bloom_encoder.h"
#include "identity/febrl.h"
#include "identity/linkage_rules.h"

namespace inbeeld {

struct EvalOptions {
  std::vector<double> thresholds = {0.60, 0.65, 0.70, 0.75, 0.80, 0.82,
                                    0.84, 0.86, 0.88, 0.90, 0.92, 0.95};
  LinkThresholds rules;  // auto_link is replaced by each row's threshold
};

struct EvalRow {
  double threshold = 0;
  int64_t tp = 0, fp = 0, fn = 0;
  int64_t auto_tp = 0, auto_fp = 0;  // links the rules would make without review
  double precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double recall(int64_t true_pairs) const {
    return true_pairs == 0 ? 1.0 : static_cast<double>(tp) / true_pairs;
  }
  double auto_precision() const {
    return auto_tp + auto_fp == 0 ? 1.0 : static_cast<double>(auto_tp) / (auto_tp + auto_fp);
  }
};

struct EvalReport {
  bool dedup = false;
  size_t records_a = 0, records_b = 0;
  int64_t true_pairs = 0;
  double total_pairs = 0;
  int64_t candidate_pairs = 0;
  int64_t true_pairs_in_candidates = 0;
  double pair_completeness() const {
    return true_pairs == 0 ? 1.0 : static_cast<double>(true_pairs_in_candidates) / true_pairs;
  }
  double reduction_ratio() const {
    return total_pairs == 0 ? 0.0 : 1.0 - candidate_pairs / total_pairs;
  }
  std::vector<EvalRow> blocked, full;
  double encode_seconds = 0, blocked_seconds = 0, full_seconds = 0;
  std::string kernel;
};

// `b` null: deduplicate `a`.
EvalReport RunLinkageEval(const BloomEncoder& encoder, const std::vector<LabelledRecord>& a,
                          const std::vector<LabelledRecord>* b, const EvalOptions& options);

// A plain-text report: one line per threshold, then blocking and timings.
std::string FormatEvalReport(const EvalReport& r);

}  // namespace inbeeld
