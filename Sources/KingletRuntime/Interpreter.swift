import FlatBufferReader
import KingletKernels
import TFLiteModel

/// Runs one subgraph of a verified model inside one caller-provided arena, as TFLM does.
///
/// Loading reads like a script: resolve every operator (failing once, naming all unsupported
/// ones) → validate tensors → prepare each operator (op data into the arena's persistent tail) →
/// plan tensor and scratch buffers (the arena's head) → bind data pointers. `invoke()` then only
/// computes: it allocates nothing.
public final class Interpreter {
    public let model: Model
    public let subgraphIndex: Int
    let subgraph: SubGraph
    let arenaBase: UnsafeMutableRawPointer
    /// The nodes in execution order, in the arena.
    let nodes: UnsafeMutablePointer<Node>
    let nodeCount: Int
    /// Every tensor's data pointer (arena or model bytes), in the arena.
    let tensorData: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let tensorCount: Int
    /// The memory plan, for reports.
    public let plan: MemoryPlan
    public let usage: ArenaUsage

    /// A prepared operator as kept in the arena: its invoke function, op data and I/O pointers.
    struct Node {
        var invoke: InvokeFunction
        var opData: UnsafeMutableRawPointer?
        var io: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    }

    /// Loads `model`'s subgraph into `arena`. The model bytes and the arena must outlive the interpreter.
    public init(
        model: Model, arena: UnsafeMutableRawBufferPointer, resolver: OpResolver, subgraph subgraphIndex: Int = 0
    ) throws(RuntimeError) {
        guard let subgraph = model.subgraphs.element(at: subgraphIndex) else {
            throw .invalidModel("subgraph \(subgraphIndex) does not exist (the model has \(model.subgraphs.count))")
        }
        self.model = model
        self.subgraphIndex = subgraphIndex
        self.subgraph = subgraph
        let operators = subgraph.operators
        let registrations = try Interpreter.resolve(model: model, operators: operators, resolver: resolver)
        let specs = try Interpreter.validateTensors(model: model, subgraph: subgraph)

        var allocator = ArenaAllocator(arena)
        arenaBase = allocator.base
        tensorCount = specs.count
        nodeCount = operators.count
        tensorData = allocator.allocatePersistent(UnsafeMutableRawPointer?.self, count: tensorCount, kind: .tensorPointers, wordsPerElement: 1)
        nodes = allocator.allocatePersistent(Node.self, count: nodeCount, kind: .nodes, wordsPerElement: 3)

        // Prepare: op data and per-node I/O lists into the tail.
        var scratch: [[Int]] = []
        var inputSlotCounts: [Int] = []
        // Type combinations no kernel supports are collected over all operators, then reported once.
        var unsupported: [UnsupportedOperator] = []
        for (index, op) in operators.enumerated() {
            let code = model.operatorCodes[Int(op.opcodeIndex)]
            var context = PrepareContext(
                model: model, subgraph: subgraph, op: op, index: index, opcode: code.builtinCode,
                version: code.version, allocator: allocator)
            let prepared: PreparedOperator
            do {
                prepared = try registrations[index].prepare(&context)
            } catch {
                guard case .unsupportedOperators(let list) = error else {
                    context.allocator.releaseOverflow()
                    throw error
                }
                allocator = context.allocator
                for entry in list {
                    if let existing = unsupported.firstIndex(where: {
                        $0.opcode == entry.opcode && $0.version == entry.version && $0.detail == entry.detail
                    }) {
                        unsupported[existing].count += 1
                    } else {
                        unsupported.append(entry)
                    }
                }
                scratch.append([])
                inputSlotCounts.append(0)
                continue
            }
            allocator = context.allocator
            scratch.append(context.scratchSizes)
            let inputSlots = registrations[index].inputSlots ?? op.inputs.count
            guard op.inputs.count <= inputSlots else {
                allocator.releaseOverflow()
                throw .operatorFailed(index: index, opcode: code.builtinCode.description,
                                      reason: "has \(op.inputs.count) inputs, at most \(inputSlots) allowed")
            }
            inputSlotCounts.append(inputSlots)
            let ioCount = inputSlots + op.outputs.count + context.scratchSizes.count
            let io = allocator.allocatePersistent(UnsafeMutableRawPointer?.self, count: max(ioCount, 1), kind: .ioLists, wordsPerElement: 1)
            nodes[index] = Node(invoke: prepared.invoke, opData: prepared.opData, io: io)
        }

        guard unsupported.isEmpty else {
            allocator.releaseOverflow()
            throw .unsupportedOperators(unsupported)
        }

        // Plan tensors and scratch into the head; variable tensors live in the tail for the whole run.
        var plan = MemoryPlan.make(subgraph: subgraph, specs: specs, scratch: scratch,
                                   aliasing: registrations.map { $0.outputAliasesInput })
        for (tensor, buffer) in plan.tensorBuffers.enumerated() where buffer == MemoryPlan.variable {
            let pointer = allocator.allocatePersistent(specs[tensor].byteCount, alignment: ArenaAllocator.bufferAlignment, kind: .variableTensors)
            plan.variableData.append((tensor, pointer))
        }
        // Rounded so that an arena of exactly `need` bytes has room for both parts.
        let persistent = alignUp(allocator.tailUsed, ArenaAllocator.bufferAlignment)
        let need = allocator.leadingPadding + plan.plannedBytes + persistent
        guard !allocator.overflowed, plan.plannedBytes <= allocator.capacity - persistent else {
            allocator.releaseOverflow()
            throw .arenaTooSmall(need: need, have: arena.count)
        }
        self.plan = plan
        usage = ArenaUsage(
            plannedBytes: plan.plannedBytes, persistentBytes: persistent, alignmentBytes: allocator.leadingPadding,
            lowerBoundBytes: plan.lowerBoundBytes, persistentBlocks: allocator.ledger)

        // Bind: every tensor's data pointer, then every node's I/O list.
        for (tensor, spec) in specs.enumerated() where plan.storageOwner[tensor] == tensor {
            if let constant = spec.constantData {
                // Constants are read in place from the model bytes; kernels never write inputs.
                tensorData[tensor] = UnsafeMutableRawPointer(mutating: constant)
            } else if let offset = plan.offset(ofTensor: tensor) {
                tensorData[tensor] = allocator.base + offset
            }
        }
        for (tensor, pointer) in plan.variableData {
            tensorData[tensor] = pointer
            Interpreter.resetVariable(pointer, spec: specs[tensor])
        }
        for tensor in specs.indices where plan.storageOwner[tensor] != tensor {
            tensorData[tensor] = tensorData[plan.storageOwner[tensor]]
        }
        for (index, op) in operators.enumerated() {
            let io = nodes[index].io
            var slot = 0
            for input in op.inputs {
                io[slot] = input < 0 ? nil : tensorData[Int(input)]
                slot += 1
            }
            while slot < inputSlotCounts[index] {
                io[slot] = nil  // an optional trailing input the model leaves out
                slot += 1
            }
            for output in op.outputs {
                io[slot] = tensorData[Int(output)]
                slot += 1
            }
            for scratchIndex in scratch[index].indices {
                io[slot] = plan.scratchOffset(operator: index, scratch: scratchIndex).map { allocator.base + $0 }
                slot += 1
            }
        }
    }

