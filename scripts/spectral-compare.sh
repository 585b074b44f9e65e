#!/usr/bin/env bash
# Fidelity check of apilint's `spectral:oas` against Stoplight Spectral 6.16.3:
# lints the same documents with both tools and the same rule set, matches the
# findings and prints, per rule, how many both report, only Spectral reports
# and only apilint reports (see examples/spectral_compare.rs for the matching).
#
# Usage: scripts/spectral-compare.sh [options] [DOC...]
#   DOC...             documents to compare (default: ../shared/corpus/apis-guru/*.json
#                      and ../shared/corpus/zally-fixtures/*.{json,yaml})
#   --plain            rule set `extends: spectral:oas` (Spectral's recommended
#                      rules) instead of `extends: [[spectral:oas, all]]`
#   --examples N       show up to N differing findings per rule (document, path,
#                      message of each side)
#   --markdown FILE    also write the report as markdown to FILE
#   --spectral-only    only fill the Spectral cache (no apilint build or report)
#   --refresh          re-run Spectral even when a cached output exists
#   --timeout S        give up on one Spectral run after S seconds (default 1800);
#                      a timed-out document is reported, not cached
#
# Spectral is installed at run time with npm into target/spectral-compare/npm
# (inside target/, so never committed); set SPECTRAL_BIN to use an existing
# install instead, e.g. SPECTRAL_BIN=/tmp/spx/node_modules/.bin/spectral.
# It must be version 6.16.3 with @stoplight/spectral-rulesets 1.23.1 (both
# checked), the versions the rules reproduce.
#
# Spectral needs minutes on the big specs (GitHub's: about two), so its output
# is cached per document in target/spectral-compare/spectral/<name>.<set>.<key>.json
# (<set> is `all` or `recommended`), where <key> is a hash of the document's
# bytes, the rule set text and the Spectral version: editing a document re-runs
# it, nothing else does; the two rule sets are cached side by side. Spectral runs one document at a time under `nice`, smallest first.
# A crash (exit code other than 0 or 1, or output that is not a JSON array) is
# cached too, as <name>.<set>.<key>.status, and reported for that document; it is not
# fatal. apilint (release build) is re-run on every document each time, with
# --resolve-remote because Spectral follows http(s) $refs by default (a
# cached Spectral output reflects the network as it was when it ran).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPECTRAL_VERSION=6.16.3
# The rules live in this package; spectral-cli accepts any version (>=1), so
# pin the one the rules reproduce.
RULESETS_VERSION=1.23.1
PLAIN=0
EXAMPLES=0
MARKDOWN=""
SPECTRAL_ONLY=0
REFRESH=0
TIMEOUT=1800
DOCS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --plain) PLAIN=1; shift ;;
    --examples) EXAMPLES="$2"; shift 2 ;;
    --markdown) MARKDOWN="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --spectral-only) SPECTRAL_ONLY=1; shift ;;
    --refresh) REFRESH=1; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) DOCS+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
  esac
done

