import TFLiteModel

/// One tensor's planning record (fixed-width, so the temporary area is the same size everywhere).
struct TensorPlan {
    /// The first and last step that use it (first = Int32.max, last = -1: unused).
    var first: Int32
    var last: Int32
    /// The tensor whose bytes it shares (itself unless an aliasing operator such as RESHAPE joins them).
    var owner: Int32
    /// Its buffer, or `constant` / `variable` / `unused`.
    var buffer: Int32

    static let constant: Int32 = -1, variable: Int32 = -2, unused: Int32 = -3
}

/// One buffer of the arena's head: `size` bytes alive from step `first` through `last`.
struct PlanBuffer {
    var offset: Int64
    var size: Int64
    var first: Int32
    var last: Int32

    func overlapsInTime(_ other: PlanBuffer) -> Bool { first <= other.last && other.first <= last }
}

/// The planner's state, in the temporary area.
struct PlanState {
    var tensors = UnsafeMutableBufferPointer<TensorPlan>(start: nil, count: 0)
    var buffers = UnsafeMutableBufferPointer<PlanBuffer>(start: nil, count: 0)
    /// Per prepared graph: where its tensors start in `tensors`, and its span of steps.
    var tensorBase = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
    var spanStart = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
    var spanEnd = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
    /// Per main-subgraph operator (and one past the last): its first step.
    var mainStepStart = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
    var stepCount = 0
    var plannedBytes = 0
    var lowerBoundBytes = 0
}

extension Loader {
    // MARK: - 5. Plan

    /// Plans every prepared graph's tensors and scratch buffers on one timeline of steps: each
    /// main-subgraph operator takes one step, except a CALL_ONCE, whose window holds the steps of
    /// the subgraph it runs, so a called subgraph's tensors never overlap a main tensor alive
    /// across the call.
    ///
    /// Lifetimes: a tensor lives from the step of the operator that writes it (graph inputs: from
    /// the start of the graph's span) to the last step of the last operator that reads it (graph
    /// outputs: to the end of the span); scratch lives inside its operator. Operators whose output
    /// aliases their input (RESHAPE, SQUEEZE, EXPAND_DIMS) give both one buffer whose lifetime
    /// covers both, and the copy is skipped.
    mutating func plan(_ planner: PlannerKind) throws(RuntimeError) {
        temporary.setLimit(max(allocator.capacity - allocator.persistentBytes, 0))
        guard allocateTimeline(), allocateTensorPlans() else { throw temporaryFull() }
        computeLifetimes()
        guard allocateBuffers() else { throw temporaryFull() }
        switch planner {
        case .deterministic:
            guard let order = temporary.allocate(Int32.self, count: planned.buffers.count) else {
                throw temporaryFull()
            }
            DeterministicPlanner.place(planned.buffers, order: order)
        case .search:
            #if hasFeature(Embedded)
                guard let order = temporary.allocate(Int32.self, count: planned.buffers.count) else {
                    throw temporaryFull()
                }
                DeterministicPlanner.place(planned.buffers, order: order)
            #else
                searchPlan()
            #endif
        }
        var end = 0
        for buffer in planned.buffers {
            end = max(end, MemoryPlanner.saturatingAdd(Int(buffer.offset), Int(buffer.size)))
        }
        planned.plannedBytes = end
        #if !hasFeature(Embedded)
            planned.lowerBoundBytes = lowerBound()
        #endif
        let head = max(end, alignUp(temporary.peak, ArenaAllocator.bufferAlignment))
        let need = MemoryPlanner.saturatingAdd(
            allocator.leadingPadding, MemoryPlanner.saturatingAdd(head, allocator.persistentBytes))
        guard !allocator.overflowed, !temporary.overflowed, head <= allocator.capacity - allocator.persistentBytes
        else {
            throw .arenaTooSmall(need: need, have: arenaBytes)
        }
    }

    private func temporaryFull() -> RuntimeError {
        .arenaTooSmall(
            need: MemoryPlanner.saturatingAdd(allocator.leadingPadding + allocator.persistentBytes, temporary.peak),
            have: arenaBytes, needIsExact: false)
    }

    /// The slot of prepared subgraph `subgraph`.
    func slot(ofSubgraph subgraph: Int) -> Int? {
        for slot in 0..<graphCount where records[slot].subgraph == subgraph { return slot }
        return nil
    }

