import KingletKernels
import KingletRuntime
import TFLiteModel
import TFLiteNames

/// One pre-flight finding of `kinglet lint` (docs/lint.md lists the ids).
public struct LintFinding: Equatable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case error, warning, info

        var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// A stable identifier (`softmax-beta-scale`, ...).
    public var id: String
    public var severity: Severity
    public var message: String
    /// What to do about it.
    public var hint: String?
    public var subgraph: Int?
    public var operatorIndex: Int?
    public var opcode: String?
    public var tensor: Int?
    /// The buffer an `unused-buffer` finding names.
    public var buffer: Int?
}

/// The runtime a model is checked against.
public enum LintRuntime: String, Sendable, CaseIterable {
    /// TFLM (pip tflite-micro's reference kernels): its builtins and type support from
    /// TFLMOperatorTable (micro_mutable_op_resolver.h and the kernels' Eval switches).
    case tflm
    /// Kinglet: the runtime's own resolve and prepare (a host load names every missing operator
    /// and refused type combination).
    case kinglet
}

/// One model input or output as a caller must feed or read it.
public struct LintIO: Equatable, Sendable {
    public var isInput: Bool
    public var position: Int
    public var tensor: Int
    public var name: String
    public var type: String
    public var shape: [Int]
    public var scale: Float?
    public var zeroPoint: Int64?
    /// How to produce (input) or interpret (output) the values.
    public var advice: String
}

/// `kinglet lint`: findings about a model before it meets a runtime.
public struct LintReport {
    public let runtime: LintRuntime
    public let findings: [LintFinding]
    public let io: [LintIO]

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
    public var hasErrors: Bool { errorCount > 0 }

    public init(model: Model, runtime: LintRuntime) {
        self.runtime = runtime
        var checker = LintChecker(model: model)
        checker.checkHybrid()
        checker.checkFloatOperators()
        checker.checkSoftmax()
        checker.checkAddSub()
        checker.checkPerChannel()
        switch runtime {
        case .tflm:
            checker.checkTFLMSupport()
            checker.checkTFLMPrepare()
        case .kinglet: checker.checkKingletSupport()
        }
        checker.checkUnused()
        io = checker.inputsAndOutputs()
        findings =
            checker.findings.sorted { $0.severity > $1.severity }
            + io.map { LintFinding(id: "io-quantization", severity: .info, message: LintReport.describe($0)) }
    }

    static func describe(_ io: LintIO) -> String {
        let role = io.isInput ? "input" : "output"
        var text = "\(role) \(io.position) \"\(io.name)\": \(io.type) \(io.shape)"
        if let scale = io.scale, let zeroPoint = io.zeroPoint {
            text += ", scale \(scale), zero point \(zeroPoint)"
        }
        return text + ": " + io.advice
    }

    public func text(file: String) -> String {
        var out = "\(file): lint for \(runtime.rawValue)\n"
        for finding in findings {
            var place = ""
            if let index = finding.operatorIndex {
                place = " operator \(index)" + (finding.opcode.map { " (\($0))" } ?? "")
                if let subgraph = finding.subgraph, subgraph != 0 { place = " subgraph \(subgraph)" + place }
            } else if let tensor = finding.tensor {
                place = " tensor \(tensor)"
            }
            out += "\(finding.severity.rawValue) [\(finding.id)]\(place): \(finding.message)\n"
            if let hint = finding.hint { out += "    → \(hint)\n" }
        }
        out +=
            "\(errorCount) error\(errorCount == 1 ? "" : "s"), \(warningCount) warning\(warningCount == 1 ? "" : "s")\n"
        return out
    }