if [[ ${#DOCS[@]} -eq 0 ]]; then
  CORPUS="$(cd "$ROOT/.." && pwd)/shared/corpus"
  [[ -d "$CORPUS" ]] || { echo "no documents given and no corpus at $CORPUS" >&2; exit 2; }
  shopt -s nullglob
  DOCS=("$CORPUS"/apis-guru/*.json "$CORPUS"/zally-fixtures/*.json "$CORPUS"/zally-fixtures/*.yaml)
  shopt -u nullglob
fi

WORK="${CARGO_TARGET_DIR:-$ROOT/target}/spectral-compare"
mkdir -p "$WORK/spectral" "$WORK/apilint"

# The rule set, written where both tools read it. `all` turns on every rule of
# spectral:oas, including those Spectral's recommended set leaves off.
if [[ $PLAIN -eq 1 ]]; then
  TAG=recommended
  RULESET_TEXT='extends: spectral:oas'
else
  TAG=all
  RULESET_TEXT='extends: [[spectral:oas, all]]'
fi
RULESET="$WORK/ruleset-$TAG.yaml"
printf '%s\n' "$RULESET_TEXT" >"$RULESET"

# Two documents may share a file name (a corpus directory each): the cache
# name is the parent directory's name plus the file name.
doc_name() { echo "$(basename "$(dirname "$1")")__$(basename "$1")"; }

# --- Spectral -----------------------------------------------------------------
if [[ -n "${SPECTRAL_BIN:-}" ]]; then
  SPECTRAL="$SPECTRAL_BIN"
else
  NPM_DIR="$WORK/npm"
  SPECTRAL="$NPM_DIR/node_modules/.bin/spectral"
  if [[ ! -x "$SPECTRAL" ]]; then
    echo "installing @stoplight/spectral-cli@$SPECTRAL_VERSION into $NPM_DIR..." >&2
    mkdir -p "$NPM_DIR"
    (cd "$NPM_DIR" && { [[ -f package.json ]] || npm init -y >/dev/null; } &&
      npm install --silent --no-audit --no-fund "@stoplight/spectral-cli@$SPECTRAL_VERSION" \
        "@stoplight/spectral-rulesets@$RULESETS_VERSION" >&2)
  fi
fi
version="$("$SPECTRAL" --version 2>/dev/null || true)"
if [[ "$version" != "$SPECTRAL_VERSION" ]]; then
  echo "$SPECTRAL is Spectral '$version', expected $SPECTRAL_VERSION" >&2
  exit 2
fi
# The spectral-rulesets package the CLI loads (resolved from the CLI's files).
rulesets="$(node -p "require(require.resolve('@stoplight/spectral-rulesets/package.json', { paths: [process.argv[1]] })).version" \
  "$(dirname "$(readlink -f "$SPECTRAL")")" 2>/dev/null || true)"
if [[ "$rulesets" != "$RULESETS_VERSION" ]]; then
  echo "$SPECTRAL loads @stoplight/spectral-rulesets '$rulesets', expected $RULESETS_VERSION" >&2
  exit 2
fi

spectral_key() {
  { sha256sum <"$1" | cut -d' ' -f1; echo "$RULESET_TEXT"; echo "$SPECTRAL_VERSION"; } |
    sha256sum | cut -c1-16
}

# Smallest first: the quick documents are ready early, GitHub's comes last.
mapfile -t BY_SIZE < <(for d in "${DOCS[@]}"; do echo "$(stat -c %s "$d") $d"; done | sort -n | cut -d' ' -f2-)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Spectral's JSON (-o) paths are absolute: run it on the document's real path.
declare -A SPECTRAL_OUT SPECTRAL_STATUS
total=${#BY_SIZE[@]}; i=0
for doc in "${BY_SIZE[@]}"; do
  i=$((i + 1))
  name="$(doc_name "$doc")"
  key="$(spectral_key "$doc")"
  out="$WORK/spectral/$name.$TAG.$key.json"
  status="$WORK/spectral/$name.$TAG.$key.status"
  if [[ $REFRESH -eq 1 ]]; then rm -f "$out" "$status"; fi
  if [[ ! -f "$out" && ! -f "$status" ]]; then
    echo "[$i/$total] Spectral: $name ($(stat -c %s "$doc") bytes)..." >&2
    start=$(date +%s)
    set +e
    # Node's default heap is too small for the biggest specs.
    NODE_OPTIONS="--max-old-space-size=6144" nice -n 10 timeout "$TIMEOUT" \
      "$SPECTRAL" lint -q -r "$RULESET" -f json -o "$TMP/out.json" "$doc" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    set -e
    secs=$(($(date +%s) - start))
    if [[ $rc -le 1 ]] && [[ -s "$TMP/out.json" ]] && node -e 'const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (!Array.isArray(a)) process.exit(1)' "$TMP/out.json" 2>/dev/null; then
      # Drop outputs of older versions of this document or rule set.
      rm -f "$WORK/spectral/$name.$TAG".*.json "$WORK/spectral/$name.$TAG".*.status
      mv "$TMP/out.json" "$out"
      echo "    $secs s, $(grep -c '"code":' "$out" || true) findings" >&2
    elif [[ $rc -eq 124 ]]; then
      echo "    timed out after $TIMEOUT s (not cached)" >&2
      SPECTRAL_STATUS[$doc]="timed out after $TIMEOUT s"
    else
      rm -f "$WORK/spectral/$name.$TAG".*.json "$WORK/spectral/$name.$TAG".*.status
      msg="$(cat "$TMP/stderr" "$TMP/stdout" | grep -v '^\s*$' | head -c 300 | tr '\n\t' '  ')"
      echo "exit $rc after $secs s: $msg" >"$status"
      echo "    failed: $(cat "$status")" >&2
    fi
    rm -f "$TMP/out.json"
  fi
  if [[ -f "$out" ]]; then
    SPECTRAL_OUT[$doc]="$out"
  elif [[ -f "$status" ]]; then
    SPECTRAL_STATUS[$doc]="$(cat "$status")"
  fi
done

if [[ $SPECTRAL_ONLY -eq 1 ]]; then
  echo "Spectral outputs are in $WORK/spectral" >&2
  exit 0
fi

# --- apilint ------------------------------------------------------------------
echo "building apilint and the comparison (release)..." >&2
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin apilint --example spectral_compare >&2
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
APILINT="$TARGET_DIR/release/apilint"
COMPARE="$TARGET_DIR/release/examples/spectral_compare"

# The manifest tells the comparison, per document (tab-separated):
# display name, document path, Spectral JSON or "-", Spectral status or "-",
# apilint JSON or "-", apilint status or "-".
MANIFEST="$WORK/manifest-$TAG.tsv"
: >"$MANIFEST"
for doc in "${DOCS[@]}"; do
  name="$(doc_name "$doc")"
  display="$(basename "$(dirname "$doc")")/$(basename "$doc")"
  aout="$WORK/apilint/$name.$TAG.json"
  set +e
  # Spectral follows http(s) $refs by default; apilint only when asked.
  "$APILINT" lint -q --resolve-remote -r "$RULESET" -f json -o "$aout" "$doc" >/dev/null 2>"$TMP/stderr"
  rc=$?
  set -e
  astatus="-"
  if [[ $rc -gt 1 ]]; then
    astatus="exit $rc: $(head -c 300 "$TMP/stderr" | tr '\n\t' '  ')"
    aout="-"
  fi
  sout="${SPECTRAL_OUT[$doc]:--}"
  sstatus="${SPECTRAL_STATUS[$doc]:--}"
  if [[ "$sout" == "-" && "$sstatus" == "-" ]]; then sstatus="no Spectral output"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$display" "$doc" "$sout" "$sstatus" "$aout" "$astatus" >>"$MANIFEST"
done

args=(--manifest "$MANIFEST" --ruleset "$RULESET_TEXT" --examples "$EXAMPLES")
if [[ -n "$MARKDOWN" ]]; then args+=(--markdown "$MARKDOWN"); fi
"$COMPARE" "${args[@]}"
