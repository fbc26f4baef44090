#!/usr/bin/env bash
# Measures TFLM (TensorFlow Lite Micro, with CMSIS-NN or its reference kernels) on the board
# Kinglet's firmware runs on: QEMU mps2-an386, Cortex-M4, -icount shift=0.
#
#   tools/device/tflm_reference.sh MODEL [--kernels cmsis_nn|reference] [--Os] [--input X.npy]...
#                                  [--output Y.npy]... [--invokes N] [--check-pip] [--json]
#
# --Os: kernels and CMSIS-NN compiled -Os too (the Makefile's default is -O2 for them, -Os for
# the core); ../shared/notes/device.md's anchor figures (person_detect 26.4 M, micro_speech 2.24 M
# with CMSIS-NN) are this build's.
#
# TFLM's library is built once per kernel set with TFLM's own Makefile (tools/device/tflm_setup.sh:
# TARGET=cortex_m_qemu TARGET_ARCH=cortex-m4 BUILD_TYPE=release, -Os, soft float, sources from the
# offline mirrors) into .build-tflm/; per model, a harness (tools/device/tflm/) is linked with
# the model in flash and a MicroMutableOpResolver holding only the model's operators, with
# --gc-sections. It prepares once, invokes N times (default 3) and reports the instructions of
# the last invoke, counted as Kinglet's firmware counts them (CMSDK timer, calibrated loop).
#
# The inputs are the host's `kinglet run --seed 0` ones (or --input .npy files, converted by the
# host tool), so TFLM's output bytes are compared with the host Kinglet's: `matches_kinglet`.
# --check-pip also runs pip's tflite-micro (PIP_PYTHON, default /work/main/.venv/bin/python) on the
# same inputs: `matches_pip`. --output writes TFLM's outputs as .npy.
# --json prints one object: kernels, instructions_per_invoke, first_invoke_instructions,
# prepare_instructions, arena_bytes (arena_used_bytes), flash_code_bytes (.text + .rodata + .data +
# ..., without the model), flash_model_bytes, operators, matches_kinglet, matches_pip.
#
# Exit status: 0 ran (outputs may still differ: see matches_*); 1 bad usage or TFLM refused the
# model (prepare failed, an operator TFLM lacks); 2 the build or the device failed.
#
# Environment: KINGLET (host kinglet; default: swift build --product kinglet), TFLM_LIB (a TFLM
# library built from the same tree by the same Makefile, its flags in TFLM_FLAGS, default
# flags.txt beside it: skips tflm_setup.sh), TFLM_CACHE,
# TFLM_MIRRORS, TFLM_COMMIT, TFLM_JOBS (see tflm_setup.sh), TFLM_DEVICE_TIMEOUT (seconds, 900),
# TFLM_ARENA_BYTES (default 1.5 MiB), QEMU.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${TFLM_CACHE:-$REPO/.build-tflm}
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${TFLM_DEVICE_TIMEOUT:-900}
PIP_PYTHON=${PIP_PYTHON:-/work/main/.venv/bin/python}
ARENA=${TFLM_ARENA_BYTES:-1572864}

usage() { sed -n '2,/^set -e/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "tflm_reference.sh: $1" >&2; exit "${2:-1}"; }

model="" kernels=cmsis_nn opt=default json=0 invokes=3 check_pip=0
inputs=() outputs=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --kernels) [[ $# -ge 2 ]] || die "--kernels needs cmsis_nn or reference"; kernels=$2; shift 2 ;;
        --kernels=*) kernels=${1#--kernels=}; shift ;;
        --input) [[ $# -ge 2 ]] || die "--input needs a file"; inputs+=("$2"); shift 2 ;;
        --output) [[ $# -ge 2 ]] || die "--output needs a file"; outputs+=("$2"); shift 2 ;;
        --invokes) [[ $# -ge 2 ]] || die "--invokes needs a number"; invokes=$2; shift 2 ;;
        --check-pip) check_pip=1; shift ;;
        --Os) opt=Os; shift ;;
        --json) json=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) [[ -z $model ]] || die "one model only (got '$model' and '$1')"; model=$1; shift ;;
    esac
done
[[ -n $model ]] || { usage >&2; exit 1; }
[[ -f $model ]] || die "$model: no such file"
[[ $kernels == cmsis_nn || $kernels == reference ]] || die "--kernels must be cmsis_nn or reference"
[[ $invokes =~ ^[1-9][0-9]*$ ]] || die "--invokes must be a positive number"
for tool in "$QEMU" arm-none-eabi-gcc arm-none-eabi-g++ timeout python3; do
    command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)"
