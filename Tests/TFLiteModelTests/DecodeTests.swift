import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// Decodes each testdata model and compares every field with its flatc JSON source (testdata/*.json).
/// flatc leaves out fields equal to their schema default, so an absent JSON field means "the default".
final class DecodeTests: XCTestCase {
    // MARK: Every model against its JSON source

    func testEveryTestdataModelMatchesItsJSONSource() throws {
        let names = try Fixtures.testdataModels().map { $0.deletingPathExtension().lastPathComponent }
        XCTAssertEqual(Set(names), Set(Fixtures.sourcedModels), "testdata/ holds the models the README lists")
        for name in names {
            let source = try Fixtures.source(name)
            let file = try Fixtures.load(name)
            defer { withExtendedLifetime(file) {} }  // views read its bytes
            compare(file.model, with: source, name)
        }
    }

    func compare(_ model: Model, with source: [String: Any], _ name: String) {
        XCTAssertEqual(model.identifier, "TFL3", name)
        XCTAssertEqual(Int64(model.version), JSONField.int(source["version"]) ?? 0, name)
        XCTAssertEqual(model.description, source["description"] as? String, name)

        let codes = JSONField.objects(source["operator_codes"])
        XCTAssertEqual(model.operatorCodes.count, codes.count, "\(name): operator_codes")
        for (index, (code, json)) in zip(model.operatorCodes, codes).enumerated() {
            let context = "\(name): operator_codes[\(index)]"
            let deprecated = JSONField.int(json["deprecated_builtin_code"]) ?? 0
            let builtin = (json["builtin_code"] as? String).flatMap(SchemaEnums.builtinOperator.value(of:)) ?? 0
            XCTAssertEqual(Int64(code.deprecatedBuiltinCode), deprecated, context)
            XCTAssertEqual(Int64(code.rawBuiltinCode), builtin, context)
            XCTAssertEqual(Int64(code.builtinCode.rawValue), max(deprecated, builtin), context)
            XCTAssertEqual(code.builtinCode.description, json["builtin_code"] as? String, context)
            XCTAssertEqual(Int64(code.version), JSONField.int(json["version"]) ?? 1, context)
            XCTAssertEqual(code.customCode, json["custom_code"] as? String, context)
        }

        let buffers = JSONField.objects(source["buffers"])
        XCTAssertEqual(model.buffers.count, buffers.count, "\(name): buffers")
        for (index, json) in buffers.enumerated() {
            let data = model.bufferData(index).map(Self.bytes) ?? [0xDE, 0xAD]
            XCTAssertEqual(data, JSONField.bytes(json["data"]) ?? [], "\(name): buffers[\(index)].data")
            XCTAssertFalse(model.buffers[index].usesOffsetForm, "\(name): buffers[\(index)]")
        }
        XCTAssertNil(model.bufferData(buffers.count), "\(name): one past the last buffer")

        let subgraphs = JSONField.objects(source["subgraphs"])
        XCTAssertEqual(model.subgraphs.count, subgraphs.count, "\(name): subgraphs")
        for (subgraphIndex, (subgraph, json)) in zip(model.subgraphs, subgraphs).enumerated() {
            compare(subgraph, with: json, "\(name): subgraphs[\(subgraphIndex)]", model: model)
        }

        let metadata = JSONField.objects(source["metadata"])
        XCTAssertEqual(model.metadata.count, metadata.count, "\(name): metadata")
        for (entry, json) in zip(model.metadata, metadata) {
            XCTAssertEqual(entry.name, json["name"] as? String, name)
            XCTAssertEqual(Int64(entry.buffer), JSONField.int(json["buffer"]) ?? 0, name)
        }

        let signatures = JSONField.objects(source["signature_defs"])
        XCTAssertEqual(model.signatureDefs.count, signatures.count, "\(name): signature_defs")
        for (signature, json) in zip(model.signatureDefs, signatures) {
            XCTAssertEqual(signature.signatureKey, json["signature_key"] as? String, name)
            XCTAssertEqual(Int64(signature.subgraphIndex), JSONField.int(json["subgraph_index"]) ?? 0, name)
            for (maps, jsonMaps) in [(signature.inputs, json["inputs"]), (signature.outputs, json["outputs"])] {
                let expected = JSONField.objects(jsonMaps)
                XCTAssertEqual(maps.count, expected.count, name)
                for (map, jsonMap) in zip(maps, expected) {
                    XCTAssertEqual(map.name, jsonMap["name"] as? String, name)
                    XCTAssertEqual(Int64(map.tensorIndex), JSONField.int(jsonMap["tensor_index"]) ?? 0, name)
                }
            }
        }
    }