    public func json(file: String) -> JSONValue {
        func optionalInt(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
        let list: [JSONValue] = findings.map { finding in
            .object([
                ("id", .string(finding.id)), ("severity", .string(finding.severity.rawValue)),
                ("message", .string(finding.message)), ("hint", .optional(finding.hint)),
                ("subgraph", optionalInt(finding.subgraph)), ("operator", optionalInt(finding.operatorIndex)),
                ("opcode", .optional(finding.opcode)), ("tensor", optionalInt(finding.tensor)),
                ("buffer", optionalInt(finding.buffer)),
            ])
        }
        func ioValue(_ io: LintIO) -> JSONValue {
            .object([
                ("position", .int(io.position)), ("tensor", .int(io.tensor)), ("name", .string(io.name)),
                ("type", .string(io.type)), ("shape", .ints(io.shape)),
                ("scale", io.scale.map { .float($0) } ?? .null), ("zero_point", io.zeroPoint.map { .int($0) } ?? .null),
                ("advice", .string(io.advice)),
            ])
        }
        return .object([
            ("file", .string(file)), ("runtime", .string(runtime.rawValue)), ("errors", .int(errorCount)),
            ("warnings", .int(warningCount)), ("findings", .array(list)),
            ("inputs", .array(io.filter(\.isInput).map(ioValue))),
            ("outputs", .array(io.filter { !$0.isInput }.map(ioValue))),
        ])
    }
}

/// The checks, over every subgraph.
struct LintChecker {
    let model: Model
    var findings: [LintFinding] = []
    /// Operators already explained by a finding (subgraph, index): the runtime's own refusal of
    /// them is not repeated.
    var explained: Set<[Int]> = []
    /// Operators the hybrid check flagged.
    var hybrid: Set<[Int]> = []

    init(model: Model) { self.model = model }

    func opcode(_ op: Operator) -> OperatorCode? { model.operatorCodes.element(at: op.opcodeIndex) }

    func opName(_ op: Operator) -> String {
        guard let code = opcode(op) else { return "?" }
        return code.builtinCode == .custom ? "CUSTOM \"\(code.customCode ?? "")\"" : code.builtinCode.description
    }

    func tensor(_ subgraph: SubGraph, _ index: Int32) -> Tensor? {
        index < 0 ? nil : subgraph.tensors.element(at: Int(index))
    }

    /// The operator's activation input: TRANSPOSE_CONV's is input 2 (0 is the output shape).
    func dataInput(_ subgraph: SubGraph, _ op: Operator) -> Tensor? {
        let position = opcode(op)?.builtinCode == .transposeConv ? 2 : 0
        return op.inputs.count > position ? tensor(subgraph, op.inputs[position]) : nil
    }

    func isConstant(_ tensor: Tensor) -> Bool { ModelFacts.isConstant(tensor, in: model) }

    func typeName(_ type: TensorType) -> String { type.description.lowercased() }

    mutating func add(
        _ id: String, _ severity: LintFinding.Severity, _ message: String, hint: String? = nil,
        at place: (Int, Int)? = nil,
        tensor: Int? = nil
    ) {
        var opcodeName: String?
        if let place, let op = model.subgraphs.element(at: place.0)?.operators.element(at: place.1) {
            opcodeName = opName(op)
        }
        findings.append(
            LintFinding(
                id: id, severity: severity, message: message, hint: hint, subgraph: place?.0, operatorIndex: place?.1,
                opcode: opcodeName, tensor: tensor))
    }

    /// Every operator with its place.
    func forEachOperator(_ body: (Int, Int, SubGraph, Operator) -> Void) {
        for (graph, subgraph) in model.subgraphs.enumerated() {
            for (index, op) in subgraph.operators.enumerated() { body(graph, index, subgraph, op) }
        }
    }

    func quantization(_ tensor: Tensor) -> (scale: Float, zeroPoint: Int64)? {
        guard let q = tensor.quantization, q.isQuantized else { return nil }
        return (q.scale[0], q.zeroPoint[0])
    }

    // MARK: - Hybrid and float operators

