#!/usr/bin/env bash
# Builds Kinglet's libFuzzer targets (Fuzz/) with AddressSanitizer and runs them.
#
#   tools/fuzz.sh [SECONDS]
#
# SECONDS is the total fuzzing time (default 120: 60 s for models, 30 s each for .npy and
# FlexBuffers); the model fuzzer gets half of a given total, the .npy and FlexBuffers fuzzers a
# quarter each (with FUZZ_ONLY, the one fuzzer gets it all). Everything lives under .build-fuzz/
# (ignored by git): the instrumented modules, the three fuzzers, their corpora (corpus/model,
# corpus/npy, corpus/flex), logs and crash artifacts (crashes/). The SwiftPM build is not touched.
#
# Inputs are capped at 650000 bytes for models (the largest zoo model fits), 4096 for .npy and
# 4096 for FlexBuffers (custom options).
#
# Seeds: testdata/*.tflite, testdata/zoo/*.tflite, testdata/hostile/*.tflite and, when present,
# ../shared/models/*.tflite for the model fuzzer; testdata/zoo/*.npy and testdata/hostile/*.npy for
# the .npy fuzzer; testdata/flexbuffers/*.flexbuf (tools/vectors/flexbuffer_vectors.py --seeds) for
# the FlexBuffers fuzzer.
#
# Exit status: 0 when no fuzzer found anything, 1 when one crashed, hung or hit a sanitizer report
# (the reproducer files are listed; replay one with `.build-fuzz/model-fuzzer FILE`), 2 on a build
# error.
#
# Environment: FUZZ_REV (commit whose Sources/ to fuzz, default HEAD), FUZZ_WORKTREE=1 (fuzz the work
# tree instead), SWIFTC (default: swiftc on PATH, else /opt/swift/usr/bin/swiftc), FUZZ_NICE (nice
# level, default 10), FUZZ_ONLY=model|npy|flex (run one fuzzer), FUZZ_BUILD_ONLY=1 (build, don't run),
# FUZZ_KEEP_GOING=1 (fork mode with one worker: keep fuzzing after a crash, timeout or OOM, collecting
# every reproducer), FUZZ_ARGS (extra libFuzzer flags). One process, one fuzzer at a time.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/.build-fuzz"
nice_level=${FUZZ_NICE:-10}
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
[ -x "$swiftc" ] || { echo "fuzz.sh: swiftc not found (set SWIFTC)" >&2; exit 2; }

total=${1:-}
if [ -z "$total" ]; then
  model_seconds=60; npy_seconds=30; flex_seconds=30
elif [[ "$total" =~ ^[0-9]+$ ]] && [ "$total" -ge 4 ]; then
  model_seconds=$(( total / 2 )); npy_seconds=$(( total / 4 )); flex_seconds=$(( total - model_seconds - npy_seconds ))
  [ -n "${FUZZ_ONLY:-}" ] && { model_seconds=$total; npy_seconds=$total; flex_seconds=$total; }
else
  echo "usage: $0 [SECONDS]  (total fuzzing time, at least 4)" >&2; exit 2
fi

mkdir -p "$out/modules" "$out/crashes" "$out/logs" "$out/corpus/model" "$out/corpus/npy" "$out/corpus/flex" \
  "$out/seeds/model" "$out/seeds/npy" "$out/seeds/flex"
# One fuzz.sh at a time: a second one would rebuild the binaries and reseed under the first.
exec 9>"$out/lock"
if ! flock -n 9; then
  echo "fuzz.sh: another fuzz.sh is running (lock $out/lock)" >&2; exit 2
fi

# --- Build -------------------------------------------------------------------------------------
# The library sources come from a commit (default HEAD; FUZZ_REV=<rev>), exported to .build-fuzz/src,
# so edits in progress in the work tree cannot break the build; FUZZ_WORKTREE=1 uses the work tree.
# Each library module is compiled (whole-module, -O, with libFuzzer coverage and ASan) into one
# object and a .swiftmodule; the fuzzers link those objects. Rebuilt when the sources change.
modules=(FlatBufferReader TFLiteModel TFLiteNames KingletKernels KingletRuntime KingletReport)
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6)
# lld when the toolchain has it (gold warns about every ASan check symbol).
link_flags=()
[ -x "$(dirname "$swiftc")/ld.lld" ] && link_flags=(-use-ld=lld)

