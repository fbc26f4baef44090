/// A table whose header and vtable the `Verifier` has checked.
///
/// Its readers are unchecked: callers read only the fields their table type's `verify` checked.
/// An absent field reads as the schema default.
public struct Table: @unchecked Sendable {
    public let buffer: ByteRegion
    public let position: Int
    @usableFromInline let vtable: Int
    @usableFromInline let vtableSize: Int
    @usableFromInline let tableSize: Int

    @usableFromInline
    init(buffer: ByteRegion, position: Int, vtable: Int, vtableSize: Int, tableSize: Int) {
        self.buffer = buffer
        self.position = position
        self.vtable = vtable
        self.vtableSize = vtableSize
        self.tableSize = tableSize
    }

    /// Offset of `field` from the table start, or 0 when absent.
    @inline(never)  // called, not inlined: one copy keeps device code small
    public func fieldOffset(_ field: Int) -> Int {
        let entry = 4 + 2 * field
        guard entry + 2 <= vtableSize else { return 0 }
        return Int(buffer.readUnchecked(UInt16.self, at: vtable + entry))
    }

    @inlinable
    public func has(_ field: Int) -> Bool { fieldOffset(field) != 0 }

    @inlinable
    public func scalar<T: FixedWidthInteger>(_ field: Int, default value: T) -> T {
        let offset = fieldOffset(field)
        return offset == 0 ? value : buffer.readUnchecked(T.self, at: position + offset)
    }

    @inlinable
    public func float(_ field: Int, default value: Float) -> Float {
        let offset = fieldOffset(field)
        return offset == 0 ? value : buffer.readFloatUnchecked(at: position + offset)
    }

    @inlinable
    public func double(_ field: Int, default value: Double) -> Double {
        let offset = fieldOffset(field)
        return offset == 0 ? value : buffer.readDoubleUnchecked(at: position + offset)
    }

    @inlinable
    public func bool(_ field: Int, default value: Bool = false) -> Bool {
        scalar(field, default: UInt8(value ? 1 : 0)) != 0
    }

    /// Target position of an offset field, or nil when absent.
    @inline(never)  // called, not inlined: one copy keeps device code small
    public func offsetTarget(_ field: Int) -> Int? {
        let offset = fieldOffset(field)
        if offset == 0 { return nil }
        let at = position + offset
        return at + Int(buffer.readUnchecked(UInt32.self, at: at))
    }

    @inline(never)  // called, not inlined: one copy keeps device code small
    public func table(_ field: Int) -> Table? {
        offsetTarget(field).map { Table.atVerified(buffer, $0) }
    }

    @inline(never)  // called, not inlined: one copy keeps device code small
    public func vector(_ field: Int) -> VectorSpan? {
        offsetTarget(field).map { VectorSpan.atVerified(buffer, $0) }
    }

    /// A table with no fields: every field reads as its default (an operator's options when it has none).
    /// Its buffer is empty and never read.
    @inlinable
    public static var empty: Table {
        Table(
            buffer: ByteRegion(base: UnsafeRawPointer(bitPattern: 16)!, count: 0), position: 0, vtable: 0,
            vtableSize: 0, tableSize: 0)
    }

    /// A verified table at `position` (re-reads the vtable header; no checks).
    @inline(never)  // called, not inlined: one copy keeps device code small
    public static func atVerified(_ buffer: ByteRegion, _ position: Int) -> Table {
        let vtable = position - Int(buffer.readUnchecked(Int32.self, at: position))
        return Table(
            buffer: buffer, position: position, vtable: vtable,
            vtableSize: Int(buffer.readUnchecked(UInt16.self, at: vtable)),
            tableSize: Int(buffer.readUnchecked(UInt16.self, at: vtable + 2)))
    }
}

extension VectorSpan {
    /// The verified vector whose length field is at `position`.
    @inlinable
    public static func atVerified(_ buffer: ByteRegion, _ position: Int) -> VectorSpan {
        VectorSpan(start: position + 4, count: Int(buffer.readUnchecked(UInt32.self, at: position)))
    }
}
