import FlatBufferReader
import KingletKernels
import TFLiteModel

extension Interpreter {
    /// The load script, in TFLM's order. Every failure is a typed error; an arena too small is
    /// reported with the size a run needs.
    static func load(
        model: Model, main: Int, arena: UnsafeMutableRawBufferPointer, resolver: OpResolver, planner: PlannerKind
    ) throws(RuntimeError) -> Interpreter {
        var loader = try Loader(model: model, main: main, arena: arena, resolver: resolver)
        #if !hasFeature(Embedded)
            loader.temporary.onHeap = planner == .search
        #endif
        defer { loader.finish() }
        try loader.resolve()
        do {
            try loader.validate()
            try loader.allocateRecords()
            try loader.prepare()
        } catch {
            // Host: missing operators were noted, not thrown, so that prepare could name the type
            // combinations the others refuse too; they stay the answer whatever else fails.
            if let unsupported = loader.unsupported { throw .unsupportedOperators(unsupported) }
            throw error
        }
        try loader.allocateVariables()
        try loader.plan(planner)
        return try loader.bind()
    }
}

/// Loading's state between phases. The graphs it prepares are the main subgraph and those the
/// main subgraph's CALL_ONCE operators run, in subgraph order (resource variables depend on it).
struct Loader {
    let model: Model
    let main: Int
    let resolver: OpResolver
    let arenaBytes: Int
    var allocator: ArenaAllocator
    var temporary: TemporaryArea
    /// How many subgraphs are prepared.
    private(set) var graphCount = 0
    /// The prepared graphs' records, in the arena's tail (after `allocateRecords`).
    var records = UnsafeMutableBufferPointer<GraphRecord>(start: nil, count: 0)
    var resources = ResourceVariables()
    var unsupported: UnsupportedOperators?
    /// The set-up step a registration of the model needs (resource variables), if any.
    var setUpSteps: (@Sendable (inout Loader) throws(RuntimeError) -> Void)?
    /// Where the interpreter value is kept in the tail.
    var interpreterRecord: UnsafeMutablePointer<Interpreter>?
    /// The planner's results (after `plan`), in the temporary area.
    var planned = PlanState()
    #if !hasFeature(Embedded)
        var hostPlan: MemoryPlan?
    #endif

    init(model: Model, main: Int, arena: UnsafeMutableRawBufferPointer, resolver: OpResolver) throws(RuntimeError) {
        guard main >= 0, main < model.subgraphs.count else {
            throw .invalidModel(.subgraphOutOfRange(subgraph: main, count: model.subgraphs.count))
        }
        self.model = model
        self.main = main
        self.resolver = resolver
        arenaBytes = arena.count
        allocator = ArenaAllocator(arena)
        temporary = TemporaryArea(allocator)
    }

    /// Frees what a host borrowed from its heap.
    mutating func finish() {
        allocator.releaseOverflow()
        temporary.releaseOverflow()
    }

    // MARK: - The prepared subgraphs

    /// The subgraph a main-subgraph CALL_ONCE runs (its `init_subgraph_index`), or nil for other operators.
    func callTarget(ofMainOperator index: Int) -> Int? {
        let op = model.subgraphs[main].operators[index]
        guard model.operatorCodes.element(at: op.opcodeIndex)?.builtinCode == .callOnce else { return nil }
        return Int(op.options(CallOnceOptions.self).orDefaults?.initSubgraphIndex ?? 0)
    }

    /// Whether subgraph `index` is prepared: the main one, or one a main CALL_ONCE runs.
    func isPrepared(_ index: Int) -> Bool {
        if index == main { return true }
        for op in 0..<model.subgraphs[main].operators.count where callTarget(ofMainOperator: op) == index {
            return true
        }
        return false
    }

    /// The prepared subgraphs' indices, in order, as `body` sees them (slot, subgraph index).
    func forEachGraph(_ body: (Int, Int) throws(RuntimeError) -> Void) throws(RuntimeError) {
        var slot = 0
        for index in 0..<model.subgraphs.count where isPrepared(index) {
            try body(slot, index)
            slot += 1
        }
    }

