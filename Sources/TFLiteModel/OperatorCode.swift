import FlatBufferReader

/// `tflite.OperatorCode`: which operator an `Operator` runs, and at which version.
public struct OperatorCode: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field {
        static let deprecatedBuiltinCode = 0, customCode = 1, version = 2, builtinCode = 3
    }

    /// The operator: `max(deprecated_builtin_code, builtin_code)`, as TFLite reads it (files from
    /// before the 32-bit field set only the byte; newer files set both, with 127 as the placeholder).
    public var builtinCode: BuiltinOperator {
        BuiltinOperator(rawValue: Swift.max(Int32(deprecatedBuiltinCode), rawBuiltinCode))
    }
    public var deprecatedBuiltinCode: Int8 { table.scalar(Field.deprecatedBuiltinCode, default: 0) }
    public var rawBuiltinCode: Int32 { table.scalar(Field.builtinCode, default: 0) }
    /// The custom code (host only: decodes UTF-8 into a `String`); on a device use `customCodeBytes`.
    public var customCode: String? { table.string(Field.customCode) }
    /// The custom code's raw UTF-8 bytes (zero-copy, no terminator), or nil when absent.
    public var customCodeBytes: ByteRegion? { table.stringBytes(Field.customCode) }
    /// Whether the custom code is exactly `name`, compared byte for byte (no `String`).
    public func customCodeMatches(_ name: StaticString) -> Bool { customCodeBytes?.matches(name) ?? false }
    public var version: Int32 { table.scalar(Field.version, default: 1) }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.scalar(t, Field.deprecatedBuiltinCode, size: 1)
        _ = try v.string(t, Field.customCode)
        _ = try v.scalar(t, Field.version, size: 4)
        _ = try v.scalar(t, Field.builtinCode, size: 4)
    }
}
