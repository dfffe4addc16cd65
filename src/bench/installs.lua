-- wrk script for the benchmark suite (src/bench/run.sh): POSTs distinct Roku and LG webOS installs, about 400
-- bytes each, with a share of duplicates (a device sent again). Same bodies as io.ctvgateway.bench.Installs.
--   wrk -t1 -c64 -d15s -s src/bench/installs.lua http://127.0.0.1:PORT -- RUN_ID DUP_SHARE
-- RUN_ID keeps devices distinct across runs (and wrk threads get their own range); DUP_SHARE in [0, 1).
-- done() prints one WRK_RESULT line that the suite parses.

local threads = {}
local counter = 0
local run_id, dup_share, thread_id = 1, 0.1, 1

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  run_id = tonumber(args[1]) or os.time()
  dup_share = tonumber(args[2]) or 0.1
  thread_id = tid or 1
  math.randomseed(run_id * 131 + thread_id)
end

local ROKU = '{"app_id":"kobench-roku-ctv","app_version":"3.3.0",'
  .. '"ids":{"channel_client_id":"%08x%08x%016x","rida":"%08x-%04x-4000-8000-%012x"},'
  .. '"lat":false,"os_version":"12.0.0.4186","model":"3920X","usertime":1764324000,'
  .. '"data":{"campaign":"spring_launch_2026","placement":"home_row_3","build":"2026.11.28-r1842",'
  .. '"sku":"roku-ch-71842","session":"%08x-%04x-4000-9000-%012x"}}'
local LG = '{"app_id":"kobench-lg-ctv","app_version":"1.0.2",'
  .. '"ids":{"lgudid":"%08x-%04x-4000-a000-%012x"},"os_version":"7.0.0","model":"OLED55C1","usertime":1764324000,'
  .. '"data":{"campaign":"spring_launch_2026","placement":"home_row_3","build":"2026.11.28-r1842",'
  .. '"channel":"lg-content-store","region":"us-east","lang":"en-US","tier":"free","sku":"lg-app-55021","session":"%08x-%04x-4000-b000-%012x"}}'
local HEADERS = { ["Content-Type"] = "application/json" }

function request()
  local n
  if counter > 0 and math.random() < dup_share then
    n = math.random(counter)          -- a device sent before: a duplicate install
  else
    counter = counter + 1
    n = counter
  end
  if n % 2 == 1 then
    return wrk.format("POST", "/v1/roku/install", HEADERS,
      string.format(ROKU, run_id, thread_id, n, run_id, thread_id, n, run_id, thread_id, n))
  end
  return wrk.format("POST", "/v1/lg-webos/install", HEADERS,
    string.format(LG, run_id, thread_id, n, run_id, thread_id, n))
end

function done(summary, latency, requests)
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
