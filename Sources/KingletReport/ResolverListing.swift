import TFLiteModel
import TFLiteNames

/// The op resolver a model needs, as source code: TFLM's `MicroMutableOpResolver<N>` (one Add per
/// operator, the int8-only registration where every use is int8), Kinglet's Swift registrations
/// or the C API's `kinglet_op_` list (`kinglet resolver`).
public enum ResolverListing {
    public enum Flavor: String, Sendable, CaseIterable {
        case tflm, swift, c
    }

    /// One operator code the model uses (over every subgraph: TFLM resolves them all), with its
    /// uses.
    public struct UsedOperator {
        public let code: BuiltinOperator
        /// The custom code of a CUSTOM operator.
        public let customCode: String?
        /// (subgraph, operator index) of every use, in model order.
        public var uses: [(subgraph: Int, index: Int)]

        /// `CONV_2D`, or the custom code.
        public var name: String { code == .custom ? customCode ?? "" : code.description }
    }

    /// The operator codes the model uses, in order of first use.
    public static func usedOperators(_ model: Model) -> [UsedOperator] {
        var used: [UsedOperator] = []
        for (graph, subgraph) in model.subgraphs.enumerated() {
            for (index, op) in subgraph.operators.enumerated() {
                guard let code = model.operatorCodes.element(at: op.opcodeIndex) else { continue }
                let custom = code.builtinCode == .custom ? code.customCode ?? "" : nil
                if let existing = used.firstIndex(where: { $0.code == code.builtinCode && $0.customCode == custom }) {
                    used[existing].uses.append((graph, index))
                } else {
                    used.append(UsedOperator(code: code.builtinCode, customCode: custom, uses: [(graph, index)]))
                }
            }
        }
        return used
    }

    public static func render(_ flavor: Flavor, model: Model, file: String) -> String {
        switch flavor {
        case .tflm: return tflm(model, file: file)
        case .swift: return swift(model, file: file)
        case .c: return c(model, file: file)
        }
    }

    // MARK: - TFLM

    /// A line of the TFLM listing: the Add call, or nil when TFLM has no kernel for the operator.
    public struct TFLMLine: Equatable {
        public let operatorName: String
        /// `AddConv2D(tflite::Register_CONV_2D_INT8())`, or nil.
        public let call: String?
        /// A header the call needs beyond micro_mutable_op_resolver.h.
        public let include: String?
        /// A registration function the user must supply (custom operators TFLM has no kernel for).
        public let userRegistration: String?
        public let comment: String?
    }

    static let tflmByName: [String: TFLMOperatorTable.Entry] = {
        var table: [String: TFLMOperatorTable.Entry] = [:]
        for entry in TFLMOperatorTable.entries { table[(entry.isCustom ? "custom:" : "") + entry.name] = entry }
        return table
    }()

    public static func tflmEntry(for op: UsedOperator) -> TFLMOperatorTable.Entry? {
        tflmByName[(op.code == .custom ? "custom:" : "") + op.name]
    }

    public static func tflmLines(_ model: Model) -> [TFLMLine] {
        usedOperators(model).map { tflmLine(for: $0, model: model) }
    }

    static func tflmLine(for op: UsedOperator, model: Model) -> TFLMLine {
        let types = op.uses.map { instanceTypes(model, $0.subgraph, $0.index) }
        guard let entry = tflmEntry(for: op) else {
            if op.code != .custom {
                return TFLMLine(
                    operatorName: op.name, call: nil, include: nil, userRegistration: nil,
                    comment: "\(op.name): TFLM has no kernel for it (see kinglet lint --runtime tflm)")
            }
            // A custom operator TFLM does not ship: AddCustom with the user's registration.
            let function = "Register_" + cIdentifier(op.name).uppercased()
            let note =
                op.name.hasPrefix("Lce")
                ? "Larq Compute Engine ships TFLite kernels (compute_engine::tflite), none for TFLM: supply a TFLMRegistration"
                : "not in TFLM: supply its TFLMRegistration"
            return TFLMLine(
                operatorName: op.name, call: "AddCustom(\"\(op.name)\", \(function)())", include: nil,
                userRegistration: function, comment: note)
        }
        var argument = ""
        var include: String?
        if op.code == .softmax, types.allSatisfy({ $0.input == .int8 && $0.output == .int16 && $0.onlyQuantized }) {
            argument = "tflite::Register_SOFTMAX_INT8_INT16()"
        } else if let header = entry.int8Header, types.allSatisfy(\.isInt8) {
            argument = "tflite::Register_\(entry.name)_INT8()"
            if !entry.int8HeaderIncluded { include = header }
        } else if entry.isCustom, entry.name == "SignalRfft" || entry.name == "SignalIrfft",
            let first = types.first?.input, types.allSatisfy({ $0.input == first }),
            let suffix = [TensorType.int16: "INT16", .int32: "INT32", .float32: "FLOAT"][first]
        {
            argument = "tflite::tflm_signal::Register_\(entry.name == "SignalRfft" ? "RFFT" : "IRFFT")_\(suffix)()"
        }
        return TFLMLine(
            operatorName: op.name, call: "\(entry.method)(\(argument))", include: include, userRegistration: nil,
            comment: nil)
    }

