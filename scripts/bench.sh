#!/usr/bin/env bash
# Times `apilint lint` (parse + $ref resolution + lint + JSON report) on each
# OpenAPI document of the shared corpus with a rule set of ~20 typical rules,
# and prints a markdown table: wall time and peak RSS per spec.
#
# Usage: scripts/bench.sh [options] [SPEC...]
#   SPEC...            documents to time (default: ../shared/corpus/apis-guru/*.json)
#   --ruleset FILE     rule set (default: benches/rulesets/typical.yaml)
#   --runs N           apilint runs per spec; the fastest wall time is kept (default 3)
#   --with-spectral    also run Stoplight Spectral on the same specs and rule set,
#                      once each, and report its time, memory and the ratio.
#                      Spectral is npm-installed into a temporary directory for
#                      this run only (never committed). It is slow: name the specs
#                      you want (GitHub's alone can take minutes), e.g.
#                        scripts/bench.sh --with-spectral ../shared/corpus/apis-guru/github.com_api.github.com.json
#   --spectral-timeout S  give up on one Spectral run after S seconds (default 900)
#   --out FILE         also write the table to FILE
#
# Wall time is measured around the process (start to exit, so it includes
# reading the files and writing the report); peak RSS is GNU time's %M
# (maximum resident set size). Build: `cargo build --release` (the release
# profile of Cargo.toml). Findings are counted from the JSON report.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RULESET="$ROOT/benches/rulesets/typical.yaml"
RUNS=3
WITH_SPECTRAL=0
SPECTRAL_VERSION=6.16.3
SPECTRAL_TIMEOUT=900
OUT=""
SPECS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --ruleset) RULESET="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --with-spectral) WITH_SPECTRAL=1; shift ;;
    --spectral-timeout) SPECTRAL_TIMEOUT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) SPECS+=("$1"); shift ;;
  esac
done

if [[ ${#SPECS[@]} -eq 0 ]]; then
  CORPUS="$ROOT/../shared/corpus/apis-guru"
  [[ -d "$CORPUS" ]] || { echo "no specs given and no corpus at $CORPUS" >&2; exit 2; }
  SPECS=("$CORPUS"/*.json)
fi

# GNU time reports peak RSS; Debian ships it as the `time` package.
if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time..." >&2
  apt-get update -qq >&2 && apt-get install -y -qq time >&2
fi

echo "building apilint (release)..." >&2
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" >&2
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
APILINT="$TARGET_DIR/release/apilint"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

SPECTRAL=""
if [[ $WITH_SPECTRAL -eq 1 ]]; then
  echo "installing @stoplight/spectral-cli@$SPECTRAL_VERSION into a temporary directory..." >&2
  (cd "$TMP" && npm init -y >/dev/null 2>&1 &&
    npm install --silent --no-audit --no-fund "@stoplight/spectral-cli@$SPECTRAL_VERSION" >/dev/null 2>&1)
  SPECTRAL="$TMP/node_modules/.bin/spectral"
fi

now_ns() { date +%s%N; }

# run_timed OUTFILE CMD... : runs CMD with GNU time; sets WALL (seconds),
# RSS_MB and RC. Exit codes 0 and 1 mean "linted"; others are failures.
run_timed() {
  local out="$1"; shift
  local start end
  start=$(now_ns)
  set +e
  /usr/bin/time -f '%M' -o "$TMP/time" "$@" >"$out" 2>"$TMP/stderr"
  RC=$?
  set -e
  end=$(now_ns)
  WALL=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  RSS_MB=$(awk 'END { printf "%.0f", $1 / 1024 }' "$TMP/time")
}

count_findings() { grep -c '^[[:space:]]*"code":' "$1" || true; }

header="| spec | size (MB) | findings | apilint wall (s) | apilint peak RSS (MB) |"
rule="|---|---:|---:|---:|---:|"
if [[ $WITH_SPECTRAL -eq 1 ]]; then
  header+=" Spectral findings | Spectral wall (s) | Spectral peak RSS (MB) | speed-up |"
  rule+="---:|---:|---:|---:|"
fi

table="$TMP/table.md"
{
  echo "apilint $("$APILINT" --version | awk '{print $2}'), rule set \`${RULESET#"$ROOT"/}\`, best of $RUNS runs;"
  echo "$(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo 'unknown CPU'), $(date -u +%Y-%m-%d)."
  [[ $WITH_SPECTRAL -eq 1 ]] && echo "Spectral $SPECTRAL_VERSION (Node $(node --version)), one run per spec."
  echo
  echo "$header"
  echo "$rule"
} >"$table"

total_wall=0
for spec in "${SPECS[@]}"; do
  name="$(basename "$spec")"
  size=$(awk -v b="$(stat -c %s "$spec")" 'BEGIN { printf "%.2f", b / 1048576 }')
  echo "timing $name..." >&2
  best=""; peak=0; status=""
  for ((i = 0; i < RUNS; i++)); do
    run_timed "$TMP/apilint.json" "$APILINT" lint -q -r "$RULESET" -f json "$spec"
    if [[ $RC -gt 1 ]]; then status=" (exit $RC: $(head -c 200 "$TMP/stderr" | tr '\n' ' '))"; fi
    if [[ -z "$best" ]] || awk -v a="$WALL" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$WALL; fi
    if [[ $RSS_MB -gt $peak ]]; then peak=$RSS_MB; fi
  done
  findings=$(count_findings "$TMP/apilint.json")
  total_wall=$(awk -v a="$total_wall" -v b="$best" 'BEGIN { printf "%.3f", a + b }')
  row="| $name | $size | $findings$status | $best | $peak |"
  if [[ $WITH_SPECTRAL -eq 1 ]]; then
    echo "  running Spectral on $name..." >&2
    run_timed "$TMP/spectral.json" timeout "$SPECTRAL_TIMEOUT" "$SPECTRAL" lint -q -r "$RULESET" -f json "$spec"
    if [[ $RC -le 1 ]]; then
      sfind=$(count_findings "$TMP/spectral.json")
      ratio=$(awk -v s="$WALL" -v a="$best" 'BEGIN { if (a > 0) printf "%.0fx", s / a; else print "n/a" }')
      row+=" $sfind | $WALL | $RSS_MB | $ratio |"
    elif [[ $RC -eq 124 ]]; then
      row+=" timeout | > $SPECTRAL_TIMEOUT | $RSS_MB | n/a |"
    else
      row+=" exit $RC: $(grep -m1 'Error #1' "$TMP/stderr" | head -c 120 || true) | $WALL | $RSS_MB | n/a |"
    fi
  fi
  echo "$row" >>"$table"
done
echo >>"$table"
echo "Total apilint wall time over ${#SPECS[@]} specs: ${total_wall} s." >>"$table"

cat "$table"
if [[ -n "$OUT" ]]; then cp "$table" "$OUT"; fi
