#!/usr/bin/env bash
# Checks that the reader core (FlatBufferReader + TFLiteModel) is device-clean: it compiles as ONE
# Embedded Swift object for a Cortex-M4, and
#   1. what Model.verify reaches (and the typed options accessors, custom-code bytes) references no
#      allocator (swift_allocObject, swift_slowAlloc, posix_memalign, malloc), no lazy global
#      (swift_once), no String or Unicode support (_swift_stdlib_*, $sS... String entry points):
#      a probe calling them is linked with --gc-sections from that probe and its undefined symbols
#      must be only memcpy/memset-style and stack-protector helpers; so does the FlexBuffers reader
#      of custom options (probe_flex: verify, map lookups, typed values, vectors);
#   2. the object holds none of the schema's names (operator, enum or field names).
#
#   bash tools/check_reader_embedded.sh      # exit 0 when clean; KEEP_WORK=1 keeps the directory
#
# Needs swiftc with the Embedded feature and arm-none-eabi binutils (Debian: binutils-arm-none-eabi).
# The repository is only read.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SWIFTC=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
NM=${NM:-arm-none-eabi-nm}
LD=${LD:-arm-none-eabi-ld}
command -v "$NM" >/dev/null && command -v "$LD" >/dev/null || { echo "check_reader_embedded: needs $NM and $LD" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kinglet-reader-embedded.XXXXXX")
if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "work directory: $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK/src"
for file in "$REPO"/Sources/FlatBufferReader/*.swift "$REPO"/Sources/TFLiteModel/*.swift "$REPO"/Sources/TFLiteModel/Generated/*.swift; do
    sed -E '/^import (FlatBufferReader)([[:space:]]|$).*$/d' "$file" > "$WORK/src/$(basename "$file")"
done
cat > "$WORK/src/Probe.swift" <<'SWIFT'
/// Verify only: what a device does with a model before loading it.
@_cdecl("probe_verify")
public func probeVerify(p: UnsafeRawPointer, n: Int) -> Int32 {
    do throws(VerificationError) {
        let model = try Model.verify(ByteRegion(base: p, count: n))
        return Int32(truncatingIfNeeded: model.subgraphs.count)
    } catch {
        // Everything an error carries, so none of it can be dropped.
        var sum = Int32(truncatingIfNeeded: error.offset) &+ Int32(error.path.depth)
        for position in 0..<error.path.count {
            let segment = error.path[position]
            sum &+= Int32(segment.table) &+ Int32(segment.field) &+ (segment.index ?? -1)
        }
        if case .identifierMismatch(let expected, let found) = error.kind { sum &+= Int32(bitPattern: expected ^ found) }
        return -sum
    }
}

/// Verify, then read options through the typed views and custom codes as bytes, as prepare would.
@_cdecl("probe_options")
public func probeOptions(p: UnsafeRawPointer, n: Int) -> Int32 {
    guard let model = try? Model.verify(ByteRegion(base: p, count: n)) else { return -1 }
    var sum: Int32 = 0
    for graph in model.subgraphs {
        for op in graph.operators {
            switch op.options(Conv2DOptions.self) {
            case .present(let conv): sum &+= conv.strideW &+ conv.dilationHFactor &+ Int32(conv.padding)
            case .absent: sum &+= Conv2DOptions.defaults.dilationWFactor
            case .otherType(_, let type): sum &+= Int32(type)
            }
            if let reshape = op.options(ReshapeOptions.self).orDefaults { for d in reshape.newShape { sum &+= d } }
            if let handle = op.options(VarHandleOptions.self).orDefaults, let name = handle.sharedName { sum &+= Int32(name.count) }
            if let softmax = op.options(SoftmaxOptions.self).orDefaults { sum &+= Int32(softmax.beta) }
            if let concat = op.options(StablehloConcatenateOptions.self).orDefaults { sum &+= Int32(truncatingIfNeeded: concat.dimension) }
            if model.operatorCodes[Int(op.opcodeIndex)].customCodeMatches("TFLite_Detection_PostProcess") { sum &+= 1 }
        }
    }
    return sum
}

/// Read a custom operator's FlexBuffers options, as a kernel's prepare would: verify, a map, keys
/// looked up as bytes, typed values, a vector; every error's offset.
@_cdecl("probe_flex")
public func probeFlex(p: UnsafeRawPointer, n: Int) -> Int32 {
    do throws(FlexBufferError) {
        let root = try FlexBuffer.verify(ByteRegion(base: p, count: n))
        let map = try root.asMap()
        var sum = try map.require("fft_length").asInt32()
        if let shift = try map.value(forKey: "T") { sum &+= try shift.asInt32() }
        if try map.value(forKey: "clamping")?.asBool() ?? false { sum &+= 1 }
        sum &+= Int32(try map.require("scale").asFloat())
        sum &+= Int32(truncatingIfNeeded: try map.require("big").asUInt64())
        sum &+= Int32(try map.require("name").asString().count)
        let weights = try map.require("weights").asVector()
        for index in 0..<weights.count { sum &+= try weights.element(at: index).asInt32() }
        let values = try root.asVector()
        if values.count > 0 { sum &+= Int32(truncatingIfNeeded: try values.element(at: 0).asInt64()) }
        return sum
    } catch {
        if case .missingKey = error { return -1 }
        return -Int32(truncatingIfNeeded: error.offset ?? 0)
    }
}
SWIFT

(cd "$WORK" && "$SWIFTC" -target armv7em-none-none-eabi -enable-experimental-feature Embedded -wmo -Osize \
    -parse-as-library -module-name KingletReader -Xfrontend -function-sections -c src/*.swift -o reader.o)
echo "reader core as one Embedded Swift object: $(wc -c < "$WORK/reader.o") bytes"

status=0
# libgcc helpers only: memory moves, 64-bit shifts and division, and (FlexBuffers' asDouble/asFloat,
# the M4F having no double-precision FPU) the soft-double conversions.
ALLOWED='^(__aeabi_mem(cpy|cpy4|cpy8|move|move4|set|set4|clr|clr4|clr8)|__aeabi_ll(sl|sr)|__aeabi_l(asr|div|mod)|__aeabi_uldivmod|__aeabi_(d2f|f2d|l2d|ul2d)|__stack_chk_(fail|guard))$'
for entry in probe_verify probe_options probe_flex; do
    "$LD" --gc-sections -e "$entry" --unresolved-symbols=ignore-all -o "$WORK/$entry.elf" "$WORK/reader.o"
    undefined=$("$NM" -u "$WORK/$entry.elf" | awk '{ print $2 }')
    echo "$entry: undefined after --gc-sections: $(echo $undefined)"
    unexpected=$(grep -vE "$ALLOWED" <<< "$undefined" || true)
    if [[ -n $unexpected ]]; then echo "  NOT CLEAN: $(echo $unexpected)"; status=1; fi
    # Defined code kept from the entry point must not include heap, lazy-global or String support.
    kept=$("$NM" "$WORK/$entry.elf" | awk '{ print $NF }' | grep -E 'swift_(allocObject|slowAlloc|once|retain|release)|posix_memalign|^malloc$|_swift_stdlib_|^\$e(s)?SS|s7UnicodeO' || true)
    if [[ -n $kept ]]; then echo "  NOT CLEAN (kept): $(echo $kept | head -c 400)"; status=1; fi
    size=$(arm-none-eabi-size "$WORK/$entry.elf" 2>/dev/null | awk 'NR == 2 { print $1 + $2 }' || echo "?")
    echo "  linked text+data from $entry: $size bytes"
done

# 2. No schema names anywhere in the object's data (they live in the host-only TFLiteNames):
#    look at the stripped object (no symbol or section names, which mention Swift declarations).
arm-none-eabi-strip --strip-all -o "$WORK/reader-stripped.o" "$WORK/reader.o"
names=$(strings -n 6 "$WORK/reader-stripped.o" | grep -vE '^\.(rel\.)?(text|ARM|rodata|data|bss)' | grep -E 'CONV_2D|DEPTHWISE_CONV_2D|FULLY_CONNECTED|fused_activation_function|operator_codes|Conv2DOptions|subgraphs' || true)
if [[ -n $names ]]; then echo "schema names in the object: $(echo $names | head -c 300)"; status=1; else echo "schema names in the object: none"; fi
if ((status == 0)); then echo "reader core: device-clean"; else echo "reader core: NOT device-clean"; fi
exit $status
