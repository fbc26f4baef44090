import TFLiteModel

/// Where every run-time tensor and scratch buffer lives in the arena's head, and why.
public struct MemoryPlan {
    /// Marks in `tensorBuffers` for tensors that are not planned.
    public static let constant = -1, variable = -2, unused = -3

    /// The planned buffers: first one per planned tensor group, then scratch buffers.
    public internal(set) var buffers: [PlannedBuffer]
    /// For each tensor: its buffer index, or `constant` / `variable` / `unused`.
    public internal(set) var tensorBuffers: [Int]
    /// For each tensor, the tensor whose bytes it shares (itself unless an operator such as RESHAPE
    /// lets its output alias its input).
    public internal(set) var storageOwner: [Int] = []
    /// For each operator, the buffer indices of its scratch requests.
    public internal(set) var scratchBuffers: [[Int]]
    public internal(set) var plannedBytes: Int
    public internal(set) var lowerBoundBytes: Int
    /// Variable tensors and their persistent storage.
    var variableData: [(tensor: Int, pointer: UnsafeMutableRawPointer)] = []

    public func offset(ofTensor tensor: Int) -> Int? {
        let buffer = tensorBuffers[tensor]
        return buffer >= 0 ? buffers[buffer].offset : nil
    }

    func scratchOffset(operator index: Int, scratch: Int) -> Int? {
        let buffer = scratchBuffers[index][scratch]
        return buffers[buffer].offset
    }

    /// Lifetimes: a tensor lives from the operator that writes it (graph inputs: from the start) to
    /// the last operator that reads it (graph outputs: to the end); scratch lives inside its operator.
    ///
    /// Operators marked in `aliasing` (RESHAPE, SQUEEZE, EXPAND_DIMS) give their output the input's
    /// bytes: the two tensors become one buffer whose lifetime covers both, and the copy is skipped.
    static func make(subgraph: SubGraph, specs: [TensorSpec], scratch: [[Int]], aliasing: [Bool]) -> MemoryPlan {
        let operatorCount = subgraph.operators.count
        let lastStep = max(operatorCount - 1, 0)
        var first = [Int](repeating: Int.max, count: specs.count)
        var last = [Int](repeating: -1, count: specs.count)
        for input in subgraph.inputs where input >= 0 {
            first[Int(input)] = 0
            last[Int(input)] = max(last[Int(input)], 0)
        }
        for (step, op) in subgraph.operators.enumerated() {
            for input in op.inputs where input >= 0 {
                last[Int(input)] = max(last[Int(input)], step)
                first[Int(input)] = min(first[Int(input)], step)
            }
            for output in op.outputs where output >= 0 {
                first[Int(output)] = min(first[Int(output)], step)
                last[Int(output)] = max(last[Int(output)], step)
            }
        }
        for output in subgraph.outputs where output >= 0 {
            last[Int(output)] = lastStep
            first[Int(output)] = min(first[Int(output)], lastStep)
        }
        // Alias groups: union the output of each aliasing operator with its first input.
        var owner = Array(specs.indices)
        func root(_ tensor: Int) -> Int {
            var current = tensor
            while owner[current] != current { current = owner[current] }
            return current
        }
        for (step, op) in subgraph.operators.enumerated() where step < aliasing.count && aliasing[step] {
            guard op.inputs.count >= 1, op.outputs.count == 1, op.inputs[0] >= 0 else { continue }
            let input = Int(op.inputs[0]), output = Int(op.outputs[0])
            // Variables change between runs and graph inputs are the caller's: alias neither side
            // that could be rewritten while the other is still read.
            guard !specs[input].tensor.isVariable, !specs[output].tensor.isVariable,
                  specs[input].byteCount == specs[output].byteCount, root(input) != output else { continue }
            owner[output] = root(input)
        }
        for tensor in specs.indices { owner[tensor] = root(tensor) }
        // A group lives from its earliest member's first use to its latest member's last use.
        for tensor in specs.indices where owner[tensor] != tensor && last[tensor] >= 0 {
            let group = owner[tensor]
            first[group] = min(first[group], first[tensor])
            last[group] = max(last[group], last[tensor])
        }

        var buffers: [PlannedBuffer] = []
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
        for (step, sizes) in scratch.enumerated() {
            scratchBuffers.append(sizes.map { size in
                buffers.append(PlannedBuffer(size: size, first: step, last: step))
                return buffers.count - 1
            })
        }
        let lowerBound = MemoryPlanner.lowerBound(buffers, operatorCount: operatorCount)
        let planned = MemoryPlanner.plan(&buffers)
        return MemoryPlan(buffers: buffers, tensorBuffers: tensorBuffers, storageOwner: owner,
                          scratchBuffers: scratchBuffers, plannedBytes: planned, lowerBoundBytes: lowerBound)
    }
}
