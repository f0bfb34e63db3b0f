// Writes a DemoPopulation as the four register CSV files the importer reads
// (organisations.csv, households.csv, persons.csv, enrolments.csv; the format
// is in docs/import.md). Streams: memory stays small for 3.5 M children.
// The BSN column holds the synthetic demo BSNs in the clear, as a register
// delivery would; the importer pseudonymises them on reading.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "core/status.h"
#include "demo/population.h"

namespace inbeeld {

struct DemoCsvCounts {
  int64_t organisations = 0, households = 0, persons = 0, enrolments = 0;
};

// Writes the four files into `dir` (created when missing; files overwritten).
// Fails with kUnavailable when a file cannot be written.
Result<DemoCsvCounts> WriteDemoCsv(const DemoPopulation& population, const std::string& dir);

// The same, into four streams (for tests and pipes).
Result<DemoCsvCounts> WriteDemoCsv(const DemoPopulation& population, std::ostream& organisations,
                                   std::ostream& households, std::ostream& persons,
                                   std::ostream& enrolments);

// Appends `field` to `line` as one RFC 4180 field: quoted when it holds a comma,
// a quote, CR or LF (inner quotes doubled).
void AppendCsvField(std::string& line, std::string_view field);

}  // namespace inbeeld
