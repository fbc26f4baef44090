import FlatBufferReader
import TFLiteModel

/// A custom operator's `custom_options`, as the reports show them: decoded when they are a valid
/// FlexBuffers value (`custom_options_format` 0, the only format TFLite defines), else the bytes.
public enum CustomOptions: Equatable, Sendable {
    /// The operator has no custom options.
    case none
    /// A FlexBuffers value (a map, for every custom operator known: LCE's, TFLM's signal library).
    case decoded(Value)
    /// Bytes that are not FlexBuffers (the reader's error), or of another format (error nil).
    case bytes(count: Int, prefix: [UInt8], error: FlexBufferError?)

    /// A decoded FlexBuffers value.
    public indirect enum Value: Equatable, Sendable {
        case null
        case int(Int64)
        case uint(UInt64)
        /// A float; `single` when it was stored in 4 bytes (printed as a float32).
        case float(Double, single: Bool)
        case bool(Bool)
        /// A string or a key (bytes decoded as UTF-8, invalid sequences replaced).
        case string(String)
        case blob([UInt8])
        /// Any vector (untyped, typed, fixed).
        case vector([Value])
        /// Keys in their stored (sorted) order.
        case map([(String, Value)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): return true
            case (.int(let a), .int(let b)): return a == b
            case (.uint(let a), .uint(let b)): return a == b
            case (.float(let a, let x), .float(let b, let y)): return x == y && (a == b || (a.isNaN && b.isNaN))
            case (.bool(let a), .bool(let b)): return a == b
            case (.string(let a), .string(let b)): return a == b
            case (.blob(let a), .blob(let b)): return a == b
            case (.vector(let a), .vector(let b)): return a == b
            case (.map(let a), .map(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: return false
            }
        }
    }

    /// Bytes of options that are not decoded shown in hex, at most.
    public static let hexLimit = 64

    /// Limits on the decoding of one operator's options (a report may read many operators, some of
    /// which a hostile file points at the same bytes).
    static let limits = FlexBufferLimits(maxDepth: 16, maxValues: 4096)

    /// The options of `op` in `model`. `budget` (values left to decode in this report) bounds the
    /// work over all operators; options past it are shown as bytes with a `valueLimit` error.
    public static func of(_ op: Operator, in model: Model, budget: inout Int) -> CustomOptions {
        let region = op.customOptions(in: model.bytes)
        guard region.count > 0 else { return .none }
        let prefix = (0..<min(region.count, hexLimit)).map { region[$0] }
        guard op.customOptionsFormat == 0 else { return .bytes(count: region.count, prefix: prefix, error: nil) }
        do throws(FlexBufferError) {
            let allowed = FlexBufferLimits(maxDepth: limits.maxDepth, maxValues: min(limits.maxValues, budget))
            guard allowed.maxValues > 0 else { throw .valueLimit(offset: 0) }
            let root = try FlexBuffer.verify(region, limits: allowed)
            var count = 0
            let value = try decode(root, depth: 1, count: &count)
            budget -= count
            return .decoded(value)
        } catch {
            return .bytes(count: region.count, prefix: prefix, error: error)
        }
    }

    /// Every operator's options, by subgraph, under one budget for the report.
    public static func all(_ model: Model) -> [[CustomOptions]] {
        var budget = 1 << 16
        return model.subgraphs.map { subgraph in subgraph.operators.map { of($0, in: model, budget: &budget) } }
    }

    /// The tree of a verified value. It recurses as `FlexBuffer.verify` does, so it stays within
    /// the limits that verification passed.
    static func decode(_ value: FlexValue, depth: Int, count: inout Int) throws(FlexBufferError) -> Value {
        count += 1
        switch value.type {
        case .null: return .null
        case .int, .indirectInt: return .int(try value.asInt64())
        case .uint, .indirectUInt: return .uint(try value.asUInt64())
        case .bool: return .bool(try value.asBool())
        case .float: return .float(try value.asDouble(), single: value.parentWidth == 4)
        case .indirectFloat: return .float(try value.asDouble(), single: value.byteWidth == 4)
        case .key, .string: return .string(text(try value.asString()))
        case .blob: return .blob(bytes(try value.asBlob()))
        case .map:
            let map = try value.asMap()
            var members: [(String, Value)] = []
            for index in 0..<map.count {
                members.append(
                    (
                        text(try map.key(at: index)),
                        try decode(try map.value(at: index), depth: depth + 1, count: &count)
                    ))
            }
            return .map(members)
        default:
            let vector = try value.asVector()
            var elements: [Value] = []
            for index in 0..<vector.count {
                elements.append(try decode(try vector.element(at: index), depth: depth + 1, count: &count))
            }
            return .vector(elements)
        }
    }

    static func bytes(_ region: ByteRegion) -> [UInt8] { (0..<region.count).map { region[$0] } }
    static func text(_ region: ByteRegion) -> String { String(decoding: bytes(region), as: UTF8.self) }

    // MARK: JSON

    /// `custom_options` of `inspect --json`: the decoded value (ints and floats as numbers, bools,
    /// strings, vectors as arrays, maps as objects, blobs as arrays of bytes), else null.
    var json: JSONValue {
        guard case .decoded(let value) = self else { return .null }
        return CustomOptions.json(value)
    }

    static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: return .null
        case .int(let value): return .integer(value)
        case .uint(let value): return .unsigned(value)
        case .float(let value, let single): return single ? .float(Float(value)) : .double(value)
        case .bool(let value): return .bool(value)
        case .string(let value): return .string(value)
        case .blob(let bytes): return .ints(bytes)
        case .vector(let elements): return .array(elements.map(json))
        case .map(let members): return .object(members.map { ($0.0, json($0.1)) })
        }
    }

    /// `custom_options_hex`: the bytes of options that are not decoded, when at most `hexLimit`.
    var jsonHex: JSONValue {
        guard case .bytes(let count, let prefix, _) = self, count <= CustomOptions.hexLimit else { return .null }
        return .string(CustomOptions.hex(prefix, separator: ""))
    }

    /// `custom_options_error`: why FlexBuffers options did not decode.
    var jsonError: JSONValue {
        guard case .bytes(_, _, let error?) = self else { return .null }
        return .string(CustomOptions.message(error))
    }

    // MARK: Text

    /// The options as `inspect` prints them: a map's `key=value` pairs, another value as itself, or the
    /// byte count (with the bytes when short, and why they are not FlexBuffers).
    var text: String? {
        switch self {
        case .none: return nil
        case .decoded(.map(let members)):
            if members.isEmpty { return "{} (empty map)" }
            return members.map { "\(printable($0.0))=\(CustomOptions.text($0.1))" }.joined(separator: " ")
        case .decoded(let value): return CustomOptions.text(value)
        case .bytes(let count, let prefix, let error):
            var line = "\(grouped(count)) B"
            if let error {
                line += ", not FlexBuffers (\(CustomOptions.message(error)))"
            } else {
                line += " (not FlexBuffers format)"
            }
            if count <= 16 { line += ": " + CustomOptions.hex(prefix, separator: " ") }
            return line
        }
    }

    /// Vectors longer than this show their first elements and a count.
    static let textElements = 16

    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .float(let value, let single): return single ? Float(value).description : value.description
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return "\"" + printable(value) + "\""
        case .blob(let bytes):
            return "blob[\(bytes.count)]" + (bytes.count <= 16 ? "(" + hex(bytes, separator: "") + ")" : "")
        case .vector(let elements):
            var items = elements.prefix(textElements).map(text)
            if elements.count > textElements { items.append("…(\(elements.count) in all)") }
            return "[" + items.joined(separator: ",") + "]"
        case .map(let members):
            return "{" + members.map { "\(printable($0.0))=\(text($0.1))" }.joined(separator: " ") + "}"
        }
    }

    static func hex(_ bytes: [UInt8], separator: String) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: separator)
    }

    /// The text of a FlexBuffers reader error (offsets are into the options' bytes).
    public static func message(_ error: FlexBufferError) -> String {
        switch error {
        case .outOfBounds(let offset): return "out of bounds at byte \(offset)"
        case .badWidth(let offset): return "bad byte width at byte \(offset)"
        case .badType(let offset): return "unknown type at byte \(offset)"
        case .badKey(let offset): return "unterminated or too long key at byte \(offset)"
        case .unsortedKeys(let offset): return "map keys out of order at byte \(offset)"
        case .badMap(let offset): return "map keys and values differ in count at byte \(offset)"
        case .notAMap(let offset): return "not a map at byte \(offset)"
        case .notAVector(let offset): return "not a vector at byte \(offset)"
        case .missingKey: return "missing key"
        case .typeMismatch(let offset): return "unexpected type at byte \(offset)"
        case .outOfRange(let offset): return "value out of range at byte \(offset)"
        case .indexOutOfRange(let offset): return "index out of range in the vector at byte \(offset)"
        case .depthLimit(let offset): return "nested deeper than \(limits.maxDepth) at byte \(offset)"
        case .valueLimit(let offset): return "more values than the report decodes, at byte \(offset)"
        }
    }
}
