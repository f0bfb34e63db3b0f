// linkage_bench: privacy-preserving record linkage at national scale (not a
// CTest test; docs/identity.md has the figures).
//
//   linkage_bench [--children 3500000] [--quality-children 200000]
//                 [--signals 20000] [--scans 21] [--matches 5000] [--seed 7]
//
// Quality, on the synthetic Dutch population (src/demo: twins, siblings,
// parent/child namesakes) of --quality-children children, every person (children
// and adults) in the index: --signals signals about registered children with
// realistic errors (typos, a missing or wrong birth date, no address, ...) and
// as many about unregistered brothers and sisters (a new first name and birth
// date in a registered household: must never be linked). Prints auto-link
// precision and recall per threshold, the false links among twins and siblings,
// the review share, and the blocking's pair completeness and reduction ratio.
//
// Speed, one core, the index holding --children children: encoding rate, index
// build and rebuild time, bytes per record, the full scan (median over --scans
// queries, next to a plain read of the same memory), and a blocked match of one
// signal from raw fields to classified candidates (p50/p99 over --matches).
#include <immintrin.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "demo/population.h"
#include "identity/blocking.h"
#include "identity/bloom_encoder.h"
#include "identity/linkage_index.h"
#include "identity/linker.h"
#include "identity/popcount_scan.h"

using namespace inbeeld;

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// This thread's CPU time in seconds: without the time other processes had the
// core (the machine is shared; a sub-millisecond p99 otherwise measures them).
double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(v.size())));
  return v[i];
}

const char* Arg(int argc, char** argv, const char* name, const char* def) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return def;
}

// --- the synthetic register ------------------------------------------------------

struct RegisterPerson {
  LinkageRecord record;
  uint32_t household = 0;
  bool child = false;
};

std::vector<RegisterPerson> LoadRegister(int64_t children, uint64_t seed, bool children_only) {
  DemoOptions o;
  o.children = children;
  o.seed = seed;
  auto pop = DemoPopulation::Create(o);
  if (!pop.ok()) {
    std::fprintf(stderr, "linkage_bench: %s\n", pop.status().ToString().c_str());
    std::exit(1);
  }
  std::vector<RegisterPerson> out;
  out.reserve(static_cast<size_t>(children_only ? children : children * 2));
  uint32_t h = 0;
  (void)pop->ForEachHousehold([&](const DemoHousehold& hh) {
    for (const DemoMember& m : hh.members) {
      const bool child = m.person.relation == Relation::kChild;
      if (children_only && !child) continue;
      out.push_back({RecordOf(m.person, hh.household.address), h, child});
    }
    ++h;
    return Status::Ok();
  });
  return out;
}

// --- signals with the errors people make ----------------------------------------

class Corruptor {
 public:
  explicit Corruptor(uint64_t seed) : rng_(seed) {}
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  // One typing error: substitute, delete, insert or swap two letters.
  std::string Typo(std::string s) {
    if (s.size() < 3) return s;
    size_t i = 1 + Below(s.size() - 2);
    char c = static_cast<char>('a' + Below(26));
    switch (Below(4)) {
      case 0: s[i] = c; break;
      case 1: s.erase(i, 1); break;
      case 2: s.insert(s.begin() + static_cast<ptrdiff_t>(i), c); break;
      default: std::swap(s[i - 1], s[i]); break;
    }
    return s;
  }

  // A school, a GP or a neighbour writes the child down.
  LinkageRecord Signal(LinkageRecord r) {
    if (Chance(0.10)) r.first_name = Typo(FoldName(r.first_name));
    if (Chance(0.10)) r.last_name = Typo(FoldName(r.last_name));
    if (Chance(0.04)) {
      r.birth_date.clear();
    } else if (Chance(0.04) && r.birth_date.size() == 8) {
      // Day and month swapped, or the day off by one.
      std::string d = r.birth_date;
      if (std::stoi(d.substr(6, 2)) <= 12 && Chance(0.5)) {
        r.birth_date = d.substr(0, 4) + d.substr(6, 2) + d.substr(4, 2);
      } else {
        int day = std::stoi(d.substr(6, 2));
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d", day == 1 ? 2 : day - 1);
        r.birth_date = d.substr(0, 6) + buf;
      }
    }
    if (Chance(0.30)) r.sex = Sex::kUnknown;
    if (Chance(0.20)) {  // no address at all
      r.street.clear();
      r.house_number.clear();
      r.postcode.clear();
      r.city.clear();
    } else {
      if (Chance(0.10)) r.house_number.clear();
      if (Chance(0.05)) r.postcode = Typo(FoldPostcode(r.postcode));
      if (Chance(0.10)) r.street = Typo(FoldText(r.street));
      if (Chance(0.30)) r.city.clear();
    }
    return r;
  }

