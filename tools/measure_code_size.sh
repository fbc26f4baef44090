#!/usr/bin/env bash
# Measures Kinglet's code size as Embedded Swift for a Cortex-M4 (armv7em, Thumb-2) and prints
# Sources/KingletReport/CodeSizeTable.swift, the basis of the flash estimate in `kinglet budget`:
#
#   bash tools/measure_code_size.sh > Sources/KingletReport/CodeSizeTable.swift
#
# What it measures (see docs/code-size.md):
#   core      text+data of ONE object holding FlatBufferReader + TFLiteModel + KingletKernels +
#             TFLiteNames (the names the runtime's host messages still use) +
#             KingletRuntime, compiled as a single module with the operator list
#             (`OpResolver.allBuiltins`) empty;
#   operator  how much that object grows when allBuiltins holds only that one registration.
# One module, so nothing is counted twice and -wmo dead-function elimination can drop every kernel
# and registration the list does not reach: in the temporary copy the kernels and the
# registrations are made internal (the runtime's, reader's and model's public API stays public
# and is counted in the core). Nothing is linked: object sizes, no libc / Swift runtime support.
#
# Everything happens in a temporary directory; the repository is only read.
# Also measured: all operators together, and the support code most operators share (one build
# of the two operators that share least beyond it), for estimatedOperatorBytes(for:).
# Environment: SWIFTC (default swiftc), SIZE (default llvm-size, else size), NM (default llvm-nm,
# else nm), JOBS (parallel compilations, default nproc), KEEP_WORK=1 keeps the temporary directory.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOURCES=$REPO/Sources
SWIFTC=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
SIZE=${SIZE:-$(command -v llvm-size || command -v size)}
NM=${NM:-$(command -v llvm-nm || command -v nm)}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
TARGET=armv7em-none-none-eabi
FLAGS=(-target "$TARGET" -enable-experimental-feature Embedded -wmo -Osize -parse-as-library)

