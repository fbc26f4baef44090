#!/usr/bin/env bash
# Structure-aware model mutations, a complement to libFuzzer's byte-level ones: every .tflite under
# testdata/ and ../shared/models (up to 120 KB) is dumped to JSON with flatc, mutated field by field
# (mutate.py), compiled back and replayed through .build-fuzz/model-fuzzer (build it with
# FUZZ_BUILD_ONLY=1 tools/fuzz.sh). Crashing variants and their JSON stay in .build-fuzz/structured.
#
#   Fuzz/structured/run.sh [COUNT] [SEED] [NAME_PREFIX]     (defaults: 3000 variants, seed 1)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
count=${1:-3000} seed=${2:-1} prefix=${3:-}
work="$root/.build-fuzz/structured"
fuzzer="$root/.build-fuzz/model-fuzzer"
[ -x "$fuzzer" ] || { echo "run.sh: build the fuzzer first: FUZZ_BUILD_ONLY=1 tools/fuzz.sh" >&2; exit 2; }
command -v flatc >/dev/null || { echo "run.sh: flatc not found" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work/json" "$work/out"
shopt -s nullglob
for model in "$root"/testdata/*.tflite "$root"/testdata/zoo/*.tflite "$root"/../shared/models/*.tflite; do
  [ "$(stat -c %s "$model")" -le 120000 ] || continue
  flatc --json --strict-json --defaults-json -o "$work/json" "$root/schema/tflite.fbs" -- "$model" 2>/dev/null || true
done
python3 "$root/Fuzz/structured/mutate.py" "$seed" "$count" "$work/out" "$work/json" "$prefix"
# One at a time: flatc stops a batch at its first invalid file (some edits make invalid JSON).
(cd "$work/out" && for file in *.json; do flatc -b -o . "$root/schema/tflite.fbs" "$file" >/dev/null 2>&1 || true; done)
SWIFT_BACKTRACE=enable=no python3 "$root/Fuzz/structured/replay.py" "$fuzzer" "$work/out"