    /// Float activations with int8 (or int4) constant weights: dynamic-range quantization, which
    /// TFLM refuses ("Hybrid models are not supported on TFLite Micro") and Kinglet too.
    mutating func checkHybrid() {
        var places: [(Int, Int, String)] = []
        forEachOperator { graph, index, subgraph, op in
            guard let code = opcode(op)?.builtinCode, code != .dequantize, code != .quantize,
                let input = dataInput(subgraph, op), input.type == .float32
            else { return }
            for position in op.inputs.indices {
                guard let weight = tensor(subgraph, op.inputs[position]), isConstant(weight),
                    weight.type == .int8 || weight.type == .int4
                else { continue }
                places.append((graph, index, typeName(weight.type)))
                return
            }
        }
        for (graph, index, type) in places {
            hybrid.insert([graph, index])
            explained.insert([graph, index])
            add(
                "hybrid-model", .error,
                "float32 activations with \(type) weights (dynamic-range \"hybrid\" quantization): TFLM refuses it "
                    + "(\"Hybrid models are not supported on TFLite Micro\"), and so does Kinglet",
                hint:
                    "convert with full integer quantization: a representative dataset, "
                    + "target_spec.supported_ops = [TFLITE_BUILTINS_INT8], inference_input/output_type = tf.int8",
                at: (graph, index))
        }
    }

    /// Operators computing in float32 inside a model whose other operators compute in int8.
    mutating func checkFloatOperators() {
        let neutral: Set<BuiltinOperator> = [.quantize, .dequantize, .cast]
        var int8Operators = 0
        var floatPlaces: [(Int, Int)] = []
        forEachOperator { graph, index, subgraph, op in
            guard let code = opcode(op)?.builtinCode, !neutral.contains(code) else { return }
            let types = ([dataInput(subgraph, op)] + op.outputs.map { tensor(subgraph, $0) }).compactMap { $0?.type }
            if types.contains(.int8) { int8Operators += 1 }
            if types.contains(.float32), !hybrid.contains([graph, index]) { floatPlaces.append((graph, index)) }
        }
        guard int8Operators > 0 else { return }
        for place in floatPlaces {
            add(
                "float-operator", .warning,
                "computes in float32 inside an otherwise int8 model: the firmware links its float kernel "
                    + "and the QUANTIZE/DEQUANTIZE around it",
                hint: "quantize it too (the converter falls back to float where it has no int8 kernel or no "
                    + "calibration range), or run it outside the model", at: place)
        }
    }

    // MARK: - Quantization hazards TFLM aborts on

    /// SOFTMAX: int8 prepare runs QuantizeMultiplierGreaterThanOne(beta * input_scale * 2^26)
    /// (softmax_common.cc via PreprocessSoftmaxScaling), which TFLITE_CHECK-aborts unless the product
    /// exceeds 1; int16 quantizes input_scale * beta / (10 / 65535).
    mutating func checkSoftmax() {
        var hazards: [(Int, Int, String)] = []
        forEachOperator { graph, index, subgraph, op in
            guard opcode(op)?.builtinCode == .softmax,
                let input = tensor(subgraph, op.inputs.first ?? -1), input.type == .int8 || input.type == .int16,
                let (scale, _) = quantization(input)
            else { return }
            let beta = op.options(SoftmaxOptions.self).orDefaults?.beta ?? 0
            if input.type == .int8 {
                let real = Double(beta) * Double(scale) * Double(1 << 26)
                let capped = min(real, Double((1 << 31) - 1))
                if (try? quantizeMultiplierGreaterThanOne(capped)) == nil {
                    hazards.append(
                        (
                            graph, index,
                            "beta \(beta) × input scale \(scale) × 2^26 = \(real) is not above 1: TFLM's prepare "
                                + "aborts (QuantizeMultiplierGreaterThanOne's TFLITE_CHECK)"
                        ))
                }
            } else {
                let real = Double(scale) * Double(beta) / (10.0 / 65535.0)
                let quantized = try? quantizeMultiplier(real)
                if quantized == nil || quantized!.shift > 31 || real <= 0 {
                    hazards.append(
                        (
                            graph, index,
                            "input scale \(scale) × beta \(beta) / (10/65535) = \(real) has no int32 multiplier "
                                + "TFLM can apply"
                        ))
                }
            }
        }
        addErrors(
            hazards, "softmax-beta-scale",
            hint: "the logits' range is (nearly) zero: calibrate with representative data that exercises "
                + "the layer before SOFTMAX, or check that beta is 1")
    }

