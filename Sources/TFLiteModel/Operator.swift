import FlatBufferReader

/// `tflite.Operator`: one node of a subgraph, referring to an `OperatorCode` by index.
public struct Operator: TableView, @unchecked Sendable {
    @usableFromInline let table: Table
    public init(verified table: Table) { self.table = table }

    @usableFromInline
    enum Field {
        @usableFromInline static let builtinOptionsType = 3, builtinOptions = 4
        @usableFromInline static let builtinOptions2Type = 11, builtinOptions2 = 12
        static let opcodeIndex = 0, inputs = 1, outputs = 2
        static let customOptions = 5, customOptionsFormat = 6, mutatingVariableInputs = 7
        static let intermediates = 8, largeCustomOptionsOffset = 9, largeCustomOptionsSize = 10
    }

    /// Index into `Model.operatorCodes` (a uint32 in the file, clamped like `Tensor.buffer`).
    public var opcodeIndex: Int { fileIndex(rawOpcodeIndex) }
    var rawOpcodeIndex: UInt32 { table.scalar(Field.opcodeIndex, default: 0) }
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

    /// The operator's options as the typed view `T`: `.absent` when it has none (`T.defaults` applies),
    /// `.present` when they are a `T`, `.otherType` (with the union and member found) otherwise.
    /// Reads two bytes of the operator table; no names, no allocation.
    @inlinable
    public func options<T: OptionsTable>(_: T.Type) -> OptionsLookup<T> {
        let type: UInt8 = table.scalar(Field.builtinOptionsType, default: 0)
        if type != 0, let value = table.table(Field.builtinOptions) {
            return T.union == .builtinOptions && type == T.member
                ? .present(T(value)) : .otherType(union: .builtinOptions, type: type)
        }
        let type2: UInt8 = table.scalar(Field.builtinOptions2Type, default: 0)
        if type2 != 0, let value = table.table(Field.builtinOptions2) {
            return T.union == .builtinOptions2 && type2 == T.member
                ? .present(T(value)) : .otherType(union: .builtinOptions2, type: type2)
        }
        return .absent
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

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.scalar(t, Field.opcodeIndex, size: 4)
        _ = try v.vector(t, Field.inputs, elementSize: 4)
        _ = try v.vector(t, Field.outputs, elementSize: 4)
        try v.union(
            t, typeField: Field.builtinOptionsType,
            memberCount: OptionsDescriptors.builtinOptionsCount
        ) { (v: inout Verifier, type: UInt8, table: Table) throws(VerificationFault) in
            try BuiltinOptions.verify(&v, table, member: type, descriptors: OptionsDescriptors.builtinOptions)
        }
        _ = try v.vector(t, Field.customOptions, elementSize: 1)
        _ = try v.scalar(t, Field.customOptionsFormat, size: 1)
        _ = try v.vector(t, Field.mutatingVariableInputs, elementSize: 1)
        _ = try v.vector(t, Field.intermediates, elementSize: 4)
        try v.offsetPayload(t, offset: Field.largeCustomOptionsOffset, size: Field.largeCustomOptionsSize)
        try v.union(
            t, typeField: Field.builtinOptions2Type,
            memberCount: OptionsDescriptors.builtinOptions2Count
        ) { (v: inout Verifier, type: UInt8, table: Table) throws(VerificationFault) in
            try BuiltinOptions.verify(&v, table, member: type, descriptors: OptionsDescriptors.builtinOptions2)
        }
    }
}
