import FlatBufferReader
import TFLiteModel

/// Facts about a model that both the text and the JSON reports print, computed once.
public struct ModelFacts {
    public let model: Model
    public let scheme: QuantizationScheme
    /// Bytes of data in constant tensors (each buffer counted once).
    public let weightBytes: Int
    /// Operator names with their counts, most frequent first (ties by name).
    public let histogram: [(name: String, count: Int)]
    /// MACs per subgraph, per operator (nil where unknown).
    public let macs: [[Int64?]]
    public let totalMACs: Int64
    /// Binary operations (Larq's LceBconv2d) per subgraph, per operator (nil where none).
    public let bops: [[Int64?]]
    public let totalBOPs: Int64
    /// MACs plus pooling window visits (and BOPs / 32): what bounds a run's time.
    public let totalWork: Int64

    public init(_ model: Model) {
        self.model = model
        scheme = QuantizationScheme.classify(model)
        var counts: [String: Int] = [:]
        var macs: [[Int64?]] = []
        var bops: [[Int64?]] = []
        var total: Int64 = 0
        var totalBinary: Int64 = 0
        var work: Int64 = 0
        var constantBuffers = Set<Int>()
        for subgraph in model.subgraphs {
            var subgraphMACs: [Int64?] = []
            var subgraphBOPs: [Int64?] = []
            for op in subgraph.operators {
                let code = model.operatorCodes.element(at: op.opcodeIndex)
                counts[ModelFacts.opcodeName(code), default: 0] += 1
                let cost = code.flatMap { OperatorCost.macs(of: op, code: $0.builtinCode, in: subgraph) }
                subgraphMACs.append(cost)
                if let cost { total = total.addingReportingOverflow(cost).overflow ? Int64.max : total + cost }
                if let code, let steps = OperatorCost.work(of: op, code: code.builtinCode, in: subgraph) {
                    work = work.addingReportingOverflow(steps).overflow ? Int64.max : work + steps
                }
                let binary = code.flatMap { OperatorCost.bops(of: op, code: $0, in: subgraph, model: model) }
                subgraphBOPs.append(binary)
                if let binary {
                    totalBinary =
                        totalBinary.addingReportingOverflow(binary).overflow ? Int64.max : totalBinary + binary
                    work = work.addingReportingOverflow(binary / 32).overflow ? Int64.max : work + binary / 32
                }
            }
            macs.append(subgraphMACs)
            bops.append(subgraphBOPs)
            for tensor in subgraph.tensors where ModelFacts.isConstant(tensor, in: model) {
                constantBuffers.insert(tensor.buffer)
            }
        }
        weightBytes = constantBuffers.reduce(0) { $0 + (model.bufferData($1)?.count ?? 0) }
        histogram = counts.map { (name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        self.macs = macs
        totalMACs = total
        self.bops = bops
        totalBOPs = totalBinary
        totalWork = work
    }

    /// `CONV_2D`, `CUSTOM`, or `?` for an opcode index out of range.
    public static func opcodeName(_ code: OperatorCode?) -> String {
        code?.builtinCode.description ?? "?"
    }

    /// Whether the tensor's buffer holds data (a weight or other constant).
    public static func isConstant(_ tensor: Tensor, in model: Model) -> Bool {
        tensor.buffer != 0 && (model.bufferData(tensor.buffer)?.count ?? 0) > 0
    }

    /// The value of a metadata buffer as text, when it is short printable ASCII (trailing NULs dropped).
    public static func metadataText(_ bytes: ByteRegion) -> String? {
        guard bytes.count > 0, bytes.count <= 256 else { return nil }
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        guard end > 0 else { return nil }
        var text = ""
        for index in 0..<end {
            let byte = bytes[index]
            guard byte >= 0x20 && byte < 0x7F else { return nil }
            text.unicodeScalars.append(Unicode.Scalar(byte))
        }
        return text
    }
}
