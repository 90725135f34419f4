-- The benchmark's load (SPEC §9), run by wrk (a C load generator: its costs are not the runtime's under test).
-- Each line of the file WRK_REQUESTS is one request: METHOD <tab> PATH <tab> BEARER TOKEN [<tab> JSON BODY]; a token
-- of "-" sends no Authorization header.
-- wrk's threads share the lines out (line i to thread i mod WRK_THREADS); each thread sends its lines in turn,
-- over and over. With WRK_KEYED=1 every request carries a fresh Idempotency-Key shaped like the web client's
-- (a UUID), unique across runs through WRK_RUN (a number the benchmark gives each run).
-- done() prints what the benchmark reads back: requests answered with success, failures, the time, and the latency
-- distribution.

local started = 0

function setup(thread)
  thread:set("index", started)
  started = started + 1
end

function init(args)
  local threads = tonumber(os.getenv("WRK_THREADS"))
  keyed = os.getenv("WRK_KEYED") == "1"
  run = tonumber(os.getenv("WRK_RUN") or "0")
  requests = {}
  local line_number = 0
  for line in io.lines(os.getenv("WRK_REQUESTS")) do
    if line_number % threads == index then
      local method, path, token, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t?(.*)$")
      local headers = {}
      if token ~= "-" then
        headers["Authorization"] = "Bearer " .. token
      end
      if body == "" then
        body = nil
      else
        headers["Content-Type"] = "application/json"
      end
      local request = { method = method, path = path, headers = headers, body = body }
      if not keyed then
        request.formatted = wrk.format(method, path, headers, body)
      end
      requests[#requests + 1] = request
    end
    line_number = line_number + 1
  end
  turn = 0
  sent = 0
end

function request()
  turn = turn % #requests + 1
  local r = requests[turn]
  if not keyed then
    return r.formatted
  end
  sent = sent + 1
  r.headers["Idempotency-Key"] = string.format("%08x-%04x-4000-8000-%012x", run, index, sent)
  return wrk.format(r.method, r.path, r.headers, r.body)
end

function done(summary, latency)
  local e = summary.errors
  -- summary.requests counts every answer, errors.status the answers of 400 and above.
  io.write(string.format("wrk-answered %d\n", summary.requests - e.status))
  io.write(string.format("wrk-failed %d\n", e.connect + e.read + e.write + e.status + e.timeout))
  io.write(string.format("wrk-microseconds %d\n", summary.duration))
  -- The latency distribution as 1,000 quantiles (microseconds), each standing for a thousandth of the requests: the
  -- benchmark merges the slices of a case from them (Debian's wrk 4.1 gives no way to read its histogram itself).
  for i = 1, 1000 do
    io.write(string.format("wrk-latency %d\n", latency:percentile((i - 0.5) / 10)))
  end
end
