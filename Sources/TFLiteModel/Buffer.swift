import FlatBufferReader

/// `tflite.Buffer`: constant data, inline (`data`) or, in files over 2 GiB's reach, at an absolute
/// file `offset` of `size` bytes after the flatbuffer.
public struct Buffer: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field {
        static let data = 0, offset = 1, size = 2
    }

    public var inlineData: VectorSpan? { table.vector(Field.data) }
    public var offset: UInt64 { table.scalar(Field.offset, default: 0) }
    public var size: UInt64 { table.scalar(Field.size, default: 0) }

    /// Whether the data lives outside the flatbuffer (TFLite treats offset > 1 as that form).
    public var usesOffsetForm: Bool { offset > 1 }

    /// The data bytes (zero-copy), empty when the buffer holds none.
    public func data(in file: ByteRegion) -> ByteRegion {
        if usesOffsetForm {
            // Verified against the file length in `verify`.
            return file.sliceUnchecked(at: Int(offset), count: Int(size))
        }
        guard let span = inlineData else { return file.sliceUnchecked(at: 0, count: 0) }
        return file.sliceUnchecked(at: span.start, count: span.count)
    }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.vector(t, Field.data, elementSize: 1, alignment: 1)
        try v.offsetPayload(t, offset: Field.offset, size: Field.size)
    }
}

extension Verifier {
    /// An offset-form payload (a buffer's data, an operator's large custom options): uint64
    /// `offset` and `size` fields; an offset above 1 must put all `size` bytes inside the file.
    mutating func offsetPayload(_ t: Table, offset offsetField: Int, size sizeField: Int) throws(VerificationFault) {
        let offsetPosition = try scalar(t, offsetField, size: 8)
        let sizePosition = try scalar(t, sizeField, size: 8)
        let offset = offsetPosition.map { buffer.readUnchecked(UInt64.self, at: $0) } ?? 0
        let size = sizePosition.map { buffer.readUnchecked(UInt64.self, at: $0) } ?? 0
        if offset > 1 {
            // Compared in UInt64 so nothing can overflow.
            let fileLength = UInt64(buffer.count)
            guard offset <= fileLength, size <= fileLength - offset else {
                throw error(
                    .outOfBounds(length: size > UInt64(Int32.max) ? Int(Int32.max) : Int(size)),
                    at: offsetPosition ?? t.position)
            }
        }
    }
}

/// `tflite.Metadata`: a named buffer (e.g. `min_runtime_version`, `CONVERSION_METADATA`).
public struct Metadata: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field { static let name = 0, buffer = 1 }

    public var name: String? { table.string(Field.name) }
    public var buffer: Int { fileIndex(rawBuffer) }
    var rawBuffer: UInt32 { table.scalar(Field.buffer, default: 0) }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.string(t, Field.name)
        _ = try v.scalar(t, Field.buffer, size: 4)
    }
}

/// `tflite.SignatureDef`: a named entry point mapping names to a subgraph's tensors.
public struct SignatureDef: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field { static let inputs = 0, outputs = 1, signatureKey = 2, subgraphIndex = 4 }

    public var inputs: TableVector<TensorMap> { table.tables(Field.inputs) }
    public var outputs: TableVector<TensorMap> { table.tables(Field.outputs) }
    public var signatureKey: String? { table.string(Field.signatureKey) }
    public var subgraphIndex: Int { fileIndex(rawSubgraphIndex) }
    var rawSubgraphIndex: UInt32 { table.scalar(Field.subgraphIndex, default: 0) }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        try v.tables(t, Field.inputs, kind: SchemaTable.tensorMap, TensorMap.verify)
        try v.tables(t, Field.outputs, kind: SchemaTable.tensorMap, TensorMap.verify)
        _ = try v.string(t, Field.signatureKey)
        _ = try v.scalar(t, Field.subgraphIndex, size: 4)
    }
}

/// `tflite.TensorMap`: one named input or output of a signature.
public struct TensorMap: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field { static let name = 0, tensorIndex = 1 }

    public var name: String? { table.string(Field.name) }
    public var tensorIndex: Int { fileIndex(rawTensorIndex) }
    var rawTensorIndex: UInt32 { table.scalar(Field.tensorIndex, default: 0) }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.string(t, Field.name)
        _ = try v.scalar(t, Field.tensorIndex, size: 4)
    }
}
