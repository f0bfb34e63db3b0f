// libFuzzer target: CsvReader must never crash, hang or read out of bounds.
#include <sstream>
#include <string>

#include "importer/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  inbeeld::CsvReader::Limits limits;
  limits.max_field_bytes = 1024;
  limits.max_fields = 64;
  inbeeld::CsvReader reader(in, limits);
  inbeeld::CsvRecord rec;
  while (reader.Next(rec)) {
    for (const auto& f : rec.fields) (void)inbeeld::IsValidUtf8Text(f);
  }
  return 0;
}
