#include "identity/linkage_eval.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "identity/blocking.h"
#include "identity/linkage_index.h"
#include "identity/popcount_scan.h"

namespace inbeeld {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Scored {
  uint32_t pos;
  double dice;
  LinkEvidence evidence;
};

// Candidates of one query, self excluded, best first, with their evidence.
std::vector<Scored> Evidence(const LinkageIndex& index, const FieldEncodings& q,
                             const std::vector<ScoredCandidate>& found, int64_t self,
                             bool partial) {
  std::vector<Scored> out;
  for (const ScoredCandidate& c : found) {
    if (static_cast<int64_t>(c.pos) == self) continue;
    Scored s{c.pos, c.score, {}};
    const BloomEncoding& rec = index.encoding(c.pos);
    s.evidence.dice = c.score;
    s.evidence.partial = partial;
    s.evidence.first_name_containment = Containment(q[LinkField::kFirstName], rec);
    s.evidence.birth_date_containment = Containment(q[LinkField::kBirthDate], rec);
    out.push_back(s);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (i == 0 && out.size() > 1) out[0].evidence.runner_up_dice = out[1].dice;
    if (i > 0) out[i].evidence.runner_up_dice = out[0].dice;
  }
  return out;
}

void Tally(const std::vector<Scored>& cands, const std::vector<LabelledRecord>& a,
           const std::string& entity, int64_t self, const EvalOptions& o,
           std::vector<EvalRow>& rows,
           std::vector<std::set<std::pair<uint32_t, uint32_t>>>* dedup_pairs) {
  for (size_t t = 0; t < o.thresholds.size(); ++t) {
    LinkThresholds rules = o.rules;
    rules.auto_link = o.thresholds[t];
    rules.review = std::min(rules.review, o.thresholds[t]);
    EvalRow& row = rows[t];
    if (dedup_pairs == nullptr) {
      if (cands.empty() || cands[0].dice < o.thresholds[t]) continue;
      bool same = a[cands[0].pos].entity == entity;
      (same ? row.tp : row.fp)++;
      if (ClassifyLink(cands[0].evidence, rules).decision == LinkDecision::kAutoLink) {
        (same ? row.auto_tp : row.auto_fp)++;
      }
    } else {
      for (const Scored& c : cands) {
        if (c.dice < o.thresholds[t]) break;
        const uint32_t me = static_cast<uint32_t>(self);
        const std::pair<uint32_t, uint32_t> pair(std::min(me, c.pos), std::max(me, c.pos));
        if (!(*dedup_pairs)[t].insert(pair).second) continue;
        bool same = a[c.pos].entity == entity;
        (same ? row.tp : row.fp)++;
        if (&c == &cands[0] &&
            ClassifyLink(c.evidence, rules).decision == LinkDecision::kAutoLink) {
          (same ? row.auto_tp : row.auto_fp)++;
        }
      }
    }
  }
}

}  // namespace