 private:
  std::mt19937_64 rng_;
};

// --- quality -----------------------------------------------------------------------

struct SignalCase {
  LinkageRecord record;
  int64_t truth = -1;  // the person's position, -1: not in the register
  uint32_t household = 0;
  bool has_sibling = false;  // another child in the same household
};

void Quality(int64_t children, size_t n_signals, uint64_t seed, const BloomEncoder& enc) {
  auto t0 = Clock::now();
  std::vector<RegisterPerson> reg = LoadRegister(children, seed, false);
  LinkageIndex index;
  index.Reserve(reg.size());
  for (size_t i = 0; i < reg.size(); ++i) {
    index.Add(static_cast<int64_t>(i), enc.Encode(reg[i].record),
              MakeBlockingKeys(enc, reg[i].record));
  }
  index.Build();
  std::printf("quality: %lld children, %zu persons in the index (built in %.1f s)\n",
              static_cast<long long>(children), reg.size(), Since(t0));

  // Children per household, and a pool of first names for unregistered siblings.
  std::vector<std::vector<uint32_t>> kids;
  std::vector<std::string> names;
  for (size_t i = 0; i < reg.size(); ++i) {
    if (!reg[i].child) continue;
    if (reg[i].household >= kids.size()) kids.resize(reg[i].household + 1);
    kids[reg[i].household].push_back(static_cast<uint32_t>(i));
    if (names.size() < 5000) names.push_back(reg[i].record.first_name);
  }
  std::vector<uint32_t> all_kids;
  for (const auto& k : kids) all_kids.insert(all_kids.end(), k.begin(), k.end());

  Corruptor c(seed + 1);
  std::vector<SignalCase> cases;
  size_t twins = 0;
  for (size_t s = 0; s < n_signals; ++s) {
    uint32_t pos = all_kids[c.Below(all_kids.size())];
    const auto& sibs = kids[reg[pos].household];
    SignalCase sc{c.Signal(reg[pos].record), pos, reg[pos].household, sibs.size() > 1};
    for (uint32_t o : sibs)
      twins += o != pos && reg[o].record.birth_date == reg[pos].record.birth_date;
    cases.push_back(sc);
    // An unregistered brother or sister: the household's surname and address,
    // another first name and birth date.
    LinkageRecord u = reg[pos].record;
    do {
      u.first_name = names[c.Below(names.size())];
    } while (std::any_of(sibs.begin(), sibs.end(),
                         [&](uint32_t o) { return reg[o].record.first_name == u.first_name; }));
    int year = std::stoi(u.birth_date.substr(0, 4)) + static_cast<int>(c.Below(7)) - 3;
    char d[32];
    std::snprintf(d, sizeof d, "%04d%02zu%02zu", std::min(year, 2025), 1 + c.Below(12),
                  1 + c.Below(28));
    u.birth_date = d;
    if (c.Chance(0.2))
      u.birth_date = reg[pos].record.birth_date;  // a twin the register does not know
    cases.push_back({c.Signal(u), -1, reg[pos].household, true});
  }

  const std::vector<double> thresholds = {0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.95};
  LinkThresholds base;
  struct Row {
    int64_t auto_ok = 0, auto_wrong = 0, auto_sibling = 0, auto_unregistered = 0, review = 0;
  };
  std::vector<Row> rows(thresholds.size());
  int64_t registered = 0, with_sibling = 0, in_blocks = 0, in_list = 0, unregistered = 0;
  double candidates = 0;
  size_t full_checked = 0, full_agree = 0;
  Linker linker(enc, index, base);
  const bool show_false = std::getenv("LINKAGE_BENCH_SHOW_FALSE") != nullptr;
  std::vector<uint32_t> cand;
  for (size_t i = 0; i < cases.size(); ++i) {
    const SignalCase& sc = cases[i];
    LinkResult r = linker.Match(sc.record, 10);
    BlockingKeys keys = MakeBlockingKeys(enc, sc.record);
    index.Candidates(keys, &cand);
    candidates += static_cast<double>(cand.size());
    if (sc.truth >= 0) {
      ++registered;
      with_sibling += sc.has_sibling;
      in_blocks += std::binary_search(cand.begin(), cand.end(), static_cast<uint32_t>(sc.truth));
      for (const LinkCandidate& lc : r.candidates) in_list += lc.id == sc.truth;
    } else {
      ++unregistered;
    }
    if (i % 40 == 0 && full_checked < 500) {  // the blocked best against the full scan's best
      ++full_checked;
      LinkResult f = linker.Match(sc.record, 1, true);
      const bool same = (r.candidates.empty() && f.candidates.empty()) ||
                        (!r.candidates.empty() && !f.candidates.empty() &&
                         r.candidates[0].id == f.candidates[0].id);
      full_agree += same;
    }
    for (size_t t = 0; t < thresholds.size(); ++t) {
      LinkThresholds lt = base;
      lt.auto_link = thresholds[t];
      Row& row = rows[t];
      if (r.candidates.empty()) continue;
      const LinkCandidate& best = r.candidates[0];
      LinkDecision d = ClassifyLink(best.evidence, lt).decision;
      if (d == LinkDecision::kReview) ++row.review;
      if (d != LinkDecision::kAutoLink) continue;
      if (best.id == sc.truth) {
        ++row.auto_ok;
      } else {
        ++row.auto_wrong;
        if (show_false && thresholds[t] == base.auto_link) {  // synthetic records only
          auto line = [](const char* what, const LinkageRecord& x) {
            std::printf("  %-9s %s | %s | %s | %s %s | %s\n", what, x.first_name.c_str(),
                        x.last_name.c_str(), x.birth_date.c_str(), x.postcode.c_str(),
                        x.house_number.c_str(), x.street.c_str());
          };
          std::printf("false link (Dice %.3f, first name %.2f, birth date %.2f):\n", best.score,
                      best.evidence.first_name_containment, best.evidence.birth_date_containment);
          line("signal", sc.record);
          line("linked", reg[static_cast<size_t>(best.id)].record);
        }
        if (sc.truth < 0)
          ++row.auto_unregistered;
        else if (reg[static_cast<size_t>(best.id)].household == sc.household)
          ++row.auto_sibling;
      }
    }
  }
  std::printf(
      "signals: %lld about registered children (%lld with a brother or sister in the register, "
      "%zu with a twin), %lld about unregistered siblings\n",
      static_cast<long long>(registered), static_cast<long long>(with_sibling), twins,
      static_cast<long long>(unregistered));
  std::printf(
      "threshold  auto-links  precision  recall   false: sibling  unregistered  review share\n");
  for (size_t t = 0; t < thresholds.size(); ++t) {
    const Row& r = rows[t];
    const int64_t autos = r.auto_ok + r.auto_wrong;
    std::printf("%9.2f %11lld %10.5f %7.4f %15lld %13lld %13.4f\n", thresholds[t],
                static_cast<long long>(autos),
                autos == 0 ? 1.0 : static_cast<double>(r.auto_ok) / autos,
                static_cast<double>(r.auto_ok) / registered, static_cast<long long>(r.auto_sibling),
                static_cast<long long>(r.auto_unregistered),
                static_cast<double>(r.review) / static_cast<double>(cases.size()));
  }
  const Row& chosen = rows[static_cast<size_t>(
      std::find(thresholds.begin(), thresholds.end(), base.auto_link) - thresholds.begin())];
  std::printf(
      "at the calibrated auto-link threshold %.2f: false links among twin/sibling signals %.4f %% "
      "(%lld of %lld)\n",
      base.auto_link,
      100.0 * static_cast<double>(chosen.auto_sibling + chosen.auto_unregistered) /
          static_cast<double>(with_sibling + unregistered),
      static_cast<long long>(chosen.auto_sibling + chosen.auto_unregistered),
      static_cast<long long>(with_sibling + unregistered));
  std::printf("the true child among the candidates (review threshold %.2f): %.4f\n", base.review,
              static_cast<double>(in_list) / registered);
  std::printf(
      "blocking: pair completeness %.4f, reduction ratio %.6f (%.0f candidates per signal of %zu), "
      "blocked best = full-scan best in %zu of %zu\n\n",
      static_cast<double>(in_blocks) / registered,
      1.0 - candidates / static_cast<double>(cases.size()) / static_cast<double>(reg.size()),
      candidates / static_cast<double>(cases.size()), reg.size(), full_agree, full_checked);
}

