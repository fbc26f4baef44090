#!/usr/bin/env bash
# Compile every hand-written model under testdata/ (a *.json file holding a
# "subgraphs" key) into the .tflite beside it, using schema/tflite.fbs.
#
#   tools/testdata/build.sh           rewrite the .tflite files
#   tools/testdata/build.sh --check   rebuild into a temp dir; exit 1 when a
#                                     committed .tflite is missing or differs
#
# FLATC=/path/to/flatc selects the compiler (default: flatc on PATH). The
# committed files were built with flatc 2.0.8; flatc 25.12 gives the same bytes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
flatc=${FLATC:-flatc}
schema="$root/schema/tflite.fbs"
check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v "$flatc" >/dev/null || { echo "flatc not found (apt install flatbuffers-compiler)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

built=0 stale=0
while IFS= read -r -d '' json; do
  grep -q '"subgraphs"' "$json" || continue
  rel=${json#"$root"/}
  dir=$(dirname "$json")
  name=$(basename "$json" .json)
  out="$tmp/$(dirname "$rel")"
  mkdir -p "$out"
  "$flatc" -b -o "$out" "$schema" "$json"
  built=$((built + 1))
  target="$dir/$name.tflite"
  if [ "$check" = 1 ]; then
    if ! cmp -s "$out/$name.tflite" "$target"; then
      echo "stale: ${target#"$root"/} (run tools/testdata/build.sh)"
      stale=$((stale + 1))
    fi
  else
    cp "$out/$name.tflite" "$target"
    echo "built ${target#"$root"/} ($(wc -c < "$target") bytes)"
  fi
done < <(find "$root/testdata" -name '*.json' -print0 | sort -z)

if [ "$check" = 1 ]; then
  echo "$built models checked, $stale stale"
  [ "$stale" = 0 ]
fi
