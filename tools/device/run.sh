#!/usr/bin/env bash
# Runs a .tflite model on an emulated Cortex-M4F (QEMU mps2-an386) through Kinglet's C API.
#
#   tools/device/run.sh MODEL [--input X.npy]... [--output Y.npy]... [--json]
#
# Inputs and outputs are as for the host's `kinglet run`: .npy files in subgraph order, in the
# tensor's dtype (float32 for an int8/int16 input is quantized by the host tool); without
# --input, the inputs are the host's `kinglet run --seed 0` ones, so the two can be compared.
# The firmware (device/firmware) is built with only the model's operators and the model in
# flash, cached by content under .build-device/; it runs under
#   qemu-system-arm -M mps2-an386 -cpu cortex-m4 -icount shift=0 -semihosting ...
# --json prints one object: flash_code_bytes (.text + .rodata + .data, without the model),
# flash_model_bytes, arena_bytes (kinglet_arena_used), static_ram_bytes (.data + .bss, without
# arena, heap pool and stack), stack_bytes (high-water mark of a painted stack), heap_bytes
# (peak live bytes of the heap shim; 0 when built without it), instructions_per_invoke.
#
# Exit status: 0 ran; 1 refused (the host's one-line error on stderr: invalid file, unsupported
# operator, bad input) or bad usage; 2 the device faulted, trapped or timed out (one line).
#
# Environment: KINGLET (host kinglet binary; default: swift build --product kinglet),
# KINGLET_HEAP_SHIM (0 default: no allocator at all, any heap use is a link error; 1: a counting heap shim),
# KINGLET_DEVICE_TIMEOUT (seconds, default 600), KINGLET_DEVICE_KEEP=1 (keep the work directory
# and print its path on stderr), QEMU (default qemu-system-arm).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-python3}
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${KINGLET_DEVICE_TIMEOUT:-600}

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "run.sh: $1" >&2; exit "${2:-1}"; }

model=""
inputs=()
outputs=()
json=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --input) [[ $# -ge 2 ]] || die "--input needs a file"; inputs+=("$2"); shift 2 ;;
        --input=*) inputs+=("${1#--input=}"); shift ;;
        --output) [[ $# -ge 2 ]] || die "--output needs a file"; outputs+=("$2"); shift 2 ;;
        --output=*) outputs+=("${1#--output=}"); shift ;;
        --json) json=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) [[ -z $model ]] || die "one model only (got '$model' and '$1')"; model=$1; shift ;;
    esac
done
[[ -n $model ]] || { usage >&2; exit 1; }
[[ -f $model ]] || die "$model: no such file"
for tool in "$QEMU" arm-none-eabi-gcc timeout "$PY"; do
    command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm python3)"
done
# Paths given relative to the caller's directory.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
model_path=$(absolute "$model")
for i in "${!inputs[@]}"; do inputs[$i]=$(absolute "${inputs[$i]}"); done
for i in "${!outputs[@]}"; do outputs[$i]=$(absolute "${outputs[$i]}"); done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kinglet-device.XXXXXX")
if [[ ${KINGLET_DEVICE_KEEP:-0} == 1 ]]; then
    echo "run.sh: work directory $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi

# --- the host tool -----------------------------------------------------------------------------
if [[ -z ${KINGLET:-} ]]; then
    (cd "$REPO" && swift build --product kinglet >"$WORK/swift-build.log" 2>&1) \
        || { cat "$WORK/swift-build.log" >&2; die "building the host kinglet failed"; }
    KINGLET=$(cd "$REPO" && swift build --show-bin-path)/kinglet
fi
[[ -x $KINGLET ]] || die "host kinglet not found at $KINGLET"

# The operators: the entry points `kinglet budget --target cortex-m4` names for the model (int8-only
# variants where they apply); for a model the host refuses, from inspect; a file inspect refuses
# gets every operator (the device must still refuse it cleanly, however far it gets).
budget_status=0
"$KINGLET" budget "$model_path" --target cortex-m4 --json >"$WORK/budget.json" 2>"$WORK/budget.err" || budget_status=$?
if [[ $budget_status == 0 || $budget_status == 3 ]]; then
    mapfile -t ops < <("$PY" -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["device"]["operators"]))' "$WORK/budget.json")
elif "$KINGLET" inspect --json "$model_path" >"$WORK/inspect.json" 2>"$WORK/inspect.err"; then
    mapfile -t ops < <("$PY" "$HERE/device_io.py" ops "$WORK/inspect.json")
else
    mapfile -t ops < <(grep -oE '^void kinglet_op_[A-Za-z0-9_]+\(' "$REPO/include/kinglet.h" | sed -E 's/^void kinglet_op_//; s/\($//')
fi