    func compare(_ subgraph: SubGraph, with json: [String: Any], _ context: String, model: Model) {
        XCTAssertEqual(subgraph.name, json["name"] as? String, context)
        XCTAssertEqual(subgraph.inputs.map(Int64.init), JSONField.ints(json["inputs"]) ?? [], "\(context).inputs")
        XCTAssertEqual(subgraph.outputs.map(Int64.init), JSONField.ints(json["outputs"]) ?? [], "\(context).outputs")

        let tensors = JSONField.objects(json["tensors"])
        XCTAssertEqual(subgraph.tensors.count, tensors.count, "\(context).tensors")
        for (index, (tensor, expected)) in zip(subgraph.tensors, tensors).enumerated() {
            let at = "\(context).tensors[\(index)]"
            XCTAssertEqual(tensor.name, expected["name"] as? String, at)
            let type = (expected["type"] as? String).flatMap(SchemaEnums.tensorType.value(of:)) ?? 0
            XCTAssertEqual(Int64(tensor.type.rawValue), type, "\(at).type")
            XCTAssertEqual(tensor.type.description, (expected["type"] as? String) ?? "FLOAT32", "\(at).type")
            XCTAssertEqual(tensor.shape.map(Int64.init), JSONField.ints(expected["shape"]) ?? [], "\(at).shape")
            XCTAssertEqual(
                tensor.shapeSignature.map { $0.map(Int64.init) }, JSONField.ints(expected["shape_signature"]),
                "\(at).shape_signature")
            XCTAssertEqual(Int64(tensor.buffer), JSONField.int(expected["buffer"]) ?? 0, "\(at).buffer")
            XCTAssertEqual(tensor.isVariable, JSONField.bool(expected["is_variable"]) ?? false, "\(at).is_variable")
            XCTAssertFalse(tensor.hasSparsity, at)
            if let quantization = expected["quantization"] as? [String: Any] {
                guard let q = tensor.quantization else {
                    XCTFail("\(at): quantization missing")
                    continue
                }
                let scales = JSONField.doubles(quantization["scale"]) ?? []
                XCTAssertEqual(Array(q.scale), scales.map { Float($0) }, "\(at).quantization.scale")
                XCTAssertEqual(
                    Array(q.zeroPoint), JSONField.ints(quantization["zero_point"]) ?? [],
                    "\(at).quantization.zero_point")
                XCTAssertEqual(
                    Int64(q.quantizedDimension), JSONField.int(quantization["quantized_dimension"]) ?? 0,
                    "\(at).quantization.quantized_dimension")
                XCTAssertEqual(q.isQuantized, !scales.isEmpty, at)
                XCTAssertEqual(q.detailsType, 0, at)
            } else {
                XCTAssertNil(tensor.quantization, "\(at): no quantization in the source")
            }
            // Element count and bytes follow from the shape and type.
            let shape = JSONField.ints(expected["shape"]) ?? []
            let elements = shape.reduce(1, *)
            XCTAssertEqual(tensor.elementCount.map(Int64.init), elements, at)
            let bits: Int64 = ["INT8": 8, "INT32": 32, "FLOAT32": 32][(expected["type"] as? String) ?? "FLOAT32"] ?? -1
            XCTAssertEqual(tensor.byteCount.map(Int64.init), elements * bits / 8, at)
        }

        let operators = JSONField.objects(json["operators"])
        XCTAssertEqual(subgraph.operators.count, operators.count, "\(context).operators")
        for (index, (op, expected)) in zip(subgraph.operators, operators).enumerated() {
            let at = "\(context).operators[\(index)]"
            XCTAssertEqual(Int64(op.opcodeIndex), JSONField.int(expected["opcode_index"]) ?? 0, at)
            XCTAssertEqual(op.inputs.map(Int64.init), JSONField.ints(expected["inputs"]) ?? [], "\(at).inputs")
            XCTAssertEqual(op.outputs.map(Int64.init), JSONField.ints(expected["outputs"]) ?? [], "\(at).outputs")
            XCTAssertEqual(op.intermediates.count, 0, at)
            XCTAssertEqual(
                Self.bytes(op.customOptions(in: model.bytes)), JSONField.bytes(expected["custom_options"]) ?? [],
                "\(at).custom_options")
            let format =
                (expected["custom_options_format"] as? String).flatMap(SchemaEnums.customOptionsFormat.value(of:)) ?? 0
            XCTAssertEqual(Int64(op.customOptionsFormat), format, at)
            compareOptions(op, with: expected, at)
        }
    }