    /// The steps of operator `index` of the graph in `slot`.
    @inline(never)
    func window(_ slot: Int, _ index: Int) -> (Int32, Int32) {
        if records[slot].subgraph == main {
            return (planned.mainStepStart[index], planned.mainStepStart[index + 1] - 1)
        }
        let step = planned.spanStart[slot] &+ Int32(truncatingIfNeeded: index)
        return (step, step)
    }

    private mutating func allocateTimeline() -> Bool {
        let mainOperators = model.subgraphs[main].operators.count
        guard let starts = temporary.allocate(Int32.self, count: mainOperators + 1),
            let spanStart = temporary.allocate(Int32.self, count: graphCount),
            let spanEnd = temporary.allocate(Int32.self, count: graphCount)
        else { return false }
        planned.mainStepStart = starts
        planned.spanStart = spanStart
        planned.spanEnd = spanEnd
        var step: Int32 = 0
        for index in 0..<mainOperators {
            starts[index] = step
            var length: Int32 = 1
            if let target = callTarget(ofMainOperator: index), let callee = slot(ofSubgraph: target) {
                length = Int32(max(records[callee].nodeCount, 1))
                spanStart[callee] = step
                spanEnd[callee] = step + length - 1
            }
            step += length
        }
        starts[mainOperators] = step
        planned.stepCount = max(Int(step), 1)
        if let mainSlot = slot(ofSubgraph: main) {
            spanStart[mainSlot] = 0
            spanEnd[mainSlot] = Int32(planned.stepCount - 1)
        }
        return true
    }

    private mutating func allocateTensorPlans() -> Bool {
        guard let bases = temporary.allocate(Int32.self, count: graphCount + 1) else { return false }
        var total = 0
        for slot in 0..<graphCount {
            bases[slot] = Int32(total)
            total += records[slot].tensorCount
        }
        bases[graphCount] = Int32(total)
        guard let tensors = temporary.allocate(TensorPlan.self, count: total) else { return false }
        planned.tensorBase = bases
        planned.tensors = tensors
        for slot in 0..<graphCount {
            for tensor in 0..<records[slot].tensorCount {
                tensors[Int(bases[slot]) + tensor] = TensorPlan(
                    first: Int32.max, last: -1, owner: Int32(tensor),
                    buffer: TensorPlan.unused)
            }
        }
        return true
    }

    private mutating func computeLifetimes() {
        for slot in 0..<graphCount {
            let subgraph = model.subgraphs[records[slot].subgraph]
            let base = Int(planned.tensorBase[slot])
            let tensors = UnsafeMutableBufferPointer(
                rebasing: planned.tensors[base..<(base + records[slot].tensorCount)])
            func use(_ tensor: Int32, _ steps: (Int32, Int32)) {
                guard tensor >= 0, Int(tensor) < tensors.count else { return }
                tensors[Int(tensor)].first = min(tensors[Int(tensor)].first, steps.0)
                tensors[Int(tensor)].last = max(tensors[Int(tensor)].last, steps.1)
            }
            let spanStart = planned.spanStart[slot], spanEnd = planned.spanEnd[slot]
            for tensor in subgraph.inputs { use(tensor, (spanStart, spanStart)) }
            for index in 0..<subgraph.operators.count {
                let op = subgraph.operators[index]
                let steps = window(slot, index)
                for tensor in op.inputs { use(tensor, steps) }
                for tensor in op.outputs { use(tensor, steps) }
            }
            for tensor in subgraph.outputs { use(tensor, (spanEnd, spanEnd)) }

            // Alias groups: the output of each aliasing operator joins its first input's group.
            func root(_ tensor: Int) -> Int {
                var current = tensor
                while Int(tensors[current].owner) != current { current = Int(tensors[current].owner) }
                return current
            }
            for index in 0..<subgraph.operators.count where records[slot].nodes[index].layout.aliasesInput {
                let op = subgraph.operators[index]
                guard op.inputs.count >= 1, op.outputs.count == 1, op.inputs[0] >= 0 else { continue }
                let source = Int(op.inputs[0]), output = Int(op.outputs[0])
                // Variables change between runs: never alias them.
                guard !subgraph.tensors[source].isVariable, !subgraph.tensors[output].isVariable,
                    byteCount(subgraph, source) == byteCount(subgraph, output), root(source) != output
                else { continue }
                tensors[output].owner = Int32(root(source))
            }
            for tensor in 0..<tensors.count { tensors[tensor].owner = Int32(root(tensor)) }
            for tensor in 0..<tensors.count where Int(tensors[tensor].owner) != tensor && tensors[tensor].last >= 0 {
                let group = Int(tensors[tensor].owner)
                tensors[group].first = min(tensors[group].first, tensors[tensor].first)
                tensors[group].last = max(tensors[group].last, tensors[tensor].last)
            }
        }
    }

