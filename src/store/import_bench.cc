// store_import_bench: how fast Store::Import loads a synthetic population.
//
//   store_import_bench URL [children=1000000] [batch=50000]
//
// Children (with a BSN pseudonym), one household per two children, 0.9 parent
// per child, one enrolment per child at one of 5,000 schools: the shape of the
// importer's files. Imports everything twice and prints rows/s per pass; the
// second pass must report everything unchanged. URL must be an empty database
// ("sqlite:/tmp/bench.db" after rm, or a fresh PostgreSQL database).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/store.h"

using namespace inbeeld;  // NOLINT(google-build-using-namespace): a small program

namespace {

std::string Hex64(uint64_t n) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%016llx%016llx%016llx%016llx",
                static_cast<unsigned long long>(n * 0x9E3779B97F4A7C15ull),
                static_cast<unsigned long long>(n), 0ull, 1ull);
  return buf;
}

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

Date Day(int days) {
  return DateFromDays(days);
}

// Batch `b` of the population: children [from, to) plus their households, parents, enrolments.
ImportBatch MakeBatch(int64_t from, int64_t to, bool with_schools) {
  static const char* firsts[] = {"Daan", "Sanne", "Emma", "Lucas", "Zoë", "Noah", "Julia", "Sem"};
  static const char* lasts[] = {"Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit"};
  ImportBatch b;
  if (with_schools) {
    for (int s = 0; s < 5000; ++s) {
      Organisation o;
      o.ext_ref = "S" + std::to_string(s);
      o.name = "School " + std::to_string(s);
      o.school_type = "PO";
      o.region = SchoolRegion::kMiddle;
      b.organisations.push_back(o);
    }
  }
  for (int64_t c = from; c < to; ++c) {
    std::string h = "H" + std::to_string(c / 2);
    if (c % 2 == 0) {
      Household hh;
      hh.ext_ref = h;
      hh.address = {"Straat", std::to_string(c % 200), std::to_string(1000 + c % 8999) + " AB",
                    "Utrecht", "GM0344"};
      b.households.push_back(hh);
    }
    Person p;
    p.ext_ref = "C" + std::to_string(c);
    p.bsn = BsnPseudonym{Hex64(static_cast<uint64_t>(c) * 2 + 1)};
    p.first_name = firsts[c % 8];
    p.last_name = lasts[(c / 8) % 6];
    p.birth_date = Day(14000 + static_cast<int>(c % 6000));
    p.sex = c % 2 ? Sex::kMale : Sex::kFemale;
    b.persons.push_back(p);
    b.person_household_refs.push_back(h);
    if (c % 10 != 9) {  // 0.9 parents per child
      Person q = p;
      q.ext_ref = "O" + std::to_string(c);
      q.bsn = BsnPseudonym{Hex64(static_cast<uint64_t>(c) * 2 + 2)};
      q.first_name = "Ouder";
      q.relation = Relation::kParent;
      q.birth_date = Day(3000 + static_cast<int>(c % 5000));
      b.persons.push_back(q);
      b.person_household_refs.push_back(h);
    }
    b.enrolments.push_back({p.ext_ref, "S" + std::to_string(c % 5000), Day(18000), std::nullopt});
  }
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_import_bench URL [children] [batch]\n");
    return 2;
  }
  int64_t children = argc > 2 ? std::atoll(argv[2]) : 1000000;
  int64_t batch = argc > 3 ? std::atoll(argv[3]) : 50000;
  auto store = Store::Open(argv[1], 2);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  Status m = (*store)->Migrate();
  if (!m.ok()) {
    std::fprintf(stderr, "%s\n", m.ToString().c_str());
    return 1;
  }
  for (int pass = 1; pass <= 2; ++pass) {
    ImportCounts total;
    double build_s = 0, import_s = 0;
    int64_t rows = 0;
    double cpu0 = CpuSeconds();
    for (int64_t from = 0; from < children; from += batch) {
      auto t0 = std::chrono::steady_clock::now();
      ImportBatch b = MakeBatch(from, std::min(children, from + batch), from == 0);
      auto t1 = std::chrono::steady_clock::now();
      auto r = (*store)->Import(b);
      auto t2 = std::chrono::steady_clock::now();
      if (!r.ok()) {
        std::fprintf(stderr, "import: %s\n", r.status().ToString().c_str());
        return 1;
      }
      build_s += std::chrono::duration<double>(t1 - t0).count();
      import_s += std::chrono::duration<double>(t2 - t1).count();
      rows += static_cast<int64_t>(b.households.size() + b.persons.size() + b.organisations.size() +
                                   b.enrolments.size());
      total.inserted += r->inserted;
      total.unchanged += r->unchanged;
      total.updated += r->updated;
      total.rejected += r->rejected;
    }
    std::printf("pass %d: %.1f s CPU (this process); ", pass, CpuSeconds() - cpu0);
    std::printf(
        "pass %d: %lld rows in %.1f s import (+%.1f s building batches) = %.0f rows/s;"
        " inserted %lld unchanged %lld updated %lld rejected %lld\n",
        pass, static_cast<long long>(rows), import_s, build_s, rows / import_s,
        static_cast<long long>(total.inserted), static_cast<long long>(total.unchanged),
        static_cast<long long>(total.updated), static_cast<long long>(total.rejected));
  }
  return 0;
}