    /// The options table: its union member, then every field by name — the source's value when it
    /// sets one, else the schema default.
    func compareOptions(_ op: Operator, with expected: [String: Any], _ at: String) {
        guard let typeName = expected["builtin_options_type"] as? String else {
            XCTAssertNil(op.builtinOptions, "\(at): no builtin options in the source")
            return
        }
        guard let options = op.builtinOptions else { return XCTFail("\(at): builtin options missing") }
        XCTAssertEqual(options.typeName, typeName, at)
        XCTAssertEqual(options.union, .builtinOptions, at)
        XCTAssertEqual(
            BuiltinOptionsSchema.tables.firstIndex { $0.name.description == typeName }, Int(options.type), at)
        XCTAssertNotNil(op.options(ofType: options.type), at)
        XCTAssertNil(op.options(ofType: options.type &+ 1), at)

        let values = (expected["builtin_options"] as? [String: Any]) ?? [:]
        let decoded = Dictionary(uniqueKeysWithValues: options.fields.map { ($0.name, $0.value) })
        XCTAssertEqual(options.fields.map(\.name), options.schema.fields.map { $0.name.description }, at)
        for key in values.keys { XCTAssertNotNil(decoded[key], "\(at): source sets \(key)") }
        for field in options.schema.fields {
            let name = field.name.description
            let json = values[name]
            let actual = decoded[name]
            switch field.kind {
            case .bool(let fallback):
                XCTAssertEqual(actual, .bool(JSONField.bool(json) ?? fallback), "\(at).\(name)")
            case .int(_, _, let fallback):
                XCTAssertEqual(actual, .int(JSONField.int(json) ?? fallback), "\(at).\(name)")
            case .float(_, let fallback):
                XCTAssertEqual(actual, .float(Double(Float(JSONField.double(json) ?? fallback))), "\(at).\(name)")
            case .enumeration(let names, _, _, let fallback):
                let raw = (json as? String).flatMap(names.value(of:)) ?? fallback
                XCTAssertEqual(actual, .enumeration(raw, names.describe(raw)), "\(at).\(name)")
                if let label = json as? String { XCTAssertEqual(names.describe(raw), label, "\(at).\(name)") }
            case .intVector:
                XCTAssertEqual(actual, .ints(JSONField.ints(json) ?? []), "\(at).\(name)")
            default:
                XCTFail("\(at).\(name): the testdata models use no \(field.kind) options")
            }
        }
    }

    static func bytes(_ region: ByteRegion) -> [UInt8] {
        (0..<region.count).map { region[$0] }
    }

    // MARK: Model by model, the values the README and JSON sources spell out

