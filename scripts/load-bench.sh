#!/usr/bin/env bash
# Load benchmark of `apilint serve`: builds the release binary, starts the
# server on a free loopback port with a fresh data directory (SQLite, every
# review stored, default settings), and runs `wrk` (Debian package `wrk`)
# with a Lua script that POSTs one spec to /api/v1/lint as raw JSON. Prints
# requests/s, p50, p99, the error count (non-2xx but 503, and socket
# errors: must be 0) and the 503s (overload shed, with Retry-After) per run, the server's CPU time per request, and its peak resident
# memory so far (VmHWM: the memory ceiling the load reached).
#
# With --large, the load is a mix: every Nth request (--large-every, per
# wrk thread) posts the large spec instead of the small one, as a company's
# CI does when most APIs are small and a few are huge. p50 then shows the
# small specs, p99 the large ones and the small ones queued behind them.
#
# Usage: scripts/load-bench.sh [options]
#   --spec FILE         spec to post (default: the corpus spec of median
#                       size, ../shared/corpus/apis-guru/nfusionsolutions.biz.json)
#   --large FILE        mix in this large spec (e.g. ../shared/corpus/apis-guru/stripe.com.json)
#   --large-every N     one request in N posts the large spec (default 10)
#   --connections N     wrk connections (default 4)
#   --threads N         wrk threads (default 2)
#   --duration D        wrk duration per run (default 15s)
#   --runs N            runs, one after the other on the same server (default 3)
#   --unique            make every request's spec unique (a counter member
#                       added to the JSON, or a comment line for YAML), so
#                       no request reuses an earlier lint (the lint cache
#                       misses) and every spec is stored; without it the
#                       same spec is posted again and again, as a pipeline
#                       re-run on an unchanged API does (cache hits)
#   --warmup D          a first unreported run of this length (default 3s)
#   --data-dir DIR      the server's data directory (default: a fresh temp dir,
#                       removed at the end; give a tmpfs path to take the disk out)
#   --no-build          use target/release/apilint as it is
#   --binary FILE       benchmark this binary instead (implies --no-build)
#   -- ARGS...          extra arguments for `apilint serve`
#
# wrk waits up to 30 s for an answer (the server's request timeout), not
# its default 2 s, so a slow answer is a latency, not an error.
# The server and wrk share the machine: on 2 cores, wrk's own CPU time is
# part of what limits the figures. The server logs at `warn` (and its
# start-up line, which gives the port).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="$ROOT/../shared/corpus/apis-guru/nfusionsolutions.biz.json"
LARGE=""
LARGE_EVERY=10
CONNECTIONS=4
THREADS=2
DURATION=15s
RUNS=3
WARMUP=3s
DATA_DIR=""
BUILD=1
UNIQUE=0
BIN="$ROOT/target/release/apilint"
EXTRA=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --spec) SPEC="$2"; shift 2 ;;
    --large) LARGE="$2"; shift 2 ;;
    --large-every) LARGE_EVERY="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --unique) UNIQUE=1; shift ;;
    --binary) BIN="$2"; BUILD=0; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[[ -f "$SPEC" ]] || { echo "no spec at $SPEC" >&2; exit 1; }
[[ -z "$LARGE" || -f "$LARGE" ]] || { echo "no spec at $LARGE" >&2; exit 1; }
if [[ $BUILD == 1 ]]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN" >&2; exit 1; }

WORK="$(mktemp -d)"
OWN_DATA=0
if [[ -z "$DATA_DIR" ]]; then
  DATA_DIR="$WORK/data"
  OWN_DATA=1
fi
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The specs are read by Lua, so their paths go in as Lua string literals.
# A `.json` file is posted as application/json, anything else as YAML.
ctype() { [[ "$1" == *.json ]] && echo application/json || echo application/yaml; }
cat >"$WORK/post.lua" <<LUA
local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end
local small_text = slurp([[$SPEC]])
local small_type = "$(ctype "$SPEC")"
local small = wrk.format("POST", nil, { ["Content-Type"] = small_type }, small_text)
-- --unique: every small spec differs (a counter member first in the JSON,
-- or a comment line first in YAML), so no request reuses an earlier lint.
local unique = $UNIQUE == 1
local small_json = small_text:match("^%s*{") ~= nil
local small_rest = small_text:gsub("^%s*{", "", 1)
local large = nil
local every = $LARGE_EVERY
if [[$LARGE]] ~= "" then
  large = wrk.format("POST", nil, { ["Content-Type"] = "$(ctype "$LARGE")" }, slurp([[$LARGE]]))