    /// A validated tensor's byte count.
    @inline(never)
    func byteCount(_ subgraph: SubGraph, _ tensor: Int) -> Int {
        (try? TensorSpec(index: tensor, model: model, subgraph: subgraph))?.byteCount ?? -1
    }

    /// The buffers: every graph's tensor groups, then its scratch buffers, in order.
    private mutating func allocateBuffers() -> Bool {
        var count = 0
        for slot in 0..<graphCount {
            let subgraph = model.subgraphs[records[slot].subgraph]
            let base = Int(planned.tensorBase[slot])
            for tensor in 0..<records[slot].tensorCount where Int(planned.tensors[base + tensor].owner) == tensor {
                if kind(subgraph, tensor) == nil && planned.tensors[base + tensor].last >= 0 { count += 1 }
            }
            for index in 0..<records[slot].nodeCount { count += Int(records[slot].nodes[index].layout.scratchCount) }
        }
        guard let buffers = temporary.allocate(PlanBuffer.self, count: count) else { return false }
        planned.buffers = buffers
        var next = 0
        for slot in 0..<graphCount {
            let subgraph = model.subgraphs[records[slot].subgraph]
            let base = Int(planned.tensorBase[slot])
            for tensor in 0..<records[slot].tensorCount where Int(planned.tensors[base + tensor].owner) == tensor {
                let plan = planned.tensors[base + tensor]
                if let kind = kind(subgraph, tensor) {
                    planned.tensors[base + tensor].buffer = kind
                } else if plan.last >= 0 {
                    planned.tensors[base + tensor].buffer = Int32(next)
                    buffers[next] = PlanBuffer(
                        offset: 0, size: alignedSize(byteCount(subgraph, tensor)),
                        first: plan.first, last: plan.last)
                    next += 1
                }
            }
            for tensor in 0..<records[slot].tensorCount where Int(planned.tensors[base + tensor].owner) != tensor {
                planned.tensors[base + tensor].buffer =
                    planned.tensors[base + Int(planned.tensors[base + tensor].owner)].buffer
            }
            for index in 0..<records[slot].nodeCount {
                let node = records[slot].nodes[index]
                let steps = window(slot, index)
                let scratchStart = Int(node.layout.inputSlots) + subgraph.operators[index].outputs.count
                for request in 0..<Int(node.layout.scratchCount) {
                    let bytes = Int(bitPattern: node.io[scratchStart + request])
                    buffers[next] = PlanBuffer(offset: 0, size: alignedSize(bytes), first: steps.0, last: steps.1)
                    next += 1
                }
            }
        }
        return true
    }

    /// `constant` or `variable` for tensors the head does not hold, else nil.
    @inline(never)
    func kind(_ subgraph: SubGraph, _ tensor: Int) -> Int32? {
        let view = subgraph.tensors[tensor]
        if view.buffer != 0, (model.bufferData(view.buffer)?.count ?? 0) > 0 { return TensorPlan.constant }
        if view.isVariable { return TensorPlan.variable }
        return nil
    }

    private func alignedSize(_ bytes: Int) -> Int64 {
        Int64(alignUp(min(max(bytes, 0), Int.max / 4), MemoryPlanner.alignment))
    }

    // MARK: - 6. Bind

