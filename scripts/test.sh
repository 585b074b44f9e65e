#!/usr/bin/env bash
# The project's test command, named in README.md and run by .ci/run:
#
#   cargo fmt --check && cargo clippy --all-targets -- -D warnings && cargo test
#
# With CI=true each step gets a header so a failing log is easy to read.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

section() {
  if [[ "${CI:-}" == "true" ]]; then
    printf '\n==== %s ====\n' "$*"
  fi
}

section "cargo fmt --check"
cargo fmt --check
section "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
section "cargo test"
cargo test
