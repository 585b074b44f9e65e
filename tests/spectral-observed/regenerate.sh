#!/usr/bin/env bash
# Regenerates expected.json (and exit_code / stderr.txt) for every case directory
# by running Stoplight Spectral CLI 6.16.3, installed into a temporary directory.
#
# Usage: tests/spectral-observed/regenerate.sh [case-dir ...]
#   SPECTRAL_BIN=/path/to/spectral  reuse an existing install instead of npm install.
#
# Per case directory:
#   ruleset.yaml   the rule set (passed with -r)
#   doc.yaml|doc.json  the linted document
#   args           optional: extra CLI arguments / document list replacing the default doc
#   expected.json  Spectral's JSON output, absolute case-dir paths rewritten to relative
#   exit_code      Spectral's process exit code
#   stderr.txt     Spectral's stderr, only when non-empty (paths rewritten too)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION=6.16.3

if [[ -z "${SPECTRAL_BIN:-}" ]]; then
  TMP="$(mktemp -d)"
  trap 'rm -rf "$TMP"' EXIT
  (cd "$TMP" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund "@stoplight/spectral-cli@$VERSION" >/dev/null 2>&1)
  SPECTRAL_BIN="$TMP/node_modules/.bin/spectral"
fi

ORIG="$PWD"
if [[ $# -gt 0 ]]; then cases=("$@"); else cases=("$HERE"/*/); fi

for c in "${cases[@]}"; do
  dir="$(cd "$ORIG" && cd "$c" && pwd)"
  [[ -f "$dir/ruleset.yaml" ]] || continue
  cd "$dir"
  if [[ -f args ]]; then
    read -r -a extra < <(tr "\n" " " < args) || true
  elif [[ -f doc.json ]]; then
    extra=(doc.json)
  else
    extra=(doc.yaml)
  fi
  set +e
  "$SPECTRAL_BIN" lint -r ruleset.yaml -f json "${extra[@]}" > .out 2> .err
  rc=$?
  set -e
  # rewrite absolute paths of the case directory to relative ones
  sed -e "s#$dir/##g" -e "s#$dir#.#g" .out > expected.json
  echo "$rc" > exit_code
  if [[ -s .err ]]; then sed -e "s#$dir/##g" -e "s#$dir#.#g" .err > stderr.txt; else rm -f stderr.txt; fi
  rm -f .out .err
  echo "$(basename "$dir"): exit $rc" >&2
done