    public static func tflm(_ model: Model, file: String) -> String {
        let lines = tflmLines(model)
        let calls = lines.filter { $0.call != nil }
        var out = "// The op resolver \(file) needs (kinglet resolver --tflm, TFLM \(TFLMOperatorTable.revision)).\n"
        out += "#include \"tensorflow/lite/micro/micro_mutable_op_resolver.h\"\n"
        for header in Set(lines.compactMap(\.include)).sorted() { out += "#include \"\(header)\"\n" }
        let user = lines.compactMap(\.userRegistration)
        if !user.isEmpty {
            out += "\n// Custom operators TFLM does not ship: your registrations.\n"
            for function in user { out += "TFLMRegistration* \(function)();\n" }
        }
        out += "\nusing OpResolver = tflite::MicroMutableOpResolver<\(calls.count)>;\n\n"
        out += "TfLiteStatus RegisterOps(OpResolver& op_resolver) {\n"
        for line in lines {
            if let call = line.call {
                out += "  TF_LITE_ENSURE_STATUS(op_resolver.\(call));"
                out += line.comment.map { "  // \($0)\n" } ?? "\n"
            } else if let comment = line.comment {
                out += "  // \(comment)\n"
            }
        }
        out += "  return kTfLiteOk;\n}\n"
        return out
    }

    // MARK: - Kinglet

    /// The Kinglet registration (`OpRegistration` member) for each used operator: the int8-only
    /// variant where every use has only int8 (and int32) tensors, as the C list picks; nil for
    /// operators Kinglet lacks.
    public static func kingletRegistrations(_ model: Model) -> [(name: String, registration: String?)] {
        let entryPoints = Set(DeviceOperators.entryPoints(for: model))
        return usedOperators(model).map { op in
            let manifestName = op.code == .custom ? "CUSTOM:" + op.name : op.name
            guard let entry = OperatorTable.entries.first(where: { $0.name == manifestName }) else {
                return (op.name, nil)
            }
            let cName = manifestName.cName
            if let variant = entry.int8Registration, entryPoints.contains(cName + "_INT8") {
                return (op.name, variant)
            }
            return (op.name, entry.registration)
        }
    }

    public static func swift(_ model: Model, file: String) -> String {
        let registrations = kingletRegistrations(model)
        let known = registrations.compactMap(\.registration)
        var out = "// The registrations \(file) needs (kinglet resolver --swift).\n"
        for missing in registrations where missing.registration == nil {
            out += "// \(missing.name): Kinglet has no kernel for it (see kinglet lint)\n"
        }
        out += "// A table the firmware owns; nothing is allocated (docs/device.md).\n"
        out +=
            "let interpreter = try withUnsafeTemporaryAllocation(of: OpRegistration.self, capacity: \(known.count)) {\n"
        out += "    table in\n"
        for (index, registration) in known.enumerated() {
            out += "    table.initializeElement(at: \(index), to: .\(registration))\n"
        }
        out += "    return try Interpreter(\n"
        out += "        model: model, arena: arena, resolver: OpResolver(borrowing: UnsafeBufferPointer(table)))\n"
        out += "}\n"
        return out
    }

    public static func c(_ model: Model, file: String) -> String {
        let registrations = kingletRegistrations(model)
        let names = DeviceOperators.entryPoints(for: model)
        let known = Set(
            OperatorTable.entries.flatMap { entry -> [String] in
                let name = entry.name.cName
                return entry.int8Variant ? [name, name + "_INT8"] : [name]
            })
        var out = "/* The operators \(file) needs (kinglet resolver --c). */\n#include \"kinglet.h\"\n\n"
        for missing in registrations where missing.registration == nil {
            out += "/* \(missing.name): Kinglet has no kernel for it (see kinglet lint) */\n"
        }
        out += "static const kinglet_op ops[] = {\n"
        for name in names where known.contains(name) { out += "    kinglet_op_\(name),\n" }
        out += "};\n"
        out +=
            "/* kinglet_load(model, model_len, arena, sizeof arena, ops, sizeof ops / sizeof ops[0], &interpreter, &error) */\n"
        return out
    }

    // MARK: - Types

    /// The types of one use: input 0, output 0, and whether every tensor is int8/int16/int32.
    struct InstanceTypes {
        var input: TensorType?
        var output: TensorType?
        /// No float, int4, uint8 or other tensor among its inputs and outputs.
        var onlyQuantized: Bool
        /// Whether every tensor other than int32 biases (and int16 state or time weights of
        /// SVDF and LSTM) is int8: what TFLM's `Register_<OP>_INT8` kernels take.
        var isInt8: Bool
    }

    static func instanceTypes(_ model: Model, _ graph: Int, _ index: Int) -> InstanceTypes {
        let subgraph = model.subgraphs[graph]
        let op = subgraph.operators[index]
        let code = model.operatorCodes.element(at: op.opcodeIndex)?.builtinCode
        func type(_ tensor: Int32) -> TensorType? {
            tensor < 0 ? nil : subgraph.tensors.element(at: Int(tensor))?.type
        }
        // TRANSPOSE_CONV's activation is input 2 (input 0 is the int32 output shape).
        let dataPosition = code == .transposeConv ? 2 : 0
        let input = op.inputs.count > dataPosition ? type(op.inputs[dataPosition]) : nil
        let output = op.outputs.first.flatMap(type)
        var quantized = true
        var int8 = input == .int8
        let state = code == .svdf || code == .unidirectionalSequenceLSTM
        for tensor in Array(op.inputs) + Array(op.outputs) {
            guard let type = type(tensor) else { continue }
            switch type {
            case .int8: break
            case .int32: break
            case .int16: if !state { int8 = false }
            default:
                quantized = false
                int8 = false
            }
        }
        for tensor in op.outputs where type(tensor) != .int8 { int8 = false }
        return InstanceTypes(input: input, output: output, onlyQuantized: quantized, isInt8: int8)
    }

    static func cIdentifier(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

extension String {
    /// The C spelling of a manifest name: `CUSTOM:Code` is `CUSTOM_Code`.
    fileprivate var cName: String { String(map { $0 == ":" ? "_" : $0 }) }
}
