// libFuzzer target over the FlexBuffers reader (custom operators' options):
//   bytes → FlexBuffer.verify → a walk of every value with the accessors of its type, every key looked up;
//   bytes → FlexBuffer.root → every accessor on every value reachable, unverified.
// Every read must end in a value or a FlexBufferError; what verify accepts must read without an error.
// A trap, a hang or an AddressSanitizer report is a bug.
//
// Built outside SwiftPM by tools/fuzz.sh. Not part of `swift build`.

import FlatBufferReader

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let region = ByteRegion(base: start, count: count)
    do throws(FlexBufferError) {
        let root = try FlexBuffer.verify(region)
        do throws(FlexBufferError) {
            var visited = 0
            try readVerified(root, depth: 1, visited: &visited)
        } catch {
            preconditionFailure("a verified buffer failed to read: \(error)")
        }
    } catch {
        precondition(error.offset.map { $0 >= 0 && $0 <= count } ?? true, "an error's offset is outside the buffer")
    }
    if let root = try? FlexBuffer.root(region) {
        var budget = 4096
        readAnything(root, depth: 0, budget: &budget)
    }
    return 0
}

/// Reads `value` as its type says, recursing as `verify` does; throws only if the reader disagrees
/// with its own verification.
func readVerified(_ value: FlexValue, depth: Int, visited: inout Int) throws(FlexBufferError) {
    visited += 1
    precondition(depth <= FlexBufferLimits.default.maxDepth && visited <= FlexBufferLimits.default.maxValues)
    switch value.type {
    case .null: break
    case .int, .indirectInt:
        let number = try value.asInt64()
        _ = try? value.asInt32()
        _ = try value.asDouble()
        let truth = try value.asBool()
        precondition(truth == (number != 0))
    case .uint, .indirectUInt:
        let number = try value.asUInt64()
        _ = try value.asDouble()
        let truth = try value.asBool()
        precondition(truth == (number != 0))
    case .bool: _ = try value.asBool()
    case .float, .indirectFloat: _ = try value.asFloat()
    case .key:
        let key = try value.asKey(), text = try value.asString()
        precondition(key.count == text.count && key.base == text.base)
    case .string: _ = try value.asString()
    case .blob: _ = try value.asBlob()
    case .map:
        let map = try value.asMap()
        let values = try value.asVector()
        precondition(values.count == map.count)
        for index in 0..<map.count {
            let key = try map.key(at: index)
            let bytes = UnsafeRawBufferPointer(start: key.base, count: key.count)
            let found = try map.index(ofKey: bytes)
            precondition(found != nil && found! <= index, "a key of the map is not found")
            try readVerified(try map.value(at: index), depth: depth + 1, visited: &visited)
        }
    default:
        let vector = try value.asVector()
        let typedScalars = vector.elementType.map { $0 != .key } ?? false
        if typedScalars { visited -= 1 }  // verify counts a typed vector of scalars once
        for index in 0..<vector.count {
            let element = try vector.element(at: index)
            if typedScalars {
                var ignored = 0
                try readVerified(element, depth: depth, visited: &ignored)
            } else {
                try readVerified(element, depth: depth + 1, visited: &visited)
            }
        }
        if typedScalars { visited += 1 }
    }
}

/// Every accessor on every value reachable, unverified (to a depth of 40 and `budget` values).
func readAnything(_ value: FlexValue, depth: Int, budget: inout Int) {
    budget -= 1
    guard depth < 40, budget > 0 else { return }
    _ = try? value.asInt64()
    _ = try? value.asInt32()
    _ = try? value.asUInt64()
    _ = try? value.asUInt32()
    _ = try? value.asDouble()
    _ = try? value.asFloat()
    _ = try? value.asBool()
    _ = try? value.asKey()
    _ = try? value.asString()
    _ = try? value.asBlob()
    if let map = try? value.asMap() {
        _ = try? map.index(ofKey: "T")
        _ = try? map.value(forKey: "fft_length")
        _ = try? map.require("channels_in")
        for index in 0..<min(map.count, 64) {
            _ = try? map.key(at: index)
            if let child = try? map.value(at: index) { readAnything(child, depth: depth + 1, budget: &budget) }
        }
    }
    if let vector = try? value.asVector() {
        for index in 0..<min(vector.count, 64) {
            if let child = try? vector.element(at: index) { readAnything(child, depth: depth + 1, budget: &budget) }
        }
        _ = try? vector.element(at: vector.count)
    }
}