    func testFullyConnectedInt8() throws {
        let file = try Fixtures.load("fc_int8")
        defer { withExtendedLifetime(file) {} }  // views read its bytes
        let model = file.model
        let graph = model.subgraphs[0]
        XCTAssertEqual(graph.name, "main")
        XCTAssertEqual(graph.tensors.map { $0.name ?? "" }, ["input", "dense/weights", "dense/bias", "output"])
        XCTAssertEqual(graph.tensors.map(\.type), [.int8, .int8, .int32, .int8])
        XCTAssertEqual(graph.tensors.map { Array($0.shape) }, [[1, 4], [3, 4], [3], [1, 3]])
        XCTAssertEqual(graph.tensors.map(\.buffer), [1, 2, 3, 4])
        XCTAssertEqual(
            graph.tensors.map { $0.quantization.map { Array($0.scale) } ?? [] },
            [[0.007843138], [0.0123], [9.647059e-05], [0.047058824]])
        XCTAssertEqual(
            graph.tensors.map { $0.quantization.map { Array($0.zeroPoint) } ?? [] }, [[-1], [0], [0], [-128]])
        XCTAssertNil(graph.tensors[0].shapeSignature)

        XCTAssertEqual(model.operatorCodes.count, 1)
        XCTAssertEqual(model.operatorCodes[0].builtinCode, .fullyConnected)
        XCTAssertEqual(model.operatorCodes[0].version, 4)
        let op = graph.operators[0]
        XCTAssertEqual(Array(op.inputs), [0, 1, 2])
        XCTAssertEqual(Array(op.outputs), [3])
        let options = try XCTUnwrap(op.builtinOptions)
        XCTAssertEqual(options.typeName, "FullyConnectedOptions")
        let fields = Dictionary(uniqueKeysWithValues: options.fields.map { ($0.name, $0.value) })
        XCTAssertEqual(fields["fused_activation_function"], .enumeration(1, "RELU"))
        XCTAssertEqual(fields["weights_format"], .enumeration(0, "DEFAULT"))
        XCTAssertEqual(fields["keep_num_dims"], .bool(false))
        XCTAssertEqual(fields["asymmetric_quantize_inputs"], .bool(false))
        XCTAssertEqual(fields["quantized_bias_type"], .enumeration(0, "FLOAT32"))

        // Weights rows [10,20,30,40], [-40,-30,-20,-10], [5,-5,15,-15]; bias [256,-128,64].
        let weights = try XCTUnwrap(model.bufferData(2))
        XCTAssertEqual(
            DecodeTests.bytes(weights).map { Int8(bitPattern: $0) },
            [10, 20, 30, 40, -40, -30, -20, -10, 5, -5, 15, -15])
        let bias = try XCTUnwrap(model.bufferData(3))
        XCTAssertEqual((0..<3).map { bias.readUnchecked(Int32.self, at: 4 * $0) }, [256, -128, 64])
        // Activations have their own empty buffers.
        XCTAssertEqual(model.bufferData(1)?.count, 0)
        XCTAssertEqual(model.bufferData(4)?.count, 0)
    }

    func testConvolutionInt8PerChannel() throws {
        let file = try Fixtures.load("conv_int8")
        defer { withExtendedLifetime(file) {} }  // views read its bytes
        let graph = file.model.subgraphs[0]
        let filter = graph.tensors[1]
        XCTAssertEqual(filter.name, "conv/filter")
        XCTAssertEqual(Array(filter.shape), [2, 3, 3, 1])
        let q = try XCTUnwrap(filter.quantization)
        XCTAssertEqual(Array(q.scale), [0.00511811, 0.011181102])
        XCTAssertEqual(Array(q.zeroPoint), [0, 0])
        XCTAssertEqual(q.quantizedDimension, 0)
        XCTAssertEqual(Array(try XCTUnwrap(graph.tensors[2].quantization).scale), [4.0142044e-05, 8.769493e-05])
        XCTAssertNil(graph.tensors[4].quantization, "flatten/shape has none")

        XCTAssertEqual(file.model.operatorCodes.map(\.builtinCode), [.conv2D, .reshape, .softmax])
        XCTAssertEqual(file.model.operatorCodes.map(\.version), [3, 1, 2])

        let conv = try XCTUnwrap(graph.operators[0].builtinOptions)
        XCTAssertEqual(conv.typeName, "Conv2DOptions")
        XCTAssertEqual(conv.type, 1)
        XCTAssertEqual(
            conv.fields.map(\.name),
            [
                "padding", "stride_w", "stride_h", "fused_activation_function",
                "dilation_w_factor", "dilation_h_factor", "quantized_bias_type",
            ])
        XCTAssertEqual(
            conv.fields.map(\.value),
            [
                .enumeration(0, "SAME"), .int(1), .int(1), .enumeration(0, "NONE"),
                .int(1), .int(1), .enumeration(0, "FLOAT32"),
            ])
        let reshape = try XCTUnwrap(graph.operators[1].builtinOptions)
        XCTAssertEqual(reshape.typeName, "ReshapeOptions")
        XCTAssertEqual(reshape.fields.first { $0.name == "new_shape" }?.value, .ints([1, 50]))
        let softmax = try XCTUnwrap(graph.operators[2].builtinOptions)
        XCTAssertEqual(softmax.typeName, "SoftmaxOptions")
        XCTAssertEqual(softmax.fields.map(\.name), ["beta"])
        XCTAssertEqual(softmax.fields.first?.value, .float(1.0))
        // The constant shape tensor [1, 50] as int32.
        let shape = try XCTUnwrap(file.model.bufferData(3))
        XCTAssertEqual([shape.readUnchecked(Int32.self, at: 0), shape.readUnchecked(Int32.self, at: 4)], [1, 50])
    }

