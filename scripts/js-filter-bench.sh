#!/usr/bin/env bash
# What a JSONPath filter costs when it runs as JavaScript (the fallback for
# filters the native evaluator cannot parse) instead of natively.
#
# Usage: scripts/js-filter-bench.sh [--runs N] [--bin APILINT] [SPEC]
#   SPEC        default: ../shared/corpus/apis-guru/github.com_api.github.com.json
#   --runs N    runs per variant, alternating (default 7)
#   --bin PATH  the apilint binary (default: target/release/apilint)
#
# Two one-rule rule sets with the same filter: `@.type === 'string'`
# (native) and `@.type === 'string' ? true : false` (the ternary is not in
# the native subset, so the filter runs in the sandbox). Both use the
# function `defined`, which reports nothing, so the time is the walk and
# the filter. Each is run on the document as written (`resolved: false`:
# every node is tested exactly once, so the difference divided by the
# number of nodes is the cost per evaluation) and resolved (refs followed:
# a JavaScript filter may read `@path`, so the walk cannot skip a shared
# node reached by another route, as it does for this native filter).
#
# Prints the median `walk/match` time of APILINT_TIMING=1 per variant and
# the cost per evaluation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=7
BIN="$ROOT/target/release/apilint"
SPEC="$ROOT/../shared/corpus/apis-guru/github.com_api.github.com.json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) SPEC="$1"; shift ;;
  esac
done
[[ -x "$BIN" ]] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
rule() { # name filter resolved
  printf 'rules:\n  strings:\n    given: "$..[?(%s)]"\n    resolved: %s\n    severity: error\n    then: { function: defined }\n' "$2" "$3" >"$TMP/$1.yaml"
}
rule native-raw "@.type === 'string'" false
rule js-raw "@.type === 'string' ? true : false" false
rule native-resolved "@.type === 'string'" true
rule js-resolved "@.type === 'string' ? true : false" true

# Nodes below the root: each is tested once by `$..[?()]` when unresolved.
NODES="$(python3 -c '
import json, sys
n = 0
stack = [json.load(open(sys.argv[1]))]
while stack:
    v = stack.pop(); n += 1
    if isinstance(v, dict): stack.extend(v.values())
    elif isinstance(v, list): stack.extend(v)
print(n - 1)' "$SPEC")"

walk_ms() { # rule set -> walk/match ms of one run
  APILINT_THREADS=1 APILINT_TIMING=1 "$BIN" lint -q -r "$TMP/$1.yaml" -f json -o /dev/null "$SPEC" 2>&1 \
    | awk -F'|' '/^walk\/match/ { gsub(/ /, "", $2); print $2 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A TIMES
for ((i = 0; i < RUNS; i++)); do
  for v in native-raw js-raw native-resolved js-resolved; do
    TIMES[$v]+="$(walk_ms "$v") "
  done
done
echo "spec: $(basename "$SPEC"), $NODES nodes below the root, $RUNS runs each, one walk thread"
echo "| filter | document | walk/match, median (ms) |"
echo "|---|---|---:|"
declare -A M
for v in native-raw js-raw native-resolved js-resolved; do
  M[$v]="$(tr ' ' '\n' <<<"${TIMES[$v]}" | grep -v '^$' | median)"
  kind="${v%%-*}"; doc="${v#*-}"
  [[ "$doc" == raw ]] && doc="as written" || doc="resolved"
  echo "| $kind | $doc | ${M[$v]} |"
done
awk -v n="$NODES" -v a="${M[native-raw]}" -v b="${M[js-raw]}" 'BEGIN {
  printf "per evaluation (as written): native %.3f us, JavaScript %.3f us (difference %.3f us)\n",
    a * 1000 / n, b * 1000 / n, (b - a) * 1000 / n }'
