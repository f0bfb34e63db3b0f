// What an import did, per file and in total, and how to print it. Row errors
// name the row, the field and the reason in Dutch; they never contain a BSN.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace inbeeld {

struct RowError {
  int64_t row = 0;     // CSV record number; the header is row 1; 0 = refused by the Store
  std::string field;   // column name, or "" for the row as a whole
  std::string reason;  // Dutch, e.g. "dit BSN voldoet niet aan de elfproef"
  // "rij 17, bsn: dit BSN voldoet niet aan de elfproef"; row 0: "bij opslaan: <reason>"
  std::string ToString() const;
};

struct FileSummary {
  std::string file;       // "persons.csv"
  bool present = true;    // false when the file was not in the directory
  int64_t rows_read = 0;  // data rows, header excluded
  int64_t inserted = 0;
  int64_t unchanged = 0;
  int64_t updated = 0;
  int64_t rejected = 0;
  int64_t batches = 0;  // committed transactions
  double seconds = 0;
  std::vector<RowError> errors;  // the first ImportOptions::max_errors_kept
};

struct ImportSummary {
  std::vector<FileSummary> files;  // in import order
  double seconds = 0;
  int64_t rejected() const;
};

// A table per file (rows read, inserted, unchanged, updated, rejected, time,
// rows/s) followed by the kept row errors. Dutch, plain text.
void PrintImportSummary(const ImportSummary& summary, std::ostream& out);

}  // namespace inbeeld
