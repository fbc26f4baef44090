import FlatBufferReader
import KingletKernels
import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

/// Runs a verified model's main subgraph inside one caller-provided arena, as TFLM does.
///
/// Loading reads like a script (see `Interpreter+Loading.swift`): find the subgraphs the main one
/// calls (CALL_ONCE) → resolve every operator (failing once, naming all unsupported ones) →
/// validate tensors → prepare each operator (op data into the arena's persistent tail) → plan
/// tensor and scratch buffers on one timeline (the arena's head) → bind data pointers. `invoke()`
/// then only computes: it allocates nothing.
public final class Interpreter {
    public let model: Model
    public let subgraphIndex: Int
    let subgraph: SubGraph
    let arenaBase: UnsafeMutableRawPointer
    /// The main subgraph's nodes in execution order, in the arena.
    let nodes: UnsafeMutablePointer<Node>
    let nodeCount: Int
    /// Every main-subgraph tensor's data pointer (arena or model bytes), in the arena.
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

    /// A prepared subgraph as kept in the arena (CALL_ONCE runs one through this record).
    struct GraphRecord {
        var nodes: UnsafeMutablePointer<Node>?
        var nodeCount: Int
        var tensorData: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    }

    init(model: Model, subgraphIndex: Int, subgraph: SubGraph, loaded: Loaded) {
        self.model = model
        self.subgraphIndex = subgraphIndex
        self.subgraph = subgraph
        arenaBase = loaded.arenaBase
        nodes = loaded.main.nodes.unsafelyUnwrapped
        nodeCount = loaded.main.nodeCount
        tensorData = loaded.main.tensorData.unsafelyUnwrapped
        tensorCount = subgraph.tensors.count
        plan = loaded.plan
        usage = loaded.usage
    }

    /// What loading produced.
    struct Loaded {
        var arenaBase: UnsafeMutableRawPointer
        var main: GraphRecord
        var plan: MemoryPlan
        var usage: ArenaUsage
    }

    /// Loads `model`'s main subgraph (and the subgraphs it calls) into `arena`. The model bytes and
    /// the arena must outlive the interpreter.
    public convenience init(
        model: Model, arena: UnsafeMutableRawBufferPointer, resolver: OpResolver, subgraph subgraphIndex: Int = 0
    ) throws(RuntimeError) {
        guard let subgraph = model.subgraphs.element(at: subgraphIndex) else {
            throw .invalidModel("subgraph \(subgraphIndex) does not exist (the model has \(model.subgraphs.count))")
        }
        let loaded = try Interpreter.load(model: model, main: subgraphIndex, arena: arena, resolver: resolver)
        self.init(model: model, subgraphIndex: subgraphIndex, subgraph: subgraph, loaded: loaded)
    }

    /// Runs every operator of the main subgraph once. Allocates nothing.
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
        return op.outputs.map { Int($0) }
    }

    /// Builds the error for a failed invoke, outside the hot loop.
    private func failure(operator index: Int, status: Int32) -> RuntimeError {
        let op = subgraph.operators[index]
        let opcode = model.operatorCodes[Int(op.opcodeIndex)].builtinCode.description
        return .operatorFailed(index: index, opcode: opcode, reason: InvokeStatus.describe(status))
    }

    /// TFLM's ResetTensorData: variable tensors start at the int8 zero point, others at 0.
    static func resetVariable(_ pointer: UnsafeMutableRawPointer, spec: TensorSpec) {
        let fill: UInt8 = spec.type == .int8 ? UInt8(truncatingIfNeeded: spec.zeroPoint) : 0
        pointer.initializeMemory(as: UInt8.self, repeating: fill, count: spec.byteCount)
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