    /// One check's hazards: each an error at its operator, which then needs no "prepare-failed".
    mutating func addErrors(_ hazards: [(Int, Int, String)], _ id: String, hint: String) {
        for (graph, index, message) in hazards {
            explained.insert([graph, index])
            add(id, .error, message, hint: hint, at: (graph, index))
        }
    }

    /// ADD and SUB with int8/int16 output: QuantizeMultiplierSmallerThanOneExp on s1/(2·max),
    /// s2/(2·max) and 2·max/(2^ls·so) (ls 20 for int8, 15 for int16) TFLITE_CHECK-aborts unless each is
    /// in (0, 1) with a shift <= 0 (add_common.cc, sub_common.cc; pip computes all in double).
    mutating func checkAddSub() {
        var hazards: [(Int, Int, String)] = []
        forEachOperator { graph, index, subgraph, op in
            guard let code = opcode(op)?.builtinCode, code == .add || code == .sub, op.inputs.count >= 2,
                let output = tensor(subgraph, op.outputs.first ?? -1), output.type == .int8 || output.type == .int16,
                let input1 = tensor(subgraph, op.inputs[0]), let input2 = tensor(subgraph, op.inputs[1])
            else { return }
            let s1 = quantization(input1)?.scale ?? 0
            let s2 = quantization(input2)?.scale ?? 0
            let so = quantization(output)?.scale ?? 0
            let leftShift = output.type == .int16 ? 15 : 20
            let twiceMax = 2 * Double(max(s1, s2))
            let multipliers: [(String, Double)] = [
                ("input 1 (\(s1) / (2 × \(max(s1, s2))))", Double(s1) / twiceMax),
                ("input 2 (\(s2) / (2 × \(max(s1, s2))))", Double(s2) / twiceMax),
                (
                    "output (2 × \(max(s1, s2)) / (2^\(leftShift) × \(so)))",
                    twiceMax / (Double(1 << leftShift) * Double(so))
                ),
            ]
            for (name, value) in multipliers where (try? quantizeMultiplierSmallerThanOneExp(value)) == nil {
                hazards.append(
                    (
                        graph, index,
                        "the \(name) multiplier \(value) is outside (0, 1): TFLM's prepare aborts "
                            + "(QuantizeMultiplierSmallerThanOneExp's TFLITE_CHECK)"
                    ))
                return
            }
        }
        addErrors(
            hazards, "add-sub-multiplier",
            hint: "the output scale must exceed max(input scales) / 2^19 (int8): recalibrate so the "
                + "output range is not tiny next to the inputs'")
    }

    /// Convolution filters quantized per tensor: the converter quantizes them per output channel,
    /// and a single scale over all channels loses precision (TFLM and Kinglet accept it).
    mutating func checkPerChannel() {
        var places: [(Int, Int, Int, Int)] = []
        forEachOperator { graph, index, subgraph, op in
            guard let code = opcode(op)?.builtinCode else { return }
            let filterPosition: Int
            let channelDimension: Int
            switch code {
            case .conv2D: (filterPosition, channelDimension) = (1, 0)
            case .depthwiseConv2D: (filterPosition, channelDimension) = (1, 3)
            case .transposeConv: (filterPosition, channelDimension) = (1, 0)
            default: return
            }
            guard op.inputs.count > filterPosition, let filter = tensor(subgraph, op.inputs[filterPosition]),
                filter.type == .int8 || filter.type == .int4, let q = filter.quantization, q.isQuantized,
                filter.shape.count == 4, q.scale.count == 1
            else { return }
            let channels = Int(filter.shape[channelDimension])
            if channels > 1 { places.append((graph, index, Int(op.inputs[filterPosition]), channels)) }
        }
        for (graph, index, filter, channels) in places {
            add(
                "per-tensor-weights", .warning,
                "filter tensor \(filter) has one scale for its \(channels) output channels (per-tensor "
                    + "quantization where the converter makes it per-channel)",
                hint: "reconvert without disabling per-channel quantization (_experimental_disable_per_channel)",
                at: (graph, index), tensor: filter)
        }
    }

    // MARK: - Runtime support

