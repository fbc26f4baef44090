import FlatBufferReader
import TFLiteModel

/// Reads every field a runtime needs from every table — the "decode" half of verify-and-decode —
/// and folds the values into a checksum so the optimizer cannot drop the reads.
public enum ModelWalk {
    public static func checksum(_ model: Model) -> Int {
        var sum = Int(model.version) &+ model.buffers.count
        for code in model.operatorCodes {
            sum = sum &+ Int(code.builtinCode.rawValue) &+ Int(code.version) &+ (code.customCode?.utf8.count ?? 0)
        }
        for subgraph in model.subgraphs {
            for value in subgraph.inputs { sum = sum &+ Int(value) }
            for value in subgraph.outputs { sum = sum &+ Int(value) }
            for tensor in subgraph.tensors {
                sum = sum &+ Int(tensor.type.rawValue) &+ tensor.buffer &+ (tensor.name?.utf8.count ?? 0)
                for dimension in tensor.shape { sum = sum &+ Int(dimension) }
                if let quantization = tensor.quantization {
                    for scale in quantization.scale { sum = sum &+ Int(scale.bitPattern) }
                    for zeroPoint in quantization.zeroPoint { sum = sum &+ Int(truncatingIfNeeded: zeroPoint) }
                    sum = sum &+ Int(quantization.quantizedDimension)
                }
                // Weights are located, not copied: only their address and size are read.
                if let data = model.bufferData(tensor.buffer) {
                    sum = sum &+ data.count &+ Int(bitPattern: data.base)
                }
            }
            for op in subgraph.operators {
                sum = sum &+ op.opcodeIndex
                for value in op.inputs { sum = sum &+ Int(value) }
                for value in op.outputs { sum = sum &+ Int(value) }
                if let options = op.builtinOptions { sum = sum &+ Int(options.type) &+ options.table.position }
            }
        }
        return sum
    }
}
