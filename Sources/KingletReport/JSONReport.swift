import FlatBufferReader
import TFLiteModel
import TFLiteNames

/// `kinglet inspect --json`: the format documented in docs/inspect-json.md (format_version 1).
public enum JSONReport {
    public static let formatVersion = 1

    public static func make(_ facts: ModelFacts, file: String) -> JSONValue {
        let model = facts.model
        let customOptions = CustomOptions.all(model)
        var top: [(String, JSONValue)] = [
            ("format_version", .int(formatVersion)),
            ("file", .string(file)),
            ("file_size", .int(model.bytes.count)),
            ("identifier", .optional(model.identifier)),
            ("version", .int(model.version)),
            ("description", .optional(model.description)),
            ("buffers", .int(model.buffers.count)),
        ]
        top.append(
            (
                "buffer_table",
                .array(
                    model.buffers.enumerated().map { index, buffer in
                        let form =
                            buffer.usesOffsetForm
                            ? "offset" : (buffer.inlineData.map { $0.count > 0 } ?? false) ? "inline" : "empty"
                        return .object([
                            ("index", .int(index)),
                            ("bytes", .int(buffer.data(in: model.bytes).count)),
                            ("form", .string(form)),
                            ("offset", buffer.usesOffsetForm ? .int(Int64(truncatingIfNeeded: buffer.offset)) : .null),
                        ])
                    })
            ))
        top.append(
            (
                "operator_codes",
                .array(
                    model.operatorCodes.enumerated().map { index, code in
                        .object([
                            ("index", .int(index)),
                            ("builtin_code", .string(code.builtinCode.description)),
                            ("deprecated_builtin_code", .int(code.deprecatedBuiltinCode)),
                            ("version", .int(code.version)),
                            ("custom_code", .optional(code.customCode)),
                        ])
                    })
            ))
        top.append(
            (
                "subgraphs",
                .array(
                    model.subgraphs.enumerated().map { index, subgraph in
                        self.subgraph(subgraph, index: index, facts: facts, customOptions: customOptions[index])
                    })
            ))
        top.append(
            (
                "metadata",
                .array(
                    model.metadata.map { entry in
                        let data = model.bufferData(Int(entry.buffer))
                        return .object([
                            ("name", .optional(entry.name)),
                            ("buffer", .int(entry.buffer)),
                            ("bytes", data.map { .int($0.count) } ?? .null),
                            ("text", .optional(data.flatMap(ModelFacts.metadataText))),
                        ])
                    })
            ))
        top.append(
            (
                "signature_defs",
                .array(
                    model.signatureDefs.map { signature in
                        func maps(_ list: TableVector<TensorMap>) -> JSONValue {
                            .array(
                                list.map {
                                    .object([("name", .optional($0.name)), ("tensor_index", .int($0.tensorIndex))])
                                })
                        }
                        return .object([
                            ("signature_key", .optional(signature.signatureKey)),
                            ("subgraph_index", .int(signature.subgraphIndex)),
                            ("inputs", maps(signature.inputs)),
                            ("outputs", maps(signature.outputs)),
                        ])
                    })
            ))
        top.append(
            (
                "summary",
                .object([
                    ("quantization_scheme", .string(facts.scheme.rawValue)),
                    ("weight_bytes", .int(facts.weightBytes)),
                    ("operator_histogram", .object(facts.histogram.map { ($0.name, .int($0.count)) })),
                    ("total_macs", .int(facts.totalMACs)),
                    ("total_bops", .int(facts.totalBOPs)),
                ])
            ))
        return .object(top)
    }

