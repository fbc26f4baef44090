import TFLiteModel
import TFLiteNames  // host-side names and messages (until typed errors and options replace them)

extension Interpreter {
    /// Finds every operator's registration, or fails once naming every unsupported operator.
    static func resolve(model: Model, operators: TableVector<Operator>, resolver: OpResolver) throws(RuntimeError) -> [OpRegistration] {
        var registrations: [OpRegistration] = []
        var unsupported: [UnsupportedOperator] = []
        for (index, op) in operators.enumerated() {
            guard let code = model.operatorCodes.element(at: Int(op.opcodeIndex)) else {
                throw .invalidModel("operator \(index) uses opcode index \(op.opcodeIndex), "
                                    + "but the model has \(model.operatorCodes.count) operator codes")
            }
            if let registration = resolver.registration(for: code) {
                registrations.append(registration)
                continue
            }
            let opcode = code.builtinCode.description
            let custom = code.builtinCode == .custom ? code.customCode : nil
            if let existing = unsupported.firstIndex(where: {
                $0.opcode == opcode && $0.customCode == custom && $0.version == code.version
            }) {
                unsupported[existing].count += 1
            } else {
                unsupported.append(UnsupportedOperator(
                    opcode: opcode, version: code.version, customCode: custom, firstIndex: index, count: 1))
            }
        }
        guard unsupported.isEmpty else { throw .unsupportedOperators(unsupported) }
        return registrations
    }

    /// Checks every tensor index the graph uses and every tensor's size; returns each tensor's spec.
    /// Bounds that keep loading time and memory small whatever a file claims (microcontroller
    /// models have hundreds of tensors; the planner's work grows with their square).
    public static let maximumTensors = 4096, maximumOperators = 4096

    static func validateTensors(model: Model, subgraph: SubGraph) throws(RuntimeError) -> [TensorSpec] {
        let count = subgraph.tensors.count
        guard count <= maximumTensors, subgraph.operators.count <= maximumOperators else {
            throw .invalidModel("a subgraph of \(count) tensors and \(subgraph.operators.count) operators is larger than the "
                                + "\(maximumTensors) tensors and \(maximumOperators) operators Kinglet loads")
        }
        var specs: [TensorSpec] = []
        specs.reserveCapacity(count)
        for index in 0..<count {
            specs.append(try TensorSpec(index: index, model: model, subgraph: subgraph))
        }
        func check(_ index: Int32, _ role: String, allowOmitted: Bool) throws(RuntimeError) {
            if index == -1 && allowOmitted { return }
            guard index >= 0, Int(index) < count else {
                throw .invalidModel("\(role) refers to tensor \(index), but the subgraph has \(count) tensors")
            }
        }
        for input in subgraph.inputs { try check(input, "subgraph input", allowOmitted: false) }
        for output in subgraph.outputs { try check(output, "subgraph output", allowOmitted: false) }
        var written = [Bool](repeating: false, count: count)
        for input in subgraph.inputs { written[Int(input)] = true }
        for (index, spec) in specs.enumerated() where spec.isConstant || spec.tensor.isVariable { written[index] = true }
        for (index, op) in subgraph.operators.enumerated() {
            for input in op.inputs {
                try check(input, "operator \(index) input", allowOmitted: true)
                // Reading a tensor no one wrote would compute on whatever the arena held.
                if input >= 0 && !written[Int(input)] {
                    throw .invalidModel("operator \(index) reads tensor \(input) \(TensorSpec.quotedName(specs[Int(input)].tensor)) "
                                        + "before any operator writes it")
                }
            }
            for output in op.outputs {
                try check(output, "operator \(index) output", allowOmitted: false)
                guard !specs[Int(output)].isConstant else {
                    throw .invalidModel("operator \(index) writes constant tensor \(output)")
                }
                written[Int(output)] = true
            }
        }
        for output in subgraph.outputs where !written[Int(output)] {
            throw .invalidModel("subgraph output tensor \(output) is never written")
        }
        return specs
    }
}
