// signal_bench: signal intake and the radar at national scale (not a CTest test).
//
//   signal_bench [--children 3500000] [--signals 2000000] [--measure 20000]
//                [--threads 2] [--url sqlite:/tmp/signal_bench.db | postgresql://...] [--reuse]
//
// Loads the synthetic population (src/demo) into a fresh store, preloads
// --signals active signals (one per child and organisation, spread over the
// last 300 days, with their events) in bulk, then measures through the real
// SignalService (matching, rule evaluation, outbox notices, access log) with
// --threads threads:
//   - registering --measure signals about random children: throughput and
//     p50/p90/p99/max latency (targets: >= 1,000/s sustained, p99 <= 5 ms);
//   - the radar of a household with 200 events, 200 times: p50/p99 (target
//     p99 <= 50 ms).
// A PostgreSQL URL must name an empty database (the bench migrates it).
// --reuse measures again on the store a previous run left (SQLite: the same
// path), skipping the population and the preload.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "access/audit_log.h"
#include "access/store_audit_sink.h"
#include "demo/demo_load.h"
#include "demo/population.h"
#include "platform/calendar_files.h"
#include "signals/service.h"

using namespace inbeeld;

namespace {

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

int Fail(const Status& s) {
  std::fprintf(stderr, "signal_bench: %s\n", s.ToString().c_str());
  return 1;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t children = std::atoll(Arg(argc, argv, "--children", "3500000"));
  const int64_t preload = std::atoll(Arg(argc, argv, "--signals", "2000000"));
  const int64_t measure = std::atoll(Arg(argc, argv, "--measure", "20000"));
  const int threads = std::max(1, std::atoi(Arg(argc, argv, "--threads", "2")));
  const std::string url = Arg(argc, argv, "--url", "sqlite:/tmp/signal_bench.db");
  bool reuse = false;
  for (int i = 1; i < argc; ++i) reuse = reuse || std::strcmp(argv[i], "--reuse") == 0;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (url.rfind("sqlite:", 0) == 0 && !reuse) {
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
      std::filesystem::remove(url.substr(7) + suffix);
  }
  std::printf(
      "signal_bench: %lld children, %lld preloaded signals, %lld measured, %d threads, %s, %u "
      "cores\n",
      static_cast<long long>(children), static_cast<long long>(preload),
      static_cast<long long>(measure), threads,
      url.rfind("sqlite:", 0) == 0 ? "SQLite" : "PostgreSQL", std::thread::hardware_concurrency());

  auto store_or = Store::Open(url, threads + 2);
  if (!store_or.ok()) return Fail(store_or.status());
  Store& store = **store_or;
  if (Status s = store.Migrate(); !s.ok()) return Fail(s);
  auto pseudonymizer = BsnPseudonymizer::Create(std::string(32, 'k'));
  if (!pseudonymizer.ok()) return Fail(pseudonymizer.status());

  // --- the population --------------------------------------------------------
  auto t0 = std::chrono::steady_clock::now();
  if (!reuse) {
    DemoOptions opts;
    opts.children = children;
    auto population = DemoPopulation::Create(opts);
    if (!population.ok()) return Fail(population.status());
    auto loaded = LoadDemoPopulation(store, *population, *pseudonymizer, 50000);
    if (!loaded.ok()) return Fail(loaded.status());
    std::printf("population loaded in %.1f s\n", Since(t0));
  }

  // Professionals: one user at each of 200 organisations that signal (schools, JGZ, local teams,
  // ...).
  std::vector<Principal> pros;
  for (OrgKind kind : {OrgKind::kSchool, OrgKind::kJgz, OrgKind::kLocalTeam, OrgKind::kMidwife,
                       OrgKind::kPolice}) {
    auto orgs = store.ListOrganisations(kind);
    if (!orgs.ok()) return Fail(orgs.status());
    for (size_t i = 0; i < orgs->size() && i < 40; ++i) {
      User u;
      u.username = "bench." + std::to_string((*orgs)[i].id);
      u.display_name = "Bench " + (*orgs)[i].name;
      u.email = u.username + "@bench.example";
      u.org_id = (*orgs)[i].id;
      u.role = kind == OrgKind::kSchool      ? Role::kSchoolContact
               : kind == OrgKind::kJgz       ? Role::kJgz
               : kind == OrgKind::kLocalTeam ? Role::kLocalTeam
               : kind == OrgKind::kMidwife   ? Role::kMidwife
                                             : Role::kPolice;
      if (reuse) {
        auto existing = store.FindUserByName(u.username);
        if (!existing.ok()) return Fail(existing.status());
        u.id = existing->id;
      } else {
        auto id = store.InsertUser(u);
        if (!id.ok()) return Fail(id.status());
        u.id = *id;
      }
      pros.push_back(Principal{u, (*orgs)[i], "", "", true, true});
    }
  }

  // Children (id, household) under 18.
  std::vector<std::pair<PersonId, int64_t>> kids;
  {
    auto lease = store.pool().Acquire();
    auto rows = lease->Query(
        "SELECT id, household_id FROM persons WHERE relation = 'child' AND birth_date > "
        "'2009-01-01' ORDER BY id");
    if (!rows.ok()) return Fail(rows.status());
    for (const auto& r : *rows) kids.emplace_back(r.Int(0), r.Int(1));
  }
  if (kids.empty() || pros.size() < 2)
    return Fail(Status::Internal("no children or organisations"));

  // --- preload: one signal per child and organisation, with its event --------------
  SystemClock clock;
  const int64_t now = clock.NowMs();
  const Date today = ToAmsterdam(now).date;
  auto t1 = std::chrono::steady_clock::now();
  std::mt19937_64 rng(7);
  if (!reuse) {
    const std::vector<std::string> scols = {
        "id",        "person_id", "org_id",      "user_id",      "contact_name",  "contact_phone",
        "category",  "level",     "signal_date", "active_until", "archive_until", "created_ms",
        "updated_ms"};
    const std::vector<std::string> ecols = {"signal_id", "person_id",   "org_id",
                                            "user_id",   "kind",        "category",
                                            "level",     "signal_date", "at_ms"};
    const char* cats[] = {"safety_at_home",    "neglect",     "school_absence",
                          "parental_problems", "development", "behaviour"};
    int64_t id = 0;
    std::vector<std::vector<SqlValue>> srows, erows;
    auto flush = [&]() -> Status {
      Status s = WithTransaction(store.pool(), true, [&](SqlConnection& c) -> Status {
        INBEELD_RETURN_IF_ERROR(c.BulkInsert("signals", scols, srows, ""));
        return c.BulkInsert("signal_events", ecols, erows, "");
      });
      srows.clear();
      erows.clear();
      return s;
    };
    // Child i gets signals from organisations (i*7 + k) % pros for k < per-child count: unique per
    // (child, org).
    for (size_t i = 0; id < preload; i = (i + 1) % kids.size()) {
      const auto& pro =
          pros[(i * 7 + static_cast<size_t>(id / static_cast<int64_t>(kids.size()))) % pros.size()];
      ++id;
      Date d = DateFromDays(DaysSinceEpoch(today) - static_cast<int>(rng() % 300));
      SignalRetention ret = SignalRetentionFor(d, std::nullopt);
      std::string cat = cats[rng() % 6];
      int64_t level = 1 + static_cast<int64_t>(rng() % 3);
      srows.push_back({id, int64_t{kids[i].first}, int64_t{pro.org.id}, int64_t{pro.user.id},
                       pro.user.display_name, std::string("010-0000000"), cat, level,
                       FormatIsoDate(d), FormatIsoDate(ret.active_until),
                       FormatIsoDate(ret.archive_until), now, now});
      erows.push_back({id, int64_t{kids[i].first}, int64_t{pro.org.id}, int64_t{pro.user.id},
                       std::string("registered"), cat, level, FormatIsoDate(d), now});
      if (srows.size() >= 50000) {
        if (Status s = flush(); !s.ok()) return Fail(s);
      }
    }
    if (!srows.empty()) {
      if (Status s = flush(); !s.ok()) return Fail(s);
    }
    if (store.backend() == Backend::kPostgresql) {
      auto c = store.pool().Acquire();
      for (const char* t : {"signals", "signal_events"}) {
        auto r = c->Query(std::string("SELECT setval(pg_get_serial_sequence('") + t +
                          "', 'id'), (SELECT max(id) FROM " + t + "))");
        if (!r.ok()) return Fail(r.status());
      }
      (void)c->Exec("ANALYZE");
    } else {
      auto c = store.pool().Acquire();
      (void)c->Exec("ANALYZE");
    }
  }
  if (!reuse)
    std::printf("preloaded %lld active signals in %.1f s\n", static_cast<long long>(preload),
                Since(t1));

  auto calendars = LoadCalendars(DefaultDataDir());
  if (!calendars.ok()) return Fail(calendars.status());
  StoreAuditSink sink(store);
  AuditLog audit(sink, clock);
  SignalService svc(store, audit, *pseudonymizer, clock, calendars->holidays);

  // --- intake ------------------------------------------------------------------
  std::vector<std::vector<double>> lat(static_cast<size_t>(threads));
  std::atomic<int64_t> next{0}, errors{0}, matches{0}, reviews{0};
  auto t2 = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // A fresh draw of children and organisations when measuring again on the same store.
      std::mt19937_64 r(100 + static_cast<uint64_t>(t) + (reuse ? static_cast<uint64_t>(now) : 0));
      for (;;) {
        int64_t n = next++;
        if (n >= measure) return;
        SignalInput in;
        in.person_id = kids[r() % kids.size()].first;
        in.category = "safety_at_home";
        in.level = 2;
        in.contact_phone = "030-1234567";
        in.note = "bench";
        const Principal& who = pros[r() % pros.size()];
        auto a = std::chrono::steady_clock::now();
        auto res = svc.Register(who, in);
        lat[static_cast<size_t>(t)].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                .count());
        if (!res.ok()) {
          if (++errors <= 5)
            std::fprintf(stderr, "register: %s\n", res.status().ToString().c_str());
          continue;
        }
        matches += static_cast<int64_t>(res->new_matches.size());
        reviews += static_cast<int64_t>(res->reviews.size());
      }
    });
  }
  for (auto& w : workers) w.join();
  const double secs = Since(t2);
  std::vector<double> all;
  for (const auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  const double rate = static_cast<double>(measure) / secs;
  std::printf(
      "register: %lld signals in %.1f s = %.0f/s (target >= 1000/s: %s); %lld new matches, %lld "
      "review tasks, %lld errors\n",
      static_cast<long long>(measure), secs, rate, rate >= 1000 ? "MET" : "MISSED",
      static_cast<long long>(matches.load()), static_cast<long long>(reviews.load()),
      static_cast<long long>(errors.load()));
  const double p99 = Pct(all, 99);
  std::printf(
      "register latency: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms (target p99 <= 5 ms: "
      "%s)\n",
      Pct(all, 50), Pct(all, 90), p99, Pct(all, 100), p99 <= 5 ? "MET" : "MISSED");

  // --- the radar of a household with 200 events ----------------------------------
  int64_t household = kids[kids.size() / 2].second;
  std::vector<PersonId> members;
  {
    auto lease = store.pool().Acquire();
    auto rows =
        lease->Query("SELECT id FROM persons WHERE household_id = $1", {int64_t{household}});
    if (!rows.ok()) return Fail(rows.status());
    for (const auto& r : *rows) members.push_back(r.Int(0));
    auto have = lease->Query(
        "SELECT count(*) FROM signal_events WHERE person_id IN (SELECT id FROM persons WHERE "
        "household_id = $1)",
        {int64_t{household}});
    if (!have.ok()) return Fail(have.status());
    int64_t missing = std::max<int64_t>(0, 200 - (*have)[0].Int(0));
    // Updates by the household's signalling organisations make up the history (a signal row each,
    // many events).
    auto sig = lease->Query(
        "SELECT id, person_id, org_id, user_id FROM signals WHERE person_id IN (SELECT id FROM "
        "persons WHERE household_id = $1)",
        {int64_t{household}});
    if (!sig.ok()) return Fail(sig.status());
    if (sig->empty()) return Fail(Status::Internal("the radar household has no signals"));
    std::vector<std::vector<SqlValue>> erows;
    for (int64_t i = 0; i < missing; ++i) {
      const auto& s = (*sig)[static_cast<size_t>(i) % sig->size()];
      Date d = DateFromDays(DaysSinceEpoch(today) - static_cast<int>(i * 5 % 700));
      erows.push_back({s.Int(0), s.Int(1), s.Int(2), s.Int(3), std::string("updated"),
                       std::string("neglect"), int64_t{1}, FormatIsoDate(d), now - i * 86'400'000});
    }
    Status s = WithTransaction(store.pool(), true, [&](SqlConnection& c) {
      return c.BulkInsert("signal_events",
                          {"signal_id", "person_id", "org_id", "user_id", "kind", "category",
                           "level", "signal_date", "at_ms"},
                          erows, "");
    });
    if (!s.ok()) return Fail(s);
  }
  User vt_user;
  vt_user.username = "bench.vt." + std::to_string(now);
  vt_user.role = Role::kVtTriage;
  auto vt_orgs = store.ListOrganisations(OrgKind::kVeiligThuis);
  if (!vt_orgs.ok() || vt_orgs->empty())
    return Fail(Status::Internal("no Veilig Thuis organisation"));
  vt_user.org_id = (*vt_orgs)[0].id;
  auto vt_id = store.InsertUser(vt_user);
  if (!vt_id.ok()) return Fail(vt_id.status());
  vt_user.id = *vt_id;
  Principal vt{vt_user, (*vt_orgs)[0], "", "", true, true};
  std::vector<double> radar_ms;
  size_t events = 0;
  for (int i = 0; i < 200; ++i) {
    auto a = std::chrono::steady_clock::now();
    auto r = svc.HouseholdRadar(vt, household, "benchmark radar", RadarFilter{});
    radar_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    if (!r.ok()) return Fail(r.status());
    events = r->entries.size();
  }
  const double rp99 = Pct(radar_ms, 99);
  std::printf(
      "radar: household of %zu persons, %zu events: p50 %.2f ms  p99 %.2f ms  max %.2f ms (target "
      "p99 <= 50 ms: %s)\n",
      members.size(), events, Pct(radar_ms, 50), rp99, Pct(radar_ms, 100),
      rp99 <= 50 ? "MET" : "MISSED");
  return 0;
}
