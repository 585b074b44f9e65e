#!/usr/bin/env bash
# Builds the seed corpora of the cargo-fuzz targets (fuzz/) from files that
# are already in the repository and in ../shared/corpus, so no corpus is
# committed:
#
#   scripts/fuzz-seeds.sh [OUT]        # OUT defaults to fuzz/seeds
#
# OUT/document  small specs (≤ 64 KB: libFuzzer mutates small inputs far
#               faster), the hostile catalogue's inputs, the test fixtures;
# OUT/jsonpath  every JSONPath the rule sets, the built-in rules and the
#               JSONPath tests use, one per file, some with a small document
#               after the first line (the target's input format);
# OUT/ruleset   the example rule sets, the rule set fixtures, the hostile
#               catalogue's rule sets, and a few `extends` of the built-ins.
#
# Each target also gets fuzz/inputs/TARGET (committed, small: hand-made
# seeds and every input that once broke the target, which
# `cargo test --test fuzz_seeds` replays).
# Files are named by content hash, so rerunning the script is idempotent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=${1:-fuzz/seeds}
shared=${APILINT_SHARED:-../shared}
max_bytes=65536

mkdir -p "$out/document" "$out/jsonpath" "$out/ruleset"

# put TARGET FILE: copies FILE into the target's seeds under its hash.
put() {
  local target=$1 file=$2
  local size
  size=$(stat -c %s "$file")
  if ((size == 0 || size > max_bytes)); then
    return
  fi
  cp "$file" "$out/$target/$(sha1sum <"$file" | cut -c1-16)"
}

# put_text TARGET TEXT: the same for text given as an argument.
put_text() {
  local target=$1 text=$2
  [[ -n $text ]] || return 0
  printf '%s' "$text" >"$out/$target/$(printf '%s' "$text" | sha1sum | cut -c1-16)"
}

# --- document ---------------------------------------------------------------
if [[ -d $shared/corpus ]]; then
  while IFS= read -r -d '' f; do put document "$f"; done < <(
    find "$shared/corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0)
else
  echo "note: $shared/corpus not found; document seeds come from the repository only" >&2
fi
while IFS= read -r -d '' f; do put document "$f"; done < <(
  find tests/hostile tests/fixtures samples -type f \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -name '*.expect.json' -print0)

# --- jsonpath -------------------------------------------------------------
# `given:` / `field:` values in YAML rule sets and in the built-in rules'
# embedded YAML, and "$..." string literals in the JSONPath tests. Aliases
# (`#Name`) are rule set syntax, not JSONPath, and are left out.
paths=$(
  {
    grep -rhoE '(given|field):[[:space:]]*.*$' rulesets tests/fixtures tests/hostile src/rules \
      --include='*.yaml' --include='*.yml' --include='*.rs' 2>/dev/null |
      sed -E 's/^(given|field):[[:space:]]*//; s/^- //'
    grep -rhoE '^[[:space:]]+- *["'\'']?\$[^#]*$' rulesets tests/fixtures src/rules 2>/dev/null |
      sed -E 's/^[[:space:]]+- *//'
    grep -hoE '"\$[^"]{0,300}"' src/jsonpath/tests.rs tests/walker_vs_query.rs src/rules -r |
      sed -E 's/^"//; s/"$//'
  } | sed -E "s/^'(.*)'\$/\\1/; s/^\"(.*)\"\$/\\1/; s/[[:space:]]+\$//" |
    grep -E '^[$@]' | sort -u
)
small_docs=(samples/pet.yaml tests/fixtures/js-sandbox/api.yaml)
i=0
while IFS= read -r p; do
  put_text jsonpath "$p"
  # Every fifth path also comes with a document of its own.
  if ((i % 5 == 0)); then
    doc=${small_docs[$((i / 5 % ${#small_docs[@]}))]}
    if [[ -f $doc ]]; then
      put_text jsonpath "$p"$'\n'"$(cat "$doc")"
    fi
  fi
  i=$((i + 1))
done <<<"$paths"

# --- ruleset --------------------------------------------------------------
while IFS= read -r -d '' f; do put ruleset "$f"; done < <(
  find rulesets tests/fixtures/rulesets -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0)
while IFS= read -r -d '' f; do put ruleset "$f"; done < <(
  find tests/hostile tests/fixtures -type f \
    \( -name 'rules.yaml' -o -name 'ruleset.yaml' -o -name '*.spectral.yaml' -o -name 'a.yaml' -o -name 'b.yaml' -o -name 'bad-ruleset.yaml' \) -print0)
put_text ruleset 'extends: [[spectral:oas, all]]'
put_text ruleset 'extends: [[apilint:zalando, recommended]]'
put_text ruleset $'extends: spectral:oas\nrules:\n  operation-tags: off\n  info-contact: error\n'
put_text ruleset '{"extends": ["spectral:oas"], "rules": {"x": {"given": "$", "then": {"function": "truthy", "field": "info"}}}}'

# --- committed regressions ---------------------------------------------------
for target in document jsonpath ruleset; do
  if [[ -d fuzz/inputs/$target ]]; then
    cp fuzz/inputs/"$target"/* "$out/$target/" 2>/dev/null || true
  fi
done

for target in document jsonpath ruleset; do
  printf '%-9s %5d seeds, %s\n' "$target" "$(find "$out/$target" -type f | wc -l)" \
    "$(du -sh "$out/$target" | cut -f1)"
done