# The exact input bytes, and the host's verdict on the model, from the host's run.
host_args=(run "$model_path" --save-inputs "$WORK/host")
for input in "${inputs[@]}"; do host_args+=(--input "$input"); done
host_error=""
if ! "$KINGLET" "${host_args[@]}" >"$WORK/host.out" 2>"$WORK/host.err"; then
    host_error=$(grep -m1 -E '^kinglet: error:' "$WORK/host.err" || tail -n1 "$WORK/host.err")
    [[ -n $host_error ]] || host_error="kinglet: error: $model: the host tool failed"
fi
mkdir -p "$WORK/run"
if [[ -z $host_error ]]; then
    for npy in "$WORK"/host/input*.npy; do
        [[ -e $npy ]] || continue
        name=$(basename "$npy" .npy)
        "$PY" "$HERE/device_io.py" npy2bin "$npy" "$WORK/run/$name.bin"
    done
fi

# --- build and run -----------------------------------------------------------------------------
FWDIR=$(KINGLET_HEAP_SHIM=${KINGLET_HEAP_SHIM:-0} "$HERE/build_fw.sh" "$model_path" "${ops[@]}") \
    || die "building the firmware failed"
[[ ${KINGLET_DEVICE_KEEP:-0} == 1 ]] && echo "run.sh: firmware $FWDIR" >&2
set +e
(cd "$WORK/run" && timeout "$TIMEOUT" "$QEMU" -M mps2-an386 -cpu cortex-m4 -nographic -monitor none \
    -semihosting-config enable=on,target=native -icount shift=0 -kernel "$FWDIR/fw.elf" \
    </dev/null >"$WORK/qemu.out" 2>"$WORK/qemu.err")
rc=$?
set -e
fw_message=$(grep -m1 -E '^(fault|firmware):' "$WORK/qemu.err" "$WORK/qemu.out" 2>/dev/null | sed -E 's/^[^:]*:(fault|firmware)/\1/' || true)
case $rc in
    0) ;;
    124) die "$model: the device did not finish within ${TIMEOUT}s (timeout)" 2 ;;
    70|71) die "$model: device ${fw_message:-fault (exit $rc)}" 2 ;;
    *) die "$model: the device stopped with exit status $rc${fw_message:+: $fw_message}" 2 ;;
esac
RESULT=$WORK/run/result.txt
[[ -f $RESULT ]] || die "$model: the device wrote no result" 2
get() { "$PY" "$HERE/device_io.py" get "$RESULT" "$1"; }

# The timer is what instruction counts rest on: check it measured its calibration loop exactly.
expected=$(get calibration_expected)
measured=$(get calibration_instructions)
if [[ -z $expected || $measured -lt $((expected - 80)) || $measured -gt $((expected + 80)) ]]; then
    die "$model: the device timer measured ${measured:-nothing} instructions for a ${expected:-?}-instruction loop (is QEMU running with -icount shift=0?)" 2
fi

status=$(get status)
stage=$(get stage)
if [[ -n $host_error ]]; then
    echo "$host_error" >&2
    exit 1
fi
if [[ $status != 0 ]]; then
    names=(OK INVALID_MODEL UNSUPPORTED_OPERATOR INVALID_GRAPH PREPARE_FAILED ARENA_TOO_SMALL BAD_ARGUMENT INVOKE_FAILED)
    detail="KINGLET_${names[$status]:-STATUS_$status} (reason $(get reason), operator $(get operator_index), opcode $(get opcode), byte offset $(get byte_offset), expected $(get expected), actual $(get actual))"
    die "$model: the device refused what the host ran: $stage: $detail" 1
fi
[[ $stage == done ]] || die "$model: the device stopped at stage '$stage'" 2

count=$(get outputs)
[[ ${#outputs[@]} -le $count ]] || die "$model: the model has $count output(s), got ${#outputs[@]} --output path(s)"
for i in "${!outputs[@]}"; do
    "$PY" "$HERE/device_io.py" bin2npy "$RESULT" "$i" "$WORK/run/output$i.bin" "${outputs[$i]}" \
        || die "$model: cannot write ${outputs[$i]}"
done

if [[ $json == 1 ]]; then
    "$PY" "$HERE/device_io.py" json "$RESULT" "$FWDIR/sizes.txt"
else
    sizes() { "$PY" "$HERE/device_io.py" get "$FWDIR/sizes.txt" "$1"; }
    echo "$model on Cortex-M4F (QEMU mps2-an386): ran, $count output(s)${outputs:+ written}"
    echo "  flash        code $(sizes flash_code_bytes) + model $(sizes flash_model_bytes) bytes"
    echo "  RAM          arena $(get arena_bytes) + static $(sizes static_ram_bytes) + stack $(get stack_bytes) bytes; heap $(get heap_bytes)$([[ $(get heap_shim) == 1 ]] && echo ' (heap shim)')"
    echo "  invoke       $(get instructions_per_invoke) instructions (load: $(get load_instructions))"
fi
