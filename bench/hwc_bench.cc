// hwc_bench: Handle with Care under a school year's load (not a CTest test).
//
//   hwc_bench year [--incidents N] [--children N] [--db PATH]
//     A simulated school year (2025-09-01 .. 2026-07-10) for the whole country
//     in simulated time: a FakeClock, the real rules, calendar, HwcService and
//     OutboxWorker against a SQLite store holding the synthetic population
//     (src/demo), with fake e-mail/webhook channels that fail 5 % of first
//     attempts. Prints the share of notices delivered (first delivery) before
//     their deadline and the distribution of slack (deadline - delivery).
//
//   hwc_bench http --url URL --token TOKEN --children FILE [--rate 100] [--seconds 20]
//     Incident accepted → notices queued through the HTTP API, paced at
//     --rate incidents/s: prints p50/p90/p99/max of POST /api/v1/hwc/incidents
//     (the notices and their outbox items commit in the same transaction, so
//     the answer means "queued"). FILE: lines "person_id|postcode|house_number".
//     bench/hwc_http_bench.sh starts a demo server and runs this.
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "access/audit_log.h"
#include "access/store_audit_sink.h"
#include "demo/demo_load.h"
#include "demo/population.h"
#include "handlewithcare/service.h"
#include "notify/outbox_worker.h"
#include "platform/calendar_files.h"

using namespace inbeeld;

namespace {

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(v.size())));
  return v[i];
}

const char* Arg(int argc, char** argv, const char* name, const char* def) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return def;
}

// Fails the first attempt of 5 % of the items (by key hash), then accepts.
class FlakyChannel final : public Channel {
 public:
  Status Send(const OutboxItem& item) override {
    ++sends_;
    if (item.attempts <= 1 && std::hash<std::string>{}(item.idempotency_key) % 100 < 5) {
      ++failures_;
      return Status::Unavailable("gesimuleerde storing");
    }
    return Status::Ok();
  }
  std::atomic<int64_t> sends_{0}, failures_{0};
};

int Fail(const Status& s) {
  std::fprintf(stderr, "hwc_bench: %s\n", s.ToString().c_str());
  return 1;
}

