// The register import: the four CSV files of docs/import.md, read as a
// stream, validated row by row, and written through Store::Import in batches,
// each batch one transaction. A bad row is reported (row, field, Dutch
// reason) and skipped; good rows are imported. A kill -9 loses no committed
// batch and leaves no half-written one. Importing the same files twice changes
// nothing (every row comes back "unchanged").
//
// While the Store writes one batch (on a worker thread), the calling thread
// reads and checks the next; at most one batch is in flight, so batches commit
// in file order. The Store must be safe to call from another thread (it is).
//
// Order: organisations, households, persons, enrolments. References are
// checked against the files read earlier in the same run (ImportContext); when
// a run did not read the referenced file, the check is left to the Store.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <unordered_map>

#include "core/date.h"
#include "core/model.h"
#include "core/status.h"
#include "identity/pseudonym.h"
#include "importer/import_summary.h"
#include "importer/ref_index.h"
#include "store/store.h"

namespace inbeeld {

struct ImportOptions {
  size_t batch_rows = 100000;   // rows per transaction
  size_t max_errors_kept = 20;  // row errors kept per file (all are counted)
  Date today{};                 // REQUIRED: birth dates after it are rejected
  bool progress = true;         // a progress bar on stderr, only if it is a terminal
  // Called on the calling thread after each committed batch with the file's
  // summary so far (progress in the app, crash tests).
  std::function<void(const FileSummary&)> after_batch;
};

// What one run has read so far, for checking references between files.
struct ImportContext {
  bool have_organisations = false, have_households = false, have_persons = false;
  struct OrgSeen {
    OrgKind kind;
    int64_t row;
  };
  std::unordered_map<std::string, OrgSeen> organisations;  // org_ref -> kind (a few thousand)
  RefIndex households;                                     // household_ref -> row
  RefIndex persons;                                        // person_ref -> row
  RefIndex bsns;  // BSN pseudonym -> row of the person that has it
};

// Imports every register file present in `dir` (organisations.csv,
// households.csv, persons.csv, enrolments.csv), in that order. A missing file
// is skipped (FileSummary::present = false); fails with kNotFound when none is
// present. Fails (after the batches committed so far) when a header is
// unusable, a file cannot be read, or the Store fails; row errors do not fail
// the import but are counted and reported in the summary.
Result<ImportSummary> ImportDirectory(Store& store, const BsnPseudonymizer& pseudonymizer,
                                      const std::string& dir, const ImportOptions& options);

// One file each, from a stream. `name` labels the summary and the progress
// bar; `size_bytes` (or 0) sizes the bar. `context` carries the references
// between files of one run; pass a fresh one for a stand-alone file.
Result<FileSummary> ImportOrganisations(Store& store, std::istream& in, const std::string& name,
                                        int64_t size_bytes, const ImportOptions& options,
                                        ImportContext& context);
Result<FileSummary> ImportHouseholds(Store& store, std::istream& in, const std::string& name,
                                     int64_t size_bytes, const ImportOptions& options,
                                     ImportContext& context);
Result<FileSummary> ImportPersons(Store& store, const BsnPseudonymizer& pseudonymizer,
                                  std::istream& in, const std::string& name, int64_t size_bytes,
                                  const ImportOptions& options, ImportContext& context);
Result<FileSummary> ImportEnrolments(Store& store, std::istream& in, const std::string& name,
                                     int64_t size_bytes, const ImportOptions& options,
                                     ImportContext& context);

}  // namespace inbeeld
