import FlatBufferReader

/// A zero-filled little-endian byte array written at explicit positions, for hand-made FlatBuffers.
struct HandMadeBuffer {
    var bytes: [UInt8]

    init(size: Int) { bytes = [UInt8](repeating: 0, count: size) }

    /// The first `size` bytes of `other`.
    init(size: Int, copying other: HandMadeBuffer) { bytes = Array(other.bytes.prefix(size)) }

    mutating func u8(_ value: UInt8, at position: Int) { bytes[position] = value }
    mutating func u16(_ value: UInt16, at position: Int) {
        for index in 0..<2 { bytes[position + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
    mutating func u32(_ value: UInt32, at position: Int) {
        for index in 0..<4 { bytes[position + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
    mutating func i32(_ value: Int32, at position: Int) { u32(UInt32(bitPattern: value), at: position) }
    mutating func ascii(_ text: String, at position: Int) {
        for (index, byte) in text.utf8.enumerated() { bytes[position + index] = byte }
    }

    /// Writes a table at `table` whose vtable is at `vtable`, with the given field offsets.
    mutating func table(at table: Int, vtable: Int, tableSize: UInt16, fields: [UInt16]) {
        u16(UInt16(4 + 2 * fields.count), at: vtable)
        u16(tableSize, at: vtable + 2)
        for (index, offset) in fields.enumerated() { u16(offset, at: vtable + 4 + 2 * index) }
        i32(Int32(table - vtable), at: table)
    }

    /// Writes a uoffset at `position` pointing to `target`.
    mutating func offset(at position: Int, to target: Int) { u32(UInt32(target - position), at: position) }

    func withRegion<R>(_ body: (ByteRegion) throws -> R) rethrows -> R {
        // Copy into 16-byte-aligned memory so alignment checks are relative to an aligned base, as in loaders.
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        defer { storage.deallocate() }
        bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
        return try body(ByteRegion(base: UnsafeRawPointer(storage.baseAddress!), count: bytes.count))
    }
}

/// A small test schema: `table Node { child: Node; value: int; name: string; items: [int]; kind: Union }`
/// with a union of one member (Node). Field slots: child 0, value 1, name 2, items 3, kind_type 4, kind 5.
enum Node {
    /// The schema's one table number.
    static let table: UInt16 = 7

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        try v.table(t, 0, kind: Node.table, Node.verify)
        _ = try v.scalar(t, 1, size: 4)
        _ = try v.string(t, 2)
        _ = try v.vector(t, 3, elementSize: 4)
        try v.union(t, typeField: 4, memberCount: 1) {
            (v: inout Verifier, _: UInt8, table: Table) throws(VerificationFault) in
            v.tableKind = Node.table
            try Node.verify(&v, table)
        }
    }

    /// The name table a host uses to render paths of this schema.
    static func fieldName(table: UInt16, field: UInt16) -> String {
        guard table == Node.table else { return "?\(table)" }
        return ["child", "value", "name", "items", "kind", "kind"][Int(field)]
    }

    static func verify(_ buffer: HandMadeBuffer, limits: VerifierLimits = .default) -> VerificationError? {
        buffer.withRegion { region -> VerificationError? in
            do throws(VerificationError) {
                try Verifier.verify(region, limits: limits) { (verifier) throws(VerificationFault) in
                    let root = try verifier.root(identifier: "NODE", kind: Node.table)
                    try Node.verify(&verifier, root)
                }
                return nil
            } catch {
                return error
            }
        }
    }
}

extension VerificationPath {
    /// The path in the test schema's names.
    var text: String { rendered(fieldName: Node.fieldName) }
}

extension VerificationError {
    /// The message in the test schema's names.
    var description: String { message(fieldName: Node.fieldName) }
}
