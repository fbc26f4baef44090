import FlatBufferReader
import KingletKernels
import TFLiteModel

/// What prepare needs to know of one tensor, read from the model (flash) on demand: nothing here
/// is copied into the arena.
public struct TensorSpec {
    public let index: Int
    public let tensor: Tensor
    public let type: TensorType
    public let elementCount: Int
    public let byteCount: Int
    /// The constant data in the model bytes, or nil for tensors computed at run time.
    public let constantData: UnsafeRawPointer?
    let model: Model

    // Not inlined: prepare and loading make specs in many places.
    @inline(never)
    init(index: Int, model: Model, subgraph: SubGraph) throws(RuntimeError) {
        guard let tensor = subgraph.tensors.element(at: index) else {
            throw .invalidModel(
                .tensorIndexOutOfRange(role: .input, operator: -1, tensor: index, count: subgraph.tensors.count))
        }
        self.index = index
        self.tensor = tensor
        self.model = model
        type = tensor.type
        guard let elements = tensor.elementCount else {
            throw .invalidModel(.negativeDimension(tensor: index))
        }
        // A RESOURCE tensor holds a variable's int32 id, as in TFLM.
        let resourceBytes = elements.multipliedReportingOverflow(by: 4)
        let size =
            tensor.type == .resource
            ? (resourceBytes.overflow ? nil : resourceBytes.partialValue)
            : tensor.type.byteCount(elements: elements)
        guard let bytes = size else {
            throw .invalidModel(.noFixedSize(tensor: index, type: tensor.type))
        }
        // No arena can hold more (and 32-bit targets count bytes in 32 bits): refusing larger
        // tensors here keeps every later size sum from overflowing.
        guard bytes <= TensorSpec.maximumByteCount else {
            throw .invalidModel(.tensorTooLarge(tensor: index, bytes: bytes))
        }
        elementCount = elements
        byteCount = bytes
        let data = tensor.buffer == 0 ? nil : model.bufferData(tensor.buffer)
        if tensor.buffer != 0 && data == nil {
            throw .invalidModel(
                .bufferOutOfRange(tensor: index, buffer: tensor.buffer, count: model.buffers.count))
        }
        if let data, data.count > 0 {
            guard data.count >= bytes else {
                throw .invalidModel(.bufferTooShort(tensor: index, needs: bytes, has: data.count))
            }
            constantData = UnsafeRawPointer(data.base)
        } else {
            constantData = nil
        }
    }

    /// The largest tensor Kinglet plans: 2 GiB - 1.
    public static let maximumByteCount = Int(Int32.max)

    public var name: String { tensor.name ?? "" }
    public var isConstant: Bool { constantData != nil }
    public var rank: Int { tensor.shape.count }

    /// Dimension `axis` of the shape (no bounds beyond the shape's rank: returns 1 there).
    public func dimension(_ axis: Int) -> Int {
        let shape = tensor.shape
        return axis >= 0 && axis < shape.count ? Int(shape[axis]) : 1
    }

    /// The shape as the kernels' fixed-capacity `Shape` (rank ≤ 6).
    public func shape() throws(RuntimeError) -> Shape {
        var result = Shape()
        for dimension in tensor.shape {
            do { try result.append(Int(dimension)) } catch {
                throw .invalidModel(.rankTooHigh(tensor: index, rank: tensor.shape.count))
            }
        }
        return result
    }

    public var quantization: QuantizationParameters? {
        guard let parameters = tensor.quantization, parameters.isQuantized else { return nil }
        return parameters
    }

    /// The first scale (per-tensor scale), 0 when unquantized (as TFLM reads it).
    public var scale: Float { quantization.map { $0.scale[0] } ?? 0 }

    /// The first zero point, 0 when unquantized; zero points are int64 in the file and truncated
    /// to int32 as TFLM does.
    public var zeroPoint: Int32 { quantization.map { Int32(truncatingIfNeeded: $0.zeroPoint[0]) } ?? 0 }

    /// All scales, pointing straight into the model bytes.
    public var scales: ScaleList {
        guard let parameters = quantization else { return ScaleList(base: nil, count: 0) }
        let span = parameters.scale.span
        return ScaleList(
            base: UnsafeRawPointer(model.bytes.base + span.start), count: span.count,
            quantizedDimension: Int(parameters.quantizedDimension),
            zeroPointCount: parameters.zeroPoint.count)
    }

    /// Typed pointer to constant data, checked for alignment (the kernels read it as `T`).
    public func constant<T>(as type: T.Type) throws(RuntimeError) -> UnsafePointer<T>? {
        guard let constantData else { return nil }
        guard Int(bitPattern: constantData) % MemoryLayout<T>.alignment == 0 else {
            throw .invalidModel(.misalignedData(tensor: index, alignment: MemoryLayout<T>.alignment))
        }
        return constantData.assumingMemoryBound(to: T.self)
    }
}
