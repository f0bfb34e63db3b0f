// Streams a DemoPopulation into the Store as ImportBatches, pseudonymising
// each synthetic BSN on the way (the clear BSN never reaches the Store).
#pragma once

#include <cstddef>
#include <functional>

#include "core/status.h"
#include "demo/population.h"
#include "identity/pseudonym.h"
#include "store/store.h"

namespace inbeeld {

// Calls `sink` with one batch holding every organisation, then with batches of
// about `batch_rows` rows (households, their persons and enrolments together:
// a household never spans two batches). Stops at the first non-ok Status.
Status GenerateDemoBatches(const DemoPopulation& population, const BsnPseudonymizer& pseudonymizer,
                           size_t batch_rows,
                           const std::function<Status(const ImportBatch&)>& sink);

// GenerateDemoBatches into store.Import (one transaction per batch). Loading
// twice changes nothing. Returns the summed counts.
Result<ImportCounts> LoadDemoPopulation(Store& store, const DemoPopulation& population,
                                        const BsnPseudonymizer& pseudonymizer,
                                        size_t batch_rows = 20000);

}  // namespace inbeeld