end
local n = 0
local threads = {}
-- 503s (overload shed) are counted apart from the other errors.
shed = 0

function setup(thread)
  table.insert(threads, thread)
  -- Each wrk thread has its own Lua state: its number, and the clock, keep
  -- the unique specs of threads and of successive runs apart.
  thread:set("tid", #threads)
end

function response(status, headers, body)
  if status == 503 then
    shed = shed + 1
  end
end

function request()
  n = n + 1
  if large ~= nil and n % every == 0 then
    return large
  end
  if unique then
    local tag = os.time() .. "-" .. tostring(tid) .. "-" .. n
    local body
    if small_json then
      body = '{"x-bench-nonce":"' .. tag .. '",' .. small_rest
    else
      body = "# nonce " .. tag .. "\n" .. small_text
    end
    return wrk.format("POST", nil, { ["Content-Type"] = small_type }, body)
  end
  return small
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local shed_total = 0
  for _, t in ipairs(threads) do
    shed_total = shed_total + t:get("shed")
  end
  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d %d %d\n",
    summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    bad - shed_total, shed_total))
end
LUA

# Port 0: the kernel picks a free port; the server logs the address it got.
APILINT_LOG="warn,apilint::service::serve=info" "$BIN" serve \
  --addr 127.0.0.1:0 --log-format json --data-dir "$DATA_DIR" "${EXTRA[@]}" 2>"$WORK/server.log" &
SERVER_PID=$!
ADDR=""
for _ in $(seq 1 100); do
  ADDR="$(grep -o '"addr":"127\.0\.0\.1:[0-9]*"' "$WORK/server.log" | head -1 | cut -d'"' -f4 || true)"
  [[ -n "$ADDR" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$ADDR" ]] || { echo "the server did not report its address" >&2; cat "$WORK/server.log" >&2; exit 1; }
URL="http://$ADDR/api/v1/lint"

STATUS="$(curl -s -o "$WORK/first.json" -w '%{http_code}' -H "content-type: $(ctype "$SPEC")" \
  --data-binary "@$SPEC" "$URL")"
[[ "$STATUS" == 201 ]] || { echo "POST answered $STATUS:" >&2; cat "$WORK/first.json" >&2; exit 1; }
FINDINGS="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/first.json" 2>/dev/null || echo '?')"

MIX=""
if [[ -n "$LARGE" ]]; then
  MIX=" + every ${LARGE_EVERY}th request $(basename "$LARGE") ($(($(wc -c <"$LARGE") / 1024)) KB)"
fi
echo "spec: $(basename "$SPEC") ($(($(wc -c <"$SPEC") / 1024)) KB, $FINDINGS findings, $([[ $UNIQUE == 1 ]] && echo "unique per request" || echo "the same each request"))$MIX; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 30s -s "$WORK/post.lua" "$URL" >/dev/null
fi
# The server's CPU time (user + system, from /proc) per request is the
# figure that other load on the machine disturbs least.
TICK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
echo "| run | requests/s | p50 (ms) | p99 (ms) | max (ms) | requests | errors | shed (503) | server CPU per request (ms) | server peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for run in $(seq 1 "$RUNS"); do
  BEFORE="$(cpu_ticks)"
  LINE="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s "$WORK/post.lua" "$URL" | grep '^RESULT')"
  AFTER="$(cpu_ticks)"
  read -r _ RPS P50 P99 MAX N BAD SHED <<<"$LINE"
  CPU="$(awk -v t=$((AFTER - BEFORE)) -v hz="$TICK" -v n="$N" 'BEGIN { printf "%.2f", n ? t * 1000 / hz / n : 0 }')"
  echo "| $run | $RPS | $P50 | $P99 | $MAX | $N | $BAD | $SHED | $CPU | $(peak_rss_mb) |"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# What the server refused and why (none unless it was overloaded).
REJECTED="$(curl -s "http://$ADDR/metrics" | grep '^apilint_rejected_requests_total' | sed 's/apilint_rejected_requests_total//' | tr '\n' ' ')"
echo "server rejections: ${REJECTED:-none}"
