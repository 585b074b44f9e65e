#!/usr/bin/env bash
# Runs one cargo-fuzz target for a while and prints the figures that go
# into docs/reliability.md ("Fuzzing"):
#
#   scripts/fuzz.sh TARGET [SECONDS]     # TARGET: document | jsonpath | ruleset
#                                        # SECONDS defaults to 600
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Seeds come from scripts/fuzz-seeds.sh (run here when fuzz/seeds/TARGET is
# missing); what the fuzzer learns is kept in fuzz/corpus/TARGET, so a
# second run continues where the first stopped. Both are git-ignored. The
# full libFuzzer log goes to fuzz/logs/TARGET-DATE.log; a crash, timeout
# or out-of-memory input lands in fuzz/artifacts/TARGET/.
#
# One job, one core: the figures are per core. Extra libFuzzer flags can
# be passed after the seconds (e.g. -runs=1000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags...]}
seconds=${2:-600}
shift $(($# >= 2 ? 2 : 1))

case $target in
  document | jsonpath | ruleset) ;;
  *) echo "unknown target '$target' (document, jsonpath, ruleset)" >&2; exit 2 ;;
esac

if [[ ! -d fuzz/seeds/$target ]]; then
  scripts/fuzz-seeds.sh fuzz/seeds
fi
mkdir -p "fuzz/corpus/$target" fuzz/logs
log="fuzz/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"

# -timeout: one input taking over 10 s is a hang (the product's budget for
#   a small input is 1 s; ASan and coverage make the fuzz build ~3x slower).
# -rss_limit_mb: 2 GB is an out-of-memory bug for inputs of at most 64 KB.
# -max_len: 64 KB, the largest seed; bigger inputs mostly slow the search.
# -a: debug assertions and overflow checks on, in an optimized build.
set +e
fuzz=$PWD/fuzz
(
  cd fuzz
  cargo +nightly fuzz run -O -a "$target" "$fuzz/corpus/$target" "$fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$fuzz/dict/$target.dict" -print_final_stats=1 "$@"
) >"$log" 2>&1
status=$?
set -e

stat() { grep -E "^stat::$1:" "$log" | tail -1 | awk '{print $2}'; }
last=$(grep -E '^#[0-9]+' "$log" | tail -1)
cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
if ((status == 0)); then
  result="no crash, timeout or OOM"
else
  result="FAILED (exit $status): $(grep -m1 -E 'ERROR: libFuzzer|panicked at|ERROR: AddressSanitizer' "$log" || echo 'see log')"
fi
cat <<EOF
target:        $target
seconds:       $seconds
execs:         $(stat number_of_executed_units)
execs/s:       $(stat average_exec_per_sec)
coverage:      cov $cov, features $ft, corpus $corp inputs
peak RSS (MB): $(stat peak_rss_mb)
result:        $result
log:           $log
EOF
exit $status