    func operatorFailure(_ subgraph: Int, _ index: Int, _ problem: OperatorProblem) -> RuntimeError {
        let op = model.subgraphs[subgraph].operators[index]
        let opcode = model.operatorCodes.element(at: op.opcodeIndex)?.builtinCode ?? .custom
        return .operatorFailed(
            OperatorFailure(
                subgraph: subgraph, mainSubgraph: main, index: index, opcode: opcode,
                problem: problem))
    }

    // MARK: - 1. Resolve

    /// Checks CALL_ONCE targets, then finds every operator's registration, noting the missing
    /// ones. A device fails here (naming the first, and how many); a host goes on to prepare the
    /// others, so the one error names every missing operator and refused type combination.
    mutating func resolve() throws(RuntimeError) {
        let mainGraph = model.subgraphs[main]
        for index in 0..<mainGraph.operators.count {
            guard let target = callTarget(ofMainOperator: index) else { continue }
            guard target >= 0, target < model.subgraphs.count, target != main else {
                throw operatorFailure(main, index, .badSubgraphIndex(target: target, count: model.subgraphs.count))
            }
        }
        var count = 0
        try forEachGraph { (_, graph) throws(RuntimeError) in
            count += 1
            let operators = model.subgraphs[graph].operators
            guard operators.count <= Interpreter.maximumOperators,
                model.subgraphs[graph].tensors.count <= Interpreter.maximumTensors
            else {
                throw .invalidModel(
                    .graphTooLarge(tensors: model.subgraphs[graph].tensors.count, operators: operators.count))
            }
            for index in 0..<operators.count {
                let op = operators[index]
                guard let code = model.operatorCodes.element(at: op.opcodeIndex) else {
                    throw .invalidModel(
                        .opcodeIndexOutOfRange(
                            operator: index, opcodeIndex: op.opcodeIndex,
                            count: model.operatorCodes.count))
                }
                if graph != main && code.builtinCode == .callOnce {
                    throw operatorFailure(graph, index, .nestedCallOnce)
                }
                if let registration = resolver.registration(for: code) {
                    if let setUp = registration.setUp { setUpSteps = setUp }
                } else {
                    note(
                        UnsupportedOperator(
                            opcode: code.builtinCode, version: code.version,
                            operatorCodeIndex: op.opcodeIndex, firstIndex: index))
                }
            }
        }
        graphCount = count
        #if hasFeature(Embedded)
            // A device names only the first missing operator: stop here.
            if let unsupported { throw .unsupportedOperators(unsupported) }
        #endif
    }

    mutating func note(_ entry: UnsupportedOperator) {
        if unsupported == nil { unsupported = UnsupportedOperators(first: entry) }
        unsupported?.add(entry)
    }

    // MARK: - 2. Validate

    /// Checks every tensor each prepared graph uses (index, size, constant data) and that no
    /// operator reads a tensor before something writes it.
    mutating func validate() throws(RuntimeError) {
        try forEachGraph { (_, graph) throws(RuntimeError) in
            try validateTensors(of: model.subgraphs[graph])
        }
    }

    // MARK: - 3. Records

    /// The persistent records: resource variables, one record per prepared graph, each graph's
    /// tensor pointers and nodes, and the interpreter's own record.
    mutating func allocateRecords() throws(RuntimeError) {
        if let setUp = setUpSteps { try setUp(&self) }
        guard let table = allocator.allocatePersistent(GraphRecord.self, count: graphCount, kind: .nodes) else {
            throw arenaFull()
        }
        records = UnsafeMutableBufferPointer(start: table, count: graphCount)
        guard let record = allocator.allocatePersistent(Interpreter.self, count: 1, kind: .nodes) else {
            throw arenaFull()
        }
        interpreterRecord = record
        try forEachGraph { (slot, graph) throws(RuntimeError) in
            let subgraph = model.subgraphs[graph]
            guard
                let tensors = allocator.allocatePersistent(
                    UnsafeMutableRawPointer?.self,
                    count: max(subgraph.tensors.count, 1), kind: .tensorPointers),
                let nodes = allocator.allocatePersistent(
                    Node.self, count: max(subgraph.operators.count, 1), kind: .nodes)
            else { throw arenaFull() }
            records[slot] = GraphRecord(
                nodes: nodes, nodeCount: subgraph.operators.count, tensorData: tensors,
                tensorCount: subgraph.tensors.count, subgraph: graph)
        }
    }

