#!/usr/bin/env bash
# Builds libkinglet.a: Kinglet's core (FlatBufferReader, TFLiteModel, KingletKernels,
# KingletRuntime) and its C API (KingletDevice, include/kinglet.h) as Embedded Swift for a
# Cortex-M4F, module by module as SwiftPM would. Prints the path of the library on stdout.
#
#   tools/device/build_lib.sh [--force]
#
# Cached by content: the key hashes every source file of the five modules, kinglet.h, this script
# and the compiler's version, so a rebuild happens only when one of them changes. Cache:
# ${KINGLET_DEVICE_CACHE:-<repo>/.build-device}/lib/<key>/ (gitignored).
# Environment: SWIFTC (default: swiftc on PATH, else /opt/swift/usr/bin/swiftc), SWIFT_OPT
# (default -Osize).
#
# Checks, failing the build: every `kinglet_op_X` declared in kinglet.h is defined in the library
# and registers BuiltinOperator X, and every registration in OpResolver.allBuiltins has one.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${KINGLET_DEVICE_CACHE:-$REPO/.build-device}
SWIFTC=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
SWIFT_OPT=${SWIFT_OPT:--Osize}
MODULES=(FlatBufferReader TFLiteModel KingletKernels KingletRuntime KingletDevice)
FLAGS=(-target armv7em-none-none-eabi -enable-experimental-feature Embedded -wmo "$SWIFT_OPT"
       -parse-as-library -Xfrontend -function-sections ${KINGLET_SWIFT_FLAGS:-})
force=0
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build_lib.sh: unknown argument '$arg'" >&2; exit 2 ;;
    esac
done

die() { echo "build_lib.sh: error: $*" >&2; exit 1; }
[[ -x $SWIFTC ]] || command -v "$SWIFTC" >/dev/null || die "no swiftc (set SWIFTC)"
command -v arm-none-eabi-ar >/dev/null || die "arm-none-eabi-ar not found (apt-get install gcc-arm-none-eabi)"

# --- the cache key ---------------------------------------------------------------------------
key=$(
    {
        for module in "${MODULES[@]}"; do
            (cd "$REPO/Sources" && find "$module" -name '*.swift' -type f | LC_ALL=C sort | while read -r f; do
                echo "$f $(sha256sum < "$f" | cut -c1-64)"
            done)
        done
        sha256sum < "$REPO/include/kinglet.h"
        sha256sum < "${BASH_SOURCE[0]}"
        "$SWIFTC" -version 2>&1
        echo "${FLAGS[*]}"
    } | sha256sum | cut -c1-16
)
OUT=$CACHE/lib/$key
LIB=$OUT/libkinglet.a
if [[ $force == 0 && -f $LIB ]]; then
    echo "$LIB"
    exit 0
fi