    static func subgraph(
        _ subgraph: SubGraph, index: Int, facts: ModelFacts, customOptions: [CustomOptions]
    ) -> JSONValue {
        let model = facts.model
        let tensors: [JSONValue] = subgraph.tensors.enumerated().map { tensorIndex, tensor in
            tensorJSON(tensor, index: tensorIndex, model: model)
        }
        let operators: [JSONValue] = subgraph.operators.enumerated().map { opIndex, op in
            let code = model.operatorCodes.element(at: op.opcodeIndex)
            var members: [(String, JSONValue)] = [
                ("index", .int(opIndex)),
                ("opcode_index", .int(op.opcodeIndex)),
                // null when the opcode index is out of range (as flatc shows no operator code).
                ("opcode", code.map { .string($0.builtinCode.description) } ?? .null),
            ]
            if let code, code.builtinCode == .custom {
                members.append(("custom_code", .optional(code.customCode)))
            }
            members.append(("version", code.map { .int($0.version) } ?? .null))
            members.append(("inputs", .ints(op.inputs)))
            members.append(("outputs", .ints(op.outputs)))
            members.append(("intermediates", .ints(op.intermediates)))
            let options = op.builtinOptions
            members.append(("options_type", .optional(options?.typeName)))
            members.append(
                ("options", .object(options.map { $0.fields.map { ($0.name, optionJSON($0.value)) } } ?? [])))
            members.append(("options_decoded", .bool(true)))
            members.append(("custom_options_bytes", .int(op.customOptions(in: model.bytes).count)))
            let custom = customOptions[opIndex]
            members.append(("custom_options", custom.json))
            members.append(("custom_options_hex", custom.jsonHex))
            members.append(("custom_options_error", custom.jsonError))
            let cost = facts.macs[index][opIndex]
            members.append(("macs", cost.map { .int($0) } ?? .null))
            members.append(("bops", facts.bops[index][opIndex].map { .int($0) } ?? .null))
            return .object(members)
        }
        return .object([
            ("index", .int(index)),
            ("name", .optional(subgraph.name)),
            ("inputs", .ints(subgraph.inputs)),
            ("outputs", .ints(subgraph.outputs)),
            ("tensors", .array(tensors)),
            ("operators", .array(operators)),
        ])
    }

    static func tensorJSON(_ tensor: Tensor, index: Int, model: Model) -> JSONValue {
        let quantization = tensor.quantization
        let detailsType = quantization.map(\.detailsType) ?? 0
        return .object([
            ("index", .int(index)),
            ("name", .optional(tensor.name)),
            ("type", .string(tensor.type.description)),
            ("shape", .ints(tensor.shape)),
            ("shape_signature", tensor.shapeSignature.map { .ints($0) } ?? .null),
            ("buffer", .int(tensor.buffer)),
            ("bytes", tensor.byteCount.map { .int($0) } ?? .null),
            ("is_constant", .bool(ModelFacts.isConstant(tensor, in: model))),
            ("is_variable", .bool(tensor.isVariable)),
            ("has_sparsity", .bool(tensor.hasSparsity)),
            (
                "quantization",
                .object([
                    ("scale", .array(quantization.map { $0.scale.map(JSONValue.float) } ?? [])),
                    ("zero_point", .ints(quantization.map { Array($0.zeroPoint) } ?? [])),
                    ("quantized_dimension", .int(quantization?.quantizedDimension ?? 0)),
                    ("min", .array(quantization.map { $0.min.map(JSONValue.float) } ?? [])),
                    ("max", .array(quantization.map { $0.max.map(JSONValue.float) } ?? [])),
                    (
                        "details_type",
                        detailsType == 0 ? .null : .string(SchemaEnums.quantizationDetailsName(detailsType))
                    ),
                ])
            ),
        ])
    }

    static func optionJSON(_ value: OptionValue) -> JSONValue {
        switch value {
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .float(let value): return .float(Float(value))
        case .enumeration(_, let label): return .string(label)
        case .ints(let values): return .ints(values)
        case .floats(let values): return .array(values.map { .double($0) })
        case .bools(let values): return .array(values.map(JSONValue.bool))
        case .string(let value): return .string(value)
        case .strings(let values): return .array(values.map(JSONValue.string))
        }
    }
}

extension SchemaEnums {
    static func quantizationDetailsName(_ type: UInt8) -> String {
        switch type {
        case 1: return "CustomQuantization"
        case 2: return "BlockwiseQuantization"
        case 3: return "MultiAxisQuantization"
        default: return "QuantizationDetails(\(type))"
        }
    }
}
