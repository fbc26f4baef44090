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
    public var customCode: String? { table.string(Field.customCode) }
    public var version: Int32 { table.scalar(Field.version, default: 1) }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationError) {
        _ = try v.scalar(t, Field.deprecatedBuiltinCode, "deprecated_builtin_code", size: 1)
        _ = try v.string(t, Field.customCode, "custom_code")
        _ = try v.scalar(t, Field.version, "version", size: 4)
        _ = try v.scalar(t, Field.builtinCode, "builtin_code", size: 4)
    }
}
