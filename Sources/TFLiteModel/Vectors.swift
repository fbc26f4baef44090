import FlatBufferReader

/// A verified vector of little-endian scalars inside the model bytes (zero-copy).
public struct ScalarVector<Element: FixedWidthInteger>: RandomAccessCollection, @unchecked Sendable {
    public let buffer: ByteRegion
    public let span: VectorSpan

    public init(buffer: ByteRegion, span: VectorSpan) {
        self.buffer = buffer
        self.span = span
    }

    static func empty(_ buffer: ByteRegion) -> ScalarVector {
        ScalarVector(buffer: buffer, span: VectorSpan(start: 0, count: 0))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { span.count }

    public subscript(index: Int) -> Element {
        precondition(index >= 0 && index < span.count, "ScalarVector index out of range")
        return buffer.readUnchecked(Element.self, at: span.start + index * MemoryLayout<Element>.size)
    }
}

/// A verified vector of little-endian float32 values inside the model bytes (zero-copy): their
/// bits, read as a `ScalarVector<UInt32>`.
public struct FloatVector: RandomAccessCollection, @unchecked Sendable {
    public let bits: ScalarVector<UInt32>
    public var buffer: ByteRegion { bits.buffer }
    public var span: VectorSpan { bits.span }

    public init(buffer: ByteRegion, span: VectorSpan) {
        bits = ScalarVector(buffer: buffer, span: span)
    }

    static func empty(_ buffer: ByteRegion) -> FloatVector {
        FloatVector(buffer: buffer, span: VectorSpan(start: 0, count: 0))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bits.endIndex }

    public subscript(index: Int) -> Float { Float(bitPattern: bits[index]) }
}

/// A schema table type whose instances are views over verified bytes.
public protocol TableView {
    init(verified table: Table)
}

/// A verified vector of tables (zero-copy): element `i` is decoded on access.
public struct TableVector<Element: TableView>: RandomAccessCollection, @unchecked Sendable {
    public let buffer: ByteRegion
    public let span: VectorSpan

    init(buffer: ByteRegion, span: VectorSpan?) {
        self.buffer = buffer
        self.span = span ?? VectorSpan(start: 0, count: 0)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { span.count }

    public subscript(index: Int) -> Element {
        Element(verified: tableElement(buffer, span, index))
    }

    /// Element `index`, or nil when it is out of range (for indices read from the file).
    public func element(at index: Int) -> Element? {
        index >= 0 && index < span.count ? self[index] : nil
    }
}

/// A verified vector of strings inside the model bytes (zero-copy): element `i` is its raw UTF-8 bytes.
public struct StringVector: RandomAccessCollection, @unchecked Sendable {
    public let buffer: ByteRegion
    public let span: VectorSpan

    public init(buffer: ByteRegion, span: VectorSpan) {
        self.buffer = buffer
        self.span = span
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { span.count }

    public subscript(index: Int) -> ByteRegion {
        precondition(index >= 0 && index < span.count, "StringVector index out of range")
        let slot = span.start + 4 * index
        let string = VectorSpan.atVerified(buffer, slot + Int(buffer.readUnchecked(UInt32.self, at: slot)))
        return buffer.sliceUnchecked(at: string.start, count: string.count)
    }
}

extension Table {
    @usableFromInline
    func scalars<T: FixedWidthInteger>(_ field: Int, as: T.Type = T.self) -> ScalarVector<T> {
        ScalarVector(buffer: buffer, span: vector(field) ?? VectorSpan(start: 0, count: 0))
    }

    @usableFromInline
    func floats(_ field: Int) -> FloatVector {
        FloatVector(buffer: buffer, span: vector(field) ?? VectorSpan(start: 0, count: 0))
    }

    @usableFromInline
    func stringVector(_ field: Int) -> StringVector {
        StringVector(buffer: buffer, span: vector(field) ?? VectorSpan(start: 0, count: 0))
    }

    /// A string field's raw UTF-8 bytes (zero-copy, no terminator), or nil when absent.
    @usableFromInline
    func stringBytes(_ field: Int) -> ByteRegion? {
        guard let span = vector(field) else { return nil }
        return buffer.sliceUnchecked(at: span.start, count: span.count)
    }

    func tables<T: TableView>(_ field: Int, as: T.Type = T.self) -> TableVector<T> {
        TableVector(buffer: buffer, span: vector(field))
    }

    /// A string field decoded as UTF-8 (invalid sequences repaired), or nil when absent. Host only:
    /// nothing on the verify, load or invoke path reads text.
    func string(_ field: Int) -> String? {
        guard let span = vector(field) else { return nil }
        return buffer.decodeString(span)
    }
}

extension ByteRegion {
    /// The bytes of a verified span decoded as UTF-8, invalid sequences replaced.
    func decodeString(_ span: VectorSpan) -> String {
        let bytes = UnsafeRawBufferPointer(start: base + span.start, count: span.count)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Element `index` of a verified vector of tables: one function for every table type, so each use
/// is a call rather than the whole lookup (smaller device code).
@inline(never)
func tableElement(_ buffer: ByteRegion, _ span: VectorSpan, _ index: Int) -> Table {
    precondition(index >= 0 && index < span.count, "TableVector index out of range")
    let slot = span.start + 4 * index
    let target = slot + Int(buffer.readUnchecked(UInt32.self, at: slot))
    return Table.atVerified(buffer, target)
}