    func testFloatAddShapeSignatureAndDefaults() throws {
        let file = try Fixtures.load("float_add")
        defer { withExtendedLifetime(file) {} }  // views read its bytes
        let graph = file.model.subgraphs[0]
        XCTAssertEqual(Array(graph.inputs), [0, 1])
        XCTAssertEqual(Array(graph.outputs), [2])
        for tensor in graph.tensors {
            XCTAssertEqual(tensor.type, .float32)
            XCTAssertEqual(Array(tensor.shape), [1, 2, 2, 1])
            XCTAssertEqual(tensor.shapeSignature.map(Array.init), [-1, 2, 2, 1])
            XCTAssertEqual(tensor.buffer, 0)
            XCTAssertNil(tensor.quantization)
        }
        let code = file.model.operatorCodes[0]
        XCTAssertEqual(code.builtinCode, .add)
        XCTAssertEqual(code.builtinCode.description, "ADD")
        let options = try XCTUnwrap(graph.operators[0].builtinOptions)
        XCTAssertEqual(options.typeName, "AddOptions")
        // fused_activation_function is set; pot_scale_int16 is absent and takes its schema default (true).
        XCTAssertEqual(options.fields.map(\.name), ["fused_activation_function", "pot_scale_int16"])
        XCTAssertEqual(options.fields.map(\.value), [.enumeration(1, "RELU"), .bool(true)])
    }

    func testOperatorCodeAbove127UsesTheLargerOfTheTwoFields() throws {
        let file = try Fixtures.load("gelu_float")
        defer { withExtendedLifetime(file) {} }  // views read its bytes
        let codes = file.model.operatorCodes
        XCTAssertEqual(codes[1].deprecatedBuiltinCode, 127)
        XCTAssertEqual(codes[1].rawBuiltinCode, 150)
        XCTAssertEqual(codes[1].builtinCode.rawValue, 150)
        XCTAssertEqual(codes[1].builtinCode.description, "GELU")
        XCTAssertEqual(codes[0].builtinCode, .fullyConnected)
        let graph = file.model.subgraphs[0]
        XCTAssertEqual(Array(graph.operators[0].inputs), [0, 1, -1], "-1: no bias")
        let gelu = try XCTUnwrap(graph.operators[1].builtinOptions)
        XCTAssertEqual(gelu.typeName, "GeluOptions")
        XCTAssertEqual(gelu.fields.map(\.name), ["approximate"])
        XCTAssertEqual(gelu.fields.map(\.value), [.bool(true)])
        XCTAssertEqual(graph.tensors[1].byteCount, 24)
        XCTAssertEqual(file.model.bufferData(1)?.count, 24)
    }

