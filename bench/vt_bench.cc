// vt_bench: the Veilig Thuis queue and the CBS half-year table at national
// scale (not a CTest test).
//
//   vt_bench [--regions 25] [--per-year 250000] [--years 10] [--open 2000]
//            [--url sqlite:/tmp/vt_bench.db | postgresql://...]
//
// Loads --years × --per-year reports and advice requests (two in three a
// report; one or two violence types each; reporter types and outcomes in
// realistic shares) spread over the last --years years and --regions Veilig
// Thuis regions, of which the newest --open per region are still open (triage,
// investigation, Voorwaarden & Vervolg, with their deadlines). Then measures,
// through the real VtService:
//   - a region's queue of open reports (about --open rows), 200 times:
//     p50/p99/max (target p99 <= 100 ms);
//   - the CBS half-year table of all regions for the last full half-year,
//     10 times: p50/max (target <= 2 s).
// Persons are not loaded: the queue and the table read no person data.
// A PostgreSQL URL must name an empty database (the bench migrates it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "access/audit_log.h"
#include "access/store_audit_sink.h"
#include "platform/calendar_files.h"
#include "vt/service.h"

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
  std::fprintf(stderr, "vt_bench: %s\n", s.ToString().c_str());
  return 1;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int regions = std::max(1, std::atoi(Arg(argc, argv, "--regions", "25")));
  const int64_t per_year = std::atoll(Arg(argc, argv, "--per-year", "250000"));
  const int years = std::max(1, std::atoi(Arg(argc, argv, "--years", "10")));
  const int64_t open_per_region = std::atoll(Arg(argc, argv, "--open", "2000"));
  const std::string url = Arg(argc, argv, "--url", "sqlite:/tmp/vt_bench.db");
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (url.rfind("sqlite:", 0) == 0) {
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
      std::filesystem::remove(url.substr(7) + suffix);
  }
  const int64_t total = per_year * years;
  std::printf(
      "vt_bench: %d regions, %lld rows (%lld a year for %d years), %lld open per region, %s, %u "
      "cores\n",
      regions, static_cast<long long>(total), static_cast<long long>(per_year), years,
      static_cast<long long>(open_per_region),
      url.rfind("sqlite:", 0) == 0 ? "SQLite" : "PostgreSQL", std::thread::hardware_concurrency());

  auto store_or = Store::Open(url, 4);
  if (!store_or.ok()) return Fail(store_or.status());
  Store& store = **store_or;
  if (Status s = store.Migrate(); !s.ok()) return Fail(s);
  auto pseudonymizer = BsnPseudonymizer::Create(std::string(32, 'k'));
  if (!pseudonymizer.ok()) return Fail(pseudonymizer.status());

  // --- regions and one triage user each ---------------------------------------------
  std::vector<Principal> triage;
  for (int r = 0; r < regions; ++r) {
    Organisation o;
    o.kind = OrgKind::kVeiligThuis;
    o.ext_ref = "VT-BENCH-" + std::to_string(r + 1);
    o.name = "Veilig Thuis bench " + std::to_string(r + 1);
    o.municipality_code = "GM" + std::to_string(9000 + r);
    auto id = store.InsertOrganisation(o);
    if (!id.ok()) return Fail(id.status());
    o.id = *id;
    User u;
    u.username = "bench.vt." + std::to_string(r + 1);
    u.display_name = "Bench triage " + std::to_string(r + 1);
    u.org_id = o.id;
    u.role = Role::kVtTriage;
    auto uid = store.InsertUser(u);
    if (!uid.ok()) return Fail(uid.status());
    u.id = *uid;
    triage.push_back(Principal{u, o, "", "", true, true});
  }

  // --- the reports, oldest first; the newest --open per region stay open --------------
  SystemClock clock;
  const int64_t now = clock.NowMs();
  const int64_t span_ms = static_cast<int64_t>(years) * 365 * 86'400'000LL;
  auto t0 = std::chrono::steady_clock::now();
  std::mt19937_64 rng(9);
  const char* codes[] = {"physical_abuse",        "psychological_abuse", "physical_neglect",
                         "psychological_neglect", "sexual_violence",     "witnessing_dv",
                         "partner_violence",      "elder_abuse",         "honour_violence",
                         "other_violence"};
  const char* reporters[] = {"police",       "police",    "police", "professional",
                             "professional", "bystander", "self"};
  const char* outcomes[] = {"investigation", "rvdk",     "vv",    "vv",   "handover",
                            "handover",      "handover", "close", "close"};
  const std::vector<std::string> rcols = {"id",          "vt_org_id",       "kind",
                                          "channel",     "reporter_type",   "created_by",
                                          "urgency",     "summary",         "classification",
                                          "received_ms", "received_date",   "assessment_due_ms",
                                          "due_ms",      "state",           "outcome",
                                          "assessed_ms", "assessment_late", "closed_ms",
                                          "version",     "updated_ms"};
  const std::vector<std::string> ccols = {"report_id", "code"};
  std::vector<std::vector<SqlValue>> rrows, crows;
  auto flush = [&]() -> Status {
    Status s = WithTransaction(store.pool(), true, [&](SqlConnection& c) -> Status {
      INBEELD_RETURN_IF_ERROR(c.BulkInsert("vt_reports", rcols, rrows, ""));
      return c.BulkInsert("vt_report_codes", ccols, crows, "");
    });
    rrows.clear();
    crows.clear();
    return s;
  };
  const int64_t open_total = open_per_region * regions;
  for (int64_t i = 0; i < total; ++i) {
    const int64_t id = i + 1;
    const int64_t received = now - span_ms + (span_ms * i) / total;  // evenly, oldest first
    const int region = static_cast<int>(rng() % static_cast<uint64_t>(regions));
    const bool advice = rng() % 3 == 0;
    // Two in three of the newest rows are reports, two in three of those open: a window of 9/4 ×
    // the open total.
    const bool open = !advice && i >= total - open_total * 9 / 4 && rng() % 3 != 0;
    const Date day = ToAmsterdam(received).date;
    const int64_t due = received + 7 * 86'400'000LL;
    std::string state = advice ? "advice" : "closed";
    SqlValue outcome = SqlNull{}, assessed = SqlNull{}, closed = SqlNull{}, due_v = SqlNull{};
    if (advice) {
      closed = received;
    } else if (open) {
      const uint64_t k = rng() % 10;
      state = k < 6 ? "triage" : (k < 8 ? "investigation" : "vv");
      if (state == "triage") due_v = due;
      if (state != "triage") {
        outcome = std::string(state == "investigation" ? "investigation" : "vv");
        assessed = received + 3 * 86'400'000LL;
        if (state == "investigation") due_v = received + 73 * 86'400'000LL;
      }
    } else {
      std::string o = outcomes[rng() % 9];
      outcome = o;
      assessed = received + static_cast<int64_t>(rng() % 9) * 86'400'000LL;
      closed = received + 30 * 86'400'000LL;
      state = o == "rvdk" ? "rvdk" : (o == "handover" ? "handed_over" : "closed");
    }
    const bool late =
        !advice && !std::holds_alternative<SqlNull>(assessed) && std::get<int64_t>(assessed) > due;
    rrows.push_back({id,
                     int64_t{triage[static_cast<size_t>(region)].org.id},
                     std::string(advice ? "advice" : "report"),
                     std::string(rng() % 4 == 0 ? "web" : "api"),
                     std::string(reporters[rng() % 7]),
                     int64_t{triage[static_cast<size_t>(region)].user.id},
                     std::string(rng() % 10 == 0 ? "acute" : "regular"),
                     std::string("bench"),
                     advice ? SqlValue(SqlNull{}) : SqlValue(std::string("new")),
                     received,
                     FormatIsoDate(day),
                     advice ? SqlValue(SqlNull{}) : SqlValue(due),
                     due_v,
                     state,
                     outcome,
                     assessed,
                     int64_t{late ? 1 : 0},
                     closed,
                     int64_t{1},
                     received});
    const size_t first = rng() % 10;
    crows.push_back({id, std::string(codes[first])});
    if (rng() % 2 == 0) crows.push_back({id, std::string(codes[(first + 1 + rng() % 9) % 10])});
    if (rrows.size() >= 50000) {
      if (Status s = flush(); !s.ok()) return Fail(s);
    }
  }
  if (!rrows.empty()) {
    if (Status s = flush(); !s.ok()) return Fail(s);
  }
  {
    auto c = store.pool().Acquire();
    if (store.backend() == Backend::kPostgresql) {
      auto r = c->Query(
          "SELECT setval(pg_get_serial_sequence('vt_reports', 'id'), (SELECT max(id) FROM "
          "vt_reports))");
      if (!r.ok()) return Fail(r.status());
    }
    (void)c->Exec("ANALYZE");
    if (store.backend() == Backend::kSqlite) {
      // Measure the steady state, not the checkpoint of the bulk load's WAL.
      auto ck = c->Query("PRAGMA wal_checkpoint(TRUNCATE)");
      if (!ck.ok()) return Fail(ck.status());
    }
    auto open = c->Query(
        "SELECT count(*) FROM vt_reports WHERE vt_org_id = $1 AND state IN ('triage', "
        "'investigation', 'vv')",
        {int64_t{triage[0].org.id}});
    if (!open.ok()) return Fail(open.status());
    std::printf("loaded %lld rows in %.1f s; region 1 has %lld open\n",
                static_cast<long long>(total), Since(t0),
                static_cast<long long>((*open)[0].Int(0)));
  }

  auto calendars = LoadCalendars(DefaultDataDir());
  if (!calendars.ok()) return Fail(calendars.status());
  StoreAuditSink sink(store);
  AuditLog audit(sink, clock);
  VtService svc(store, audit, *pseudonymizer, clock, calendars->holidays);

  // --- the queue ---------------------------------------------------------------------
  std::vector<double> queue_ms;
  size_t rows = 0;
  for (int i = 0; i < 200; ++i) {
    VtQueueFilter f;
    f.state = "open";
    f.limit = 5000;
    auto a = std::chrono::steady_clock::now();
    auto q = svc.Queue(triage[static_cast<size_t>(i) % triage.size()], f);
    queue_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    if (!q.ok()) return Fail(q.status());
    rows = std::max(rows, q->size());
  }
  std::printf(
      "queue (open, up to %zu rows): p50 %.1f ms  p99 %.1f ms  max %.1f ms  (target p99 <= 100 "
      "ms)\n",
      rows, Pct(queue_ms, 50), Pct(queue_ms, 99), Pct(queue_ms, 100));

  // --- the CBS half-year table -----------------------------------------------------------
  const Date today = ToAmsterdam(now).date;
  int year = static_cast<int>(today.year());
  int half = static_cast<unsigned>(today.month()) <= 6 ? 1 : 2;
  if (half == 1) {
    --year;
    half = 2;
  } else {
    half = 1;
  }
  std::vector<double> cbs_ms;
  int64_t cells = 0;
  for (int i = 0; i < 10; ++i) {
    auto a = std::chrono::steady_clock::now();
    auto f = svc.Figures(year, half);
    cbs_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    if (!f.ok()) return Fail(f.status());
    cells = 0;
    for (const auto& r : f->regions) cells += static_cast<int64_t>(r.cells.size());
  }
  std::printf(
      "CBS table %d-H%d, %d regions, %lld cells: p50 %.0f ms  max %.0f ms  (target <= 2000 ms)\n",
      year, half, regions, static_cast<long long>(cells), Pct(cbs_ms, 50), Pct(cbs_ms, 100));
  return 0;
}
