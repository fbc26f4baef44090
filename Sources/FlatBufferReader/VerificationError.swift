/// Why a buffer failed verification, where (byte offset), and in which field (a typed path that
/// host tools render as e.g. `subgraphs[0].tensors[17].shape`).
///
/// Integer payloads only: making, copying or throwing one neither allocates nor touches `String`.
public struct VerificationError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The buffer is smaller than the 8-byte minimum or larger than the verifier's limit.
        case bufferSize(Int)
        /// A read of `length` bytes at the error's offset would leave the buffer.
        case outOfBounds(length: Int)
        /// A value at the error's offset is not aligned to `alignment` bytes.
        case misaligned(alignment: Int)
        /// A table's vtable lies outside the buffer or has an impossible size.
        case invalidVTable(size: Int)
        /// A field's offset in the vtable points outside its table.
        case fieldOutsideTable(field: Int)
        /// A vector's element count times element size overflows or exceeds the buffer.
        case vectorTooLong(elements: UInt32)
        /// A string lacks its zero terminator.
        case unterminatedString
        /// A union's type is set but its value is absent.
        case unionTypeWithoutValue(type: UInt8)
        /// A union's type is outside the union's members.
        case unknownUnionType(UInt8)
        /// A required field is absent.
        case missingField
        /// Tables nest deeper than the verifier's limit.
        case depthLimit(Int)
        /// More tables than the verifier's limit.
        case tableLimit(Int)
        /// The 4-byte file identifier differs from the one expected. Both are the 4 bytes read as a
        /// little-endian `UInt32` (the first byte is the low byte): see `FileIdentifier`.
        case identifierMismatch(expected: UInt32, found: UInt32)
    }

    public var kind: Kind
    /// Byte offset into the buffer where the problem was found.
    public var offset: Int
    /// Field path from the root; empty for the root itself.
    public var path: VerificationPath

    public init(_ kind: Kind, offset: Int, path: VerificationPath = VerificationPath()) {
        self.kind = kind
        self.offset = offset
        self.path = path
    }

    /// `fault`, found at `path`.
    public init(_ fault: VerificationFault, path: VerificationPath) {
        self.init(fault.kind, offset: fault.offset, path: path)
    }
}

/// What the verifier's checks throw: the kind and the byte offset only. It is small, so passing it
/// up through every check stays cheap (on a Cortex-M4 an error of the path's size made the verifier
/// 16 KB larger); the field path stays in the `Verifier` (`failurePath`), and
/// `Verifier.verify(_:limits:_:)` joins the two into a `VerificationError`.
public struct VerificationFault: Error, Equatable, Sendable {
    public var kind: VerificationError.Kind
    public var offset: Int

