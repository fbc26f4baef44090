import FlatBufferReader

/// `tflite.Tensor`: type, shape, the buffer holding constant data, and quantization.
public struct Tensor: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field {
        static let shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, isVariable = 5
        static let sparsity = 6, shapeSignature = 7, hasRank = 8
    }

    public var shape: ScalarVector<Int32> { table.scalars(Field.shape) }
    public var type: TensorType { TensorType(rawValue: table.scalar(Field.type, default: 0)) }
    /// Index into `Model.buffers`; 0 is the conventional empty buffer. The file stores a uint32: clamped,
    /// so a hostile index past `Int32.max` stays out of range on 32-bit targets instead of trapping.
    public var buffer: Int { fileIndex(rawBuffer) }
    var rawBuffer: UInt32 { table.scalar(Field.buffer, default: 0) }
    public var name: String? { table.string(Field.name) }
    public var quantization: QuantizationParameters? {
        table.table(Field.quantization).map(QuantizationParameters.init)
    }
    public var isVariable: Bool { table.bool(Field.isVariable) }
    /// Whether the tensor carries sparsity parameters (Kinglet runs dense tensors only).
    public var hasSparsity: Bool { table.has(Field.sparsity) }
    /// The shape with -1 for dynamic dimensions, or nil when the file has none.
    public var shapeSignature: ScalarVector<Int32>? {
        table.vector(Field.shapeSignature).map { ScalarVector(buffer: table.buffer, span: $0) }
    }
    public var hasRank: Bool { table.bool(Field.hasRank) }

    /// Number of elements, or nil when a dimension is negative or the product overflows.
    public var elementCount: Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Bytes of data (element count × element size), or nil when that is undefined.
    public var byteCount: Int? { elementCount.flatMap { type.byteCount(elements: $0) } }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.vector(t, Field.shape, elementSize: 4)
        _ = try v.scalar(t, Field.type, size: 1)
        _ = try v.scalar(t, Field.buffer, size: 4)
        _ = try v.string(t, Field.name)
        try v.table(t, Field.quantization, kind: SchemaTable.quantizationParameters, QuantizationParameters.verify)
        _ = try v.scalar(t, Field.isVariable, size: 1)
        // Sparsity is only reported as present: its offset must still be sound.
        _ = try v.offsetTarget(t, Field.sparsity)
        _ = try v.vector(t, Field.shapeSignature, elementSize: 4)
        _ = try v.scalar(t, Field.hasRank, size: 1)
    }
}

/// `tflite.QuantizationParameters`: per-tensor (one entry) or per-channel scales and zero points.
public struct QuantizationParameters: TableView, @unchecked Sendable {
    let table: Table
    public init(verified table: Table) { self.table = table }

    enum Field {
        static let min = 0, max = 1, scale = 2, zeroPoint = 3, detailsType = 4, details = 5
        static let quantizedDimension = 6
    }

    public var min: FloatVector { table.floats(Field.min) }
    public var max: FloatVector { table.floats(Field.max) }
    public var scale: FloatVector { table.floats(Field.scale) }
    public var zeroPoint: ScalarVector<Int64> { table.scalars(Field.zeroPoint) }
    /// The `QuantizationDetails` union type (0 = NONE, 1 = CustomQuantization, ...).
    public var detailsType: UInt8 { table.scalar(Field.detailsType, default: 0) }
    public var quantizedDimension: Int32 { table.scalar(Field.quantizedDimension, default: 0) }

    /// Whether the tensor is quantized the way TFLM reads it: scale and zero point both present.
    public var isQuantized: Bool { !scale.isEmpty && !zeroPoint.isEmpty }

    static func verify(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.vector(t, Field.min, elementSize: 4)
        _ = try v.vector(t, Field.max, elementSize: 4)
        _ = try v.vector(t, Field.scale, elementSize: 4)
        _ = try v.vector(t, Field.zeroPoint, elementSize: 8)
        // Members: CustomQuantization, BlockwiseQuantization, MultiAxisQuantization; only the type is read.
        try v.union(t, typeField: Field.detailsType, memberCount: 3) {
            (_: inout Verifier, _: UInt8, _: Table) throws(VerificationFault) in
        }
        _ = try v.scalar(t, Field.quantizedDimension, size: 4)
    }
}

/// A uint32 index from the file as an `Int`. Past `Int.max` (only where `Int` has 32 bits) it
/// saturates, and every range check refuses it, where `Int(_:)` would trap.
@inlinable func fileIndex(_ raw: UInt32) -> Int {
    UInt(raw) > UInt(Int.max) ? Int.max : Int(bitPattern: UInt(raw))
}
