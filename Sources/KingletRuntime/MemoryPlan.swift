import TFLiteModel

/// Where every run-time tensor and scratch buffer lives in the arena's head, and why.
///
/// All prepared subgraphs share one timeline of steps: each main-subgraph operator takes one step,
/// except a CALL_ONCE, whose window holds the steps of the subgraph it runs. Buffers are planned
/// together on that timeline, so a called subgraph's tensors never overlap a main tensor alive
/// across the call.
public struct MemoryPlan {
    /// Marks in `tensorBuffers` for tensors that are not planned.
    public static let constant = -1, variable = -2, unused = -3

    /// How one subgraph's tensors map to planned buffers.
    public struct GraphPlan {
        /// For each tensor: its buffer index, or `constant` / `variable` / `unused`.
        public internal(set) var tensorBuffers: [Int]
        /// For each tensor, the tensor whose bytes it shares (itself unless an operator such as
        /// RESHAPE lets its output alias its input).
        public internal(set) var storageOwner: [Int]
        /// For each operator, the buffer indices of its scratch requests.
        public internal(set) var scratchBuffers: [[Int]]
        /// Each operator's steps on the shared timeline.
        public internal(set) var steps: [ClosedRange<Int>]
        /// Variable tensors and their persistent storage.
        var variableData: [(tensor: Int, pointer: UnsafeMutableRawPointer)] = []
    }

    /// One subgraph's input to planning.
    struct GraphInput {
        var subgraph: SubGraph
        var specs: [TensorSpec]
        var scratch: [[Int]]
        var aliasing: [Bool]
        var steps: [ClosedRange<Int>]
        /// The steps during which the subgraph runs (its inputs and outputs live across them).
        var span: ClosedRange<Int>
    }

    /// The planned buffers: tensor groups, then scratch buffers, of every subgraph.
    public internal(set) var buffers: [PlannedBuffer]
    /// Plans per model subgraph index; the main subgraph's is `main`.
    public internal(set) var graphs: [Int: GraphPlan]
    public let mainSubgraph: Int
    public internal(set) var plannedBytes: Int
    public internal(set) var lowerBoundBytes: Int
    public internal(set) var stepCount: Int

    public var main: GraphPlan { graphs[mainSubgraph].unsafelyUnwrapped }
    public var tensorBuffers: [Int] { main.tensorBuffers }
    public var storageOwner: [Int] { main.storageOwner }
    public var scratchBuffers: [[Int]] { main.scratchBuffers }

    /// The main-subgraph operator whose window holds `step`.
    public func mainOperator(atStep step: Int) -> Int? {
        main.steps.firstIndex { $0.contains(step) }
    }

    public func offset(ofTensor tensor: Int, inSubgraph subgraph: Int) -> Int? {
        guard let graph = graphs[subgraph] else { return nil }
        let buffer = graph.tensorBuffers[tensor]
        return buffer >= 0 ? buffers[buffer].offset : nil
    }

    /// Lifetimes: a tensor lives from the step of the operator that writes it (graph inputs: from
    /// the start of the graph's span) to the last step of the last operator that reads it (graph
    /// outputs: to the end of the span); scratch lives inside its operator.
    ///
    /// Operators marked in `aliasing` (RESHAPE, SQUEEZE, EXPAND_DIMS) give their output the input's
    /// bytes: the two tensors become one buffer whose lifetime covers both, and the copy is skipped.
    static func make(_ inputs: [(index: Int, input: GraphInput)], main: Int, stepCount: Int) -> MemoryPlan {
        var buffers: [PlannedBuffer] = []
        var graphs: [Int: GraphPlan] = [:]
        for (graphIndex, input) in inputs {
            graphs[graphIndex] = plan(input, into: &buffers)
        }
        let lowerBound = MemoryPlanner.lowerBound(buffers, operatorCount: stepCount)
        let planned = MemoryPlanner.plan(&buffers)
        return MemoryPlan(buffers: buffers, graphs: graphs, mainSubgraph: main, plannedBytes: planned,
                          lowerBoundBytes: lowerBound, stepCount: stepCount)
    }

    private static func plan(_ input: GraphInput, into buffers: inout [PlannedBuffer]) -> GraphPlan {
        let specs = input.specs, subgraph = input.subgraph
        var first = [Int](repeating: Int.max, count: specs.count)
        var last = [Int](repeating: -1, count: specs.count)
        func use(_ tensor: Int32, _ steps: ClosedRange<Int>) {
            guard tensor >= 0, Int(tensor) < specs.count else { return }
            first[Int(tensor)] = min(first[Int(tensor)], steps.lowerBound)
            last[Int(tensor)] = max(last[Int(tensor)], steps.upperBound)
        }
        for tensor in subgraph.inputs { use(tensor, input.span.lowerBound...input.span.lowerBound) }
        for (step, op) in subgraph.operators.enumerated() {
            for tensor in op.inputs { use(tensor, input.steps[step]) }
            for tensor in op.outputs { use(tensor, input.steps[step]) }
        }
        for tensor in subgraph.outputs { use(tensor, input.span.upperBound...input.span.upperBound) }

        // Alias groups: union the output of each aliasing operator with its first input.
        var owner = Array(specs.indices)
        func root(_ tensor: Int) -> Int {
            var current = tensor
            while owner[current] != current { current = owner[current] }
            return current
        }
        for (step, op) in subgraph.operators.enumerated() where step < input.aliasing.count && input.aliasing[step] {
            guard op.inputs.count >= 1, op.outputs.count == 1, op.inputs[0] >= 0 else { continue }
            let source = Int(op.inputs[0]), output = Int(op.outputs[0])
            // Variables change between runs: never alias them.
            guard !specs[source].tensor.isVariable, !specs[output].tensor.isVariable,
                  specs[source].byteCount == specs[output].byteCount, root(source) != output else { continue }
            owner[output] = root(source)
        }
        for tensor in specs.indices { owner[tensor] = root(tensor) }
        for tensor in specs.indices where owner[tensor] != tensor && last[tensor] >= 0 {
            let group = owner[tensor]
            first[group] = min(first[group], first[tensor])
            last[group] = max(last[group], last[tensor])
        }

        var tensorBuffers = [Int](repeating: unused, count: specs.count)
        for (index, spec) in specs.enumerated() where owner[index] == index {
            if spec.isConstant {
                tensorBuffers[index] = constant
            } else if spec.tensor.isVariable {
                tensorBuffers[index] = variable
            } else if last[index] >= 0 {
                tensorBuffers[index] = buffers.count
                buffers.append(PlannedBuffer(size: spec.byteCount, first: first[index], last: last[index]))
            }
        }
        for index in specs.indices where owner[index] != index {
            tensorBuffers[index] = tensorBuffers[owner[index]]
        }
        var scratchBuffers: [[Int]] = []
        for (step, sizes) in input.scratch.enumerated() {
            scratchBuffers.append(sizes.map { size in
                buffers.append(PlannedBuffer(size: size, first: input.steps[step].lowerBound, last: input.steps[step].upperBound))
                return buffers.count - 1
            })
        }
        return GraphPlan(tensorBuffers: tensorBuffers, storageOwner: owner, scratchBuffers: scratchBuffers, steps: input.steps)
    }
}