# --- compile, module by module ---------------------------------------------------------------
WORK=$(mktemp -d "$CACHE/tmp.XXXXXX" 2>/dev/null || { mkdir -p "$CACHE" && mktemp -d "$CACHE/tmp.XXXXXX"; })
trap 'rm -rf "$WORK"' EXIT
for module in "${MODULES[@]}"; do
    mapfile -t sources < <(find "$REPO/Sources/$module" -name '*.swift' -type f | LC_ALL=C sort)
    ((${#sources[@]} > 0)) || die "no sources in Sources/$module"
    echo "build_lib.sh: compiling $module (${#sources[@]} files)" >&2
    "$SWIFTC" "${FLAGS[@]}" -module-name "$module" -I "$WORK" \
        -emit-module -emit-module-path "$WORK/$module.swiftmodule" \
        -c "${sources[@]}" -o "$WORK/$module.o" \
        || die "Embedded Swift compilation of $module failed"
done
objects=()
for module in "${MODULES[@]}"; do objects+=("$WORK/$module.o"); done
arm-none-eabi-ar rcs "$WORK/libkinglet.a" "${objects[@]}"

# --- check the operator entry points against kinglet.h and allBuiltins -----------------------
mapfile -t declared < <(grep -oE '^void kinglet_op_[A-Za-z0-9_]+\(' "$REPO/include/kinglet.h" | sed -E 's/^void (kinglet_op_[A-Za-z0-9_]+)\(/\1/' | LC_ALL=C sort)
mapfile -t defined < <(arm-none-eabi-nm -g --defined-only "$WORK/KingletDevice.o" | awk '{print $3}' | grep -E '^kinglet_op_' | LC_ALL=C sort)
[[ ${#declared[@]} -gt 0 ]] || die "kinglet.h declares no kinglet_op_ functions"
if [[ "${declared[*]}" != "${defined[*]}" ]]; then
    die "kinglet.h and KingletDevice disagree on the operators: $(comm -3 <(printf '%s\n' "${declared[@]}") <(printf '%s\n' "${defined[@]}") | tr -s '\t\n' '  ')"
fi
# kinglet_op_X writes .reg; .reg is OpRegistration(.case, ...); BuiltinOperator.case has code N; the
# schema's name for N must be X. And the registrations are exactly those of allBuiltins.
schema_names=$(grep -h 'static let builtinOperator = EnumNames' "$REPO/Sources/TFLiteNames/Generated/SchemaNames.swift")
registered=()
operator_sources=$(cat "$REPO"/Sources/KingletRuntime/Operators/*.swift | tr '\n' ' ' | tr -s ' ')
while read -r name reg; do
    if [[ $name == CUSTOM_* ]]; then
        # A custom operator: kinglet_op_CUSTOM_<code> writes .reg = OpRegistration(.custom, ..., customCode: "<code>").
        grep -qE "static let $reg = OpRegistration\( ?\.custom, [^)]*customCode: \"${name#CUSTOM_}\"" <<<"$operator_sources" \
            || die "kinglet_op_$name writes .$reg, which is no OpRegistration of custom code ${name#CUSTOM_}"
        registered+=("$reg")
        continue
    fi
    case_name=$(grep -hoE "static (let|var) $reg(: *OpRegistration)? *= *OpRegistration\(\.[A-Za-z0-9_]+" "$REPO"/Sources/KingletRuntime/Operators/*.swift \
        | sed -E 's/.*OpRegistration\(\.//' | head -n1)
    [[ -n $case_name ]] || die "kinglet_op_$name writes .$reg, which is no OpRegistration"
    raw=$(grep -hoE "static let $case_name = BuiltinOperator\(rawValue: *[0-9]+\)" "$REPO/Sources/TFLiteModel/BuiltinOperator.swift" | grep -oE '[0-9]+\)$' | tr -d ')')
    schema=$(grep -oE "\($raw, \"[A-Z0-9_]+\"\)" <<<"$schema_names" | grep -oE '"[A-Z0-9_]+"' | tr -d '"')
    # An int8-only variant (kinglet_op_X_INT8 writes .xInt8) registers the same operator as X.
    [[ $schema == "${name%_INT8}" ]] || die "kinglet_op_$name registers BuiltinOperator $raw, which the schema calls $schema"
    [[ $name == *_INT8 ]] || registered+=("$reg")
done < <(grep -oE '@_cdecl\("kinglet_op_[A-Za-z0-9_]+"\).*write\(\.[A-Za-z0-9_]+' "$REPO/Sources/KingletDevice/Operators.swift" \
         | sed -E 's/@_cdecl\("kinglet_op_([A-Za-z0-9_]+)"\).*write\(\.([A-Za-z0-9_]+)/\1 \2/')
mapfile -t builtins < <(sed -n '/OpResolver(\[/,/\])/p' "$REPO/Sources/KingletRuntime/OpResolver+Builtins.swift" | sed 's://.*$::' \
    | grep -oE '\.[A-Za-z_][A-Za-z0-9_]*' | sed 's/^\.//' | LC_ALL=C sort -u)
mapfile -t registered < <(printf '%s\n' "${registered[@]}" | LC_ALL=C sort -u)
if [[ "${builtins[*]}" != "${registered[*]}" ]]; then
    die "OpResolver.allBuiltins and the kinglet_op_ functions differ: $(comm -3 <(printf '%s\n' "${builtins[@]}") <(printf '%s\n' "${registered[@]}") | tr -s '\t\n' '  ')"
fi

mkdir -p "$OUT"
mv "$WORK/libkinglet.a" "$LIB"
echo "build_lib.sh: built $LIB" >&2
echo "$LIB"
