-- wrk script: POST /api/v1/persons/lookup with BSNs from $BSN_FILE, as $TOKEN.
local bsns = {}
for line in io.lines(os.getenv("BSN_FILE")) do bsns[#bsns + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

function setup(thread)
  thread:set("offset", math.random(1, #bsns))
end

-- The requests are formatted once per thread, so that the load generator's
-- own work per request stays close to /health's static request: the ratio
-- then measures the server, not string building in Lua.
local reqs = {}

function init(args)
  for k, b in ipairs(bsns) do
    reqs[k] = wrk.format(nil, "/api/v1/persons/lookup", nil, '{"bsn":"' .. b .. '"}')
  end
end

function request()
  i = i + 1
  return reqs[((i + (offset or 0)) % #reqs) + 1]
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