    /// Every tensor's data pointer, then every node's I/O list; returns the interpreter, which
    /// is also stored in its arena record.
    mutating func bind() throws(RuntimeError) -> Interpreter {
        let base = allocator.base
        for slot in 0..<graphCount {
            let record = records[slot]
            let subgraph = model.subgraphs[record.subgraph]
            let tensorBase = Int(planned.tensorBase[slot])
            for tensor in 0..<record.tensorCount {
                let plan = planned.tensors[tensorBase + tensor]
                let owner = Int(plan.owner)
                if owner != tensor { continue }
                if plan.buffer == TensorPlan.constant {
                    // Constants are read in place from the model bytes; kernels never write inputs.
                    let view = subgraph.tensors[tensor]
                    record.tensorData[tensor] = model.bufferData(view.buffer).map {
                        UnsafeMutableRawPointer(mutating: $0.base)
                    }
                } else if plan.buffer >= 0 {
                    record.tensorData[tensor] = base + Int(planned.buffers[Int(plan.buffer)].offset)
                }
            }
            for tensor in 0..<record.tensorCount where Int(planned.tensors[tensorBase + tensor].owner) != tensor {
                record.tensorData[tensor] = record.tensorData[Int(planned.tensors[tensorBase + tensor].owner)]
            }
        }
        // Scratch buffers follow each graph's tensor buffers, in operator order.
        var nextScratch = 0
        for slot in 0..<graphCount {
            let record = records[slot]
            let subgraph = model.subgraphs[record.subgraph]
            let tensorBase = Int(planned.tensorBase[slot])
            for tensor in 0..<record.tensorCount where Int(planned.tensors[tensorBase + tensor].owner) == tensor {
                if planned.tensors[tensorBase + tensor].buffer >= 0 { nextScratch += 1 }
            }
            for index in 0..<record.nodeCount {
                let op = subgraph.operators[index]
                let node = record.nodes[index]
                var position = 0
                for input in op.inputs {
                    node.io[position] = input < 0 ? nil : record.tensorData[Int(input)]
                    position += 1
                }
                while position < Int(node.layout.inputSlots) {
                    node.io[position] = nil  // an optional trailing input the model leaves out
                    position += 1
                }
                for output in op.outputs {
                    node.io[position] = record.tensorData[Int(output)]
                    position += 1
                }
                for _ in 0..<Int(node.layout.scratchCount) {
                    node.io[position] = base + Int(planned.buffers[nextScratch].offset)
                    nextScratch += 1
                    position += 1
                }
            }
        }
        #if !hasFeature(Embedded)
            hostPlan = makeHostPlan()
        #endif
        let usage = ArenaUsage(
            plannedBytes: planned.plannedBytes, persistentBytes: allocator.persistentBytes,
            alignmentBytes: allocator.leadingPadding, lowerBoundBytes: planned.lowerBoundBytes,
            temporaryBytes: alignUp(temporary.peak, ArenaAllocator.bufferAlignment), persistent: allocator.bytesByKind,
            persistentBytesOnDevice: allocator.persistentBytesOnDevice, persistentOnDevice: allocator.deviceBytesByKind)
        guard let mainSlot = slot(ofSubgraph: main) else {
            throw .invalidModel(.subgraphOutOfRange(subgraph: main, count: 0))
        }
        let interpreter = Interpreter(loader: self, main: records[mainSlot], usage: usage, record: interpreterRecord)
        var stored = interpreter
        #if !hasFeature(Embedded)
            stored.plan = MemoryPlan.empty(main: main)  // the arena's copy keeps no host arrays alive
        #endif
        interpreterRecord?.initialize(to: stored)
        return interpreter
    }
}

/// The device's planner: buffers by size, largest first (ties: in order), each at the lowest
/// offset clear of every placed buffer alive at the same time (TFLM's greedy planner's rule).
enum DeterministicPlanner {
    static func place(_ buffers: UnsafeMutableBufferPointer<PlanBuffer>, order: UnsafeMutableBufferPointer<Int32>) {
        let count = buffers.count
        for index in 0..<count { order[index] = Int32(index) }
        // Insertion sort: stable, in place, no recursion.
        if count > 1 {
            for position in 1..<count {
                let moving = order[position]
                var hole = position
                while hole > 0 && buffers[Int(order[hole - 1])].size < buffers[Int(moving)].size {
                    order[hole] = order[hole - 1]
                    hole -= 1
                }
                order[hole] = moving
            }
        }
        for position in 0..<count {
            let current = Int(order[position])
            var offset: Int64 = 0
            var moved = true
            while moved {
                moved = false
                for earlier in 0..<position {
                    let other = buffers[Int(order[earlier])]
                    guard other.size > 0, other.overlapsInTime(buffers[current]) else { continue }
                    if other.offset < offset &+ buffers[current].size && offset < other.offset &+ other.size {
                        offset = other.offset &+ other.size
                        moved = true
                    }
                }
            }
            buffers[current].offset = offset
        }
    }
}

