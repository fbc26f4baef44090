#!/usr/bin/env bash
# Kinglet's speed against TensorFlow Lite Micro and LiteRT on the zoo's models.
#
#   tools/bench.sh [--iterations N] [--filter REGEX] [--kind model|op|all] [--rounds N]
#                  [--warmup N] [--seed N] [--runtimes LIST] [--budget S] [--no-check] [--hold-out DIR]
#                  [--cpu-reps N] [--cpu-target S] [--json-out FILE] [--update-docs]
#                  [--python PATH] [--no-build] [--kinglet PATH]
#
# 1. Python: a venv at ${KINGLET_VENV:-.venv} (relative to the repository root unless
#    absolute) with the tflite-micro, ai-edge-litert and numpy pins of
#    tools/zoo/requirements.txt (only those three; the install is skipped when they are
#    already there). --python PATH uses that interpreter as it is instead.
# 2. Builds kinglet: swift build -c release --product kinglet --scratch-path .build-bench
#    (unless --no-build or --kinglet PATH).
# 3. Runs tools/bench.py, which times `kinglet bench --json`, TFLM's invoke() and
#    LiteRT's invoke() (XNNPACK, 1 thread; and without the delegate) on the same seeded
#    inputs, interleaved per model, and prints a Markdown table with the machine
#    description. Every other option goes to bench.py (python3 tools/bench.py --help).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command_line="tools/bench.sh"
for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./=:,+@-]+$ ]]; then command_line+=" $a"
    else command_line+=" '${a//\'/\'\\\'\'}'"; fi
done

build=1
kinglet=""
python=""
pass_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0; shift ;;
        --kinglet) kinglet="${2:?--kinglet needs a path}"; build=0; shift 2 ;;
        --python) python="${2:?--python needs a path}"; shift 2 ;;
        --iterations|--filter|--kind|--rounds|--warmup|--seed|--runtimes|--budget|--timeout|--json-out|--zoo|--hold-out|--cpu-reps|--cpu-target|--short-us)
            pass_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
        --no-check|--update-docs) pass_args+=("$1"); shift ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

# --- 1. Python environment ---------------------------------------------------------
if [ -n "$python" ]; then
    PY="$python"
    echo "== Python: $PY (as given)" >&2
else
    VENV="${KINGLET_VENV:-.venv}"
    case "$VENV" in /*) ;; *) VENV="$ROOT/$VENV" ;; esac
    PY="$VENV/bin/python"
    REQ="$(mktemp /tmp/kinglet-bench-req.XXXXXX)"
    grep -E '^(tflite-micro|ai-edge-litert|numpy)==' "$ROOT/tools/zoo/requirements.txt" > "$REQ"
    if [ "$(wc -l < "$REQ")" -ne 3 ]; then
        echo "bench.sh: tools/zoo/requirements.txt no longer pins tflite-micro, ai-edge-litert and numpy" >&2
        rm -f "$REQ"; exit 2
    fi
    if [ ! -x "$PY" ]; then
        echo "== creating Python venv at $VENV" >&2
        python3 -m venv "$VENV" || { echo "bench.sh: cannot create a venv at $VENV" >&2; rm -f "$REQ"; exit 2; }
    fi
    if "$PY" - "$REQ" <<'EOF'
import re, sys
from importlib.metadata import version, PackageNotFoundError
ok = True
for line in open(sys.argv[1]):
    name, _, want = line.strip().partition("==")
    try:
        ok &= version(name) == want
    except PackageNotFoundError:
        ok = False
sys.exit(0 if ok else 1)
EOF
    then
        echo "== Python environment: $VENV (pins already satisfied)" >&2
    else
        echo "== installing $(tr '\n' ' ' < "$REQ")into $VENV" >&2
        "$PY" -m pip install --disable-pip-version-check -q -r "$REQ" \
            || { echo "bench.sh: pip install failed" >&2; rm -f "$REQ"; exit 2; }
    fi
    rm -f "$REQ"
fi

# --- 2. kinglet ----------------------------------------------------------------------
if [ "$build" = 1 ]; then
    echo "== swift build -c release --product kinglet --scratch-path .build-bench" >&2
    log="$(mktemp /tmp/kinglet-bench-build.XXXXXX)"
    built=0
    for attempt in 1 2 3; do   # a source edited mid-build fails the build; try again
        if swift build -c release --product kinglet --scratch-path "$ROOT/.build-bench" >"$log" 2>&1; then
            built=1; break
        fi
        grep -q "was modified during the build" "$log" || break
        sleep 5
    done
    if [ "$built" != 1 ]; then
        tail -20 "$log" >&2
        rm -f "$log"
        echo "bench.sh: swift build failed" >&2
        exit 2
    fi
    rm -f "$log"
    kinglet="$ROOT/.build-bench/release/kinglet"
elif [ -z "$kinglet" ]; then
    kinglet="$ROOT/.build-bench/release/kinglet"
fi
echo "== kinglet: $kinglet" >&2

# --- 3. bench ------------------------------------------------------------------------
exec "$PY" "$ROOT/tools/bench.py" --kinglet "$kinglet" --command "$command_line" ${pass_args[@]+"${pass_args[@]}"}