EvalReport RunLinkageEval(const BloomEncoder& encoder, const std::vector<LabelledRecord>& a,
                          const std::vector<LabelledRecord>* b, const EvalOptions& o) {
  EvalReport r;
  r.dedup = b == nullptr;
  r.kernel = std::string(KernelName(BestPopcountKernel()));
  const std::vector<LabelledRecord>& queries = r.dedup ? a : *b;
  r.records_a = a.size();
  r.records_b = queries.size();

  auto t0 = std::chrono::steady_clock::now();
  LinkageIndex index;
  index.Reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    index.Add(static_cast<int64_t>(i), encoder.Encode(a[i].record),
              MakeBlockingKeys(encoder, a[i].record));
  }
  index.Build();
  std::vector<FieldEncodings> qenc(queries.size());
  std::vector<BlockingKeys> qkeys(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    qenc[i] = encoder.EncodeFields(queries[i].record);
    qkeys[i] = MakeBlockingKeys(encoder, queries[i].record);
  }
  r.encode_seconds = Seconds(t0);

  // The truth.
  std::unordered_map<std::string, int64_t> count_a, count_q;
  for (const auto& x : a) ++count_a[x.entity];
  if (r.dedup) {
    for (const auto& [e, n] : count_a) r.true_pairs += n * (n - 1) / 2;
    r.total_pairs = static_cast<double>(a.size()) * (a.size() - 1) / 2;
  } else {
    for (const auto& x : queries) ++count_q[x.entity];
    for (const auto& [e, n] : count_q) {
      auto it = count_a.find(e);
      if (it != count_a.end()) r.true_pairs += n * it->second;
    }
    r.total_pairs = static_cast<double>(a.size()) * queries.size();
  }

  // Blocking: pair completeness and reduction ratio.
  std::vector<uint32_t> cand;
  int64_t cand_pairs = 0, true_in = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    index.Candidates(qkeys[i], &cand);
    for (uint32_t pos : cand) {
      if (r.dedup && pos == i) continue;
      ++cand_pairs;
      if (a[pos].entity == queries[i].entity) ++true_in;
    }
  }
  r.candidate_pairs = r.dedup ? cand_pairs / 2 : cand_pairs;
  r.true_pairs_in_candidates = r.dedup ? true_in / 2 : true_in;

  const double min_t = *std::min_element(o.thresholds.begin(), o.thresholds.end());
  r.blocked.resize(o.thresholds.size());
  r.full.resize(o.thresholds.size());
  for (size_t t = 0; t < o.thresholds.size(); ++t)
    r.blocked[t].threshold = r.full[t].threshold = o.thresholds[t];
  std::vector<std::set<std::pair<uint32_t, uint32_t>>> pairs_b(o.thresholds.size()),
      pairs_f(o.thresholds.size());
  for (int pass = 0; pass < 2; ++pass) {
    const bool full = pass == 1;
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < queries.size(); ++i) {
      const BloomEncoding q = qenc[i].Union();
      const int64_t self = r.dedup ? static_cast<int64_t>(i) : -1;
      std::vector<ScoredCandidate> found =
          full ? index.FullScan(q, min_t, 12) : index.BlockedSearch(q, qkeys[i], min_t, 12);
      std::vector<Scored> c = Evidence(index, qenc[i], found, self, IsPartial(queries[i].record));
      Tally(c, a, queries[i].entity, self, o, full ? r.full : r.blocked,
            r.dedup ? (full ? &pairs_f : &pairs_b) : nullptr);
    }
    (full ? r.full_seconds : r.blocked_seconds) = Seconds(start);
  }
  for (auto* rows : {&r.blocked, &r.full}) {
    for (EvalRow& row : *rows) row.fn = r.true_pairs - row.tp;
  }
  return r;
}

std::string FormatEvalReport(const EvalReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%s: %zu records%s%s, %lld true pairs\n",
                r.dedup ? "deduplication" : "linkage", r.records_a, r.dedup ? "" : " against ",
                r.dedup ? "" : std::to_string(r.records_b).c_str(),
                static_cast<long long>(r.true_pairs));
  out += line;
  for (int pass = 0; pass < 2; ++pass) {
    const auto& rows = pass == 0 ? r.blocked : r.full;
    out += pass == 0 ? "\nblocked search\n" : "\nfull scan (reference)\n";
    out +=
        "threshold    tp     fp     fn  precision  recall     F1      auto-link: tp     fp  "
        "precision\n";
    for (const EvalRow& row : rows) {
      double p = row.precision(), rc = row.recall(r.true_pairs);
      double f1 = p + rc == 0 ? 0 : 2 * p * rc / (p + rc);
      std::snprintf(line, sizeof line,
                    "%9.2f %5lld %6lld %6lld %10.4f %7.4f %7.4f %16lld %6lld %10.4f\n",
                    row.threshold, static_cast<long long>(row.tp), static_cast<long long>(row.fp),
                    static_cast<long long>(row.fn), p, rc, f1, static_cast<long long>(row.auto_tp),
                    static_cast<long long>(row.auto_fp), row.auto_precision());
      out += line;
    }
  }
  std::snprintf(
      line, sizeof line,
      "\nblocking: %lld candidate pairs of %.0f, pair completeness %.4f, reduction ratio %.6f\n",
      static_cast<long long>(r.candidate_pairs), r.total_pairs, r.pair_completeness(),
      r.reduction_ratio());
  out += line;
  std::snprintf(line, sizeof line,
                "time: encoding and index %.3f s, blocked %.3f s, full scan %.3f s (%s)\n",
                r.encode_seconds, r.blocked_seconds, r.full_seconds, r.kernel.c_str());
  out += line;
  return out;
}

}  // namespace inbeeld
