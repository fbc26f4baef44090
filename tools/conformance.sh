#!/usr/bin/env bash
# Kinglet against TensorFlow Lite Micro, byte for byte, on fresh random inputs.
#
#   tools/conformance.sh [--seed N] [--filter REGEX] [--stored-inputs] [--keep DIR]
#                        [--steps N] [--no-build] [--kinglet PATH]
#                        [--strict-suite] [--no-suite] [--suite DIR] [--json PATH]
#
# 1. Python environment: a venv at ${KINGLET_VENV:-.venv} (relative to the repository
#    root unless absolute) with tools/requirements-conformance.txt; the install is skipped when
#    every pinned version is already there.
# 2. Builds kinglet: swift build -c release --product kinglet (unless --no-build or --kinglet).
# 3. Draws a new seed each run (printed; --seed N repeats a run), then for every model in
#    testdata/zoo/ and in ../shared/models/ (when that folder is present) runs TFLM
#    (tools/tflm_reference.py) and `kinglet run`, and compares the outputs byte for byte.
#    Streaming models (zoo entries with "sequence": true; external models that read
#    resource variables or have variable tensors, e.g. SVDF state) run as sequences of --steps steps (default: the entry's, else 8) on
#    one interpreter each: tflm_reference.py --sequence against kinglet run --sequence.
#    Models TFLM cannot run, and models Kinglet refuses as unsupported that go beyond the
#    zoo (custom ops, LSTM/SVDF, int16), are "skipped: <reason>", not failures.
# 4. TFLM's own models: every .tflite of tensorflow/tflite-micro in ../shared/tflm-suite
#    (--suite DIR; says so when absent; --no-suite leaves it out), labelled suite/<path>.
#    Each runs on its csv inputs (<name>_input<k>_<type>.csv -> model input k) and on the
#    seeded random inputs (shape operands such as TRANSPOSE_CONV's output_shape keep their
#    csv values), byte for byte against TFLM both times; on the csv inputs output 0 must also
#    be within 1 per element (TFLM's own rule) of <name>_golden_<type>.csv. One line per
#    model: pass; FAIL (first differing index, count, max |diff|); "refused:" with Kinglet's
#    message; "skipped:" with TFLM's reason. Refused and TFLM-cannot-run count as skipped
#    (a refusal within what the zoo covers fails, as in 3); with --strict-suite every suite
#    model TFLM runs but Kinglet refuses counts as failed (the final acceptance mode).
# Ends with a summary table (status per group; which unsupported operator/type combination
# blocks how many models; the failures), --json PATH writes every model's result (name,
# status, reason, n values, mismatches, max |diff|), then "N passed, M failed, K skipped";
# exits 1 if any model failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

seed=""
build=1
kinglet=""
pass_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
        --seed=*) seed="${1#--seed=}"; shift ;;
        --no-build) build=0; shift ;;
        --kinglet) kinglet="${2:?--kinglet needs a path}"; build=0; shift 2 ;;
        --filter|--keep|--timeout|--steps) pass_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
        --json|--suite) pass_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
        --stored-inputs|--strict-suite|--no-suite) pass_args+=("$1"); shift ;;
        -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "conformance.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$seed" ] && ! [[ "$seed" =~ ^[0-9]+$ ]]; then
    echo "conformance.sh: --seed takes a non-negative integer, not '$seed'" >&2
    exit 2
fi

# --- 1. Python environment ---------------------------------------------------------
VENV="${KINGLET_VENV:-.venv}"
case "$VENV" in /*) ;; *) VENV="$ROOT/$VENV" ;; esac
REQ="${KINGLET_REQUIREMENTS:-$ROOT/tools/requirements-conformance.txt}"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
    echo "== creating Python venv at $VENV"
    python3 -m venv "$VENV" || { echo "conformance.sh: cannot create a venv at $VENV" >&2; exit 2; }
fi

requirements_met() {
    "$PY" - "$REQ" <<'EOF'
import re, sys
from importlib.metadata import version, PackageNotFoundError
ok = True
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
    if not m:
        ok = False
        continue
    try:
        ok &= version(m.group(1)) == m.group(2)
    except PackageNotFoundError:
        ok = False
sys.exit(0 if ok else 1)
EOF
}

if requirements_met; then
    echo "== Python environment: $VENV (requirements already satisfied)"
else
    echo "== installing $(basename "$REQ") into $VENV"
    "$PY" -m pip install --disable-pip-version-check -q -r "$REQ" \
        || { echo "conformance.sh: pip install failed" >&2; exit 2; }
fi

# --- 2. kinglet ----------------------------------------------------------------------
if [ "$build" = 1 ]; then
    echo "== swift build -c release --product kinglet"
    if swift build -c release --product kinglet >/tmp/kinglet-conformance-build.$$ 2>&1; then
        kinglet="$(swift build -c release --show-bin-path)/kinglet"
    else
        tail -20 /tmp/kinglet-conformance-build.$$ >&2
        echo "conformance.sh: swift build failed; every model will count as failed" >&2
        kinglet="$ROOT/.build/release/kinglet-build-failed"
    fi
    rm -f /tmp/kinglet-conformance-build.$$
elif [ -z "$kinglet" ]; then
    kinglet="$ROOT/.build/release/kinglet"
fi
echo "== kinglet: $kinglet"

# --- 3. compare ----------------------------------------------------------------------
if [ -z "$seed" ]; then
    seed=$(( ( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') ) % 2147483648 ))
fi
echo "== seed $seed (repeat this run with: tools/conformance.sh --seed $seed)"

exec "$PY" "$ROOT/tools/zoo/conformance.py" --kinglet "$kinglet" --seed "$seed" \
    --zoo "$ROOT/testdata/zoo" --external "$ROOT/../shared/models" ${pass_args[@]+"${pass_args[@]}"}
