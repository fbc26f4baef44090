import FlatBufferReader
import TFLiteNames

@testable import TFLiteModel

/// Reads every public accessor of every view of a verified model, following the indices the file
/// holds (opcode indices, tensor indices, buffer indices) the way a report or runtime would — with
/// `element(at:)`, which must answer nil, not trap, for indices out of range. Returns a checksum
/// of what it read so nothing is optimized away, and counts what it visited.
struct ViewWalk {
    var checksum = 0
    var tensors = 0
    var operators = 0
    var optionFields = 0

    mutating func add(_ value: Int) { checksum = checksum &* 31 &+ value }
    mutating func add(_ text: String?) { add(text?.utf8.count ?? -1) }
    mutating func add(_ region: ByteRegion?) {
        guard let region else { return add(-1) }
        add(region.count)
        if region.count > 0 {
            add(Int(region[0]))
            add(Int(region[region.count - 1]))
        }
    }

    static func walk(_ model: Model) -> ViewWalk {
        var w = ViewWalk()
        w.add(Int(model.version))
        w.add(model.description)
        w.add(model.identifier)
        for value in model.metadataBuffer { w.add(Int(value)); w.add(model.bufferData(Int(value))) }
        for code in model.operatorCodes {
            w.add(Int(code.builtinCode.rawValue))
            w.add(code.builtinCode.description)
            w.add(Int(code.deprecatedBuiltinCode))
            w.add(Int(code.rawBuiltinCode))
            w.add(code.customCode)
            w.add(Int(code.version))
        }
        for (index, buffer) in model.buffers.enumerated() {
            w.add(buffer.inlineData?.count ?? -1)
            w.add(Int(truncatingIfNeeded: buffer.offset))
            w.add(Int(truncatingIfNeeded: buffer.size))
            w.add(buffer.usesOffsetForm ? 1 : 0)
            w.add(buffer.data(in: model.bytes))
            w.add(model.bufferData(index))
        }
        for subgraph in model.subgraphs {
            w.add(subgraph.name)
            for value in subgraph.inputs { w.add(Int(value)); w.add(subgraph.tensors.element(at: Int(value))?.name) }
            for value in subgraph.outputs { w.add(Int(value)); w.add(subgraph.tensors.element(at: Int(value))?.name) }
            for tensor in subgraph.tensors {
                w.tensors += 1
                w.add(tensor.name)
                w.add(Int(tensor.type.rawValue))
                w.add(tensor.type.description)
                w.add(tensor.type.bitsPerElement ?? -1)
                for dimension in tensor.shape { w.add(Int(dimension)) }
                if let signature = tensor.shapeSignature { for dimension in signature { w.add(Int(dimension)) } }
                w.add(tensor.elementCount ?? -1)
                w.add(tensor.byteCount ?? -1)
                w.add(tensor.buffer)
                w.add(model.bufferData(tensor.buffer))
                w.add(tensor.isVariable ? 1 : 0)
                w.add(tensor.hasSparsity ? 1 : 0)
                w.add(tensor.hasRank ? 1 : 0)
                if let q = tensor.quantization {
                    for value in q.min { w.add(Int(value.bitPattern)) }
                    for value in q.max { w.add(Int(value.bitPattern)) }
                    for value in q.scale { w.add(Int(value.bitPattern)) }
                    for value in q.zeroPoint { w.add(Int(truncatingIfNeeded: value)) }
                    w.add(Int(q.detailsType))
                    w.add(Int(q.quantizedDimension))
                    w.add(q.isQuantized ? 1 : 0)
                }
            }
            for op in subgraph.operators {
                w.operators += 1
                w.add(op.opcodeIndex)
                let code = model.operatorCodes.element(at: op.opcodeIndex)
                w.add(code.map { Int($0.builtinCode.rawValue) } ?? -1)
                for list in [op.inputs, op.outputs, op.intermediates] {
                    for value in list {
                        w.add(Int(value))
                        if let tensor = subgraph.tensors.element(at: Int(value)) {
                            w.add(tensor.shape.count)
                            w.add(tensor.byteCount ?? -1)
                        }
                    }
                }
                if let options = op.builtinOptions {
                    w.add(options.typeName)
                    w.add(Int(options.type))
                    for (name, value) in options.fields {
                        w.optionFields += 1
                        w.add(name)
                        w.add(String(describing: value))
                    }
                }
                for type in [UInt8(1), 8, 9, 11] { w.add(op.options(ofType: type)?.position ?? -1) }
                w.add(Int(op.customOptionsFormat))
                w.add(op.customOptions(in: model.bytes))
            }
        }
        for entry in model.metadata {
            w.add(entry.name)
            w.add(Int(entry.buffer))
            w.add(model.bufferData(Int(entry.buffer)))
        }
        for signature in model.signatureDefs {
            w.add(signature.signatureKey)
            w.add(Int(signature.subgraphIndex))
            let subgraph = model.subgraphs.element(at: Int(signature.subgraphIndex))
            for map in Array(signature.inputs) + Array(signature.outputs) {
                w.add(map.name)
                w.add(Int(map.tensorIndex))
                w.add(subgraph?.tensors.element(at: Int(map.tensorIndex))?.name)
            }
        }
        return w
    }
}