if [ "${FUZZ_WORKTREE:-0}" = 1 ]; then
  src="$root/Sources"
  stamp="worktree $(cat $(find Sources -name '*.swift' | sort) | cksum)"
else
  rev=$(git rev-parse "${FUZZ_REV:-HEAD}") || { echo "fuzz.sh: no such revision" >&2; exit 2; }
  src="$out/src/Sources"
  stamp="commit $(git rev-parse "$rev:Sources")"
fi
fuzz_stamp="$stamp fuzzers $(cat Fuzz/*.swift | cksum)"

build() {
  local objects=()
  for module in "${modules[@]}"; do objects+=("$out/modules/$module.o"); done
  if [ "$(cat "$out/fuzzers.stamp" 2>/dev/null)" = "$fuzz_stamp" ] && [ -x "$out/model-fuzzer" ] && [ -x "$out/npy-fuzzer" ] \
    && [ -x "$out/flex-fuzzer" ]; then
    echo "fuzz.sh: fuzzers are up to date ($stamp)"
    return 0
  fi
  rm -f "$out/fuzzers.stamp"
  if [ "$(cat "$out/modules/stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "fuzz.sh: instrumented modules are up to date ($stamp)"
  else
    build_modules || return 1
  fi
  for fuzzer in model npy flex; do
    local source=Fuzz/ModelFuzzer.swift
    [ "$fuzzer" = npy ] && source=Fuzz/NPYFuzzer.swift
    [ "$fuzzer" = flex ] && source=Fuzz/FlexBufferFuzzer.swift
    echo "fuzz.sh: linking $fuzzer-fuzzer"
    nice -n "$nice_level" "$swiftc" "${flags[@]}" -module-name "${fuzzer^}Fuzzer" -I "$out/modules" \
      "${link_flags[@]}" "$source" "${objects[@]}" -o "$out/$fuzzer-fuzzer.new" || return 1
    mv -f "$out/$fuzzer-fuzzer.new" "$out/$fuzzer-fuzzer"
  done
  echo "$fuzz_stamp" > "$out/fuzzers.stamp"
}

build_modules() {
  rm -f "$out/modules/stamp"
  if [ "${FUZZ_WORKTREE:-0}" != 1 ]; then
    rm -rf "$out/src" && mkdir -p "$out/src"
    git archive "$rev" Sources | tar -x -C "$out/src" || return 1
    echo "fuzz.sh: building the fuzzers from $(git log -1 --format='%h %s' "$rev")"
  fi
  for module in "${modules[@]}"; do
    local object="$out/modules/$module.o"
    echo "fuzz.sh: compiling $module"
    # shellcheck disable=SC2046
    nice -n "$nice_level" "$swiftc" "${flags[@]}" -wmo -module-name "$module" -I "$out/modules" \
      -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
      -c $(find "$src/$module" -name '*.swift' | sort) -o "$object" || return 1
  done
  echo "$stamp" > "$out/modules/stamp"
}
build || { echo "fuzz.sh: build failed" >&2; exit 2; }
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && { echo "fuzz.sh: built $out/model-fuzzer, $out/npy-fuzzer and $out/flex-fuzzer"; exit 0; }

# --- Seeds -------------------------------------------------------------------------------------
shopt -s nullglob
rm -f "$out/seeds/model/"* "$out/seeds/npy/"* "$out/seeds/flex/"*
model_seeds=(testdata/*.tflite testdata/zoo/*.tflite testdata/hostile/*.tflite)
if [ -d ../shared/models ]; then
  shared=(../shared/models/*.tflite)
  model_seeds+=("${shared[@]}")
  echo "fuzz.sh: seeding with ${#shared[@]} models from ../shared/models"
else
  echo "fuzz.sh: ../shared/models is absent; seeding with testdata models only"
fi
if [ -d ../shared/tflm-suite ]; then
  # TFLM's own models (int16x8 operators, LSTM, SVDF, TRANSPOSE_CONV, the signal ops' options).
  mapfile -t suite < <(find ../shared/tflm-suite -name '*.tflite' | sort)
  model_seeds+=("${suite[@]}")
  echo "fuzz.sh: seeding with ${#suite[@]} models from ../shared/tflm-suite"
else
  echo "fuzz.sh: ../shared/tflm-suite is absent; TFLM's own models are not seeds"
fi
for file in "${model_seeds[@]}"; do cp "$file" "$out/seeds/model/$(echo "$file" | tr / _)"; done
for file in testdata/zoo/*.npy testdata/hostile/*.npy; do cp "$file" "$out/seeds/npy/$(echo "$file" | tr / _)"; done
for file in testdata/flexbuffers/*.flexbuf; do cp "$file" "$out/seeds/flex/$(echo "$file" | tr / _)"; done
# A hostile file whose fix has not landed would stop the fuzzer as it loads its seeds: replay each
# one alone, report the ones that still fail, and leave them out.
for seed in "$out"/seeds/model/testdata_hostile_* "$out"/seeds/npy/testdata_hostile_*; do
  fuzzer="$out/model-fuzzer"
  [[ "$seed" == */npy/* ]] && fuzzer="$out/npy-fuzzer"
  if ! SWIFT_BACKTRACE=enable=no nice -n "$nice_level" "$fuzzer" -timeout=10 -rss_limit_mb=4096 "$seed" >"$out/logs/replay.log" 2>&1; then
    what=$(grep -m1 -oE 'Swift runtime failure: [^/]*|AddressSanitizer: [A-Za-z -]+|Fatal error: [^/]*' "$out/logs/replay.log")
    echo "fuzz.sh: still fails, not seeded: ${seed##*testdata_hostile_} (${what:-exit status})"
    rm -f "$seed"
  fi
done
echo "fuzz.sh: ${#model_seeds[@]} model seeds, $(ls "$out/seeds/npy" | wc -l) .npy seeds, $(ls "$out/seeds/flex" | wc -l) FlexBuffers seeds"

# --- Run ---------------------------------------------------------------------------------------
status=0
total_runs=0
# Traps are reported by libFuzzer's stack trace; Swift's own backtracer would read memory under ASan.
export SWIFT_BACKTRACE=enable=no
run() {  # name seconds max_len
  local name=$1 seconds=$2 max_len=$3 log="$out/logs/$1-$(date +%Y%m%d-%H%M%S).log"
  local before
  before=$(ls "$out/crashes" | wc -l)
  echo "fuzz.sh: $name fuzzer for $seconds s (log $log)"
  local mode=()
  [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  # shellcheck disable=SC2086
  (cd "$out/logs" && exec nice -n "$nice_level" "$out/$name-fuzzer" "${mode[@]}" "$out/corpus/$name" "$out/seeds/$name" \
    -max_total_time="$seconds" -max_len="$max_len" -len_control=0 -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$out/crashes/$name-" ${FUZZ_ARGS:-}) \
    >"$log" 2>&1
  local code=$?
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  # Fork mode prints no final stats: take the last progress line's count.
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\)[: ].*/\1/p' "$log" | tail -1)
  runs=${runs:-0}
  total_runs=$(( total_runs + runs ))
  echo "fuzz.sh: $name: $runs executions, exit $code, corpus $(ls "$out/corpus/$name" | wc -l) files"
  grep -E '^#[0-9]+.*cov:' "$log" | tail -1 | sed 's/^/fuzz.sh:   /'
  local after
  after=$(ls "$out/crashes" | wc -l)
  if [ "$code" -ne 0 ] || [ "$after" -gt "$before" ]; then
    status=1
    echo "fuzz.sh: $name FOUND A PROBLEM:"
    grep -E 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error|SUMMARY|artifact_prefix|Test unit written' "$log" | head -20 | sed 's/^/  /'
  fi
}
case "${FUZZ_ONLY:-}" in
  model) run model "$model_seconds" 650000 ;;
  npy) run npy "$npy_seconds" 4096 ;;
  flex) run flex "$flex_seconds" 4096 ;;
  *) run model "$model_seconds" 650000; run npy "$npy_seconds" 4096; run flex "$flex_seconds" 4096 ;;
esac

echo "fuzz.sh: $total_runs executions in total"
crashes=("$out"/crashes/*)
if [ ${#crashes[@]} -gt 0 ]; then
  echo "fuzz.sh: reproducers in $out/crashes (replay with .build-fuzz/<model|npy|flex>-fuzzer FILE):"
  for file in "${crashes[@]}"; do echo "  $file"; done
fi
exit $status