log() { echo "measure_code_size: $*" >&2; }
die() { log "error: $*"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kinglet-codesize.XXXXXX")
case "$WORK/" in "$REPO"/*) die "temporary directory $WORK is inside the repository" ;; esac
if [[ ${KEEP_WORK:-0} == 1 ]]; then log "work directory: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

# --- a snapshot of the sources (others may be editing the repository meanwhile) ----------------
SNAP=$WORK/snapshot
mkdir -p "$SNAP"
for module in FlatBufferReader TFLiteModel TFLiteNames KingletKernels KingletRuntime; do cp -R "$SOURCES/$module" "$SNAP/$module"; done
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain -- Sources/FlatBufferReader Sources/TFLiteModel Sources/TFLiteNames Sources/KingletKernels Sources/KingletRuntime 2>/dev/null) ]]; then
    COMMIT="$COMMIT+local changes"
fi

# --- the operators to measure: every registration listed in OpResolver.allBuiltins -------------
BUILTINS_FILE=$SNAP/KingletRuntime/OpResolver+Builtins.swift
OPERATORS_DIR=$SNAP/KingletRuntime/Operators
# `.name` tokens inside OpResolver([ ... ]).
mapfile -t REGISTRATIONS < <(
    sed -n '/OpResolver(\[/,/\])/p' "$BUILTINS_FILE" | sed 's://.*$::' \
        | grep -oE '\.[A-Za-z_][A-Za-z0-9_]*' | sed 's/^\.//' | grep -v '^OpResolver$' | awk '!seen[$0]++'
)
((${#REGISTRATIONS[@]} > 0)) || die "no registrations found in $BUILTINS_FILE"

# Registration name -> BuiltinOperator case -> raw value -> the schema's spelling.
declare -A OPNAME
for reg in "${REGISTRATIONS[@]}"; do
    case_name=$(grep -hoE "static (let|var) $reg(: *OpRegistration)? *= *OpRegistration\(\.[A-Za-z0-9_]+" "$OPERATORS_DIR"/*.swift \
        | sed -E 's/.*OpRegistration\(\.//' | head -n1)
    [[ -n $case_name ]] || die "registration .$reg (in allBuiltins) not found under $OPERATORS_DIR"
    raw=$(grep -hoE "static let $case_name = BuiltinOperator\(rawValue: *[0-9]+\)" "$SNAP/TFLiteModel/BuiltinOperator.swift" \
        | grep -oE '[0-9]+\)$' | tr -d ')')
    [[ -n $raw ]] || die "BuiltinOperator.$case_name has no raw value in TFLiteModel/BuiltinOperator.swift"
    name=$(grep -h 'static let builtinOperator = EnumNames' "$SNAP/TFLiteNames/Generated/SchemaNames.swift" \
        | grep -oE "\($raw, \"[A-Z0-9_]+\"\)" | grep -oE '"[A-Z0-9_]+"' | tr -d '"')
    [[ -n $name ]] || die "builtin operator code $raw has no name in the schema tables"
    OPNAME[$reg]=$name
done

# --- the temporary copy of the sources --------------------------------------------------------
SRC=$WORK/src
mkdir -p "$SRC"
cp -R "$SNAP/FlatBufferReader" "$SRC/reader"
cp -R "$SNAP/TFLiteModel" "$SRC/model"
# The runtime still names operators and options in its host messages (TFLiteNames) until its errors are typed.
cp -R "$SNAP/TFLiteNames" "$SRC/names"
cp -R "$SNAP/KingletKernels" "$SRC/kernels"
cp -R "$SNAP/KingletRuntime" "$SRC/runtime"
rm "$SRC/runtime/OpResolver+Builtins.swift"   # each build supplies its own list
find "$SRC" -name '*.swift' -print0 | xargs -0 sed -i -E '/^import (FlatBufferReader|TFLiteModel|TFLiteNames|KingletKernels)([[:space:]]|$).*$/d'
# Kernels: internal, so whatever no registration reaches is dead code.
find "$SRC/kernels" -name '*.swift' -print0 | xargs -0 sed -i -E \
    -e 's/(^|[[:space:]])(public|open)[[:space:]]+/\1/g' -e 's/@(inlinable|usableFromInline)[[:space:]]*//g'
# Registrations: internal, so only the one in the list survives.
find "$SRC/runtime/Operators" -name '*.swift' -print0 | xargs -0 sed -i -E \
    's/public[[:space:]]+static[[:space:]]+(let|var)[[:space:]]+([A-Za-z0-9_]+)([[:space:]]*:[[:space:]]*OpRegistration)?[[:space:]]*=[[:space:]]*OpRegistration\(/static \1 \2\3 = OpRegistration(/'

# One build: the common sources plus an allBuiltins holding the registrations named after the label.
build() { # build <label> [registration...]
    local dir=$WORK/build/$1 list="" reg
    shift
    for reg in "$@"; do list+="${list:+, }.$reg"; done
    mkdir -p "$dir"
    cat > "$dir/OpResolver+Builtins.swift" <<EOF
extension OpResolver {
    public static var allBuiltins: OpResolver {
        OpResolver([$list])
    }
}
EOF
    local files=()
    mapfile -t files < <(find "$SRC" -name '*.swift' | LC_ALL=C sort)
    (cd "$dir" && "$SWIFTC" "${FLAGS[@]}" -module-name Kinglet -c "${files[@]}" "$dir/OpResolver+Builtins.swift" \
        -o "$dir/kinglet.o") > "$dir/log" 2>&1
}
flash_bytes() { # text + data (Berkeley format; text includes .rodata and .ARM.exidx)
    "$SIZE" "$1" | awk 'NR == 2 { print $1 + $2 }'
}

# The empty build. Runtime declarations whose signatures name a (now internal) kernel type are
# helpers for operators: make them internal too, until the build compiles.
log "building the core (no operator registered)"
for attempt in $(seq 1 20); do
    if build empty; then break; fi
    mapfile -t fixes < <(grep -oE "^$SRC/[^:]+:[0-9]+:[0-9]+: error: .*cannot be declared public" "$WORK/build/empty/log" \
        | cut -d: -f1,2 | sort -u)
    if ((${#fixes[@]} == 0)) || ((attempt == 20)); then
        cat "$WORK/build/empty/log" >&2
        die "the core does not compile"
    fi
    for fix in "${fixes[@]}"; do
        sed -i -E "${fix##*:}s/(^|[[:space:]])public[[:space:]]+/\\1/" "${fix%:*}"
        log "made internal: ${fix#"$SRC"/}"
    done
done
CORE=$(flash_bytes "$WORK/build/empty/kinglet.o")
log "core: $CORE bytes"

# One build per registration, $JOBS at a time. A registration that does not compile as Embedded
# Swift is reported and left out of the table (it then falls back to unknownOperatorBytes).
log "building ${#REGISTRATIONS[@]} single-operator variants, $JOBS at a time"
running=0
for reg in "${REGISTRATIONS[@]}"; do
    build "$reg" "$reg" &
    running=$((running + 1))
    if ((running >= JOBS)); then wait -n || true; running=$((running - 1)); fi
done
while ((running > 0)); do wait -n || true; running=$((running - 1)); done

declare -A BYTES
MEASURED=() UNMEASURED=()
for reg in "${REGISTRATIONS[@]}"; do
    object=$WORK/build/$reg/kinglet.o
    if [[ ! -f $object ]]; then
        log "warning: ${OPNAME[$reg]} (.$reg) does not compile as Embedded Swift; not measured:"
        grep -m3 'error:' "$WORK/build/$reg/log" | sed "s|$SRC/||; s/^/    /" >&2 || true
        UNMEASURED+=("${OPNAME[$reg]}")
        continue
    fi
    total=$(flash_bytes "$object")
    delta=$((total - CORE))
    ((delta > 0)) || die "registering only .$reg does not grow the object ($total vs $CORE bytes): dead-code elimination is not isolating operators"
    BYTES[${OPNAME[$reg]}]=$delta
    MEASURED+=("$reg")
    log "$(printf '%-18s %7d bytes' "${OPNAME[$reg]}" "$delta")"
done
((${#MEASURED[@]} > 0)) || die "no operator compiled"
# --- code shared by the operators ------------------------------------------------------------
# Most operators pull in the same support code (kernel error messages, string formatting, shape
# helpers), and it is inside each of their single-operator figures. Find it from the symbols each
# single-operator object adds to the core: the symbols at least half the operators add are the
# shared set; an operator uses it when it adds nearly all of it (resource-variable operators do
# not). Then measure its size exactly, strings and unwind entries included, as the overlap of the
# two users that share the least beyond it: d(a) + d(b) - d(a and b together).
symbols() { "$NM" --print-size --defined-only --radix=d "$1" | awk 'NF == 4 { print $4, $2 + 0 }' | LC_ALL=C sort -u; }
symbols "$WORK/build/empty/kinglet.o" > "$WORK/build/empty/symbols"
for reg in "${MEASURED[@]}"; do
    symbols "$WORK/build/$reg/kinglet.o" | LC_ALL=C join -v1 - "$WORK/build/empty/symbols" > "$WORK/build/$reg/added-symbols"
done
ANALYSIS=$(for reg in "${MEASURED[@]}"; do awk -v op="$reg" '{ print op, $1, $2 }' "$WORK/build/$reg/added-symbols"; done | awk '
    { if (!($1 in ops)) { ops[$1] = 1; n++ }; size[$1, $2] = $3; count[$2]++; if ($3 > biggest[$2]) biggest[$2] = $3 }
    END {
        for (s in count) if (count[s] * 2 >= n) { shared[s] = 1; sharedBytes += biggest[s] }
        for (op in ops) {
            covered = 0
            for (s in shared) if ((op, s) in size) covered += biggest[s]
            if (sharedBytes > 0 && covered >= 0.9 * sharedBytes) { user[op] = 1; users++; print "user", op }
        }
        best = -1
        for (a in user) for (b in user) if (a < b) {
            overlap = 0
            for (key in size) {
                split(key, part, SUBSEP)
                if (part[1] == a && ((b, part[2]) in size)) overlap += (size[a, part[2]] < size[b, part[2]] ? size[a, part[2]] : size[b, part[2]])
            }
            if (best < 0 || overlap < best) { best = overlap; pa = a; pb = b }
        }
        if (best >= 0) print "pair", pa, pb, best
        print "symbols", sharedBytes
    }')
mapfile -t SHARED_USERS < <(awk '$1 == "user" { print $2 }' <<< "$ANALYSIS" | LC_ALL=C sort)
read -r PAIR_A PAIR_B PAIR_SYMBOLS < <(awk '$1 == "pair" { print $2, $3, $4 }' <<< "$ANALYSIS") || true
log "operators using the shared code: ${#SHARED_USERS[@]} of ${#MEASURED[@]}; shared symbols $(awk '$1 == "symbols" { print $2 }' <<< "$ANALYSIS") bytes"

log "building all ${#MEASURED[@]} measured operators together${PAIR_A:+, and ${OPNAME[$PAIR_A]} with ${OPNAME[$PAIR_B]}}"
build all-operators "${MEASURED[@]}" &
if [[ -n ${PAIR_A:-} ]]; then build shared-pair "$PAIR_A" "$PAIR_B" & fi
wait || true
for dir in all-operators ${PAIR_A:+shared-pair}; do
    [[ -f $WORK/build/$dir/kinglet.o ]] || { cat "$WORK/build/$dir/log" >&2; die "the $dir build failed"; }
done
ALL=$(($(flash_bytes "$WORK/build/all-operators/kinglet.o") - CORE))
log "all operators together: $ALL bytes"
SUM=0 MAX=0
for name in "${!BYTES[@]}"; do
    SUM=$((SUM + BYTES[$name]))
    if ((BYTES[$name] > MAX)); then MAX=${BYTES[$name]}; fi
done
((ALL >= MAX && ALL <= SUM)) || die "all operators together ($ALL) should lie between the largest ($MAX) and the sum ($SUM) of the single ones"
SHARED=0
if [[ -n ${PAIR_A:-} ]]; then
    A=${BYTES[${OPNAME[$PAIR_A]}]} B=${BYTES[${OPNAME[$PAIR_B]}]}
    SHARED=$((A + B - ($(flash_bytes "$WORK/build/shared-pair/kinglet.o") - CORE)))
    ((SHARED >= PAIR_SYMBOLS && SHARED <= (A < B ? A : B))) \
        || die "shared code measured as $SHARED bytes: not between its symbols ($PAIR_SYMBOLS) and the smaller operator (${OPNAME[$PAIR_A]} $A, ${OPNAME[$PAIR_B]} $B)"
fi
if [[ -n ${PAIR_A:-} ]]; then PAIR_NOTE="${OPNAME[$PAIR_A]} and ${OPNAME[$PAIR_B]}"; else PAIR_NOTE="no pair: fewer than two operators use it"; fi
log "shared by ${#SHARED_USERS[@]} operators: $SHARED bytes (measured with $PAIR_NOTE)"
declare -A USES_SHARED
for reg in "${SHARED_USERS[@]}"; do USES_SHARED[${OPNAME[$reg]}]=1; done
ESTIMATE=$SHARED
for name in "${!BYTES[@]}"; do
    if [[ -n ${USES_SHARED[$name]:-} ]]; then ESTIMATE=$((ESTIMATE + BYTES[$name] - SHARED)); else ESTIMATE=$((ESTIMATE + BYTES[$name])); fi
done
log "estimate for all operators together: $ESTIMATE bytes (measured $ALL; plain sum $SUM)"
# Plausibility: a convolution is more code than a reshape.
if [[ -n ${BYTES[CONV_2D]:-} && -n ${BYTES[RESHAPE]:-} ]] && ((BYTES[CONV_2D] <= BYTES[RESHAPE])); then
    die "CONV_2D (${BYTES[CONV_2D]}) measured no larger than RESHAPE (${BYTES[RESHAPE]}): implausible"
fi

# Fallback for operators without a measurement: the median (lower middle for an even count).
mapfile -t SORTED_NAMES < <(printf '%s\n' "${!BYTES[@]}" | LC_ALL=C sort)
mapfile -t SORTED_BYTES < <(printf '%s\n' "${BYTES[@]}" | sort -n)
MEDIAN=${SORTED_BYTES[$(((${#SORTED_BYTES[@]} - 1) / 2))]}

TOOLCHAIN=$("$SWIFTC" --version 2>/dev/null | grep -m1 -oE 'Swift version [^ ]+( \([^)]*\))?' || echo "unknown Swift")
DATE=$(date -u +%Y-%m-%d)
if ((${#UNMEASURED[@]} > 0)); then
    UNMEASURED_NOTE="Not measured (do not compile as Embedded Swift; they fall back to unknownOperatorBytes): ${UNMEASURED[*]}."
else
    UNMEASURED_NOTE="Every registration in OpResolver.allBuiltins was measured."
fi

cat <<EOF
// GENERATED by tools/measure_code_size.sh — do not edit; regenerate with
//   bash tools/measure_code_size.sh > Sources/KingletReport/CodeSizeTable.swift
//
// Measured code size of Kinglet compiled as Embedded Swift for a Cortex-M4 (Thumb-2), the basis of
// the flash estimate in \`kinglet budget\`. Bytes are text + data (\`size\`; text includes read-only
// data and the ARM unwind index) of one object file holding FlatBufferReader, TFLiteModel,
// KingletKernels and KingletRuntime compiled as a single module (-wmo -Osize) — not linked, so no
// libc, compiler-rt or Swift runtime support code is included, and not the size of TFLM.
//   coreBytes          the object with OpResolver.allBuiltins empty (no kernel code survives)
//   operatorBytes[op]  how much the object grows when allBuiltins holds only that operator's
//                      registration
//   sharedOperatorBytes  support code (kernel error messages, string formatting, shape helpers)
//                      that every operator in operatorsUsingSharedCode pulls in: it is inside each
//                      of their operatorBytes, so a plain sum over a model's operators counts it
//                      once per operator. estimatedOperatorBytes(for:) counts it once.
// Sources: $COMMIT. $UNMEASURED_NOTE
// See docs/code-size.md.

/// Measured Embedded Swift code size of Kinglet's core and of each operator, in bytes.
public enum CodeSizeTable {
    /// Toolchain, target, flags and date of the measurement.
    public static let measuredWith: String = "$TOOLCHAIN, -target $TARGET -enable-experimental-feature Embedded -wmo -Osize, object text+data before linking, $DATE (sources $COMMIT)"

    /// Reader, model, runtime (and the kernel code the runtime itself reaches) with no operator registered.
    public static let coreBytes: Int = $CORE

    /// Code added by registering only that operator, keyed by the schema's name of the builtin.
    public static let operatorBytes: [String: Int] = [
EOF
for name in "${SORTED_NAMES[@]}"; do
    printf '        "%s": %d,\n' "$name" "${BYTES[$name]}"
done
cat <<EOF
    ]

    /// Estimate for an operator without a measurement: the median of \`operatorBytes\`
    /// (the lower middle value when their count is even).
    public static let unknownOperatorBytes: Int = $MEDIAN

    /// How much the object grows with every operator in \`operatorBytes\` registered at once.
    public static let allOperatorsBytes: Int = $ALL

    /// Support code shared by the operators in \`operatorsUsingSharedCode\`, included in each of
    /// their \`operatorBytes\`: what registering two of them together saves against the sum of
    /// the two alone (measured with $PAIR_NOTE).
    public static let sharedOperatorBytes: Int = $SHARED

    /// Measured operators whose code includes the shared support code.
    public static let operatorsUsingSharedCode: Set<String> = [
EOF
for name in "${SORTED_NAMES[@]}"; do
    if [[ -n ${USES_SHARED[$name]:-} ]]; then printf '        "%s",\n' "$name"; fi
done
cat <<EOF
    ]

    /// Code for the operators a model uses, given by schema name (duplicates count once). The
    /// shared support code is counted once, then each operator's bytes beyond it. An operator with
    /// no measurement counts as \`unknownOperatorBytes\` and as a user of the shared code. Exact
    /// for a single operator. For several, it is high by whatever they share beyond the support
    /// code, such as common helpers of the arithmetic or pooling operators: $ESTIMATE bytes for all
    /// measured operators, which measure $ALL together. Add \`coreBytes\` for the whole interpreter.
    public static func estimatedOperatorBytes<Names: Sequence>(for builtinNames: Names) -> Int where Names.Element == String {
        var seen: Set<String> = []
        var total = 0
        var usesShared = false
        for name in builtinNames where seen.insert(name).inserted {
            let bytes = operatorBytes[name] ?? unknownOperatorBytes
            if operatorBytes[name] == nil || operatorsUsingSharedCode.contains(name) {
                usesShared = true
                total += max(0, bytes - sharedOperatorBytes)
            } else {
                total += bytes
            }
        }
        return usesShared ? total + sharedOperatorBytes : total
    }
}
EOF
log "done"
