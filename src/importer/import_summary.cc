#include "importer/import_summary.h"

#include <cstdio>

namespace inbeeld {

std::string RowError::ToString() const {
  if (row == 0) return "bij opslaan: " + reason;
  std::string s = "rij " + std::to_string(row);
  if (!field.empty()) s += ", " + field;
  return s + ": " + reason;
}

int64_t ImportSummary::rejected() const {
  int64_t n = 0;
  for (const auto& f : files) n += f.rejected;
  return n;
}

void PrintImportSummary(const ImportSummary& summary, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "%-18s %10s %10s %10s %10s %10s %8s %10s\n", "bestand",
                "gelezen", "nieuw", "ongewijzigd", "gewijzigd", "afgewezen", "sec", "rijen/s");
  out << line;
  for (const auto& f : summary.files) {
    if (!f.present) {
      std::snprintf(line, sizeof line, "%-18s (niet aanwezig, overgeslagen)\n", f.file.c_str());
      out << line;
      continue;
    }
    const double rate = f.seconds > 0 ? static_cast<double>(f.rows_read) / f.seconds : 0;
    std::snprintf(line, sizeof line, "%-18s %10lld %10lld %10lld %10lld %10lld %8.1f %10.0f\n",
                  f.file.c_str(), static_cast<long long>(f.rows_read),
                  static_cast<long long>(f.inserted), static_cast<long long>(f.unchanged),
                  static_cast<long long>(f.updated), static_cast<long long>(f.rejected), f.seconds,
                  rate);
    out << line;
  }
  std::snprintf(line, sizeof line, "totaal: %.1f s, %lld rijen afgewezen\n", summary.seconds,
                static_cast<long long>(summary.rejected()));
  out << line;
  for (const auto& f : summary.files) {
    if (f.errors.empty()) continue;
    out << "\nfouten in " << f.file;
    if (f.rejected > static_cast<int64_t>(f.errors.size())) {
      out << " (de eerste " << f.errors.size() << " van " << f.rejected << ")";
    }
    out << ":\n";
    for (const auto& e : f.errors) out << "  " << e.ToString() << "\n";
  }
}

}  // namespace inbeeld
