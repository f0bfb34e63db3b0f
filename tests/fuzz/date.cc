// Fuzz target: ParseIsoDate (birth dates, enrolment dates, calendar files).
// A parsed date formats back to exactly the text it came from.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  inbeeld::Result<inbeeld::Date> d = inbeeld::ParseIsoDate(text, "birth_date");
  if (!d.ok()) {
    FUZZ_CHECK(d.status().field() == "birth_date");
    return 0;
  }
  FUZZ_CHECK(d->ok());
  FUZZ_CHECK(static_cast<int>(d->year()) >= 1900 && static_cast<int>(d->year()) <= 2199);
  FUZZ_CHECK(inbeeld::FormatIsoDate(*d) == text);
  // Days since the epoch round-trip, and the long forms name a month.
  FUZZ_CHECK(inbeeld::DateFromDays(inbeeld::DaysSinceEpoch(*d)) == *d);
  FUZZ_CHECK(!inbeeld::FormatLongDate(*d, "nl").empty());
  FUZZ_CHECK(!inbeeld::FormatLongDate(*d, "en").empty());
  FUZZ_CHECK(inbeeld::AgeOn(*d, *d) == 0);
  return 0;
}