    /// TFLM: the builtins and custom operators its MicroMutableOpResolver can register, and the
    /// input types each kernel runs (TFLMOperatorTable).
    mutating func checkTFLMSupport() {
        for used in ResolverListing.usedOperators(model) {
            guard let entry = ResolverListing.tflmEntry(for: used) else {
                let place = used.uses[0]
                let name = used.code == .custom ? "CUSTOM \"\(used.name)\"" : used.name
                let hint =
                    used.code != .custom
                    ? "TFLM has no kernel for it: rewrite the model without it, or write a kernel"
                    : used.name.hasPrefix("Lce")
                        ? "Larq Compute Engine's kernels are for TFLite, not TFLM: port them and AddCustom(\"\(used.name)\", ...)"
                        : "supply a TFLMRegistration and AddCustom(\"\(used.name)\", ...) (kinglet resolver --tflm)"
                add(
                    "unsupported-operator", .error,
                    "\(name) is not among TFLM's operators (\(used.uses.count) use\(used.uses.count == 1 ? "" : "s"))",
                    hint: hint, at: place)
                continue
            }
            guard let accepted = entry.inputTypes else { continue }
            var refused: [String: [(subgraph: Int, index: Int)]] = [:]
            var order: [String] = []
            for place in used.uses where !explained.contains([place.subgraph, place.index]) {
                let subgraph = model.subgraphs[place.subgraph]
                let op = subgraph.operators[place.index]
                guard let input = dataInput(subgraph, op) else { continue }
                let type = typeName(input.type)
                if !accepted.contains(type) {
                    if refused[type] == nil { order.append(type) }
                    refused[type, default: []].append(place)
                }
            }
            for type in order {
                let places = refused[type]!
                add(
                    "unsupported-types", .error,
                    "TFLM's \(used.name) kernel does not run \(type) input: its prepare or invoke fails (it runs \(accepted.joined(separator: ", ")); "
                        + "\(places.count) use\(places.count == 1 ? "" : "s"))",
                    hint: "quantize the model to a type the kernel runs", at: places[0])
            }
        }
    }

    /// TFLM's other prepare checks (output quantization SOFTMAX and LOGISTIC demand, shapes,
    /// options): Kinglet's prepares follow TFLM's, so when Kinglet runs every operator, a prepare
    /// it refuses is reported as a warning for TFLM too.
    mutating func checkTFLMPrepare() {
        guard !findings.contains(where: { $0.id == "unsupported-operator" || $0.id == "unsupported-types" }) else {
            return
        }
        do {
            _ = try ModelRunner(model: model)
        } catch {
            guard case .operatorFailed(let failure) = error, !explained.contains([failure.subgraph, failure.index])
            else { return }
            add(
                "prepare-failed", .warning,
                "Kinglet, whose prepare follows TFLM's checks, refuses it: " + error.message(in: model),
                hint: "check with kinglet lint --runtime kinglet, or load it in TFLM",
                at: (failure.subgraph, failure.index))
        }
    }

    /// Kinglet: load the model with every registration; the host's error names each missing
    /// operator and refused type combination, or the first prepare failure.
    mutating func checkKingletSupport() {
        do {
            _ = try ModelRunner(model: model)
        } catch {
            switch error {
            case .unsupportedOperators(let list):
                let entries = list.all.isEmpty ? [list.first] : list.all
                let names = ErrorNames(model: model)
                for entry in entries {
                    let place = (0, entry.firstIndex)
                    if entry.types.count > 0 {
                        if hybrid.contains([0, entry.firstIndex]) { continue }
                        add(
                            "unsupported-types", .error,
                            "Kinglet does not run " + names.describe(entry),
                            hint: "quantize the model to types Kinglet runs (README's operator list)", at: place)
                    } else {
                        add(
                            "unsupported-operator", .error, "Kinglet has no kernel for " + names.describe(entry),
                            hint: "see README's operator list", at: place)
                    }
                }
            case .operatorFailed(let failure):
                if explained.contains([failure.subgraph, failure.index]) { return }
                add(
                    "prepare-failed", .error, "Kinglet's prepare refuses it: " + error.message(in: model),
                    at: (failure.subgraph, failure.index))
            default:
                add("prepare-failed", .error, "Kinglet cannot load the model: " + error.message(in: model))
            }
        }
    }

