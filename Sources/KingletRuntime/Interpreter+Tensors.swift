import TFLiteModel

extension Interpreter {
    public var inputCount: Int { subgraph.inputs.count }
    public var outputCount: Int { subgraph.outputs.count }

    /// The main subgraph's tensor index of input / output `position`, or nil when out of range.
    public func inputTensorIndex(_ position: Int) -> Int? {
        position >= 0 && position < inputCount ? Int(subgraph.inputs[position]) : nil
    }

    public func outputTensorIndex(_ position: Int) -> Int? {
        position >= 0 && position < outputCount ? Int(subgraph.outputs[position]) : nil
    }

    /// Tensor `index`'s spec (type, shape, quantization: read from the model), or nil when out of range.
    public func spec(ofTensor index: Int) -> TensorSpec? {
        guard index >= 0, index < tensorCount else { return nil }
        return try? TensorSpec(index: index, model: model, subgraph: subgraph)
    }

    /// Tensor `index`'s bytes in the arena (or the model, for constants); nil for a tensor the plan
    /// does not hold (unused by every operator) or an index out of range.
    public func data(ofTensor index: Int) -> UnsafeMutableRawPointer? {
        index >= 0 && index < tensorCount ? tensorData[index] : nil
    }

    /// Copies `bytes` (in the tensor's type, little-endian) into input `position`.
    public func setInput(_ position: Int, bytes: UnsafeRawBufferPointer) throws(RuntimeError) {
        guard let tensor = inputTensorIndex(position), let spec = spec(ofTensor: tensor) else {
            throw .badInput(.inputOutOfRange(position: position, count: inputCount))
        }
        guard bytes.count == spec.byteCount else {
            throw .badInput(
                .inputSize(
                    position: position, tensor: tensor, expected: spec.byteCount, actual: bytes.count,
                    valueBytes: 1))
        }
        guard let data = data(ofTensor: tensor) else { return }
        if let source = bytes.baseAddress { data.copyMemory(from: source, byteCount: bytes.count) }
    }
}

#if !hasFeature(Embedded)
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
        /// The tensor at subgraph index `index`, or nil when out of range.
        public func tensor(_ index: Int) -> TensorHandle? {
            guard let spec = spec(ofTensor: index) else { return nil }
            let quantization = spec.quantization
            return TensorHandle(
                index: index, name: spec.name, type: spec.type, shape: spec.tensor.shape.map(Int.init),
                byteCount: spec.byteCount, scale: quantization.map { _ in spec.scale },
                zeroPoint: quantization.map { _ in spec.zeroPoint }, data: tensorData[index])
        }

        /// Subgraph input `position`.
        public func input(_ position: Int) throws(RuntimeError) -> TensorHandle {
            guard let index = inputTensorIndex(position), let handle = tensor(index) else {
                throw .badInput(.inputOutOfRange(position: position, count: inputCount))
            }
            return handle
        }

        /// Subgraph output `position`.
        public func output(_ position: Int) throws(RuntimeError) -> TensorHandle {
            guard let index = outputTensorIndex(position), let handle = tensor(index) else {
                throw .badInput(.outputOutOfRange(position: position, count: outputCount))
            }
            return handle
        }

        /// The tensor indices operator `index` writes.
        public func outputsOfOperator(_ index: Int) -> [Int] {
            guard let op = subgraph.operators.element(at: index) else { return [] }
            return op.outputs.map { Int($0) }
        }

        /// Copies `bytes` (in the tensor's type, little-endian) into input `position`.
        public func setInput(_ position: Int, bytes: [UInt8]) throws(RuntimeError) {
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            defer { copy.deallocate() }
            copy.copyBytes(from: bytes)
            try setInput(position, bytes: UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count]))
        }

        /// Copies `values` into input `position`, whose type must match `T`.
        public func setInput<T: FixedWidthInteger>(_ position: Int, _ values: [T]) throws(RuntimeError) {
            let handle = try input(position)
            guard handle.byteCount == values.count * MemoryLayout<T>.size else {
                throw .badInput(
                    .inputSize(
                        position: position, tensor: handle.index, expected: handle.byteCount,
                        actual: values.count, valueBytes: MemoryLayout<T>.size))
            }
            guard let data = handle.data else { return }
            values.withUnsafeBytes { raw in
                if let source = raw.baseAddress { data.copyMemory(from: source, byteCount: raw.count) }
            }
        }

        /// Output `position`'s values as `T` (the caller picks the type matching the tensor).
        public func outputValues<T: FixedWidthInteger>(_ position: Int, as: T.Type = T.self) throws(RuntimeError) -> [T]
        {
            let handle = try output(position)
            let count = handle.byteCount / MemoryLayout<T>.size
            guard let data = handle.data else { return [] }
            return (0..<count).map { data.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
        }
    }
#endif
