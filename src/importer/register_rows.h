// The four register files' columns and the per-row validation: each Parse*
// turns one CSV record into a model value, or fails with kInvalidArgument
// whose field() is the column and whose message() is the Dutch reason.
// A BSN is pseudonymised the moment it has been parsed; no error message ever
// contains it. Pure apart from the pseudonymizer; thread-compatible.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/status.h"
#include "identity/pseudonym.h"
#include "importer/csv_reader.h"
#include "store/store.h"

namespace inbeeld {

// Column names, in their documented order (docs/import.md).
std::span<const std::string_view> OrganisationColumns();
std::span<const std::string_view> HouseholdColumns();
std::span<const std::string_view> PersonColumns();
std::span<const std::string_view> EnrolmentColumns();

// Finds each of `columns` in the header record (any order; case and
// surrounding spaces ignored; extra columns allowed). Returns, per column, its
// index in the record. Fails naming the first missing or doubled column.
Result<std::vector<int>> MapColumns(const CsvRecord& header,
                                    std::span<const std::string_view> columns);

// One data record seen through the header mapping: row[k] is the k-th
// documented column, without surrounding spaces.
class CsvRow {
 public:
  // REQUIRES: every index in `columns` < record.fields.size().
  CsvRow(const CsvRecord& record, const std::vector<int>& columns)
      : record_(record), columns_(columns) {}
  std::string_view operator[](size_t k) const;
  int64_t row() const { return record_.row; }

 private:
  const CsvRecord& record_;
  const std::vector<int>& columns_;
};

struct PersonRow {
  Person person;              // bsn pseudonymised; ids unset
  std::string household_ref;  // "" = no household
};

Result<Organisation> ParseOrganisationRow(const CsvRow& row);
Result<Household> ParseHouseholdRow(const CsvRow& row);
// `today`: a birth date after it is rejected.
Result<PersonRow> ParsePersonRow(const CsvRow& row, const BsnPseudonymizer& pseudonymizer,
                                 Date today);
Result<ImportBatch::EnrolmentRow> ParseEnrolmentRow(const CsvRow& row);

// "1234ab", "1234 AB" -> "1234 AB". Fails for other shapes and for the letter
// pairs SA, SD and SS, which are never issued.
Result<std::string> NormalizePostcode(std::string_view text);
// "HH:MM", 00:00 .. 23:59.
bool IsClockTime(std::string_view text);
// "GM" and 4 digits.
bool IsMunicipalityCode(std::string_view text);

}  // namespace inbeeld