    /// Runs every operator once. Allocates nothing.
    public func invoke() throws(RuntimeError) {
        for index in 0..<nodeCount {
            let node = nodes[index]
            let status = node.invoke(node.opData, node.io)
            if status != InvokeStatus.ok {
                throw failure(operator: index, status: status)
            }
        }
    }

    public var operatorCount: Int { nodeCount }

    /// Runs operator `index` alone (operators must run in order; used to trace intermediate tensors,
    /// which later operators may overwrite).
    public func invokeOperator(_ index: Int) throws(RuntimeError) {
        guard index >= 0, index < nodeCount else {
            throw .badInput("operator \(index) does not exist (the subgraph has \(nodeCount))")
        }
        let node = nodes[index]
        let status = node.invoke(node.opData, node.io)
        if status != InvokeStatus.ok { throw failure(operator: index, status: status) }
    }

    /// The tensor indices operator `index` writes.
    public func outputsOfOperator(_ index: Int) -> [Int] {
        guard let op = subgraph.operators.element(at: index) else { return [] }
        return op.outputs.map(Int.init)
    }

    /// Builds the error for a failed invoke, outside the hot loop.
    private func failure(operator index: Int, status: Int32) -> RuntimeError {
        let op = subgraph.operators[index]
        let opcode = model.operatorCodes[Int(op.opcodeIndex)].builtinCode.description
        return .operatorFailed(index: index, opcode: opcode, reason: InvokeStatus.describe(status))
    }

    /// TFLM resets variable tensors to their zero point (0 for float) before the first run.
    static func resetVariable(_ pointer: UnsafeMutableRawPointer, spec: TensorSpec) {
        let zero = spec.zeroPoint
        switch spec.type {
        case .int8:
            pointer.initializeMemory(as: Int8.self, repeating: Int8(truncatingIfNeeded: zero), count: spec.byteCount)
        case .int16:
            pointer.initializeMemory(as: Int16.self, repeating: Int16(truncatingIfNeeded: zero), count: spec.byteCount / 2)
        default:
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: spec.byteCount)
        }
    }
}

/// How the arena is used: exactly what a run needs.
public struct ArenaUsage: Equatable, Sendable {
    /// Head: tensors and scratch buffers, as planned.
    public var plannedBytes: Int
    /// Tail: op data, node records, tensor pointers, variable tensors.
    public var persistentBytes: Int
    /// Bytes skipped to align the arena start (0 for a 16-byte-aligned arena).
    public var alignmentBytes: Int
    /// The peak of live tensor bytes: no plan of these buffers can be smaller.
    public var lowerBoundBytes: Int
    /// What the persistent part holds, block by block.
    public var persistentBlocks: [PersistentBlock]

    /// Persistent bytes by kind.
    public func persistentBytes(of kind: PersistentBlock.Kind) -> Int {
        persistentBlocks.filter { $0.kind == kind }.reduce(0) { $0 + $1.bytes }
    }

    /// The arena a 32-bit target needs: the same plan, with the persistent blocks laid out at their
    /// 32-bit sizes (pointers of 4 bytes, alignment at most 4 for them). Operator data is counted
    /// at its host size, so this is an upper bound.
    public var totalBytesOn32Bit: Int {
        var tail = 0
        for block in persistentBlocks {
            let alignment = block.bytesOn32Bit == block.bytes ? block.alignment : min(block.alignment, 4)
            tail = alignUp(tail + block.bytesOn32Bit, alignment)
        }
        return plannedBytes + alignUp(tail, ArenaAllocator.bufferAlignment)
    }

    /// The arena size a run needs: an arena of exactly this size (at the same alignment) works.
    public var totalBytes: Int { plannedBytes + persistentBytes + alignmentBytes }
}
