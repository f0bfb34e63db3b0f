// import_bench: the register import at national scale.
//
// Generates a synthetic population (default 1,000,000 children with their
// households, parents and enrolments) as the four register CSV files in a
// temporary directory, imports them into a fresh SQLite database, and prints
// wall time and rows/s per file and the ratio to the 60 s target. Then imports
// the same files again and prints the time of that no-change run (not with
// --first-only). Each run prints wall time and the process's CPU time
// (user+sys, both threads): on a shared machine compare the CPU figures.
//
//   import_bench [--children N] [--seed S] [--batch ROWS] [--url URL] [--keep]
//                [--generate-only] [--first-only]
//
// --url imports into another database (e.g. postgresql://...; it must be
// empty). Reproducible: the seed is printed and fixed by default.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "demo/demo_csv.h"
#include "demo/population.h"
#include "identity/pseudonym.h"
#include "importer/register_import.h"
#include "store/store.h"

namespace {

using namespace inbeeld;  // NOLINT(google-build-using-namespace): a small program
namespace fs = std::filesystem;

constexpr double kTargetSeconds = 60.0;

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// CPU time of this process so far (user + sys, all threads): on a shared
// machine the figure to compare, next to wall time.
double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

void PrintRun(const char* title, const ImportSummary& s, double cpu_s) {
  std::printf("\n%s\n", title);
  std::printf("  %-18s %10s %10s %10s %10s %10s %8s %11s\n", "file", "rows", "inserted",
              "unchanged", "updated", "rejected", "seconds", "rows/s");
  int64_t rows = 0;
  for (const auto& f : s.files) {
    rows += f.rows_read;
    std::printf("  %-18s %10lld %10lld %10lld %10lld %10lld %8.2f %11.0f\n", f.file.c_str(),
                static_cast<long long>(f.rows_read), static_cast<long long>(f.inserted),
                static_cast<long long>(f.unchanged), static_cast<long long>(f.updated),
                static_cast<long long>(f.rejected), f.seconds,
                f.seconds > 0 ? static_cast<double>(f.rows_read) / f.seconds : 0.0);
  }
  std::printf("  %-18s %10lld %54.2f %11.0f\n", "total", static_cast<long long>(rows), s.seconds,
              static_cast<double>(rows) / s.seconds);
  std::printf("  wall time %.1f s = %.2f x the %.0f s target (%s); CPU time %.1f s (user+sys)\n",
              s.seconds, s.seconds / kTargetSeconds, kTargetSeconds,
              s.seconds <= kTargetSeconds ? "within target" : "OVER target", cpu_s);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  DemoOptions demo;
  demo.children = 1'000'000;
  size_t batch = ImportOptions{}.batch_rows;
  std::string url;
  bool keep = false;
  bool generate_only = false;
  bool first_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--children") {
      demo.children = std::stoll(next());
    } else if (a == "--seed") {
      demo.seed = std::stoull(next());
    } else if (a == "--batch") {
      batch = std::stoull(next());
    } else if (a == "--url") {
      url = next();
    } else if (a == "--keep") {
      keep = true;
    } else if (a == "--generate-only") {
      generate_only = true;
    } else if (a == "--first-only") {
      first_only = true;
    } else {
      std::fprintf(stderr,
                   "usage: import_bench [--children N] [--seed S] [--batch ROWS] [--url URL] "
                   "[--keep] [--generate-only] [--first-only]\n");
      return 2;
    }
  }

  const fs::path dir =
      fs::temp_directory_path() / ("inbeeld-import-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  if (url.empty()) url = "sqlite:" + (dir / "inbeeld.db").string();
  std::printf("import_bench: %lld children, seed %llu, batch %zu rows, today %s\n",
              static_cast<long long>(demo.children), static_cast<unsigned long long>(demo.seed),
              batch, FormatIsoDate(demo.today).c_str());
  std::printf("  files in %s, database %s\n", dir.string().c_str(), url.c_str());

  auto population = DemoPopulation::Create(demo);
  if (!population.ok()) {
    std::fprintf(stderr, "%s\n", population.status().ToString().c_str());
    return 1;
  }
  auto t = std::chrono::steady_clock::now();
  auto written = WriteDemoCsv(*population, (dir / "csv").string());
  if (!written.ok()) {
    std::fprintf(stderr, "%s\n", written.status().ToString().c_str());
    return 1;
  }
  const double gen_s = Since(t);
  uintmax_t bytes = 0;
  for (const auto& e : fs::directory_iterator(dir / "csv")) bytes += e.file_size();
  const int64_t rows =
      written->organisations + written->households + written->persons + written->enrolments;
  std::printf(
      "\ngenerated %lld rows (%lld organisations, %lld households, %lld persons, "
      "%lld enrolments), %.0f MB CSV in %.1f s (%.0f rows/s)\n",
      static_cast<long long>(rows), static_cast<long long>(written->organisations),
      static_cast<long long>(written->households), static_cast<long long>(written->persons),
      static_cast<long long>(written->enrolments), static_cast<double>(bytes) / 1e6, gen_s,
      static_cast<double>(rows) / gen_s);

  if (generate_only) {
    if (!keep) fs::remove_all(dir);
    return 0;
  }
  auto store = Store::Open(url, 2);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  if (Status st = (*store)->Migrate(); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 1;
  }
  auto pseudonymizer = BsnPseudonymizer::Create("import-bench-key-not-a-secret-0123456789");
  ImportOptions options;
  options.today = demo.today;
  options.batch_rows = batch;

  double cpu = CpuSeconds();
  auto first = ImportDirectory(**store, *pseudonymizer, (dir / "csv").string(), options);
  if (!first.ok()) {
    std::fprintf(stderr, "%s\n", first.status().ToString().c_str());
    return 1;
  }
  PrintRun("first import (empty database):", *first, CpuSeconds() - cpu);
  if (first_only) {
    if (!keep) fs::remove_all(dir);
    return first->rejected() == 0 ? 0 : 1;
  }
  cpu = CpuSeconds();
  auto second = ImportDirectory(**store, *pseudonymizer, (dir / "csv").string(), options);
  if (!second.ok()) {
    std::fprintf(stderr, "%s\n", second.status().ToString().c_str());
    return 1;
  }
  PrintRun("second import (same files, nothing changes):", *second, CpuSeconds() - cpu);

  if (url.rfind("sqlite:", 0) == 0) {
    std::error_code ec;
    const auto db = fs::file_size(dir / "inbeeld.db", ec);
    if (!ec) std::printf("\ndatabase size %.0f MB\n", static_cast<double>(db) / 1e6);
  }
  if (!keep) fs::remove_all(dir);
  return first->rejected() == 0 && second->rejected() == 0 ? 0 : 1;
}