    func testOldFilesWithOnlyTheDeprecatedByteStillDecode() throws {
        // Files from before `builtin_code` existed set only the byte; newer ones may set only the int.
        var spec = TestModel()
        spec.operatorCodes = [
            .init(deprecatedBuiltinCode: 3), .init(builtinCode: 150), .init(deprecatedBuiltinCode: 127),
        ]
        try withVerifiedModel(spec.build().bytes) { model in
            XCTAssertEqual(model.operatorCodes.map(\.builtinCode.rawValue), [3, 150, 127])
            XCTAssertEqual(model.operatorCodes.map(\.version), [1, 1, 1], "version defaults to 1")
        }
    }

    func testCustomOperatorMetadataAndSignature() throws {
        let file = try Fixtures.load("custom_op")
        defer { withExtendedLifetime(file) {} }  // views read its bytes
        let model = file.model
        XCTAssertEqual(model.description, "Kinglet testdata: one CUSTOM operator, metadata and a signature")
        let code = model.operatorCodes[0]
        XCTAssertEqual(code.builtinCode, .custom)
        XCTAssertEqual(code.customCode, "MyCustomOp")
        let op = model.subgraphs[0].operators[0]
        XCTAssertNil(op.builtinOptions)
        XCTAssertEqual(DecodeTests.bytes(op.customOptions(in: model.bytes)), [1, 2, 3, 4, 5])
        XCTAssertEqual(op.customOptionsFormat, 0, "FLEXBUFFERS")

        XCTAssertEqual(model.metadata.count, 1)
        XCTAssertEqual(model.metadata[0].name, "min_runtime_version")
        XCTAssertEqual(model.metadata[0].buffer, 1)
        let version = try XCTUnwrap(model.bufferData(1))
        XCTAssertEqual(DecodeTests.bytes(version), Array("1.14.0".utf8) + [UInt8](repeating: 0, count: 10))

        XCTAssertEqual(model.signatureDefs.count, 1)
        let signature = model.signatureDefs[0]
        XCTAssertEqual(signature.signatureKey, "serving_default")
        XCTAssertEqual(signature.subgraphIndex, 0)
        XCTAssertEqual(signature.inputs.map { $0.name ?? "" }, ["x"])
        XCTAssertEqual(signature.inputs.map(\.tensorIndex), [0])
        XCTAssertEqual(signature.outputs.map { $0.name ?? "" }, ["y"])
        XCTAssertEqual(signature.outputs.map(\.tensorIndex), [1])
    }

    // MARK: Views of a built model (fields the testdata does not set)

