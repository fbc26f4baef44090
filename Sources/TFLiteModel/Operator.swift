import FlatBufferReader

/// `tflite.Operator`: one node of a subgraph, referring to an `OperatorCode` by index.
public struct Operator: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field {
        static let opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3, builtinOptions = 4
        static let customOptions = 5, customOptionsFormat = 6, mutatingVariableInputs = 7
        static let intermediates = 8, largeCustomOptionsOffset = 9, largeCustomOptionsSize = 10
        static let builtinOptions2Type = 11, builtinOptions2 = 12
    }

    /// Index into `Model.operatorCodes`.
    public var opcodeIndex: UInt32 { table.scalar(Field.opcodeIndex, default: 0) }
    /// Input tensor indices; -1 marks an omitted optional input.
    public var inputs: ScalarVector<Int32> { table.scalars(Field.inputs) }
    public var outputs: ScalarVector<Int32> { table.scalars(Field.outputs) }
    public var intermediates: ScalarVector<Int32> { table.scalars(Field.intermediates) }

    /// The builtin options (from the `BuiltinOptions` union, else `BuiltinOptions2`), or nil when none.
    public var builtinOptions: BuiltinOptions? {
        let type: UInt8 = table.scalar(Field.builtinOptionsType, default: 0)
        if type != 0, let value = table.table(Field.builtinOptions) {
            return BuiltinOptions(union: .builtinOptions, type: type, table: value)
        }
        let type2: UInt8 = table.scalar(Field.builtinOptions2Type, default: 0)
        if type2 != 0, let value = table.table(Field.builtinOptions2) {
            return BuiltinOptions(union: .builtinOptions2, type: type2, table: value)
        }
        return nil
    }

    /// The options of `BuiltinOptions` member `type`, or nil when the operator has other options.
    public func options(ofType type: UInt8) -> Table? {
        guard table.scalar(Field.builtinOptionsType, default: UInt8(0)) == type else { return nil }
        return table.table(Field.builtinOptions)
    }

    public var customOptionsFormat: Int8 { table.scalar(Field.customOptionsFormat, default: 0) }
    var largeCustomOptionsOffset: UInt64 { table.scalar(Field.largeCustomOptionsOffset, default: 0) }
    var largeCustomOptionsSize: UInt64 { table.scalar(Field.largeCustomOptionsSize, default: 0) }

    /// Custom options bytes (inline, or the large-file offset/size form), zero-copy; empty when none.
    public func customOptions(in file: ByteRegion) -> ByteRegion {
        if largeCustomOptionsOffset > 1 {
            return file.sliceUnchecked(at: Int(largeCustomOptionsOffset), count: Int(largeCustomOptionsSize))
        }
        guard let span = table.vector(Field.customOptions) else { return file.sliceUnchecked(at: 0, count: 0) }
        return file.sliceUnchecked(at: span.start, count: span.count)
    }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationError) {
        _ = try v.scalar(t, Field.opcodeIndex, "opcode_index", size: 4)
        _ = try v.vector(t, Field.inputs, "inputs", elementSize: 4)
        _ = try v.vector(t, Field.outputs, "outputs", elementSize: 4)
        try v.union(t, typeField: Field.builtinOptionsType, "builtin_options",
                    memberCount: BuiltinOptionsSchema.tables.count - 1) { (v: inout Verifier, type: UInt8, table: Table) throws(VerificationError) in
            try BuiltinOptions.verify(&v, table, schema: BuiltinOptionsSchema.tables[Int(type)])
        }
        _ = try v.vector(t, Field.customOptions, "custom_options", elementSize: 1)
        _ = try v.scalar(t, Field.customOptionsFormat, "custom_options_format", size: 1)
        _ = try v.vector(t, Field.mutatingVariableInputs, "mutating_variable_inputs", elementSize: 1)
        _ = try v.vector(t, Field.intermediates, "intermediates", elementSize: 4)
        let offsetPosition = try v.scalar(t, Field.largeCustomOptionsOffset, "large_custom_options_offset", size: 8)
        let sizePosition = try v.scalar(t, Field.largeCustomOptionsSize, "large_custom_options_size", size: 8)
        let offset = offsetPosition.map { v.buffer.readUnchecked(UInt64.self, at: $0) } ?? 0
        let size = sizePosition.map { v.buffer.readUnchecked(UInt64.self, at: $0) } ?? 0
        if offset > 1 {
            let fileLength = UInt64(v.buffer.count)
            guard offset <= fileLength, size <= fileLength - offset else {
                throw v.error(.outOfBounds(length: size > UInt64(Int32.max) ? Int(Int32.max) : Int(size)),
                              at: offsetPosition ?? t.position)
            }
        }
        try v.union(t, typeField: Field.builtinOptions2Type, "builtin_options_2",
                    memberCount: BuiltinOptions2Schema.tables.count - 1) { (v: inout Verifier, type: UInt8, table: Table) throws(VerificationError) in
            try BuiltinOptions.verify(&v, table, schema: BuiltinOptions2Schema.tables[Int(type)])
        }
    }
}
