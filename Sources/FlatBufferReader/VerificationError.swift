/// Why a buffer failed verification, where (byte offset), and in which field (a path such as
/// `subgraphs[0].tensors[17].shape`).
public struct VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
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
        /// The 4-byte file identifier differs from the one expected.
        case identifierMismatch(expected: String, found: String)
    }

    public var kind: Kind
    /// Byte offset into the buffer where the problem was found.
    public var offset: Int
    /// Field path from the root, e.g. `subgraphs[0].tensors[17].shape`; empty for the root itself.
    public var path: String

    public init(_ kind: Kind, offset: Int, path: String) {
        self.kind = kind
        self.offset = offset
        self.path = path
    }

    public var description: String {
        let location = path.isEmpty ? "at byte \(offset)" : "at \(path) (byte \(offset))"
        return "\(reason) \(location)"
    }

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
        case .identifierMismatch(let expected, let found): return "file identifier is \"\(found)\", not \"\(expected)\""
        }
    }
}