#if !hasFeature(Embedded)
    /// Where every run-time tensor and scratch buffer lives in the arena's head (host reports).
    public struct MemoryPlan {
        /// Marks in `tensorBuffers` for tensors that are not planned.
        public static let constant = -1, variable = -2, unused = -3

        /// How one subgraph's tensors map to planned buffers.
        public struct GraphPlan {
            /// For each tensor: its buffer index, or `constant` / `variable` / `unused`.
            public internal(set) var tensorBuffers: [Int]
            /// For each tensor, the tensor whose bytes it shares.
            public internal(set) var storageOwner: [Int]
            /// For each operator, the buffer indices of its scratch requests.
            public internal(set) var scratchBuffers: [[Int]]
            /// Each operator's steps on the shared timeline.
            public internal(set) var steps: [ClosedRange<Int>]
        }

        /// The planned buffers: tensor groups, then scratch buffers, of every subgraph.
        public internal(set) var buffers: [PlannedBuffer]
        /// Plans per model subgraph index.
        public internal(set) var graphs: [Int: GraphPlan]
        public let mainSubgraph: Int
        public internal(set) var plannedBytes: Int
        public internal(set) var lowerBoundBytes: Int
        public internal(set) var stepCount: Int

        public var main: GraphPlan { graphs[mainSubgraph].unsafelyUnwrapped }
        public var tensorBuffers: [Int] { main.tensorBuffers }
        public var storageOwner: [Int] { main.storageOwner }
        public var scratchBuffers: [[Int]] { main.scratchBuffers }

        static func empty(main: Int) -> MemoryPlan {
            MemoryPlan(buffers: [], graphs: [:], mainSubgraph: main, plannedBytes: 0, lowerBoundBytes: 0, stepCount: 0)
        }

        /// The main-subgraph operator whose window holds `step`.
        public func mainOperator(atStep step: Int) -> Int? {
            main.steps.firstIndex { $0.contains(step) }
        }

        public func offset(ofTensor tensor: Int, inSubgraph subgraph: Int) -> Int? {
            guard let graph = graphs[subgraph] else { return nil }
            let buffer = graph.tensorBuffers[tensor]
            return buffer >= 0 ? buffers[buffer].offset : nil
        }
    }

    extension Loader {
        /// The host's planner: search from the deterministic plan toward the lower bound.
        mutating func searchPlan() {
            var list = plannedBuffers()
            _ = MemoryPlanner.plan(&list)
            for index in list.indices { planned.buffers[index].offset = Int64(list[index].offset) }
        }

        func lowerBound() -> Int {
            MemoryPlanner.lowerBound(plannedBuffers(), operatorCount: planned.stepCount)
        }

        /// The planner's buffers as the host's planner and reports take them (offsets included).
        func plannedBuffers() -> [PlannedBuffer] {
            planned.buffers.map { buffer in
                var planned = PlannedBuffer(size: Int(buffer.size), first: Int(buffer.first), last: Int(buffer.last))
                planned.offset = Int(buffer.offset)
                return planned
            }
        }

        func makeHostPlan() -> MemoryPlan {
            var graphs: [Int: MemoryPlan.GraphPlan] = [:]
            var nextScratch = 0
            for slot in 0..<graphCount {
                let record = records[slot]
                let base = Int(planned.tensorBase[slot])
                let tensors = (0..<record.tensorCount).map { planned.tensors[base + $0] }
                nextScratch += tensors.indices.filter { Int(tensors[$0].owner) == $0 && tensors[$0].buffer >= 0 }.count
                var scratch: [[Int]] = []
                var steps: [ClosedRange<Int>] = []
                for index in 0..<record.nodeCount {
                    let count = Int(record.nodes[index].layout.scratchCount)
                    scratch.append(Array(nextScratch..<(nextScratch + count)))
                    nextScratch += count
                    let window = window(slot, index)
                    steps.append(Int(window.0)...Int(max(window.1, window.0)))
                }
                graphs[record.subgraph] = MemoryPlan.GraphPlan(
                    tensorBuffers: tensors.map { Int($0.buffer) }, storageOwner: tensors.map { Int($0.owner) },
                    scratchBuffers: scratch, steps: steps)
            }
            return MemoryPlan(
                buffers: plannedBuffers(), graphs: graphs, mainSubgraph: main, plannedBytes: planned.plannedBytes,
                lowerBoundBytes: planned.lowerBoundBytes, stepCount: planned.stepCount)
        }
    }
#endif
