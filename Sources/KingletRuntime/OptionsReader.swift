import KingletKernels
import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

/// Reads one operator's builtin options by schema field name, with schema defaults when the
/// table or the field is absent.
public struct OptionsReader {
    let options: BuiltinOptions?
    let schema: OptionsTableSchema
    let context: PrepareContext

    /// Options of BuiltinOptions member `type` (see `BuiltinOptionsSchema.tables`).
    public init(_ context: PrepareContext, type: UInt8) throws(RuntimeError) {
        let schema = BuiltinOptionsSchema.tables[Int(type)]
        self.schema = schema
        self.context = context
        self.options = try context.options(type: type, name: schema.name)
    }

    /// Options of the BuiltinOptions member named `tableName` (e.g. "StridedSliceOptions").
    public init(_ context: PrepareContext, named tableName: StaticString) throws(RuntimeError) {
        guard let type = BuiltinOptionsSchema.tables.firstIndex(where: { sameText($0.name, tableName) }) else {
            throw context.fail("unknown options table \(tableName)")
        }
        try self.init(context, type: UInt8(type))
    }

    func value(_ name: StaticString) throws(RuntimeError) -> OptionValue {
        if let options, let value = options.value(named: name) { return value }
        for field in schema.fields where sameText(field.name, name) {
            switch field.kind {
            case .bool(let fallback): return .bool(fallback)
            case .int(_, _, let fallback): return .int(fallback)
            case .float(_, let fallback): return .float(fallback)
            case .enumeration(let names, _, _, let fallback): return .enumeration(fallback, names.describe(fallback))
            case .intVector: return .ints([])
            case .floatVector: return .floats([])
            case .boolVector: return .bools([])
            case .string: return .string("")
            case .stringVector: return .strings([])
            case .unsupported: break
            }
        }
        throw context.fail("options field \(name) is not part of \(schema.name)")
    }

    public func int(_ name: StaticString) throws(RuntimeError) -> Int {
        switch try value(name) {
        case .int(let value): return Int(truncatingIfNeeded: value)
        case .enumeration(let value, _): return Int(truncatingIfNeeded: value)
        case .bool(let value): return value ? 1 : 0
        default: throw context.fail("options field \(name) is not an integer")
        }
    }

    public func bool(_ name: StaticString) throws(RuntimeError) -> Bool {
        guard case .bool(let value) = try value(name) else { throw context.fail("options field \(name) is not a bool") }
        return value
    }

    public func float(_ name: StaticString) throws(RuntimeError) -> Float {
        guard case .float(let value) = try value(name) else { throw context.fail("options field \(name) is not a float") }
        return Float(value)
    }

    public func ints(_ name: StaticString) throws(RuntimeError) -> [Int] {
        guard case .ints(let values) = try value(name) else { throw context.fail("options field \(name) is not an int vector") }
        return values.map { Int(truncatingIfNeeded: $0) }
    }

    public func activation(_ name: StaticString = "fused_activation_function") throws(RuntimeError) -> FusedActivation {
        let raw = try int(name)
        guard let activation = FusedActivation(flatbufferValue: raw) else {
            throw context.fail("unknown fused activation \(raw)")
        }
        return activation
    }

    public func padding(_ name: StaticString = "padding") throws(RuntimeError) -> Padding {
        let raw = try int(name)
        guard let padding = Padding(flatbufferValue: raw) else { throw context.fail("unknown padding \(raw)") }
        return padding
    }
}

/// BuiltinOptions union member numbers of the options the runtime reads (checked by a test
/// against the generated schema tables).
public enum OptionsType {
    public static let conv2D: UInt8 = 1
    public static let depthwiseConv2D: UInt8 = 2
    public static let pool2D: UInt8 = 5
    public static let fullyConnected: UInt8 = 8
    public static let softmax: UInt8 = 9
    public static let concatenation: UInt8 = 10
    public static let add: UInt8 = 11
    public static let reshape: UInt8 = 17
    public static let mul: UInt8 = 21
    public static let pad: UInt8 = 22
    public static let reducer: UInt8 = 27
    public static let sub: UInt8 = 28
    public static let squeeze: UInt8 = 30
    public static let dequantize: UInt8 = 38
    public static let padV2: UInt8 = 43
    public static let expandDims: UInt8 = 52
    public static let quantize: UInt8 = 89
}
