import TFLiteModel

/// A tensor as the interpreter holds it: its data in the arena (or the model bytes for constants).
public struct TensorHandle {
    public let index: Int
    public let name: String
    public let type: TensorType
    public let shape: [Int]
    public let byteCount: Int
    /// Per-tensor quantization (first scale and zero point), nil when unquantized.
    public let scale: Float?
    public let zeroPoint: Int32?
    /// The tensor's bytes; nil for a tensor the plan does not hold (unused by every operator).
    public let data: UnsafeMutableRawPointer?

    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : byteCount)
    }
}

extension Interpreter {
    public var inputCount: Int { subgraph.inputs.count }
    public var outputCount: Int { subgraph.outputs.count }

    /// The tensor at subgraph index `index`, or nil when out of range.
    public func tensor(_ index: Int) -> TensorHandle? {
        guard index >= 0, index < tensorCount, let spec = try? TensorSpec(index: index, model: model, subgraph: subgraph) else {
            return nil
        }
        let quantization = spec.quantization
        return TensorHandle(
            index: index, name: spec.name, type: spec.type, shape: spec.tensor.shape.map(Int.init),
            byteCount: spec.byteCount, scale: quantization.map { _ in spec.scale },
            zeroPoint: quantization.map { _ in spec.zeroPoint }, data: tensorData[index])
    }

    /// Subgraph input `position`.
    public func input(_ position: Int) throws(RuntimeError) -> TensorHandle {
        guard position >= 0, position < inputCount, let handle = tensor(Int(subgraph.inputs[position])) else {
            throw .badInput("input \(position) does not exist (the model has \(inputCount))")
        }
        return handle
    }

    /// Subgraph output `position`.
    public func output(_ position: Int) throws(RuntimeError) -> TensorHandle {
        guard position >= 0, position < outputCount, let handle = tensor(Int(subgraph.outputs[position])) else {
            throw .badInput("output \(position) does not exist (the model has \(outputCount))")
        }
        return handle
    }

    /// Copies `bytes` (in the tensor's type, little-endian) into input `position`.
    public func setInput(_ position: Int, bytes: UnsafeRawBufferPointer) throws(RuntimeError) {
        let handle = try input(position)
        guard bytes.count == handle.byteCount else {
            throw .badInput("input \(position) \"\(handle.name)\" takes \(handle.byteCount) bytes "
                            + "(\(handle.type) \(handle.shape)), got \(bytes.count)")
        }
        guard let data = handle.data else { return }
        if let source = bytes.baseAddress { data.copyMemory(from: source, byteCount: bytes.count) }
    }

    /// Copies `bytes` (in the tensor's type, little-endian) into input `position`.
    public func setInput(_ position: Int, bytes: [UInt8]) throws(RuntimeError) {
        let handle = try input(position)
        guard bytes.count == handle.byteCount else {
            throw .badInput("input \(position) \"\(handle.name)\" takes \(handle.byteCount) bytes "
                            + "(\(handle.type) \(handle.shape)), got \(bytes.count)")
        }
        guard let data = handle.data else { return }
        bytes.withUnsafeBytes { raw in
            if let source = raw.baseAddress { data.copyMemory(from: source, byteCount: raw.count) }
        }
    }

    /// Copies `values` into input `position`, whose type must match `T`.
    public func setInput<T: FixedWidthInteger>(_ position: Int, _ values: [T]) throws(RuntimeError) {
        let handle = try input(position)
        guard handle.byteCount == values.count * MemoryLayout<T>.size else {
            throw .badInput("input \(position) \"\(handle.name)\" takes \(handle.byteCount) bytes "
                            + "(\(handle.type) \(handle.shape)), got \(values.count) values of \(MemoryLayout<T>.size) bytes")
        }
        // The size matches, so the copy cannot fail.
        guard let data = handle.data else { return }
        values.withUnsafeBytes { raw in
            if let source = raw.baseAddress { data.copyMemory(from: source, byteCount: raw.count) }
        }
    }

    /// Output `position`'s values as `T` (the caller picks the type matching the tensor).
    public func outputValues<T: FixedWidthInteger>(_ position: Int, as: T.Type = T.self) throws(RuntimeError) -> [T] {
        let handle = try output(position)
        let count = handle.byteCount / MemoryLayout<T>.size
        guard let data = handle.data else { return [] }
        return (0..<count).map { data.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
    }
}