done
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
model_path=$(absolute "$model")
for i in "${!inputs[@]}"; do inputs[$i]=$(absolute "${inputs[$i]}"); done
for i in "${!outputs[@]}"; do outputs[$i]=$(absolute "${outputs[$i]}"); done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tflm-device.XXXXXX")
[[ ${TFLM_DEVICE_KEEP:-0} == 1 ]] && echo "tflm_reference.sh: work directory $WORK" >&2 || trap 'rm -rf "$WORK"' EXIT

# --- TFLM's library (once per kernel set) and the harness (once per model) ---------------------
if [[ -n ${TFLM_LIB:-} ]]; then
    # A library made elsewhere from the same tree and Makefile; its flags in TFLM_FLAGS.
    LIB=$TFLM_LIB
    FLAGS=${TFLM_FLAGS:-$(dirname "$LIB")/flags.txt}
else
    LIB=$(nice -n 19 "$HERE/tflm_setup.sh" "$kernels" "$opt") || die "building TFLM failed" 2
    FLAGS=$(dirname "$(dirname "$LIB")")/flags.txt
fi
[[ -f $LIB && -f $FLAGS ]] || die "TFLM library $LIB or its flags $FLAGS missing" 2
SRC=$CACHE/tflite-micro
TFLM_CORE_OPTIMIZATION_LEVEL=-Os
eval "$(sed -E 's/^(CXXFLAGS|INCLUDES|CORE_OPTIMIZATION_LEVEL)=(.*)$/TFLM_\1="\2"/' "$FLAGS")"
# The harness is compiled as TFLM compiles its core (same flags, same defines, same ABI).
read -r -a cxxflags <<<"$TFLM_CXXFLAGS $TFLM_CORE_OPTIMIZATION_LEVEL"
read -r -a includes <<<"$TFLM_INCLUDES"
# TFLM's flags, relative to its source tree, made absolute.
for i in "${!includes[@]}"; do
    case "${includes[$i]}" in -I/*) ;; -I*) includes[$i]="-I$SRC/${includes[$i]#-I}" ;; esac
done
ARCH=(-mcpu=cortex-m4 -mthumb -mfloat-abi=soft -mfpu=auto -funsigned-char -mlittle-endian)

H=$HERE/tflm
key=$(
    {
        echo "$kernels $opt $invokes $ARENA"
        sha256sum < "$LIB"
        for f in "$H"/* "$REPO/device/firmware/semihost.c" "$REPO/device/firmware/semihost.h" "${BASH_SOURCE[0]}"; do sha256sum < "$f"; done
        sha256sum < "$model_path"
        arm-none-eabi-gcc --version | head -n1
    } | sha256sum | cut -c1-16
)
FW=$CACHE/fw/$key
if [[ ! -f $FW/fw.elf ]]; then
    mkdir -p "$CACHE/fw"
    B=$(mktemp -d "$CACHE/fw/tmp.XXXXXX")
    cp "$model_path" "$B/model.tflite"
    ops=$(python3 "$H/gen_ops.py" "$B/model.tflite" "$SRC" "$B/ops.inc") || { rm -rf "$B"; die "$model: $(tail -n1 <<<"$ops")" 1; }
    {
        nice -n 19 arm-none-eabi-g++ "${cxxflags[@]}" "${includes[@]}" -I "$B" -I "$REPO/device/firmware" \
            -DTFLM_INVOKES="$invokes" -DTFLM_ARENA_BYTES="$ARENA" -c "$H/harness.cc" -o "$B/harness.o" &&
        nice -n 19 arm-none-eabi-gcc "${ARCH[@]}" -Os -std=c11 -ffunction-sections -fdata-sections -I "$REPO/device/firmware" \
            -c "$H/startup.c" -o "$B/startup.o" &&
        nice -n 19 arm-none-eabi-gcc "${ARCH[@]}" -Os -std=c11 -ffunction-sections -fdata-sections -I "$REPO/device/firmware" \
            -c "$REPO/device/firmware/semihost.c" -o "$B/semihost.o" &&
        arm-none-eabi-gcc "${ARCH[@]}" -c "$H/model.S" -Wa,-I,"$B" -o "$B/model.o" &&
        nice -n 19 arm-none-eabi-g++ "${ARCH[@]}" -nostartfiles --specs=nano.specs -T "$H/tflm.ld" -Wl,--gc-sections \
            -Wl,-Map="$B/fw.map" "$B/startup.o" "$B/harness.o" "$B/semihost.o" "$B/model.o" \
            -Wl,--start-group "$LIB" -lm -lc -lgcc -lnosys -Wl,--end-group -o "$B/fw.elf"
    } >"$B/build.log" 2>&1 || { cat "$B/build.log" >&2; rm -rf "$B"; die "$model: building the TFLM harness failed" 2; }
    arm-none-eabi-size -A -d "$B/fw.elf" | awk -v ops="$ops" '
        $1 ~ /^\./ && NF >= 3 && $1 !~ /^\.(debug|comment|ARM\.attributes)/ {
            if ($1 == ".tflm_model") model += $2
            else if ($1 == ".stack" || $1 == ".arena") { }
            else if ($3 >= 536870912) { ram += $2; if ($1 == ".data") data += $2 }
            else flash += $2
        }
        END { printf "flash_code_bytes=%d\nflash_model_bytes=%d\nstatic_ram_bytes=%d\noperators=%s\n", flash + data, model, ram, ops }' \
        > "$B/sizes.txt"
    rm -rf "$FW"
    mv "$B" "$FW"
fi
sizes() { python3 "$HERE/device_io.py" get "$FW/sizes.txt" "$1"; }

# --- the inputs (and the host Kinglet's outputs) --------------------------------------------------
if [[ -z ${KINGLET:-} ]]; then
    (cd "$REPO" && nice -n 19 swift build --product kinglet >"$WORK/swift-build.log" 2>&1) \
        || { cat "$WORK/swift-build.log" >&2; die "building the host kinglet failed" 2; }
    KINGLET=$(cd "$REPO" && swift build --show-bin-path)/kinglet
fi
[[ -x $KINGLET ]] || die "host kinglet not found at $KINGLET"
host_args=(run "$model_path" --save-inputs "$WORK/host")
for input in "${inputs[@]}"; do host_args+=(--input "$input"); done
host_ran=1
"$KINGLET" "${host_args[@]}" --json >"$WORK/host.json" 2>"$WORK/host.err" || host_ran=0
if [[ $host_ran == 0 ]]; then
    # Kinglet refuses the model: its input generator still needs to have written the inputs.
    compgen -G "$WORK/host/input*.npy" >/dev/null \
        || die "$model: the host kinglet gave no inputs: $(tail -n1 "$WORK/host.err")" 1
fi
mkdir -p "$WORK/run"
for npy in "$WORK"/host/input*.npy; do
    [[ -e $npy ]] || continue
    python3 "$HERE/device_io.py" npy2bin "$npy" "$WORK/run/$(basename "$npy" .npy).bin"
done

# --- run ----------------------------------------------------------------------------------------
set +e
(cd "$WORK/run" && timeout "$TIMEOUT" "$QEMU" -M mps2-an386 -cpu cortex-m4 -nographic -monitor none \
    -semihosting-config enable=on,target=native -icount shift=0 -kernel "$FW/fw.elf" \
    </dev/null >"$WORK/qemu.out" 2>"$WORK/qemu.err")
rc=$?
set -e
case $rc in
    0) ;;
    124) die "$model: the device did not finish within ${TIMEOUT}s (timeout)" 2 ;;
    *) die "$model: the device stopped with exit status $rc: $(head -c 300 "$WORK/qemu.err")" 2 ;;
esac
RESULT=$WORK/run/result.txt
[[ -f $RESULT ]] || die "$model: the device wrote no result" 2
get() { python3 "$HERE/device_io.py" get "$RESULT" "$1"; }
expected=$(get calibration_expected)
measured=$(get calibration_instructions)
if [[ -z $expected || $measured -lt $((expected - 80)) || $measured -gt $((expected + 80)) ]]; then
    die "$model: the device timer measured ${measured:-nothing} instructions for a ${expected:-?}-instruction loop (is QEMU running with -icount shift=0?)" 2
fi
[[ $(get stage) == done ]] || die "$model: TFLM stopped at stage '$(get stage)'" 1

count=$(get outputs)
for ((i = 0; i < count; i++)); do
    python3 "$HERE/device_io.py" bin2npy "$RESULT" "$i" "$WORK/run/output$i.bin" "$WORK/run/output$i.npy"
done
for i in "${!outputs[@]}"; do
    [[ $i -lt $count ]] || die "$model: the model has $count output(s), got ${#outputs[@]} --output path(s)"
    cp "$WORK/run/output$i.npy" "${outputs[$i]}"
done

# Compares TFLM's output bytes with Kinglet's (host) and pip TFLM's, on the same input bytes.
matches_kinglet=null
if [[ $host_ran == 1 ]]; then
    out_args=()
    for ((i = 0; i < count; i++)); do out_args+=(--output "$WORK/host/koutput$i.npy"); done
    run_inputs=()
    for npy in "$WORK"/host/input*.npy; do run_inputs+=(--input "$npy"); done
    matches_kinglet=false
    if "$KINGLET" run "$model_path" "${run_inputs[@]}" "${out_args[@]}" >/dev/null 2>&1; then
        matches_kinglet=true
        for ((i = 0; i < count; i++)); do
            python3 "$HERE/device_io.py" npy2bin "$WORK/host/koutput$i.npy" "$WORK/host/koutput$i.bin"
            cmp -s "$WORK/host/koutput$i.bin" "$WORK/run/output$i.bin" || matches_kinglet=false
        done
    fi
fi
matches_pip=null
if [[ $check_pip == 1 ]]; then
    matches_pip=$("$PIP_PYTHON" "$H/pip_compare.py" "$model_path" "$WORK/host" "$WORK/run" "$count" 2>"$WORK/pip.err") \
        || die "$model: running pip tflite-micro failed: $(tail -n1 "$WORK/pip.err")" 2
fi

if [[ $json == 1 ]]; then
    python3 - "$RESULT" "$FW/sizes.txt" "$kernels" "$matches_kinglet" "$matches_pip" "$opt" <<'EOF'
import json, sys
def keys(path):
    return dict(line.rstrip("\n").split("=", 1) for line in open(path) if "=" in line)
result, sizes = keys(sys.argv[1]), keys(sys.argv[2])
def number(table, key):
    return int(table[key]) if table.get(key, "") != "" else None
print(json.dumps({
    "kernels": sys.argv[3],
    "kernel_optimization": "-Os" if sys.argv[6] == "Os" else "Makefile default (-O2)",
    "instructions_per_invoke": number(result, "instructions_per_invoke"),
    "first_invoke_instructions": number(result, "first_invoke_instructions"),
    "lowest_invoke_instructions": number(result, "lowest_invoke_instructions"),
    "invokes": number(result, "invokes"),
    "prepare_instructions": number(result, "prepare_instructions"),
    "arena_bytes": number(result, "arena_bytes"),
    "flash_code_bytes": number(sizes, "flash_code_bytes"),
    "flash_model_bytes": number(sizes, "flash_model_bytes"),
    "static_ram_bytes": number(sizes, "static_ram_bytes"),
    "operators": sizes.get("operators", "").split(),
    "matches_kinglet": json.loads(sys.argv[4]),
    "matches_pip": json.loads(sys.argv[5]),
}))
EOF
else
    echo "$model with TFLM ($kernels kernels$([[ $opt == Os ]] && echo ', -Os')) on Cortex-M4 (QEMU mps2-an386): ran, $count output(s)"
    echo "  flash        code $(sizes flash_code_bytes) + model $(sizes flash_model_bytes) bytes"
    echo "  RAM          arena $(get arena_bytes) + static $(sizes static_ram_bytes) bytes"
    echo "  invoke       $(get instructions_per_invoke) instructions (first of $(get invokes): $(get first_invoke_instructions); prepare: $(get prepare_instructions))"
    echo "  outputs      match host Kinglet: $matches_kinglet; match pip TFLM: $matches_pip"
fi