    public init(_ kind: VerificationError.Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// A 4-byte file identifier as a little-endian `UInt32`: byte 0 of the identifier is the low byte.
public enum FileIdentifier {
    /// The identifier spelled by the 4-byte `text` (e.g. `"TFL3"`), compared byte for byte.
    @inlinable
    public static func value(_ text: StaticString) -> UInt32 {
        text.withUTF8Buffer { bytes in
            precondition(bytes.count == 4, "a file identifier has 4 bytes")
            return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        }
    }
}

/// Where in the buffer's table tree verification was: up to `capacity` segments from the root, each
/// a field of a table (the schema's table number and the field's vtable id) and, for an element of a
/// vector of tables or strings, the element index. Fixed size: recording it never allocates.
public struct VerificationPath: Equatable, Sendable {
    /// One step from a table to a field (and into one element of it when `index` is not nil).
    public struct Segment: Equatable, Sendable {
        /// The schema's number for the table holding the field (schema-defined; `unknownTable` when
        /// the verifier was not told).
        public var table: UInt16
        /// The field's vtable id (for a union, the id of its type field).
        public var field: UInt16
        @usableFromInline var rawIndex: Int32

        /// The element index inside the field's vector, or nil when the path stops at the field.
        public var index: Int32? { rawIndex < 0 ? nil : rawIndex }

        public init(table: UInt16, field: UInt16, index: Int32? = nil) {
            self.table = table
            self.field = field
            self.rawIndex = index ?? -1
        }
    }

    /// The table number of tables whose schema the caller did not name.
    @inlinable public static var unknownTable: UInt16 { 0xFFFF }
    /// The number of segments kept; deeper paths keep their first `capacity` segments.
    @inlinable public static var capacity: Int { 8 }

    @usableFromInline var storage: (Segment, Segment, Segment, Segment, Segment, Segment, Segment, Segment)
    /// The path's length, which may exceed `capacity` (the segments beyond it are not kept).
    public private(set) var depth: Int = 0

    public init() {
        let empty = Segment(table: 0, field: 0)
        storage = (empty, empty, empty, empty, empty, empty, empty, empty)
    }

    /// The number of segments kept: `min(depth, capacity)`.
    public var count: Int { depth < VerificationPath.capacity ? depth : VerificationPath.capacity }
    public var isEmpty: Bool { depth == 0 }
    /// Whether segments beyond `capacity` were dropped.
    public var isTruncated: Bool { depth > VerificationPath.capacity }

    public subscript(position: Int) -> Segment {
        get {
            precondition(position >= 0 && position < count, "VerificationPath index out of range")
            return withUnsafeBytes(of: storage) {
                $0.load(fromByteOffset: position * MemoryLayout<Segment>.stride, as: Segment.self)
            }
        }
        set {
            precondition(position >= 0 && position < count, "VerificationPath index out of range")
            withUnsafeMutableBytes(of: &storage) {
                $0.storeBytes(of: newValue, toByteOffset: position * MemoryLayout<Segment>.stride, as: Segment.self)
            }
        }
    }

    /// Appends `segment` (counted but not kept beyond `capacity`).
    public mutating func append(_ segment: Segment) {
        depth += 1
        if depth <= VerificationPath.capacity { self[depth - 1] = segment }
    }

    /// Removes the last segment.
    public mutating func removeLast() {
        precondition(depth > 0, "removeLast on an empty VerificationPath")
        depth -= 1
    }

    /// Sets the element index of the last segment (kept only when it is within `capacity`).
    mutating func setLastIndex(_ index: Int) {
        if depth > 0, depth <= VerificationPath.capacity {
            self[depth - 1].rawIndex = Int32(truncatingIfNeeded: index)
        }
    }

    public static func == (a: VerificationPath, b: VerificationPath) -> Bool {
        guard a.depth == b.depth else { return false }
        for position in 0..<a.count where a[position] != b[position] { return false }
        return true
    }
}

#if !hasFeature(Embedded)
    // Host-only text: the device never builds a message. A schema supplies the field names.

    extension VerificationPath {
        /// The path as text, e.g. `subgraphs[0].tensors[17].shape`, naming each segment's field with
        /// `fieldName(table, field)`; a path deeper than `capacity` ends in `.…`.
        public func rendered(fieldName: (_ table: UInt16, _ field: UInt16) -> String) -> String {
            var text = ""
            for position in 0..<count {
                let segment = self[position]
                if position > 0 { text += "." }
                text += fieldName(segment.table, segment.field)
                if let index = segment.index { text += "[\(index)]" }
            }
            if isTruncated { text += ".…" }
            return text
        }
    }

    extension VerificationError {
        /// The one-line message: `<reason> at <path> (byte <offset>)`, or `<reason> at byte <offset>` at the root.
        public func message(fieldName: (_ table: UInt16, _ field: UInt16) -> String) -> String {
            let location =
                path.isEmpty ? "at byte \(offset)" : "at \(path.rendered(fieldName: fieldName)) (byte \(offset))"
            return "\(reason) \(location)"
        }

        /// What is wrong, without where.
        public var reason: String {
            switch kind {
            case .bufferSize(let size): return "buffer size \(size) is outside the verifiable range"
            case .outOfBounds(let length): return "\(length)-byte read past the end of the buffer"
            case .misaligned(let alignment): return "value not aligned to \(alignment) bytes"
            case .invalidVTable(let size): return "invalid vtable (size \(size))"
            case .fieldOutsideTable(let field): return "field \(field) lies outside its table"
            case .vectorTooLong(let elements): return "vector of \(elements) elements does not fit in the buffer"
            case .unterminatedString: return "string without its zero terminator"
            case .unionTypeWithoutValue(let type): return "union type \(type) without a value"
            case .unknownUnionType(let type): return "unknown union type \(type)"
            case .missingField: return "required field is missing"
            case .depthLimit(let limit): return "tables nested deeper than \(limit)"
            case .tableLimit(let limit): return "more than \(limit) tables"
            case .identifierMismatch(let expected, let found):
                return "file identifier is \"\(FileIdentifier.text(found))\", not \"\(FileIdentifier.text(expected))\""
            }
        }
    }

    extension FileIdentifier {
        /// The identifier's 4 bytes as text: printable ASCII as is, any other byte as `\xHH`.
        public static func text(_ value: UInt32) -> String {
            var text = ""
            for shift in stride(from: 0, to: 32, by: 8) {
                let byte = UInt8(truncatingIfNeeded: value >> UInt32(shift))
                if byte >= 0x20 && byte < 0x7F {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    text += "\\x" + String(byte, radix: 16, uppercase: true)
                }
            }
            return text
        }
    }
#endif