    // MARK: - Unused tensors and buffers

    mutating func checkUnused() {
        var usedBuffers = Set<Int>([0])
        for (graph, subgraph) in model.subgraphs.enumerated() {
            var used = Set<Int32>(subgraph.inputs).union(subgraph.outputs)
            for op in subgraph.operators {
                used.formUnion(op.inputs)
                used.formUnion(op.outputs)
                used.formUnion(op.intermediates)
            }
            for (index, tensor) in subgraph.tensors.enumerated() {
                // An unused tensor's buffer is reported with the tensor.
                usedBuffers.insert(tensor.buffer)
                if used.contains(Int32(index)) { continue }
                let bytes = isConstant(tensor) ? model.bufferData(tensor.buffer)?.count ?? 0 : 0
                var finding = LintFinding(
                    id: "unused-tensor", severity: bytes > 0 ? .warning : .info,
                    message:
                        "tensor \(index) \"\(tensor.name ?? "")\" is used by no operator and is no graph input or output"
                        + (bytes > 0 ? " (its \(bytes) bytes of data are in the model)" : ""),
                    hint: bytes > 0 ? "strip it: the converter leaves such tensors when a graph is cut" : nil,
                    tensor: index)
                finding.subgraph = graph
                findings.append(finding)
            }
        }
        for entry in model.metadata { usedBuffers.insert(Int(entry.buffer)) }
        for buffer in model.metadataBuffer { usedBuffers.insert(Int(buffer)) }
        for index in 0..<model.buffers.count where !usedBuffers.contains(index) {
            let bytes = model.bufferData(index)?.count ?? 0
            // An empty buffer nobody uses costs a few bytes of table: not worth a line.
            guard bytes > 0 else { continue }
            add(
                "unused-buffer", .warning,
                "buffer \(index) holds \(bytes) bytes no tensor or metadata entry refers to",
                hint: "strip it from the model (flash it costs for nothing)")
            findings[findings.count - 1].buffer = index
        }
    }

    // MARK: - Inputs and outputs

    func inputsAndOutputs() -> [LintIO] {
        guard let subgraph = model.subgraphs.element(at: 0) else { return [] }
        var result: [LintIO] = []
        for (isInput, list) in [(true, Array(subgraph.inputs)), (false, Array(subgraph.outputs))] {
            for (position, index) in list.enumerated() {
                guard let tensor = tensor(subgraph, index) else { continue }
                let q = quantization(tensor)
                let type = typeName(tensor.type)
                var advice: String
                switch (tensor.type, q) {
                case (.int8, let q?), (.int16, let q?):
                    let (low, high) = tensor.type == .int8 ? (-128, 127) : (-32768, 32767)
                    // "+ 5" / "- 128": the zero point's sign written once.
                    let add = q.zeroPoint == 0 ? "" : q.zeroPoint < 0 ? " - \(-q.zeroPoint)" : " + \(q.zeroPoint)"
                    let subtract =
                        q.zeroPoint == 0 ? "q" : q.zeroPoint < 0 ? "(q + \(-q.zeroPoint))" : "(q - \(q.zeroPoint))"
                    advice =
                        isInput
                        ? "quantize each float x as q = clamp(round(x / \(q.scale))\(add), \(low), \(high))"
                        : "dequantize each value q as x = \(subtract) × \(q.scale)"
                case (.float32, _):
                    advice = isInput ? "feed float32 values as they are" : "float32 values, no conversion"
                case (.int8, nil), (.int16, nil):
                    advice = "\(type) without quantization parameters: raw integers"
                default:
                    advice = isInput ? "feed \(type) values as they are" : "\(type) values"
                }
                result.append(
                    LintIO(
                        isInput: isInput, position: position, tensor: Int(index), name: tensor.name ?? "", type: type,
                        shape: tensor.shape.map(Int.init), scale: q?.scale, zeroPoint: q?.zeroPoint, advice: advice))
            }
        }
        return result
    }
}