    func testBuiltModelReadsBackEveryField() throws {
        var spec = TestModel()
        spec.description = Array("built".utf8)
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 4, builtinCode: 4, version: 2)]
        var tensor = TestModel.TensorSpec(
            "t", type: 9, shape: [1, 2, 3, 4], buffer: 1,
            quantization: .init(
                min: [-1], max: [1], scale: [0.5, 0.25],
                zeroPoint: [1, -2], detailsType: 1, quantizedDimension: 3))
        tensor.isVariable = true
        tensor.sparsity = true
        tensor.hasRank = true
        tensor.shapeSignature = [-1, 2, 3, 4]
        var op = TestModel.OperatorSpec(
            opcodeIndex: 0, inputs: [0, -1], outputs: [0], optionsType: 2,
            options: [(0, .i8(1)), (1, .i32(2)), (2, .i32(3)), (3, .i32(4)), (4, .i8(3))])
        op.intermediates = [0]
        op.customOptionsFormat = 0
        spec.subgraphs = [.init(tensors: [tensor], inputs: [0], outputs: [0], operators: [op], name: "g")]
        spec.buffers = [.init(), .init(data: [1, 2, 3, 4, 5, 6])]
        spec.metadataBuffer = [1]
        try withVerifiedModel(spec.build().bytes) { model in
            XCTAssertEqual(model.description, "built")
            XCTAssertEqual(Array(model.metadataBuffer), [1])
            let t = model.subgraphs[0].tensors[0]
            XCTAssertEqual(t.type, .int8)
            XCTAssertTrue(t.isVariable)
            XCTAssertTrue(t.hasSparsity)
            XCTAssertTrue(t.hasRank)
            XCTAssertEqual(t.shapeSignature.map(Array.init), [-1, 2, 3, 4])
            XCTAssertEqual(t.elementCount, 24)
            XCTAssertEqual(t.byteCount, 24)
            let q = try XCTUnwrap(t.quantization)
            XCTAssertEqual(Array(q.min), [-1])
            XCTAssertEqual(Array(q.max), [1])
            XCTAssertEqual(Array(q.scale), [0.5, 0.25])
            XCTAssertEqual(Array(q.zeroPoint), [1, -2])
            XCTAssertEqual(q.detailsType, 1)
            XCTAssertEqual(q.quantizedDimension, 3)
            let o = model.subgraphs[0].operators[0]
            XCTAssertEqual(Array(o.intermediates), [0])
            let options = try XCTUnwrap(o.builtinOptions)
            XCTAssertEqual(options.typeName, "DepthwiseConv2DOptions")
            XCTAssertEqual(
                options.fields.map(\.value),
                [
                    .enumeration(1, "VALID"), .int(2), .int(3), .int(4),
                    .enumeration(3, "RELU6"), .int(1), .int(1),
                ])
        }
    }

    func testBuiltinOptions2AreReadWhenTheFirstUnionIsEmpty() throws {
        var spec = TestModel()
        var op = TestModel.OperatorSpec(opcodeIndex: 0)
        op.options2Type = 1  // StablehloConcatenateOptions { dimension: long }
        op.options2 = [(0, .i64(-7))]
        spec.operatorCodes = [.init(builtinCode: 169)]
        spec.subgraphs = [.init(tensors: [], operators: [op])]
        try withVerifiedModel(spec.build().bytes) { model in
            let options = try XCTUnwrap(model.subgraphs[0].operators[0].builtinOptions)
            XCTAssertEqual(options.union, .builtinOptions2)
            XCTAssertEqual(options.typeName, "StablehloConcatenateOptions")
            XCTAssertEqual(options.fields.map(\.name), ["dimension"])
            XCTAssertEqual(options.fields.map(\.value), [.int(-7)])
            XCTAssertEqual(model.operatorCodes[0].builtinCode.description, "STABLEHLO_CONCATENATE")
        }
    }

    func testUnknownEnumValuesStillDescribe() {
        XCTAssertEqual(BuiltinOperator(rawValue: 300).description, "UNKNOWN(300)", "as docs/inspect-json.md spells it")
        XCTAssertEqual(TensorType(rawValue: 99).description, "UNKNOWN(99)")
        XCTAssertNil(TensorType(rawValue: 99).bitsPerElement)
        XCTAssertNil(TensorType(rawValue: 99).byteCount(elements: 1))
        XCTAssertEqual(TensorType.int4.byteCount(elements: 3), 2, "sub-byte types pack and round up")
        XCTAssertEqual(TensorType.int2.byteCount(elements: 5), 2)
        XCTAssertNil(TensorType.float32.byteCount(elements: Int.max), "overflow is nil, not a trap")
        XCTAssertNil(TensorType.string.bitsPerElement)
    }

    func testElementCountOfHostileShapes() throws {
        var spec = TestModel()
        spec.subgraphs = [
            .init(tensors: [
                .init("negative", type: 0, shape: [2, -1]),
                .init("overflow", type: 0, shape: [Int32.max, Int32.max, Int32.max]),
                .init("scalar", type: 0, shape: []),
                .init("no shape", type: 0),
                .init("bytes overflow", type: 0, shape: [Int32.max, Int32.max, 2]),
            ])
        ]
        try withVerifiedModel(spec.build().bytes) { model in
            let tensors = model.subgraphs[0].tensors
            XCTAssertNil(tensors[0].elementCount)
            XCTAssertNil(tensors[0].byteCount)
            XCTAssertNil(tensors[1].elementCount)
            XCTAssertEqual(tensors[2].elementCount, 1)
            XCTAssertEqual(tensors[3].elementCount, 1)
            XCTAssertEqual(tensors[3].shape.count, 0)
            XCTAssertNotNil(tensors[4].elementCount)
            XCTAssertNil(tensors[4].byteCount, "element count × 4 bytes overflows")
        }
    }
}