// --- speed ---------------------------------------------------------------------------

__attribute__((target("avx2"))) uint64_t PlainReadAvx2(const BloomEncoding* base, size_t n) {
  __m256i acc = _mm256_setzero_si256();
  const __m256i* p = reinterpret_cast<const __m256i*>(base);
  for (size_t i = 0; i < n * 4; i += 4) {
    acc = _mm256_add_epi64(
        acc, _mm256_add_epi64(
                 _mm256_add_epi64(_mm256_load_si256(p + i), _mm256_load_si256(p + i + 1)),
                 _mm256_add_epi64(_mm256_load_si256(p + i + 2), _mm256_load_si256(p + i + 3))));
  }
  alignas(32) uint64_t out[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(out), acc);
  return out[0] + out[1] + out[2] + out[3];
}

void Speed(int64_t children, int scans, size_t matches, uint64_t seed, const BloomEncoder& enc) {
  auto t0 = Clock::now();
  std::vector<RegisterPerson> reg = LoadRegister(children, seed, true);
  std::printf("speed: %zu children in the index (population made in %.1f s), kernel %s\n",
              reg.size(), Since(t0), std::string(KernelName(BestPopcountKernel())).c_str());

  // Encoding, then the whole rebuild: encode + block keys + build.
  t0 = Clock::now();
  LinkageIndex index;
  index.Reserve(reg.size());
  for (size_t i = 0; i < reg.size(); ++i) {
    index.Add(static_cast<int64_t>(i), enc.Encode(reg[i].record),
              MakeBlockingKeys(enc, reg[i].record));
  }
  const double encode_s = Since(t0);
  auto tb = Clock::now();
  index.Build();
  const double build_s = Since(tb);
  std::printf(
      "encoding and blocking keys: %.0f records/s (%.1f s); build %.1f s; rebuild in all %.1f s\n",
      static_cast<double>(reg.size()) / encode_s, encode_s, build_s, encode_s + build_s);
  std::printf("index: %.1f bytes per record (%.0f MB)\n",
              static_cast<double>(index.MemoryBytes()) / static_cast<double>(reg.size()),
              static_cast<double>(index.MemoryBytes()) / 1e6);

  // The full scan against a plain read of the encodings.
  Corruptor c(seed + 2);
  std::vector<double> scan_ms, read_ms;
  uint64_t sink = 0;
  for (int s = 0; s < scans; ++s) {
    const LinkageRecord q = c.Signal(reg[c.Below(reg.size())].record);
    const BloomEncoding e = enc.Encode(q);
    auto ts = Clock::now();
    auto found = index.FullScan(e, 0.70, 10);
    scan_ms.push_back(Since(ts) * 1000);
    sink += found.size();
    ts = Clock::now();
    sink += PlainReadAvx2(&index.encoding(0), index.size());
    read_ms.push_back(Since(ts) * 1000);
  }
  const double scan = Pct(scan_ms, 50), read = Pct(read_ms, 50);
  std::printf(
      "full scan of %zu encodings: median %.1f ms, p90 %.1f ms; plain read median %.1f ms "
      "(%.1f GB/s); scan at %.2f of the read bandwidth\n",
      index.size(), scan, Pct(scan_ms, 90), read,
      static_cast<double>(index.size()) * 128 / (read / 1000) / 1e9, read / scan);

  // One signal, raw fields to classified candidates, through the blocks.
  Linker linker(enc, index, LinkThresholds{});
  std::vector<double> match_us, match_cpu_us;
  size_t found_true = 0, cands = 0;
  std::vector<double> cand_counts;
  std::vector<uint32_t> cand;
  for (size_t m = 0; m < matches; ++m) {
    const size_t pos = c.Below(reg.size());
    const LinkageRecord q = c.Signal(reg[pos].record);
    const double cpu = ThreadCpu();
    auto ts = Clock::now();
    LinkResult r = linker.Match(q, 10);
    match_us.push_back(Since(ts) * 1e6);
    match_cpu_us.push_back((ThreadCpu() - cpu) * 1e6);
    found_true += !r.candidates.empty() && r.candidates[0].id == static_cast<int64_t>(pos);
    index.Candidates(MakeBlockingKeys(enc, q), &cand);
    cands += cand.size();
    cand_counts.push_back(static_cast<double>(cand.size()));
  }
  std::printf(
      "blocked match of one signal: wall p50 %.0f us, p99 %.0f us, max %.0f us; thread CPU p50 "
      "%.0f us, "
      "p99 %.0f us; candidates %.0f on average, p99 %.0f, max %.0f; the child first in %.4f (sink "
      "%llu)\n",
      Pct(match_us, 50), Pct(match_us, 99), Pct(match_us, 100), Pct(match_cpu_us, 50),
      Pct(match_cpu_us, 99), static_cast<double>(cands) / static_cast<double>(matches),
      Pct(cand_counts, 99), Pct(cand_counts, 100),
      static_cast<double>(found_true) / static_cast<double>(matches),
      static_cast<unsigned long long>(sink % 10));
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t children = std::atoll(Arg(argc, argv, "--children", "3500000"));
  const int64_t quality_children = std::atoll(Arg(argc, argv, "--quality-children", "200000"));
  const size_t signals = static_cast<size_t>(std::atoll(Arg(argc, argv, "--signals", "20000")));
  const int scans = std::atoi(Arg(argc, argv, "--scans", "21"));
  const size_t matches = static_cast<size_t>(std::atoll(Arg(argc, argv, "--matches", "5000")));
  const uint64_t seed = static_cast<uint64_t>(std::atoll(Arg(argc, argv, "--seed", "7")));
  auto enc = BloomEncoder::Create(BloomEncoder::RandomKey());
  if (!enc.ok()) return 1;
  if (quality_children > 0) Quality(quality_children, signals, seed, *enc);
  if (children > 0) Speed(children, scans, matches, seed, *enc);
  return 0;
}
