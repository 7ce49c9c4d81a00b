-- wrk script: POST one SPARQL query as an HTML form (application/x-www-form-urlencoded).
--   BENCH_BODY_FILE  file holding the form body, e.g. "query=SELECT+..." (already URL-encoded)
--   BENCH_ACCEPT     the Accept header (a SPARQL results or RDF media type)
--   BENCH_VARY=1     make every request distinct by appending "\n# <run>-<thread>-<n>" to the
--                    query: a server that caches answers then has to run every query ("cold")
--   BENCH_RUN        a token unique to this run, so no earlier run's requests repeat
-- At the end one line "BENCH_RESULT {json}" is printed for bench.py to read.

local path = assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE is not set")
local file = assert(io.open(path, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = os.getenv("BENCH_ACCEPT") or "*/*"

local run = os.getenv("BENCH_RUN") or "0"
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

if os.getenv("BENCH_VARY") == "1" then
  local sent = 0
  function request()
    sent = sent + 1
    -- "%0A%23+" is "\n# " URL-encoded: a comment, so the answer is the same.
    local varied = body .. "%0A%23+" .. run .. "-" .. tostring(thread_id) .. "-" .. sent
    return wrk.format(nil, nil, nil, varied)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,'
      .. '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
