-- wrk script: GET a random public page per request, as a browser would (gzip accepted), and
-- count the answers by status.
--
--   wrk -t2 -c64 -d60s --latency -s bench/public-pages.lua http://127.0.0.1:PORT -- PAGES_FILE
--
-- PAGES_FILE holds one username per line. done() prints machine-readable lines:
--   bench requests=N seconds=S rps=R
--   bench latency_ms p50=… p90=… p99=… max=…
--   bench errors connect=… read=… write=… timeout=…
--   bench statuses 200=… 503=…

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local names = {}
statuses = {}

function init(args)
  local file = args[1] or error("usage: wrk ... -s public-pages.lua URL -- PAGES_FILE")
  for line in io.lines(file) do
    if #line > 0 then
      names[#names + 1] = "/" .. line
    end
  end
  math.randomseed(os.time() * 1000 + (id or 0))
end

local headers = { ["Accept-Encoding"] = "gzip" }

function request()
  return wrk.format("GET", names[math.random(#names)], headers)
end

function response(status, _, _)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, _)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("bench requests=%d seconds=%.1f rps=%.0f\n",
    summary.requests, seconds, summary.requests / seconds))
  io.write(string.format("bench latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  local e = summary.errors
  io.write(string.format("bench errors connect=%d read=%d write=%d timeout=%d\n",
    e.connect, e.read, e.write, e.timeout))
  local keys = {}
  for status in pairs(total) do keys[#keys + 1] = status end
  table.sort(keys)
  local parts = {}
  for _, status in ipairs(keys) do
    parts[#parts + 1] = string.format("%d=%d", status, total[status])
  end
  io.write("bench statuses " .. table.concat(parts, " ") .. "\n")
end
