import KingletKernels
import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

extension Interpreter {
    /// One subgraph being loaded.
    struct LoadingGraph {
        var index: Int
        var subgraph: SubGraph
        var registrations: [OpRegistration] = []
        var specs: [TensorSpec] = []
        var record: UnsafeMutablePointer<GraphRecord>?
        var scratch: [[Int]] = []
        var inputSlots: [Int] = []
        var steps: [ClosedRange<Int>] = []
        var span: ClosedRange<Int> = 0...0
    }

    /// The load script. Every failure is a typed error; an arena too small is reported with the
    /// exact size a run needs.
    static func load(
        model: Model, main: Int, arena: UnsafeMutableRawBufferPointer, resolver: OpResolver
    ) throws(RuntimeError) -> Loaded {
        // 1. The subgraphs to prepare: the main one and those its CALL_ONCE operators run.
        var graphs = [LoadingGraph(index: main, subgraph: model.subgraphs[main])]
        var callTargets: [Int: Int] = [:]  // main operator index → called subgraph
        for (index, op) in model.subgraphs[main].operators.enumerated() {
            guard let code = model.operatorCodes.element(at: Int(op.opcodeIndex)), code.builtinCode == .callOnce else { continue }
            var target = 0
            if case .int(let value)? = op.builtinOptions?.value(named: "init_subgraph_index") {
                target = Int(truncatingIfNeeded: value)
            }
            guard target >= 0, target < model.subgraphs.count, target != main else {
                throw .operatorFailed(index: index, opcode: "CALL_ONCE",
                                      reason: "init subgraph \(target) is not a subgraph other than the main one (the model has \(model.subgraphs.count))")
            }
            callTargets[index] = target
            if !graphs.contains(where: { $0.index == target }) {
                graphs.append(LoadingGraph(index: target, subgraph: model.subgraphs[target]))
            }
        }
        for graph in graphs where graph.index != main {
            for (index, op) in graph.subgraph.operators.enumerated() {
                if model.operatorCodes.element(at: Int(op.opcodeIndex))?.builtinCode == .callOnce {
                    throw .operatorFailed(index: index, opcode: "CALL_ONCE",
                                          reason: "in subgraph \(graph.index): nested CALL_ONCE is not supported")
                }
            }
        }
        // TFLM prepares subgraphs in index order; resource variables depend on that order.
        graphs.sort { $0.index < $1.index }

        // 2. Resolve every operator of every subgraph; fail once naming all unsupported ones.
        var unsupported: [UnsupportedOperator] = []
        for slot in graphs.indices {
            do {
                graphs[slot].registrations = try resolve(model: model, operators: graphs[slot].subgraph.operators, resolver: resolver)
            } catch {
                guard case .unsupportedOperators(let list) = error else { throw error }
                merge(list, into: &unsupported)
            }
        }
        guard unsupported.isEmpty else { throw .unsupportedOperators(unsupported) }

        // 3. Validate tensors.
        for slot in graphs.indices {
            graphs[slot].specs = try validateTensors(model: model, subgraph: graphs[slot].subgraph)
        }

        // 4. The timeline: main operators one step each, a CALL_ONCE's window holding its callee's.
        var step = 0
        var mainSteps: [ClosedRange<Int>] = []
        for index in 0..<model.subgraphs[main].operators.count {
            var length = 1
            if let target = callTargets[index], let callee = graphs.firstIndex(where: { $0.index == target }) {
                let count = graphs[callee].subgraph.operators.count
                length = max(count, 1)
                graphs[callee].steps = (0..<count).map { (step + $0)...(step + $0) }
                graphs[callee].span = step...(step + length - 1)
            }
            mainSteps.append(step...(step + length - 1))
            step += length
        }
        let stepCount = max(step, 1)
        for slot in graphs.indices where graphs[slot].index == main {
            graphs[slot].steps = mainSteps
            graphs[slot].span = 0...(stepCount - 1)
        }

        // 5. Persistent bookkeeping: resource variables, graph records, tensor pointers, nodes.
        var allocator = ArenaAllocator(arena)
        var registry = ResourceRegistry()
        for graph in graphs {
            for (index, op) in graph.subgraph.operators.enumerated() where graph.registrations[index].opcode == .varHandle {
                guard let key = ResourceRegistry.key(of: op) else {
                    throw .operatorFailed(index: index, opcode: "VAR_HANDLE", reason: "has no VarHandleOptions")
                }
                _ = registry.id(for: key)
            }
        }
        if !registry.keys.isEmpty {
            registry.table = allocator.allocatePersistent(ResourceVariable.self, count: registry.keys.count, kind: .operatorData, wordsPerElement: 2)
        }
        let records = allocator.allocatePersistent(GraphRecord.self, count: graphs.count, kind: .nodes, wordsPerElement: 3)
        for slot in graphs.indices {
            let graph = graphs[slot]
            let tensors = allocator.allocatePersistent(UnsafeMutableRawPointer?.self, count: max(graph.specs.count, 1),
                                                       kind: .tensorPointers, wordsPerElement: 1)
            let nodes = allocator.allocatePersistent(Node.self, count: max(graph.subgraph.operators.count, 1),
                                                     kind: .nodes, wordsPerElement: 3)
            records[slot] = GraphRecord(nodes: nodes, nodeCount: graph.subgraph.operators.count, tensorData: tensors)
            graphs[slot].record = records + slot
        }
        let graphRecords = Dictionary(uniqueKeysWithValues: graphs.map { ($0.index, $0.record.unsafelyUnwrapped) })

        // 6. Prepare every operator, subgraph by subgraph.
        for slot in graphs.indices {
            let graph = graphs[slot]
            for (index, op) in graph.subgraph.operators.enumerated() {
                let code = model.operatorCodes[Int(op.opcodeIndex)]
                var context = PrepareContext(
                    model: model, subgraph: graph.subgraph, op: op, index: index, opcode: code.builtinCode,
                    version: code.version, allocator: allocator)
                context.subgraphIndex = graph.index
                context.resources = registry
                context.graphRecords = graphRecords
                let prepared: PreparedOperator
                do {
                    prepared = try graph.registrations[index].prepare(&context)
                } catch {
                    guard case .unsupportedOperators(let list) = error else {
                        context.allocator.releaseOverflow()
                        throw error.inSubgraph(graph.index, main: main)
                    }
                    allocator = context.allocator
                    merge(list, into: &unsupported)
                    graphs[slot].scratch.append([])
                    graphs[slot].inputSlots.append(0)
                    continue
                }
                allocator = context.allocator
                let inputSlots = graph.registrations[index].inputSlots ?? op.inputs.count
                guard op.inputs.count <= inputSlots else {
                    allocator.releaseOverflow()
                    throw RuntimeError.operatorFailed(index: index, opcode: code.builtinCode.description,
                                                      reason: "has \(op.inputs.count) inputs, at most \(inputSlots) allowed")
                        .inSubgraph(graph.index, main: main)
                }
                graphs[slot].scratch.append(context.scratchSizes)
                graphs[slot].inputSlots.append(inputSlots)
                let ioCount = inputSlots + op.outputs.count + context.scratchSizes.count
                let io = allocator.allocatePersistent(UnsafeMutableRawPointer?.self, count: max(ioCount, 1), kind: .ioLists, wordsPerElement: 1)
                graph.record.unsafelyUnwrapped.pointee.nodes.unsafelyUnwrapped[index] =
                    Node(invoke: prepared.invoke, opData: prepared.opData, io: io)
            }
        }
        guard unsupported.isEmpty else {
            allocator.releaseOverflow()
            throw .unsupportedOperators(unsupported)
        }

        // 7. Plan every subgraph's tensors and scratch on the shared timeline; variable tensors
        //    live in the tail for the whole run.
        var plan = MemoryPlan.make(graphs.map { graph in
            (graph.index, MemoryPlan.GraphInput(
                subgraph: graph.subgraph, specs: graph.specs, scratch: graph.scratch,
                aliasing: graph.registrations.map { $0.outputAliasesInput }, steps: graph.steps, span: graph.span))
        }, main: main, stepCount: stepCount)
        for graph in graphs {
            for (tensor, buffer) in (plan.graphs[graph.index]?.tensorBuffers ?? []).enumerated() where buffer == MemoryPlan.variable {
                if let pointer = allocator.allocatePersistentData(graph.specs[tensor].byteCount, kind: .variableTensors) {
                    plan.graphs[graph.index]?.variableData.append((tensor, pointer))
                }
            }
        }
        // Rounded so that an arena of exactly `need` bytes has room for both parts.
        let persistent = alignUp(allocator.tailUsed, ArenaAllocator.bufferAlignment)
        let need = MemoryPlanner.saturatingAdd(allocator.leadingPadding, MemoryPlanner.saturatingAdd(plan.plannedBytes, persistent))
        guard !allocator.overflowed, plan.plannedBytes <= allocator.capacity - persistent else {
            allocator.releaseOverflow()
            throw .arenaTooSmall(need: need, have: arena.count)
        }
        let usage = ArenaUsage(
            plannedBytes: plan.plannedBytes, persistentBytes: persistent, alignmentBytes: allocator.leadingPadding,
            lowerBoundBytes: plan.lowerBoundBytes, persistentBlocks: allocator.ledger)

        // 8. Bind: every tensor's data pointer, then every node's I/O list.
        for graph in graphs {
            guard let graphPlan = plan.graphs[graph.index], let tensorData = graph.record?.pointee.tensorData else { continue }
            for (tensor, spec) in graph.specs.enumerated() where graphPlan.storageOwner[tensor] == tensor {
                if let constant = spec.constantData {
                    // Constants are read in place from the model bytes; kernels never write inputs.
                    tensorData[tensor] = UnsafeMutableRawPointer(mutating: constant)
                } else if graphPlan.tensorBuffers[tensor] >= 0 {
                    tensorData[tensor] = allocator.base + plan.buffers[graphPlan.tensorBuffers[tensor]].offset
                }
            }
            for (tensor, pointer) in graphPlan.variableData {
                tensorData[tensor] = pointer
                resetVariable(pointer, spec: graph.specs[tensor])
            }
            for tensor in graph.specs.indices where graphPlan.storageOwner[tensor] != tensor {
                tensorData[tensor] = tensorData[graphPlan.storageOwner[tensor]]
            }
            guard let nodes = graph.record?.pointee.nodes else { continue }
            for (index, op) in graph.subgraph.operators.enumerated() {
                let io = nodes[index].io
                var slot = 0
                for input in op.inputs {
                    io[slot] = input < 0 ? nil : tensorData[Int(input)]
                    slot += 1
                }
                while slot < graph.inputSlots[index] {
                    io[slot] = nil  // an optional trailing input the model leaves out
                    slot += 1
                }
                for output in op.outputs {
                    io[slot] = tensorData[Int(output)]
                    slot += 1
                }
                for buffer in graphPlan.scratchBuffers[index] {
                    io[slot] = allocator.base + plan.buffers[buffer].offset
                    slot += 1
                }
            }
        }
        let mainRecord = graphRecords[main].unsafelyUnwrapped.pointee
        return Loaded(arenaBase: allocator.base, main: mainRecord, plan: plan, usage: usage)
    }

    static func merge(_ list: [UnsupportedOperator], into unsupported: inout [UnsupportedOperator]) {
        for entry in list {
            if let existing = unsupported.firstIndex(where: {
                $0.opcode == entry.opcode && $0.version == entry.version && $0.detail == entry.detail
                    && $0.customCode == entry.customCode
            }) {
                unsupported[existing].count += entry.count
            } else {
                unsupported.append(entry)
            }
        }
    }
}

extension RuntimeError {
    /// Names the subgraph in an operator failure outside the main subgraph.
    func inSubgraph(_ subgraph: Int, main: Int) -> RuntimeError {
        guard subgraph != main, case .operatorFailed(let index, let opcode, let reason) = self else { return self }
        return .operatorFailed(index: index, opcode: opcode, reason: "in subgraph \(subgraph): " + reason)
    }
}