    // MARK: - 4. Prepare

    /// Prepares every operator, subgraph by subgraph: op data into the tail, scratch requests
    /// kept in the operator's I/O list until planning.
    mutating func prepare() throws(RuntimeError) {
        for slot in 0..<graphCount {
            let record = records[slot]
            let subgraph = model.subgraphs[record.subgraph]
            for index in 0..<subgraph.operators.count {
                let op = subgraph.operators[index]
                let code = model.operatorCodes[op.opcodeIndex]
                guard let registration = resolver.registration(for: code) else { continue }
                var context = PrepareContext(
                    model: model, subgraph: subgraph, op: op, index: index,
                    opcode: code.builtinCode, version: code.version, allocator: allocator)
                context.subgraphIndex = record.subgraph
                context.mainSubgraph = main
                context.resources = resources
                context.graphRecords = records
                let prepared: PreparedOperator
                do {
                    prepared = try registration.prepare(&context)
                } catch {
                    allocator = context.allocator
                    if case .unsupportedOperators(let list) = error {
                        note(list.first)
                        continue
                    }
                    // Another failure after a missing operator: the missing ones are the answer.
                    if unsupported != nil { continue }
                    throw error
                }
                allocator = context.allocator
                let inputSlots = registration.inputSlots ?? op.inputs.count
                guard op.inputs.count <= inputSlots else {
                    throw operatorFailure(
                        record.subgraph, index,
                        .inputCount(minimum: 0, maximum: inputSlots, actual: op.inputs.count))
                }
                let scratch = context.scratch
                let ioCount = inputSlots + op.outputs.count + scratch.count
                guard
                    let io = allocator.allocatePersistent(
                        UnsafeMutableRawPointer?.self, count: max(ioCount, 1),
                        kind: .ioLists)
                else { throw arenaFull() }
                // Until planning, a scratch slot holds the size requested.
                for request in 0..<scratch.count {
                    io[inputSlots + op.outputs.count + request] = UnsafeMutableRawPointer(bitPattern: scratch[request])
                }
                record.nodes[index] = Node(
                    invoke: prepared.invoke, opData: prepared.opData, io: io,
                    layout: NodeLayout(
                        inputSlots: UInt16(truncatingIfNeeded: inputSlots),
                        scratchCount: UInt8(truncatingIfNeeded: scratch.count),
                        aliasesInput: registration.outputAliasesInput))
            }
        }
        if let unsupported { throw .unsupportedOperators(unsupported) }
    }

    /// Variable tensors live in the tail for the whole run, at their zero point.
    mutating func allocateVariables() throws(RuntimeError) {
        for slot in 0..<graphCount {
            let record = records[slot]
            let subgraph = model.subgraphs[record.subgraph]
            for tensor in 0..<subgraph.tensors.count where subgraph.tensors[tensor].isVariable {
                let spec = try TensorSpec(index: tensor, model: model, subgraph: subgraph)
                guard !spec.isConstant else { continue }
                let pointer = allocator.allocatePersistentData(spec.byteCount, kind: .variableTensors)
                record.tensorData[tensor] = pointer
                if let pointer { Interpreter.resetVariable(pointer, spec: spec) }
            }
        }
    }

    /// The error for a full arena on a device, where nothing more can be counted.
    func arenaFull() -> RuntimeError {
        .arenaTooSmall(need: allocator.leadingPadding + allocator.persistentBytes, have: arenaBytes, needIsExact: false)
    }
}
