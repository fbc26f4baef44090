import FlatBufferReader
import KingletKernels
import TFLiteModel

/// What an operator's prepare sees: its tensors and options, and the arena to keep op data in.
/// Nothing here allocates: failures are typed values, op data goes to the arena's persistent part.
public struct PrepareContext {
    public let model: Model
    public let subgraph: SubGraph
    public let op: Operator
    public let index: Int
    public let opcode: BuiltinOperator
    public let version: Int32
    var allocator: ArenaAllocator
    /// The model subgraph this operator belongs to, and the main one.
    public internal(set) var subgraphIndex = 0
    var mainSubgraph = 0
    var resources = ResourceVariables()
    /// The prepared subgraphs' records (CALL_ONCE finds its callee here).
    var graphRecords = UnsafeMutableBufferPointer<GraphRecord>(start: nil, count: 0)
    /// Byte sizes of the scratch buffers this operator requested (planned with the tensors, alive
    /// only while it runs).
    var scratch = ScratchRequests()

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
        guard let spec = try optionalInput(position) else { throw fail(.missingInput(position: position)) }
        return spec
    }

    public func output(_ position: Int) throws(RuntimeError) -> TensorSpec {
        guard position < op.outputs.count else { throw fail(.missingOutput(position: position)) }
        return try TensorSpec(index: Int(op.outputs[position]), model: model, subgraph: subgraph)
    }

    /// Checks the operator's input and output counts.
    public func expect(inputs: ClosedRange<Int>, outputs: Int = 1) throws(RuntimeError) {
        try expect(inputs: inputs, outputs: outputs...outputs)
    }

    public func expect(inputs: ClosedRange<Int>, outputs: ClosedRange<Int>) throws(RuntimeError) {
        guard inputs.contains(inputCount) else {
            throw fail(.inputCount(minimum: inputs.lowerBound, maximum: inputs.upperBound, actual: inputCount))
        }
        guard outputs.contains(outputCount) else {
            throw fail(.outputCount(minimum: outputs.lowerBound, maximum: outputs.upperBound, actual: outputCount))
        }
    }

    /// The operator's options as `T` (generated from `schema/tflite.fbs`: fields read by vtable id,
    /// the schema's defaults for absent fields or an absent table). Options of another type fail.
    public func options<T: OptionsTable>(_ type: T.Type) throws(RuntimeError) -> T {
        switch op.options(T.self) {
        case .absent: return T.defaults
        case .present(let options): return options
        case .otherType(let union, let found):
            throw fail(.optionsType(found: found, expected: T.member, builtinOptions2: union == .builtinOptions2))
        }
    }

    /// A `fused_activation_function` value (an ActivationFunctionType byte).
    public func activation(_ raw: Int8) throws(RuntimeError) -> FusedActivation {
        guard let activation = FusedActivation(flatbufferValue: Int(raw)) else {
            throw fail(.unknownActivation(Int(raw)))
        }
        return activation
    }

    /// A `padding` value (a Padding byte).
    public func padding(_ raw: Int8) throws(RuntimeError) -> Padding {
        guard let padding = Padding(flatbufferValue: Int(raw)) else { throw fail(.unknownPadding(Int(raw))) }
        return padding
    }

    /// Whether the model's operators follow the arithmetic of LiteRT's optimized x86 kernels
    /// instead of TFLM's reference kernels (float, and int8 requantization: LiteRTRequantization.swift):
    /// true for a Larq Compute Engine model (an operator code CUSTOM with a custom code starting
    /// "Lce"), whose reference is LCE's interpreter (docs/binarized.md). Computed on demand (a scan
    /// of the operator codes) and read only by the full registrations (which a firmware takes for an
    /// LCE model: DeviceOperators), so an int8-only firmware links none of it.
    public var followsLiteRT: Bool {
        let codes = model.operatorCodes
        for position in 0..<codes.count where codes[position].builtinCode == .custom {
            guard let name = codes[position].customCodeBytes, name.count >= 3 else { continue }
            if name[0] == 0x4C, name[1] == 0x63, name[2] == 0x65 { return true }  // "Lce"
        }
        return false
    }

    /// Stores `value` (the kernel's prepared op data) in the arena's persistent part.
    public mutating func store<T: DeviceLayout>(_ value: T) throws(RuntimeError) -> UnsafeMutablePointer<T> {
        guard let pointer = allocator.allocatePersistent(T.self, count: 1, kind: .operatorData) else {
            throw arenaFull()
        }
        pointer.initialize(to: value)
        return pointer
    }

    /// Stores `kernel` (op data) and pairs it with the invoke function that reads it.
    @inline(__always)
    public mutating func prepared<T: DeviceLayout>(
        _ kernel: T, invoke: InvokeFunction
    ) throws(RuntimeError) -> PreparedOperator {
        PreparedOperator(opData: UnsafeMutableRawPointer(try store(kernel)), invoke: invoke)
    }

    /// Runs a kernel's prepare (see `kernel(_:)`) and stores its op data, paired with `invoke`.
    @inline(__always)
    public mutating func prepared<T: DeviceLayout>(
        invoke: InvokeFunction, _ make: () throws(KernelError) -> T
    ) throws(RuntimeError) -> PreparedOperator {
        try prepared(try kernel(make), invoke: invoke)
    }

    /// `count` zeroed elements in the arena's persistent part (per-channel parameters and the like).
    public mutating func persistentArray<T: DeviceLayout>(
        _ type: T.Type, count: Int
    ) throws(RuntimeError) -> UnsafeMutableBufferPointer<T> {
        guard let pointer = allocator.allocatePersistent(T.self, count: count, kind: .operatorData) else {
            throw arenaFull()
        }
        return UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    #if !arch(arm)
        /// `bytes` zeroed bytes, 16-byte aligned, in the arena's persistent part of a host only:
        /// counted in the host's arena, not in the device tally (host-only kernel data).
        public mutating func hostPersistentBytes(_ bytes: Int) throws(RuntimeError) -> UnsafeMutableRawPointer {
            guard
                let pointer = allocator.allocatePersistent(
                    bytes, alignment: ArenaAllocator.bufferAlignment, kind: .hostKernelData, deviceBytes: 0,
                    deviceAlignment: 1)
            else { throw arenaFull() }
            return pointer
        }
    #endif

    /// Whether a full arena is only counted (a host, to report the exact need) rather than fatal.
    var countsOverflow: Bool {
        #if hasFeature(Embedded)
            return false
        #else
            return true
        #endif
    }

    /// A full arena (on a device, or a claimed size no host lends): the need counted so far.
    func arenaFull() -> RuntimeError {
        .arenaTooSmall(
            need: allocator.leadingPadding + allocator.persistentBytes, have: allocator.capacity, needIsExact: false)
    }

    /// Requests a scratch buffer of `bytes`; its pointer arrives in `io` after the outputs, in
    /// request order.
    public mutating func requestScratch(bytes: Int) throws(RuntimeError) {
        guard scratch.append(bytes) else { throw fail(.tooManyScratchBuffers(maximum: ScratchRequests.capacity)) }
    }

    /// The record of prepared subgraph `subgraph`, or nil when it was not prepared.
    func graphRecord(forSubgraph subgraph: Int) -> UnsafeMutablePointer<GraphRecord>? {
        guard let base = graphRecords.baseAddress else { return nil }
        for slot in 0..<graphRecords.count where graphRecords[slot].subgraph == subgraph { return base + slot }
        return nil
    }

    /// A typed failure naming this operator.
    public func fail(_ problem: OperatorProblem) -> RuntimeError {
        .operatorFailed(
            OperatorFailure(
                subgraph: subgraphIndex, mainSubgraph: mainSubgraph, index: index,
                opcode: opcode, problem: problem))
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
        #if hasFeature(Embedded)
            return fail(.kernel)
        #else
            return fail(.kernel(error))
        #endif
    }

    /// Requires `tensor` to have `type`.
    public func expect(_ tensor: TensorSpec, type: TensorType, _ role: TensorRole) throws(RuntimeError) {
        guard tensor.type == type else {
            throw fail(.tensorType(role: role, tensor: tensor.index, actual: tensor.type, expected: type))
        }
    }

    /// A failure for a type combination the operator does not support: reported, with every other
    /// unsupported operator of the model, as an unsupported operator.
    public func unsupportedTypes(_ a: TensorSpec) -> RuntimeError {
        var types = TensorTypeList()
        types.append(a.type)
        return unsupported(types)
    }

    public func unsupportedTypes(_ a: TensorSpec, _ b: TensorSpec) -> RuntimeError {
        var types = TensorTypeList()
        types.append(a.type)
        types.append(b.type)
        return unsupported(types)
    }

    public func unsupportedTypes(_ a: TensorSpec, _ b: TensorSpec, _ c: TensorSpec) -> RuntimeError {
        var types = TensorTypeList()
        types.append(a.type)
        types.append(b.type)
        types.append(c.type)
        return unsupported(types)
    }

    @inline(never) private func unsupported(_ types: TensorTypeList) -> RuntimeError {
        let entry = UnsupportedOperator(
            opcode: opcode, version: version, operatorCodeIndex: op.opcodeIndex,
            firstIndex: index, types: types)
        var list = UnsupportedOperators(first: entry)
        list.add(entry)
        return .unsupportedOperators(list)
    }
}

/// Up to four scratch-buffer requests of one operator, inline.
struct ScratchRequests {
    static let capacity = 4
    private(set) var count = 0
    private var sizes: (Int, Int, Int, Int) = (0, 0, 0, 0)

    mutating func append(_ bytes: Int) -> Bool {
        switch count {
        case 0: sizes.0 = bytes
        case 1: sizes.1 = bytes
        case 2: sizes.2 = bytes
        case 3: sizes.3 = bytes
        default: return false
        }
        count += 1
        return true
    }

    subscript(index: Int) -> Int {
        switch index {
        case 0: return sizes.0
        case 1: return sizes.1
        case 2: return sizes.2
        default: return sizes.3
        }
    }
}
