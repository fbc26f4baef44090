import KingletRuntime
import TFLiteModel

/// Where a model's arena goes: the plan, the peak, the persistent part, flash, and the verdict
/// against a budget. `kinglet budget` prints it; `BudgetCheck` asserts with it.
public struct ArenaReport {
    public struct PlannedTensor {
        public var index: Int
        public var name: String
        public var bytes: Int
        public var offset: Int
        public var first: Int
        public var last: Int
        /// Tensors sharing these bytes (RESHAPE-like aliases), besides `index`.
        public var aliases: [Int]

        /// `#12` for a tensor, `scratch` for an operator's scratch buffer (index -1).
        public var label: String { index < 0 ? "scratch" : "#\(index)" }
    }

    public struct Peak {
        public var operatorIndex: Int
        public var opcode: String
        public var liveBytes: Int
        /// Planned tensors (and scratch, index -1) alive at the peak, largest first.
        public var tensors: [PlannedTensor]
    }

    public let usage: ArenaUsage
    public let tensors: [PlannedTensor]
    public let scratch: [(operatorIndex: Int, bytes: Int, offset: Int)]
    public let peak: Peak?
    /// Planned bytes alive at each main-subgraph operator (the most over its steps): the curve
    /// whose maximum is `peak.liveBytes`.
    public let liveBytes: [Int]
    public let operatorCount: Int
    public let modelBytes: Int
    public let codeBytes: Int
    public let codeBreakdown: [(name: String, bytes: Int)]
    public let budget: Budget
    /// The Cortex-M4 figures when `budget.target` is `.cortexM4` (nil for the host).
    public let device: DeviceFigures?
    public var target: BudgetTarget { budget.target }

    /// A report for `model` on `budget.target`: the host loads with its planner, the Cortex-M4
    /// with the device's (`.deterministic`), so the arena equals the device's `kinglet_arena_used`.
    public init(model: Model, budget: Budget, resolver: OpResolver = .allBuiltins) throws(RuntimeError) {
        switch budget.target {
        case .host:
            let runner = try ModelRunner(model: model, resolver: resolver)
            self.init(interpreter: runner.interpreter, budget: budget)
        case .cortexM4:
            self = try DeviceLoad.report(model, budget: budget, resolver: resolver)
        }
    }

    /// A report from a loaded interpreter. For `.cortexM4`, load it with `planner: .deterministic`
    /// (the device's planner) for the arena to be the device's.
    public init(interpreter: Interpreter, budget: Budget) {
        device = budget.target == .cortexM4 ? DeviceFigures(interpreter: interpreter) : nil
        let model = interpreter.model
        let plan = interpreter.plan
        let subgraph = model.subgraphs[interpreter.subgraphIndex]
        usage = interpreter.usage
        self.budget = budget
        operatorCount = interpreter.operatorCount
        modelBytes = model.bytes.count

        // Steps are main-subgraph operators, except inside a CALL_ONCE, whose callee's operators
        // have steps of their own: report operator indices of the main subgraph.
        let mainSteps = plan.main.steps  // ascending, disjoint windows
        func mainOperator(_ step: Int) -> Int {
            var low = 0, high = mainSteps.count - 1
            while low <= high {
                let middle = (low + high) / 2
                if mainSteps[middle].upperBound < step {
                    low = middle + 1
                } else if mainSteps[middle].lowerBound > step {
                    high = middle - 1
                } else {
                    return middle
                }
            }
            return step
        }
        // Copies hoisted out of the loops: `plan.storageOwner` is computed on each access.
        let owners = plan.storageOwner, tensorBuffers = plan.tensorBuffers
        var aliasesOf: [Int: [Int]] = [:]
        for (tensor, owner) in owners.enumerated() where owner != tensor {
            aliasesOf[owner, default: []].append(tensor)
        }
        var tensors: [PlannedTensor] = []
        for (index, buffer) in tensorBuffers.enumerated() where buffer >= 0 && owners[index] == index {
            let placed = plan.buffers[buffer]
            let aliases = aliasesOf[index] ?? []
            tensors.append(
                PlannedTensor(
                    index: index, name: subgraph.tensors[index].name ?? "", bytes: placed.size,
                    offset: placed.offset, first: mainOperator(placed.first),
                    last: mainOperator(placed.last), aliases: aliases))
        }
        self.tensors = tensors.sorted { $0.offset != $1.offset ? $0.offset < $1.offset : $0.first < $1.first }
        var scratch: [(operatorIndex: Int, bytes: Int, offset: Int)] = []
        for (operatorIndex, buffers) in plan.scratchBuffers.enumerated() {
            for buffer in buffers {
                scratch.append((operatorIndex, plan.buffers[buffer].size, plan.buffers[buffer].offset))
            }
        }
        self.scratch = scratch

        // The peak: the operator where the most planned bytes are alive at once.
        var best: (step: Int, bytes: Int)?
        // Live bytes per step by a sweep over buffer starts and ends (linear, not steps × buffers).
        var delta = [Int](repeating: 0, count: max(plan.stepCount, 1) + 1)
        for buffer in plan.buffers where buffer.first >= 0 && buffer.first < delta.count {
            delta[buffer.first] = delta[buffer.first].addingReportingOverflow(buffer.size).partialValue
            let end = min(max(buffer.last + 1, 0), delta.count - 1)
            delta[end] = delta[end].subtractingReportingOverflow(buffer.size).partialValue
        }
        var running = 0
        var liveAtStep = [Int](repeating: 0, count: max(plan.stepCount, 1))
        for step in 0..<max(plan.stepCount, 1) {
            running = running.addingReportingOverflow(delta[step]).partialValue
            liveAtStep[step] = running
            if running > (best?.bytes ?? -1) { best = (step, running) }
        }
        liveBytes = (0..<operatorCount).map { index in
            guard index < mainSteps.count else { return 0 }
            let window = mainSteps[index].clamped(to: 0...(liveAtStep.count - 1))
            return liveAtStep[window].max() ?? 0
        }
        if let best, operatorCount > 0 {
            let peakOperator = mainOperator(best.step)
            var live = tensors.filter { $0.first <= peakOperator && peakOperator <= $0.last }
            for entry in scratch where entry.operatorIndex == peakOperator {
                live.append(
                    PlannedTensor(
                        index: -1, name: "scratch of operator \(entry.operatorIndex)", bytes: entry.bytes,
                        offset: entry.offset, first: peakOperator, last: peakOperator, aliases: []))
            }
            live.sort { $0.bytes > $1.bytes }
            let op = subgraph.operators[peakOperator]
            let opcode = model.operatorCodes.element(at: op.opcodeIndex)?.builtinCode.description ?? "?"
            peak = Peak(operatorIndex: peakOperator, opcode: opcode, liveBytes: best.bytes, tensors: live)
        } else {
            peak = nil
        }

        // Flash: the model bytes plus measured code sizes of the operators it uses.
        var names = Set<String>()
        for op in subgraph.operators {
            if let code = model.operatorCodes.element(at: op.opcodeIndex) {
                names.insert(code.builtinCode.description)
            }
        }
        // Per-operator figures each include the support code operators share; the total counts it
        // once (CodeSizeTable.estimatedOperatorBytes), the breakdown shows each operator alone.
        var breakdown: [(name: String, bytes: Int)] = [("core", CodeSizeTable.coreBytes)]
        for name in names.sorted() {
            breakdown.append((name, CodeSizeTable.operatorBytes[name] ?? CodeSizeTable.unknownOperatorBytes))
        }
        codeBreakdown = breakdown
        codeBytes = CodeSizeTable.coreBytes + CodeSizeTable.estimatedOperatorBytes(for: names)
    }

