import TFLiteModel

extension Interpreter {
    /// Bounds that keep loading time and memory small whatever a file claims (microcontroller
    /// models have hundreds of tensors; the planner's work grows with their square).
    public static let maximumTensors = 4096, maximumOperators = 4096
}

extension Loader {
    /// Checks every tensor index the graph uses and every tensor's size and data, and that each
    /// tensor an operator reads was written before (by an earlier operator, as a graph input, or as
    /// a constant or variable). A bit per tensor in the temporary area tracks what is written.
    mutating func validateTensors(of subgraph: SubGraph) throws(RuntimeError) {
        let count = subgraph.tensors.count
        for index in 0..<count {
            _ = try TensorSpec(index: index, model: model, subgraph: subgraph)
        }
        func check(_ index: Int32, _ role: TensorRole, operator op: Int, allowOmitted: Bool) throws(RuntimeError) {
            if index == -1 && allowOmitted { return }
            guard index >= 0, Int(index) < count else {
                throw .invalidModel(.tensorIndexOutOfRange(role: role, operator: op, tensor: Int(index), count: count))
            }
        }
        for input in subgraph.inputs { try check(input, .subgraphInput, operator: -1, allowOmitted: false) }
        for output in subgraph.outputs { try check(output, .subgraphOutput, operator: -1, allowOmitted: false) }

        let mark = temporary.used
        defer { temporary.reset(to: mark) }
        guard let written = temporary.allocate(UInt32.self, count: (count + 31) / 32) else {
            throw .arenaTooSmall(need: allocator.leadingPadding + temporary.peak, have: arenaBytes, needIsExact: false)
        }
        func setWritten(_ tensor: Int) { written[tensor >> 5] |= 1 << UInt32(tensor & 31) }
        func isWritten(_ tensor: Int) -> Bool { written[tensor >> 5] & (1 << UInt32(tensor & 31)) != 0 }

        for input in subgraph.inputs { setWritten(Int(input)) }
        for index in 0..<count {
            let tensor = subgraph.tensors[index]
            if tensor.isVariable || (tensor.buffer != 0 && (model.bufferData(tensor.buffer)?.count ?? 0) > 0) {
                setWritten(index)
            }
        }
        for index in 0..<subgraph.operators.count {
            let op = subgraph.operators[index]
            for input in op.inputs {
                try check(input, .input, operator: index, allowOmitted: true)
                // Reading a tensor no one wrote would compute on whatever the arena held.
                if input >= 0 && !isWritten(Int(input)) {
                    throw .invalidModel(.readBeforeWrite(operator: index, tensor: Int(input)))
                }
            }
            for output in op.outputs {
                try check(output, .output, operator: index, allowOmitted: false)
                let tensor = subgraph.tensors[Int(output)]
                if tensor.buffer != 0 && (model.bufferData(tensor.buffer)?.count ?? 0) > 0 {
                    throw .invalidModel(.writesConstant(operator: index, tensor: Int(output)))
                }
                setWritten(Int(output))
            }
        }
        for output in subgraph.outputs where !isWritten(Int(output)) {
            throw .invalidModel(.outputNeverWritten(tensor: Int(output)))
        }
    }
}
