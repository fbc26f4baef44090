#!/usr/bin/env bash
# Check that schema/tflite.fbs decodes models exactly as an upstream TFLite
# schema does (optional tool, not run by CI).
#
#   tools/check_schema.sh /path/to/upstream/schema.fbs
#
# For every .tflite under testdata/ and ../shared/models (when present), the
# output of
#   flatc --json --strict-json --defaults-json --raw-binary SCHEMA -- MODEL
# must be byte-identical for both schemas. Both schemas must also accept each
# other as a compatible evolution (flatc --conform, both directions).
#
# flatc 2.0.x cannot parse `(deprecated)` on enum values and union members,
# which upstream uses once each; for such a flatc a copy of the upstream file
# without those two attributes is used (they do not affect decoding).
# FLATC=/path/to/flatc selects the compiler.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: $0 UPSTREAM_SCHEMA.fbs" >&2; exit 2; }
upstream=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$upstream" ] || { echo "no such file: $1" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ours="$root/schema/tflite.fbs"
flatc=${FLATC:-flatc}
command -v "$flatc" >/dev/null || { echo "flatc not found" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "flatc: $("$flatc" --version)"

# Can this flatc read the upstream file as it is?
if ! "$flatc" -o "$tmp/probe" --jsonschema "$upstream" >/dev/null 2>"$tmp/probe.err"; then
  sed -E 's/^([[:space:]]*[A-Za-z_][A-Za-z0-9_]*([[:space:]]*=[[:space:]]*-?[0-9]+)?)[[:space:]]*\(deprecated\)[[:space:]]*,/\1,/' \
    "$upstream" > "$tmp/upstream.fbs"
  if ! "$flatc" -o "$tmp/probe" --jsonschema "$tmp/upstream.fbs" >/dev/null 2>&1; then
    echo "flatc cannot parse $upstream:" >&2; cat "$tmp/probe.err" >&2; exit 2
  fi
  echo "note: this flatc rejects (deprecated) on enum values/union members; using a copy without them:"
  diff "$upstream" "$tmp/upstream.fbs" | sed -n 's/^< /  upstream: /p'
  upstream="$tmp/upstream.fbs"
fi

fail=0
if "$flatc" --conform "$upstream" -o "$tmp/conform1" --cpp "$ours" >"$tmp/c1" 2>&1 &&
   "$flatc" --conform "$ours" -o "$tmp/conform2" --cpp "$upstream" >"$tmp/c2" 2>&1; then
  echo "PASS --conform in both directions"
else
  echo "FAIL --conform:"; cat "$tmp/c1" "$tmp/c2" 2>/dev/null; fail=1
fi

models=()
while IFS= read -r -d '' m; do models+=("$m"); done < <(find "$root/testdata" -name '*.tflite' -print0 | sort -z)
shared="$root/../shared/models"
if [ -d "$shared" ]; then
  while IFS= read -r -d '' m; do models+=("$m"); done < <(find "$shared" -name '*.tflite' -print0 | sort -z)
else
  echo "note: $shared is absent; checking testdata only"
fi

n=0 bad=0
for m in "${models[@]}"; do
  n=$((n + 1))
  a="$tmp/ours/$n" b="$tmp/upstream/$n"
  mkdir -p "$a" "$b"
  "$flatc" --json --strict-json --defaults-json --raw-binary -o "$a" "$ours" -- "$m" 2>"$a.err"; ra=$?
  "$flatc" --json --strict-json --defaults-json --raw-binary -o "$b" "$upstream" -- "$m" 2>"$b.err"; rb=$?
  json=$(basename "${m%.tflite}").json
  if [ $ra -ne 0 ] || [ $rb -ne 0 ]; then
    echo "FAIL $m: flatc exit $ra (ours) / $rb (upstream)"; bad=$((bad + 1))
  elif ! cmp -s "$a/$json" "$b/$json"; then
    echo "FAIL $m: JSON differs"; diff "$a/$json" "$b/$json" | head -10; bad=$((bad + 1))
  else
    echo "PASS $m"
  fi
done
echo "$((n - bad)) identical, $bad different"
[ $bad -eq 0 ] && [ $fail -eq 0 ]
