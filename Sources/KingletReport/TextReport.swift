import FlatBufferReader
import TFLiteModel
// The schema names and the messages of typed errors, for every client of the report.
@_exported import TFLiteNames

/// `kinglet inspect`: the model for people — summary, tensors, operators, signatures, metadata.
public enum TextReport {
    public static func make(_ facts: ModelFacts, file: String) -> String {
        let model = facts.model
        let customOptions = CustomOptions.all(model)
        var out: [String] = []
        let identifier = model.identifier.map { "identifier \($0)" } ?? "no file identifier"
        out.append(
            "\(printable(file)) — \(grouped(model.bytes.count)) bytes, TFLite schema v\(model.version), \(identifier)")
        out.append(
            contentsOf: summary(facts).rendered(indent: 2).split(separator: "\n", omittingEmptySubsequences: false)
                .dropFirst().map(String.init))
        for (index, subgraph) in model.subgraphs.enumerated() {
            out.append("")
            let name = subgraph.name.map { " \"\(printable($0))\"" } ?? ""
            out.append(
                "Subgraph \(index)\(name): \(subgraph.tensors.count) tensors, \(subgraph.operators.count) operators, "
                    + "inputs \(list(subgraph.inputs)) → outputs \(list(subgraph.outputs))")
            out.append("")
            out.append("Tensors")
            out.append(tensorTable(subgraph, model: model).rendered())
            out.append("")
            out.append("Operators")
            out.append(operatorTable(subgraph, index: index, facts: facts).rendered())
            let custom = customOptionLines(subgraph, options: customOptions[index], model: model)
            if !custom.isEmpty {
                out.append("")
                out.append("Custom options")
                out.append(contentsOf: custom)
            }
        }
        if !model.signatureDefs.isEmpty {
            out.append("")
            out.append("Signatures")
            for signature in model.signatureDefs {
                func maps(_ list: TableVector<TensorMap>) -> String {
                    list.map { "\(printable($0.name ?? "?"))=\($0.tensorIndex)" }.joined(separator: ", ")
                }
                out.append(
                    "  \(printable(signature.signatureKey ?? "(unnamed)")) → subgraph \(signature.subgraphIndex): "
                        + "inputs [\(maps(signature.inputs))], outputs [\(maps(signature.outputs))]")
            }
        }
        if !model.metadata.isEmpty {
            out.append("")
            out.append("Metadata")
            var table = TextTable([
                .init(title: "name"), .init(title: "buffer", rightAligned: true),
                .init(title: "bytes", rightAligned: true), .init(title: "value", maxWidth: 60),
            ])
            for entry in model.metadata {
                let data = model.bufferData(Int(entry.buffer))
                table.add([
                    entry.name ?? "?", String(entry.buffer), data.map { grouped($0.count) } ?? "out of range",
                    data.flatMap(ModelFacts.metadataText).map { "\"\($0)\"" } ?? "",
                ])
            }
            out.append(table.rendered())
        }
        // Tables sanitize and cap their cells; this caps every line, tables included.
        return out.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { capLine(String($0)) }.joined(separator: "\n") + "\n"
    }

    static func summary(_ facts: ModelFacts) -> TextTable {
        let model = facts.model
        var table = TextTable([.init(title: ""), .init(title: "", maxWidth: 140)])
        if let description = model.description { table.add(["description", description]) }
        for entry in model.metadata where entry.name == "min_runtime_version" {
            if let text = model.bufferData(Int(entry.buffer)).flatMap(ModelFacts.metadataText) {
                table.add(["min runtime", text])
            }
        }
        table.add(["subgraphs", String(model.subgraphs.count)])
        let operatorCount = facts.histogram.reduce(0) { $0 + $1.count }
        let histogram = facts.histogram.map { "\($0.name) ×\($0.count)" }.joined(separator: ", ")
        table.add(["operators", "\(operatorCount)" + (histogram.isEmpty ? "" : " — " + histogram)])
        let constants = model.subgraphs.reduce(0) { count, subgraph in
            count + subgraph.tensors.filter { ModelFacts.isConstant($0, in: model) }.count
        }
        table.add(["weights", "\(grouped(facts.weightBytes)) bytes in \(constants) constant tensors"])
        var scheme = facts.scheme.rawValue
        if let main = model.subgraphs.first {
            func types(_ indices: ScalarVector<Int32>) -> String {
                indices.map { main.tensors.element(at: Int($0)).map { $0.type.description } ?? "?" }.joined(
                    separator: ",")
            }
            scheme += " (input \(types(main.inputs)), output \(types(main.outputs)))"
        }
        table.add(["quantization", scheme])
        table.add(
            [
                "compute",
                "\(grouped(facts.totalMACs)) MACs" + (facts.totalBOPs > 0 ? ", \(grouped(facts.totalBOPs)) BOPs" : ""),
            ])
        return table
    }

