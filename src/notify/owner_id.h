// The identity of this process as a lease owner (outbox claims, job runs):
// "hostname:pid:random". Unique across instances and restarts, readable in
// GET /api/v1/outbox and in the job_runs table.
#pragma once

#include <string>

namespace inbeeld {

// A fresh owner id. Thread-safe; every call returns a new random suffix.
std::string MakeOwnerId();

}  // namespace inbeeld
