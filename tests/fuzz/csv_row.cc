// Fuzz target: register files (the importer's CsvReader, then the header
// mapping and the row validation of register_rows.h), as `inbeeld import`
// reads them. The input is a whole CSV file; its first record is the header.
// Invariants: the reader keeps its limits and never hands out invalid UTF-8
// without an error; a row that validates holds what the contract promises.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/bsn.h"
#include "core/date.h"
#include "fuzz_check.h"
#include "identity/pseudonym.h"
#include "importer/csv_reader.h"
#include "importer/register_rows.h"

namespace {

using inbeeld::CsvRecord;

bool NoControl(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20) return false;
  }
  return true;
}

bool IsPostcode(std::string_view p) {
  return p.size() == 7 && p[0] >= '1' && p[0] <= '9' && p[4] == ' ' && p[5] >= 'A' && p[5] <= 'Z' &&
         p[6] >= 'A' && p[6] <= 'Z';
}

const inbeeld::BsnPseudonymizer& Pseudonymizer() {
  static const inbeeld::BsnPseudonymizer p =
      inbeeld::BsnPseudonymizer::Create(std::string(32, 'k')).value();
  return p;
}

void CheckRow(std::span<const std::string_view> columns, const inbeeld::CsvRow& row) {
  using namespace inbeeld;
  const Date today{std::chrono::year(2026), std::chrono::month(6), std::chrono::day(1)};
  if (columns.data() == OrganisationColumns().data()) {
    if (auto o = ParseOrganisationRow(row); o.ok()) {
      FUZZ_CHECK(!o->ext_ref.empty() && o->ext_ref.size() <= 64 && NoControl(o->ext_ref));
      FUZZ_CHECK(!o->name.empty() && NoControl(o->name));
      FUZZ_CHECK(IsMunicipalityCode(o->municipality_code));
      FUZZ_CHECK(o->start_time.empty() || IsClockTime(o->start_time));
    } else {
      FUZZ_CHECK(!o.status().field().empty());
    }
  } else if (columns.data() == HouseholdColumns().data()) {
    if (auto h = ParseHouseholdRow(row); h.ok()) {
      FUZZ_CHECK(IsPostcode(h->address.postcode));
      FUZZ_CHECK(NormalizePostcode(h->address.postcode).value() == h->address.postcode);
      FUZZ_CHECK(!h->address.street.empty() && NoControl(h->address.street));
      FUZZ_CHECK(IsMunicipalityCode(h->address.municipality_code));
    } else {
      FUZZ_CHECK(!h.status().field().empty());
    }
  } else if (columns.data() == PersonColumns().data()) {
    if (auto p = ParsePersonRow(row, Pseudonymizer(), today); p.ok()) {
      FUZZ_CHECK(p->person.birth_date.ok() && p->person.birth_date <= today);
      FUZZ_CHECK(!p->person.first_name.empty() && NoControl(p->person.first_name));
      FUZZ_CHECK(!p->person.last_name.empty() && NoControl(p->person.last_name));
      FUZZ_CHECK(!p->person.bsn || p->person.bsn->hex.size() == 64);
      FUZZ_CHECK(p->person.bsn.has_value() == !row[2].empty());
    } else {
      // A BSN (a run of digits) is never part of an error message. Letters are
      // no BSN: the fuzzer once typed the message's own words into the field.
      const std::string bsn(row[2]);
      const bool digits =
          std::all_of(bsn.begin(), bsn.end(), [](char c) { return c >= '0' && c <= '9'; });
      FUZZ_CHECK(bsn.size() < 8 || !digits || p.status().message().find(bsn) == std::string::npos);
      FUZZ_CHECK(!p.status().field().empty());
    }
  } else {
    if (auto e = ParseEnrolmentRow(row); e.ok()) {
      FUZZ_CHECK(e->from.ok() && (!e->to || (e->to->ok() && *e->to >= e->from)));
      FUZZ_CHECK(inbeeld::FormatIsoDate(e->from) == row[2]);
    } else {
      FUZZ_CHECK(!e.status().field().empty());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  inbeeld::CsvReader::Limits limits;
  limits.max_field_bytes = 1024;
  limits.max_fields = 64;
  inbeeld::CsvReader reader(in, limits);

  CsvRecord header;
  if (!reader.Next(header)) return 0;
  const std::span<const std::string_view> kinds[] = {
      inbeeld::OrganisationColumns(), inbeeld::HouseholdColumns(), inbeeld::PersonColumns(),
      inbeeld::EnrolmentColumns()};
  std::span<const std::string_view> columns;
  std::vector<int> map;
  for (const auto& kind : kinds) {
    auto m = inbeeld::MapColumns(header, kind);
    if (m.ok()) {
      FUZZ_CHECK(m->size() == kind.size());
      for (int i : *m) FUZZ_CHECK(i >= 0 && static_cast<size_t>(i) < header.fields.size());
      columns = kind;
      map = std::move(m).value();
      break;
    }
    FUZZ_CHECK(m.status().field() == "header");
  }

  CsvRecord rec;
  int64_t last_row = header.row, last_line = header.line;
  while (reader.Next(rec)) {
    FUZZ_CHECK(rec.row == last_row + 1 && rec.line > last_line);
    last_row = rec.row;
    last_line = rec.line;
    FUZZ_CHECK(!rec.fields.empty() && rec.fields.size() <= limits.max_fields);
    for (const std::string& f : rec.fields) FUZZ_CHECK(f.size() <= limits.max_field_bytes);
    FUZZ_CHECK(!rec.error.empty() || rec.error_field == -1);
    if (!rec.error.empty()) continue;
    for (const std::string& f : rec.fields) FUZZ_CHECK(inbeeld::IsValidUtf8Text(f));
    // As register_import.cc: a row with another number of fields than the header is rejected.
    if (columns.empty() || rec.fields.size() != header.fields.size()) continue;
    CheckRow(columns, inbeeld::CsvRow(rec, map));
  }
  FUZZ_CHECK(reader.bytes_read() <= static_cast<int64_t>(size));
  return 0;
}