    static func tensorTable(_ subgraph: SubGraph, model: Model) -> TextTable {
        var table = TextTable([
            .init(title: "#", rightAligned: true), .init(title: "name", maxWidth: 44), .init(title: "type"),
            .init(title: "shape", maxWidth: 24), .init(title: "bytes", rightAligned: true),
            .init(title: "buf", rightAligned: true), .init(title: "kind"), .init(title: "quantization", maxWidth: 52),
        ])
        let inputs = Set(subgraph.inputs.map(Int.init)), outputs = Set(subgraph.outputs.map(Int.init))
        for (index, tensor) in subgraph.tensors.enumerated() {
            var kind = ModelFacts.isConstant(tensor, in: model) ? "const" : (tensor.isVariable ? "var" : "")
            if inputs.contains(index) { kind = "input" }
            if outputs.contains(index) { kind = kind == "input" ? "in/out" : "output" }
            if tensor.hasSparsity { kind += kind.isEmpty ? "sparse" : "+sparse" }
            table.add([
                String(index), tensor.name ?? "", tensor.type.description, shape(tensor),
                tensor.byteCount.map(grouped) ?? "?", String(tensor.buffer), kind, quantization(tensor),
            ])
        }
        return table
    }

    static func operatorTable(_ subgraph: SubGraph, index: Int, facts: ModelFacts) -> TextTable {
        let model = facts.model
        var table = TextTable(
            [
                .init(title: "#", rightAligned: true), .init(title: "opcode", maxWidth: 30),
                .init(title: "v", rightAligned: true),
                .init(title: "inputs → outputs", maxWidth: 40), .init(title: "options", maxWidth: 48),
                .init(title: "MACs", rightAligned: true),
            ] + (facts.totalBOPs > 0 ? [.init(title: "BOPs", rightAligned: true)] : []))
        for (opIndex, op) in subgraph.operators.enumerated() {
            let code = model.operatorCodes.element(at: op.opcodeIndex)
            var name = ModelFacts.opcodeName(code)
            if let code, code.builtinCode == .custom { name += " \"\(code.customCode ?? "")\"" }
            var options = op.builtinOptions.map(OptionsSummary.text) ?? ""
            let customBytes = op.customOptions(in: model.bytes).count
            if customBytes > 0 { options += (options.isEmpty ? "" : " ") + "custom options \(grouped(customBytes)) B" }
            table.add(
                [
                    String(opIndex), name, code.map { String($0.version) } ?? "?",
                    "\(list(op.inputs)) → \(list(op.outputs))", options,
                    facts.macs[index][opIndex].map(grouped) ?? "",
                ] + (facts.totalBOPs > 0 ? [facts.bops[index][opIndex].map(grouped) ?? ""] : []))
        }
        return table
    }

    /// One line per operator with custom options (`#3 SignalRfft: T=7 fft_length=512`), wrapped
    /// under the operator when longer than a line.
    static func customOptionLines(_ subgraph: SubGraph, options: [CustomOptions], model: Model) -> [String] {
        var lines: [String] = []
        for (opIndex, op) in subgraph.operators.enumerated() {
            guard let text = options[opIndex].text else { continue }
            let code = model.operatorCodes.element(at: op.opcodeIndex)
            var name = ModelFacts.opcodeName(code)
            if let code, code.builtinCode == .custom { name = printable(code.customCode ?? name) }
            var line = "  #\(opIndex) \(name):"
            for word in text.split(separator: " ", omittingEmptySubsequences: false) {
                if line.count + 1 + word.count > maximumLineWidth - 2 && line.hasSuffix(":") == false {
                    lines.append(line)
                    line = "      "
                }
                line += (line == "      " ? "" : " ") + word
            }
            lines.append(line)
        }
        return lines
    }

    static func list(_ values: ScalarVector<Int32>) -> String {
        values.map(String.init).joined(separator: ",")
    }

    static func shape(_ tensor: Tensor) -> String {
        // A dimension that the shape signature marks dynamic (-1) gets a `?`: `[1?,49,10,1]`.
        let signature = tensor.shapeSignature
        let dims = tensor.shape.enumerated().map { index, dimension in
            let dynamic = signature.map { index < $0.count && $0[index] < 0 } ?? false
            return String(dimension) + (dynamic ? "?" : "")
        }
        return "[" + dims.joined(separator: ",") + "]"
    }

    static func quantization(_ tensor: Tensor) -> String {
        guard let parameters = tensor.quantization, parameters.isQuantized else { return "" }
        let scales = parameters.scale, zeros = parameters.zeroPoint
        if scales.count == 1 {
            return "s=\(compact(scales[0])) zp=\(zeros[0])"
        }
        var low = scales[0], high = scales[0]
        for scale in scales { low = min(low, scale); high = max(high, scale) }
        var zeroText = "zp=\(zeros[0])"
        if let zeroLow = zeros.min(), let zeroHigh = zeros.max(), zeroLow != zeroHigh {
            zeroText = "zp=\(zeroLow)…\(zeroHigh)"
        }
        return
            "per-channel[\(scales.count)] dim \(parameters.quantizedDimension) s=\(compact(low, digits: 3))…\(compact(high, digits: 3)) \(zeroText)"
    }
}
