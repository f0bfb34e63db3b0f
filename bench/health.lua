-- wrk script: GET /health, printing the same RESULT line as lookup.lua.
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