    /// Flash: on the host the model + Embedded Swift object estimate; on the device the model +
    /// linked code (DeviceCodeTable).
    public var flashBytes: Int { device?.flashBytes ?? (modelBytes + codeBytes) }
    /// The code part of `flashBytes`.
    public var flashCodeBytes: Int { device?.flashCodeBytes ?? codeBytes }
    /// RAM checked against the budget: the arena on the host; arena + static + stack on the device.
    public var ramBytes: Int { device?.totalRAMBytes ?? usage.totalBytes }
    /// The arena on the target.
    public var arenaBytes: Int { device?.arenaBytes ?? usage.totalBytes }

    public var ramMargin: Int? { budget.ramBytes.map { $0 - ramBytes } }
    public var flashMargin: Int? { budget.flashBytes.map { $0 - flashBytes } }
    public var fits: Bool { (ramMargin ?? 0) >= 0 && (flashMargin ?? 0) >= 0 }

    /// One line on why the model does not fit (nil when it fits).
    public var shortfall: String? {
        var reasons: [String] = []
        if let margin = ramMargin, margin < 0, let ram = budget.ramBytes {
            var text: String
            if let device {
                text =
                    "RAM: \(grouped(device.totalRAMBytes)) bytes on a Cortex-M4 (arena \(grouped(device.arenaBytes)) + static "
                    + "\(grouped(device.staticRAMBytes)) + stack \(grouped(device.stackBytes))), \(grouped(-margin)) more than the \(grouped(ram)) available"
            } else {
                text =
                    "RAM: the arena needs \(grouped(usage.totalBytes)) bytes, \(grouped(-margin)) more than the \(grouped(ram)) available"
            }
            if let peak {
                let top = peak.tensors.prefix(3).map { "\($0.label) \(grouped($0.bytes)) B" }.joined(separator: ", ")
                text +=
                    "; the peak is operator \(peak.operatorIndex) (\(peak.opcode)) with \(grouped(peak.liveBytes)) bytes live (\(top))"
            }
            if usage.persistentBytes > usage.plannedBytes {
                text += "; the persistent part (\(grouped(usage.persistentBytes)) bytes) dominates"
            }
            reasons.append(text)
        }
        if let margin = flashMargin, margin < 0, let flash = budget.flashBytes {
            let dominant =
                modelBytes >= flashCodeBytes ? "the model's \(grouped(modelBytes)) bytes dominate" : "code dominates"
            reasons.append(
                "flash: \(grouped(flashBytes)) bytes, \(grouped(-margin)) more than the \(grouped(flash)) available; \(dominant)"
            )
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}
