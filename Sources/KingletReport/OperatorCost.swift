import FlatBufferReader
import TFLiteModel

/// Multiply-accumulate counts for the operators whose cost is well defined.
enum OperatorCost {
    /// Operators whose work is their window visits (the manifest's `window` cost, tools/operators.tsv).
    static let windowOperators = Set(OperatorTable.entries.filter { $0.cost == .window }.map(\.name))

    /// Elementary steps of `op` for bounding run time: its MACs, or for pooling the window visits.
    static func work(of op: Operator, code: BuiltinOperator, in subgraph: SubGraph) -> Int64? {
        if let macs = macs(of: op, code: code, in: subgraph) { return macs }
        guard windowOperators.contains(code.description) else { return nil }
        // Each output element visits up to filter_height × filter_width inputs.
        guard let outputIndex = op.outputs.first, let output = subgraph.tensors.element(at: Int(outputIndex)),
            let elements = output.elementCount, let options = op.builtinOptions,
            case .int(let height)? = options.value(named: "filter_height"),
            case .int(let width)? = options.value(named: "filter_width"), height >= 0, width >= 0
        else { return nil }
        let (window, overflow1) = height.multipliedReportingOverflow(by: width)
        let (total, overflow2) = Int64(elements).multipliedReportingOverflow(by: window)
        return overflow1 || overflow2 ? Int64.max : total
    }

    /// Binary operations of a Larq Compute Engine LceBconv2d (each output value sums
    /// KH × KW × channels_in / groups XNOR-popcount terms), or nil for other operators. BOPs are
    /// counted apart from MACs: 64 of them take one 64-bit XOR and popcount.
    static func bops(of op: Operator, code: OperatorCode, in subgraph: SubGraph, model: Model) -> Int64? {
        guard code.builtinCode == .custom, code.customCode == "LceBconv2d" else { return nil }
        func dims(_ index: Int32?) -> [Int64]? {
            guard let index, let tensor = subgraph.tensors.element(at: Int(index)) else { return nil }
            return tensor.shape.map(Int64.init)
        }
        guard let input = dims(op.inputs.first), input.count == 4, input[3] > 0,
            let filter = dims(op.inputs.count > 1 ? op.inputs[1] : nil), filter.count == 4, filter[3] > 0,
            let output = dims(op.outputs.first), output.count == 4,
            let channelsIn = try? FlexBuffer.root(op.customOptions(in: model.bytes)).asMap().require("channels_in")
                .asInt64(), channelsIn > 0
        else { return nil }
        let groups = max(input[3] / filter[3], 1)
        var total: Int64 = 1
        for factor in [output[0], output[1], output[2], filter[0], filter[1], filter[2], channelsIn / groups] {
            guard factor >= 0 else { return nil }
            let (next, overflow) = total.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            total = next
        }
        return total
    }

    /// MACs of `op`, or nil when Kinglet does not know the operator's cost or a shape is missing.
    static func macs(of op: Operator, code: BuiltinOperator, in subgraph: SubGraph) -> Int64? {
        let tensors = subgraph.tensors
        func shape(_ position: Int, inputs: Bool) -> [Int64]? {
            let list = inputs ? op.inputs : op.outputs
            guard position < list.count, let tensor = tensors.element(at: Int(list[position])) else { return nil }
            return tensor.shape.map(Int64.init)
        }
        func product(_ values: [Int64]) -> Int64? {
            var result: Int64 = 1
            for value in values {
                guard value >= 0 else { return nil }
                let (next, overflow) = result.multipliedReportingOverflow(by: value)
                guard !overflow else { return nil }
                result = next
            }
            return result
        }
        func times(_ a: Int64?, _ b: Int64?) -> Int64? {
            guard let a, let b else { return nil }
            let (result, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? nil : result
        }
        switch code {
        case .conv2D:
            // Each output element sums KH × KW × (Cin / groups) products; filter is [Cout, KH, KW, Cin/groups].
            guard let output = shape(0, inputs: false), let filter = shape(1, inputs: true), filter.count == 4 else {
                return nil
            }
            return times(product(output), product(Array(filter[1...3])))
        case .depthwiseConv2D:
            // Each output element sums KH × KW products; filter is [1, KH, KW, Cout].
            guard let output = shape(0, inputs: false), let filter = shape(1, inputs: true), filter.count == 4 else {
                return nil
            }
            return times(product(output), product(Array(filter[1...2])))
        case .fullyConnected:
            // Each output element sums `depth` products; filter is [units, depth].
            guard let output = shape(0, inputs: false), let filter = shape(1, inputs: true), filter.count == 2,
                filter[1] >= 0
            else { return nil }
            return times(product(output), filter[1])
        case BuiltinOperator(rawValue: 67):  // TRANSPOSE_CONV: inputs are (output_shape, filter, input)
            guard let input = shape(2, inputs: true), let filter = shape(1, inputs: true), filter.count == 4 else {
                return nil
            }
            return times(product(input), product(Array(filter[0...2])))
        case .svdf:
            // Per batch, the feature matmul (filters × input size, weights_feature [filters, input])
            // plus the time dot products (filters × memory, weights_time [filters, memory]):
            // batch × (filters × input + filters × memory). The rank sums are additions, not MACs.
            guard let input = shape(0, inputs: true), input.count == 2, let feature = shape(1, inputs: true),
                let time = shape(2, inputs: true)
            else { return nil }
            guard let featureMacs = product(feature), let timeMacs = product(time) else { return nil }
            let (perBatch, overflow) = featureMacs.addingReportingOverflow(timeMacs)
            return overflow ? nil : times(input[0] >= 0 ? input[0] : nil, perBatch)
        case .unidirectionalSequenceLSTM:
            // Per time step and batch, four gates of an input FC [S, I] and a recurrent FC [S, S]:
            // each output element (B × T × S of them) sums 4 × (I + S) products. The element-wise
            // gate products are not counted.
            guard let output = shape(0, inputs: false), let inputWeights = shape(2, inputs: true),
                let recurrentWeights = shape(6, inputs: true), inputWeights.count == 2, recurrentWeights.count == 2,
                inputWeights[1] >= 0, recurrentWeights[1] >= 0
            else { return nil }
            return times(product(output), times(4, inputWeights[1] + recurrentWeights[1]))
        default:
            return nil
        }
    }
}
