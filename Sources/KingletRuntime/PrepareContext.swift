import KingletKernels
import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

/// What an operator's prepare sees: its tensors and options, and the arena to keep op data in.
public struct PrepareContext {
    public let model: Model
    public let subgraph: SubGraph
    public let op: Operator
    public let index: Int
    public let opcode: BuiltinOperator
    public let version: Int32
    var allocator: ArenaAllocator
    /// The model subgraph this operator belongs to.
    public internal(set) var subgraphIndex = 0
    var resources = ResourceRegistry()
    var graphRecords: [Int: UnsafeMutablePointer<Interpreter.GraphRecord>] = [:]
    /// Byte sizes of the scratch buffers this operator requested (planned with the tensors, alive
    /// only while it runs).
    var scratchSizes: [Int] = []

    public var inputCount: Int { op.inputs.count }
    public var outputCount: Int { op.outputs.count }

    /// Input `position`, or nil when the model omits that optional input (index -1) or has fewer inputs.
    public func optionalInput(_ position: Int) throws(RuntimeError) -> TensorSpec? {
        guard position < op.inputs.count else { return nil }
        let tensorIndex = Int(op.inputs[position])
        if tensorIndex < 0 { return nil }
        return try TensorSpec(index: tensorIndex, model: model, subgraph: subgraph)
    }

    /// Input `position`, which must be present.
    public func input(_ position: Int) throws(RuntimeError) -> TensorSpec {
        guard let spec = try optionalInput(position) else { throw fail("input \(position) is missing") }
        return spec
    }

    public func output(_ position: Int) throws(RuntimeError) -> TensorSpec {
        guard position < op.outputs.count else { throw fail("output \(position) is missing") }
        return try TensorSpec(index: Int(op.outputs[position]), model: model, subgraph: subgraph)
    }

    /// Checks the operator's input and output counts.
    public func expect(inputs: ClosedRange<Int>, outputs: Int = 1) throws(RuntimeError) {
        guard inputs.contains(inputCount) else {
            let wanted = inputs.lowerBound == inputs.upperBound ? "\(inputs.lowerBound)" : "\(inputs.lowerBound)–\(inputs.upperBound)"
            throw fail("expects \(wanted) inputs, has \(inputCount)")
        }
        guard outputCount == outputs else { throw fail("expects \(outputs) output\(outputs == 1 ? "" : "s"), has \(outputCount)") }
    }

    /// The options table of BuiltinOptions member `type`; nil when absent (schema defaults apply).
    /// Options of another type are an error.
    public func options(type: UInt8, name: StaticString) throws(RuntimeError) -> BuiltinOptions? {
        guard let options = op.builtinOptions else { return nil }
        guard options.union == .builtinOptions, options.type == type else {
            throw fail("has \(options.typeName), expected \(name)")
        }
        return options
    }

    /// Stores `value` (the kernel's prepared op data) in the arena's persistent part.
    public mutating func store<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let pointer = allocator.allocatePersistent(T.self)
        pointer.initialize(to: value)
        return pointer
    }

    /// `count` zeroed elements in the arena's persistent part (per-channel parameters and the like).
    public mutating func persistentArray<T>(_ type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        UnsafeMutableBufferPointer(start: allocator.allocatePersistent(T.self, count: count), count: count)
    }

    /// Requests a scratch buffer of `bytes`; its pointer arrives in `io` after the outputs, in
    /// request order.
    public mutating func requestScratch(bytes: Int) {
        scratchSizes.append(bytes)
    }

    /// A typed failure naming this operator.
    public func fail(_ reason: String) -> RuntimeError {
        .operatorFailed(index: index, opcode: opcode.description, reason: reason)
    }

    /// Runs a kernel's prepare, turning its typed error into one naming this operator.
    public func kernel<T>(_ make: () throws(KernelError) -> T) throws(RuntimeError) -> T {
        do {
            return try make()
        } catch {
            throw fail(error)
        }
    }

    /// Wraps a kernel's typed error with this operator's index and opcode.
    public func fail(_ error: KernelError) -> RuntimeError {
        fail(error.message)
    }

    /// Requires `tensor` to have `type`.
    public func expect(_ tensor: TensorSpec, type: TensorType, _ role: String) throws(RuntimeError) {
        guard tensor.type == type else {
            throw fail("\(role) tensor \(tensor.index) is \(tensor.type), expected \(type)")
        }
    }

    /// A failure for a type combination the operator does not support: reported, with every other
    /// unsupported operator of the model, as an unsupported operator.
    public func unsupportedTypes(_ tensors: TensorSpec...) -> RuntimeError {
        let types = tensors.map { "\($0.type)" }.joined(separator: "/")
        return .unsupportedOperators([UnsupportedOperator(
            opcode: opcode.description, version: version, customCode: nil, firstIndex: index, count: 1,
            detail: types + " tensors")])
    }
}