int Year(int argc, char** argv) {
  const int64_t incidents = std::atoll(Arg(argc, argv, "--incidents", "100000"));
  const int64_t children = std::atoll(Arg(argc, argv, "--children", "160000"));
  std::string db = Arg(argc, argv, "--db", "/tmp/hwc_bench_year.db");
  for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
    std::filesystem::remove(db + suffix);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  auto store_or = Store::Open("sqlite:" + db, 4);
  if (!store_or.ok()) return Fail(store_or.status());
  Store& store = **store_or;
  if (Status s = store.Migrate(); !s.ok()) return Fail(s);
  auto pseudonymizer = BsnPseudonymizer::Create(std::string(32, 'k'));
  if (!pseudonymizer.ok()) return Fail(pseudonymizer.status());

  auto t0 = std::chrono::steady_clock::now();
  DemoOptions opts;
  opts.children = children;
  auto population = DemoPopulation::Create(opts);
  if (!population.ok()) return Fail(population.status());
  auto loaded = LoadDemoPopulation(store, *population, *pseudonymizer);
  if (!loaded.ok()) return Fail(loaded.status());
  // One contact per school (and a trusted person as deputy).
  auto schools = store.ListOrganisations(OrgKind::kSchool);
  if (!schools.ok()) return Fail(schools.status());
  for (const auto& o : *schools) {
    for (Role role : {Role::kSchoolContact, Role::kSchoolTrustedPerson}) {
      User u;
      u.username = std::string(RoleName(role)) + "." + std::to_string(o.id);
      u.email = u.username + "@school.example";
      u.org_id = o.id;
      u.role = role;
      auto id = store.InsertUser(u);
      if (!id.ok()) return Fail(id.status());
    }
  }
  User officer;
  officer.username = "politie.bench";
  officer.org_id = (*schools)[0].id;  // any organisation: only the id is recorded
  officer.role = Role::kPolice;
  auto officer_id = store.InsertUser(officer);
  if (!officer_id.ok()) return Fail(officer_id.status());
  officer.id = *officer_id;
  auto org = store.GetOrganisation(officer.org_id);
  Principal who{officer, *org, "", "", true, true};

  // Households with children, with their address.
  std::vector<std::tuple<std::string, std::string, std::vector<PersonId>>> homes;
  {
    auto lease = store.pool().Acquire();
    auto rows = lease->Query(
        "SELECT h.id, h.postcode, h.house_number, p.id FROM households h JOIN persons p ON "
        "p.household_id = h.id "
        "WHERE p.relation = 'child' AND p.birth_date > '2007-09-01' ORDER BY h.id, p.id");
    if (!rows.ok()) return Fail(rows.status());
    int64_t last = -1;
    for (const auto& r : *rows) {
      if (r.Int(0) != last) homes.push_back({r.Text(1), r.Text(2), {}});
      last = r.Int(0);
      std::get<2>(homes.back()).push_back(r.Int(3));
    }
  }
  auto t1 = std::chrono::steady_clock::now();
  std::printf(
      "population: %lld children requested, %zu households with children, %zu schools (%.1f s)\n",
      static_cast<long long>(children), homes.size(), schools->size(),
      std::chrono::duration<double>(t1 - t0).count());

  auto calendars = LoadCalendars(DefaultDataDir());
  if (!calendars.ok()) return Fail(calendars.status());
  const int64_t start = FromAmsterdam(*ParseIsoDate("2025-09-01"), 0, 0);
  const int64_t end = FromAmsterdam(*ParseIsoDate("2026-07-03"), 0, 0);
  FakeClock clock(start);
  StoreAuditSink sink(store);
  AuditLog audit(sink, clock);
  HwcService hwc(store, audit, *pseudonymizer, clock, calendars->schools, HwcService::Options{});
  FlakyChannel email, webhook;
  OutboxWorkerOptions wopts;
  wopts.owner = "bench";
  wopts.batch = 64;
  OutboxWorker worker(store, clock, OutboxChannels{&email, &webhook}, wopts);

  // Incident times: uniform over the year, so nights, weekends and holidays too.
  std::mt19937_64 rng(42);
  std::vector<int64_t> times(static_cast<size_t>(incidents));
  for (auto& t : times)
    t = start + static_cast<int64_t>(rng() % static_cast<uint64_t>(end - start));
  std::sort(times.begin(), times.end());

  auto drain = [&]() -> Status {
    for (int i = 0; i < 1000; ++i) {
      auto st = worker.RunOnce();
      if (!st.ok()) return st.status();
      if (st->claimed == 0) return Status::Ok();
    }
    return Status::Ok();
  };
  int64_t children_named = 0, merged = 0, errors = 0;
  std::vector<double> register_ms;
  register_ms.reserve(times.size());
  auto t2 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < times.size(); ++i) {
    clock.Set(times[i]);
    const auto& [postcode, house, kids] = homes[rng() % homes.size()];
    HwcIncidentInput in;
    in.occurred_ms = times[i];
    in.postcode = postcode;
    in.house_number = house;
    in.police_ref = "PL-" + std::to_string(i);
    for (PersonId id : kids) {
      HwcChildInput c;
      c.person_id = id;
      in.children.push_back(c);
    }
    children_named += static_cast<int64_t>(kids.size());
    auto a = std::chrono::steady_clock::now();
    auto r = hwc.RegisterIncident(who, in);
    register_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    if (!r.ok()) {
      if (++errors <= 5)
        std::fprintf(stderr, "incident %zu: %s\n", i, r.status().ToString().c_str());
      continue;
    }
    for (const auto& n : r->notices) merged += n.merged ? 1 : 0;
    // The worker runs at once (it is woken), and again after the retry backoff.
    clock.Advance(500);
    if (Status s = drain(); !s.ok()) return Fail(s);
    clock.Advance(6'000);
    if (Status s = drain(); !s.ok()) return Fail(s);
    if ((i + 1) % 10000 == 0) {
      std::printf("  %zu incidents (%.0f s)\n", i + 1,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count());
    }
  }
  clock.Advance(10 * 60'000);
  if (Status s = drain(); !s.ok()) return Fail(s);
  auto t3 = std::chrono::steady_clock::now();

  // First delivery of each notice vs its deadline.
  auto lease = store.pool().Acquire();
  auto rows = lease->Query(
      "SELECT n.id, n.due_ms, n.created_ms, (SELECT MIN(x.delivered_ms) FROM hwc_notice_deliveries "
      "d JOIN outbox x "
      "ON x.id = d.outbox_id WHERE d.notice_id = n.id AND d.purpose = 'notice'), n.recipient_kind "
      "FROM hwc_notices n");
  if (!rows.ok()) return Fail(rows.status());
  int64_t notices = 0, on_time = 0, undelivered = 0, leerplicht = 0;
  std::vector<double> slack_h;
  for (const auto& r : *rows) {
    ++notices;
    if (r.Text(4) == "leerplicht") ++leerplicht;
    if (r.IsNull(3)) {
      ++undelivered;
      continue;
    }
    int64_t slack = r.Int(1) - r.Int(3);
    if (slack >= 0) ++on_time;
    slack_h.push_back(static_cast<double>(slack) / 3'600'000.0);
  }
  auto counts = store.CountOutbox(10);
  std::printf("\nsimulated school year 2025-09-01 .. 2026-07-03 (FakeClock), SQLite\n");
  std::printf("  incidents             %lld (errors %lld), children named %lld\n",
              static_cast<long long>(incidents), static_cast<long long>(errors),
              static_cast<long long>(children_named));
  std::printf(
      "  notices               %lld (leerplicht %lld), merged into an existing notice %lld\n",
      static_cast<long long>(notices), static_cast<long long>(leerplicht),
      static_cast<long long>(merged));
  std::printf(
      "  outbox                queued %lld, delivered %lld; channel sends %lld, simulated "
      "first-attempt failures %lld (%.1f %%)\n",
      static_cast<long long>(counts.ok() ? counts->queued : -1),
      static_cast<long long>(counts.ok() ? counts->delivered : -1),
      static_cast<long long>(email.sends_ + webhook.sends_),
      static_cast<long long>(email.failures_ + webhook.failures_),
      100.0 * static_cast<double>(email.failures_ + webhook.failures_) /
          std::max<double>(1, static_cast<double>(email.sends_ + webhook.sends_)));
  std::printf(
      "  delivered before the deadline: %.3f %% (%lld of %lld; undelivered %lld)\n",
      100.0 * static_cast<double>(on_time) / std::max<double>(1, static_cast<double>(notices)),
      static_cast<long long>(on_time), static_cast<long long>(notices),
      static_cast<long long>(undelivered));
  std::printf(
      "  slack (deadline - first delivery), hours: min %.2f  p1 %.2f  p10 %.2f  p50 %.2f  p90 %.2f "
      " max %.2f\n",
      Pct(slack_h, 0), Pct(slack_h, 1), Pct(slack_h, 10), Pct(slack_h, 50), Pct(slack_h, 90),
      Pct(slack_h, 100));
  std::printf("  RegisterIncident wall time, ms: p50 %.2f  p99 %.2f  max %.2f\n",
              Pct(register_ms, 50), Pct(register_ms, 99), Pct(register_ms, 100));
  std::printf("  wall time: set-up %.1f s, simulation %.1f s (%.0f incidents/s incl. delivery)\n",
              std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double>(t3 - t2).count(),
              static_cast<double>(incidents) / std::chrono::duration<double>(t3 - t2).count());
  return on_time == notices ? 0 : 3;
}

size_t Discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

int Http(int argc, char** argv) {
  std::string url = Arg(argc, argv, "--url", "");
  std::string token = Arg(argc, argv, "--token", "");
  std::string file = Arg(argc, argv, "--children", "");
  const double rate = std::atof(Arg(argc, argv, "--rate", "100"));
  const int seconds = std::atoi(Arg(argc, argv, "--seconds", "20"));
  if (url.empty() || token.empty() || file.empty()) {
    std::fprintf(stderr,
                 "gebruik: hwc_bench http --url URL --token TOKEN --children FILE [--rate 100] "
                 "[--seconds 20]\n");
    return 2;
  }
  std::vector<std::array<std::string, 3>> kids;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    size_t a = line.find('|'), b = line.rfind('|');
    if (a == std::string::npos || a == b) continue;
    kids.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  if (kids.empty()) return Fail(Status::Invalid("geen kinderen in " + file));
  curl_global_init(CURL_GLOBAL_ALL);
  const int total = static_cast<int>(rate * seconds);
  const int threads = 8;
  std::vector<std::vector<double>> lat(threads);
  std::vector<std::map<long, int>> codes(threads);
  const auto begin = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      CURL* c = curl_easy_init();
      struct curl_slist* h = nullptr;
      h = curl_slist_append(h, "Content-Type: application/json");
      h = curl_slist_append(h, ("Authorization: Bearer " + token).c_str());
      curl_easy_setopt(c, CURLOPT_URL, (url + "/api/v1/hwc/incidents").c_str());
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
      curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
      for (int i = t; i < total; i += threads) {
        std::this_thread::sleep_until(
            begin + std::chrono::microseconds(static_cast<int64_t>(i * 1e6 / rate)));
        const auto& k = kids[static_cast<size_t>(i) % kids.size()];
        std::string body = "{\"occurred_ms\":" + std::to_string(now_ms - 60'000 - i) +
                           ",\"postcode\":\"" + k[1] + "\",\"house_number\":\"" + k[2] +
                           "\",\"police_ref\":\"BENCH-" + std::to_string(i) +
                           "\",\"children\":[{\"person_id\":" + k[0] + "}]}";
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
        auto a = std::chrono::steady_clock::now();
        CURLcode rc = curl_easy_perform(c);
        lat[t].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                .count());
        long code = 0;
        if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        ++codes[t][code];
      }
      curl_slist_free_all(h);
      curl_easy_cleanup(c);
    });
  }
  for (auto& th : pool) th.join();
  std::vector<double> all;
  std::map<long, int> status;
  for (int t = 0; t < threads; ++t) {
    all.insert(all.end(), lat[t].begin(), lat[t].end());
    for (auto [k, v] : codes[t]) status[k] += v;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf(
      "incident accepted -> notices queued, POST /api/v1/hwc/incidents at %.0f/s for %d s (%d "
      "requests, %.1f/s achieved)\n",
      rate, seconds, total, static_cast<double>(total) / elapsed);
  std::printf(
      "  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f   (target p99 <= 50 ms: %s; p99/target "
      "%.2f)\n",
      Pct(all, 50), Pct(all, 90), Pct(all, 99), Pct(all, 100),
      Pct(all, 99) <= 50 ? "met" : "NOT met", Pct(all, 99) / 50.0);
  std::printf("  status codes:");
  for (auto [k, v] : status) std::printf(" %ld×%d", k, v);
  std::printf("\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "year") return Year(argc, argv);
  if (mode == "http") return Http(argc, argv);
  std::fprintf(stderr,
               "gebruik: hwc_bench year [--incidents N] [--children N] [--db PATH]\n"
               "         hwc_bench http --url URL --token TOKEN --children FILE [--rate 100] "
               "[--seconds 20]\n");
  return 2;
}
