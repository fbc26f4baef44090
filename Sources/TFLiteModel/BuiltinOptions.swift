import FlatBufferReader

/// An operator's builtin options table: any member of the `BuiltinOptions` or `BuiltinOptions2`
/// union, untyped. Kernels read it through a typed view (`Operator.options(_:)`); host tools print it
/// by name (TFLiteNames).
public struct BuiltinOptions: @unchecked Sendable {
    public typealias Union = OptionsUnion

    public let union: Union
    /// The union type (1-based member index).
    public let type: UInt8
    public let table: Table

    public init(union: Union, type: UInt8, table: Table) {
        self.union = union
        self.type = type
        self.table = table
    }

    /// Verifies every field of member `member`'s options table that a reader may read, from its
    /// compact descriptor (`OptionsDescriptors`): no names, no heap, no lazy initialization.
    static func verify(
        _ v: inout Verifier, _ t: Table, member: UInt8, descriptors: StaticString
    ) throws(VerificationFault) {
        let bytes = descriptors.utf8Start
        func number(at position: Int) -> Int { Int(bytes[position]) | Int(bytes[position + 1]) << 7 }
        let index = Int(member) - 1  // the union verifier has checked 1 <= member <= count
        var position = number(at: 2 * index)
        let end = number(at: 2 * index + 2)
        v.tableKind = UInt16(number(at: position))
        position += 2
        while position < end {
            let field = Int(bytes[position])
            let kind = Int(bytes[position + 1])
            position += 2
            switch kind {
            case 0x20: _ = try v.string(t, field)
            case 0x21: try v.strings(t, field)
            case 0x10...0x18: _ = try v.vector(t, field, elementSize: kind & 0xF)
            default: _ = try v.scalar(t, field, size: kind)
            }
        }
    }
}
