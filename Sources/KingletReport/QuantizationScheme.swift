import TFLiteModel

/// How a model is quantized, judged from the types of its activations and weights.
public enum QuantizationScheme: String, Sendable {
    /// int8 activations and int8 weights (int32 biases).
    case fullInt8 = "full-int8"
    /// float32 activations and weights.
    case float = "float"
    /// Dynamic-range ("hybrid"): int8 weights, float32 activations.
    case hybrid = "hybrid"
    /// int16 activations with int8 weights.
    case int16x8 = "int16x8"
    /// Anything else (several activation types, uint8, ...).
    case mixed = "mixed"

    /// Classifies the model's first subgraph... and every other: all subgraphs count.
    static func classify(_ model: Model) -> QuantizationScheme {
        var activationTypes = Set<Int8>()
        var weightTypes = Set<Int8>()
        let numeric: Set<TensorType> = [.float32, .float16, .int8, .uint8, .int16, .int4, .bfloat16]
        for subgraph in model.subgraphs {
            let boundary = Set(subgraph.inputs.map(Int.init) + subgraph.outputs.map(Int.init))
            for (index, tensor) in subgraph.tensors.enumerated() where numeric.contains(tensor.type) {
                let isConstant = model.bufferData(tensor.buffer).map { $0.count > 0 } ?? false
                if isConstant {
                    weightTypes.insert(tensor.type.rawValue)
                } else if !boundary.contains(index) || subgraph.operators.isEmpty {
                    activationTypes.insert(tensor.type.rawValue)
                }
            }
            // A graph whose every tensor is a boundary tensor still has activations: its I/O.
            if activationTypes.isEmpty {
                for index in boundary {
                    if let tensor = subgraph.tensors.element(at: index), numeric.contains(tensor.type) {
                        activationTypes.insert(tensor.type.rawValue)
                    }
                }
            }
        }
        let float: Set<Int8> = [TensorType.float32.rawValue, TensorType.float16.rawValue]
        let int8 = TensorType.int8.rawValue, int4 = TensorType.int4.rawValue
        if activationTypes.isSubset(of: float) {
            if weightTypes.isSubset(of: float) { return .float }
            if weightTypes.isSubset(of: float.union([int8, int4])) { return .hybrid }
            return .mixed
        }
        let quantizedWeights = weightTypes.isSubset(of: [int8, int4])
        if activationTypes == [int8], quantizedWeights { return .fullInt8 }
        if activationTypes == [TensorType.int16.rawValue], quantizedWeights { return .int16x8 }
        return .mixed
    }
}
