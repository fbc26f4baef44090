import FlatBufferReader
import KingletKernels
import TFLiteModel

/// Runs a verified model's main subgraph inside one caller-provided arena, as TFLM does.
///
/// Loading runs in named phases (see `Interpreter+Loading.swift`, modelled on TFLM's
/// `AllocateTensors`): resolve → validate → allocate records → prepare → plan → bind. Everything
/// it keeps lives in the arena (the tail: op data, node records, tensor pointers, this value's own
/// record); its temporary state lives in the arena's free middle. Nothing is allocated on a heap,
/// so the same code runs on a microcontroller. `invoke()` then only computes.
///
/// The value is a handle: copies share the arena. The model bytes and the arena must outlive it.
public struct Interpreter {
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
    public let usage: ArenaUsage
    /// Where this value is kept in the arena (for C callers, which hold a pointer to it).
    public let record: UnsafeMutablePointer<Interpreter>?
    #if !hasFeature(Embedded)
        /// The memory plan, for reports (host only).
        public internal(set) var plan: MemoryPlan
    #endif

    /// Loads `model`'s main subgraph (and the subgraphs it calls) into `arena`. `planner`
    /// `.deterministic` is the device's planner; a host may search for a smaller plan.
    public init(
        model: Model, arena: UnsafeMutableRawBufferPointer, resolver: OpResolver, subgraph subgraphIndex: Int = 0,
        planner: PlannerKind = .standard
    ) throws(RuntimeError) {
        self = try Interpreter.load(
            model: model, main: subgraphIndex, arena: arena, resolver: resolver, planner: planner)
    }

    init(loader: borrowing Loader, main: GraphRecord, usage: ArenaUsage, record: UnsafeMutablePointer<Interpreter>?) {
        model = loader.model
        subgraphIndex = loader.main
        subgraph = loader.model.subgraphs[loader.main]
        arenaBase = loader.allocator.base
        nodes = main.nodes
        nodeCount = main.nodeCount
        tensorData = main.tensorData
        tensorCount = main.tensorCount
        self.usage = usage
        self.record = record
        #if !hasFeature(Embedded)
            plan = loader.hostPlan ?? MemoryPlan.empty(main: loader.main)
        #endif
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
            throw .badInput(.operatorOutOfRange(index: index, count: nodeCount))
        }
        let node = nodes[index]
        let status = node.invoke(node.opData, node.io)
        if status != InvokeStatus.ok { throw failure(operator: index, status: status) }
    }

    /// Builds the error for a failed invoke, outside the hot loop.
    private func failure(operator index: Int, status: Int32) -> RuntimeError {
        let op = subgraph.operators[index]
        let opcode = model.operatorCodes.element(at: op.opcodeIndex)?.builtinCode ?? .custom
        return .operatorFailed(
            OperatorFailure(
                subgraph: subgraphIndex, mainSubgraph: subgraphIndex, index: index,
                opcode: opcode, problem: .invoke(status: status)))
    }

    /// TFLM's ResetTensorData: variable tensors start at the int8 zero point, others at 0.
    static func resetVariable(_ pointer: UnsafeMutableRawPointer, spec: TensorSpec) {
        let fill: UInt8 = spec.type == .int8 ? UInt8(truncatingIfNeeded: spec.zeroPoint) : 0
        pointer.initializeMemory(as: UInt8.self, repeating: fill, count: spec.byteCount)
    }
}

/// Which planner places the arena's head.
public enum PlannerKind: Sendable {
    /// The device's: largest buffer first, each at the lowest offset clear of the buffers alive
    /// with it. Runs in the arena's free middle, in time quadratic in the buffer count.
    case deterministic
    /// A host's: the deterministic plan first, then other orders and a seeded local search toward
    /// the peak-live lower bound (reports, `kinglet run`).
    case search

    /// The planner this build uses by default: `.search` on a host, `.deterministic` on a device.
    public static var standard: PlannerKind {
        #if hasFeature(Embedded)
            return .deterministic
        #else
            return .search
        #endif
    }
}

/// A prepared operator as kept in the arena: its invoke function, op data and I/O pointers.
struct Node {
    var invoke: InvokeFunction
    var opData: UnsafeMutableRawPointer?
    var io: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// How `io` is laid out: input slots, scratch count, and whether the output aliases input 0.
    var layout: NodeLayout
}

struct NodeLayout {
    var inputSlots: UInt16
    var scratchCount: UInt8
    var aliasesInput: Bool
}

/// A prepared subgraph as kept in the arena (CALL_ONCE runs one through this record).
public struct GraphRecord {
    var nodes: UnsafeMutablePointer<Node>
    var nodeCount: Int
    var tensorData: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    var tensorCount: Int
    var subgraph: Int
}

/// How the arena is used: exactly what a run needs.
public struct ArenaUsage: Equatable, Sendable {
    /// Head: tensors and scratch buffers, as planned.
    public var plannedBytes: Int
    /// Tail: op data, node records, tensor pointers, variable tensors.
    public var persistentBytes: Int
    /// Bytes skipped to align the arena start (0 for a 16-byte-aligned arena).
    public var alignmentBytes: Int
    /// The peak of live tensor bytes: no plan of these buffers can be smaller (0 where not computed).
    public var lowerBoundBytes: Int
    /// The most the planner's temporary arrays took at once (they share the head with the plan).
    public var temporaryBytes: Int
    /// Persistent bytes by kind.
    public var persistent: PersistentBytes
    /// The persistent part as laid out on a 32-bit device (`DeviceLayout` sizes), and by kind.
    public var persistentBytesOnDevice: Int
    public var persistentOnDevice: PersistentBytes

    /// Persistent bytes of one kind.
    public func persistentBytes(of kind: PersistentKind) -> Int { persistent[kind] }

    /// The head: the plan, or the planner's temporary arrays when they took more.
    public var headBytes: Int { max(plannedBytes, temporaryBytes) }

    /// The arena size a run needs: an arena of exactly this size (at the same alignment) works.
    public var totalBytes: Int { headBytes + persistentBytes + alignmentBytes }

    /// The arena the same load needs on a 32-bit device (16-byte aligned arena): exact when this
    /// load used the device's planner (`PlannerKind.deterministic`).
    public var totalBytesOnDevice: Int { headBytes + persistentBytesOnDevice }
}
