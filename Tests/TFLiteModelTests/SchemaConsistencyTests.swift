import FlatBufferReader
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// The hand-written views and the generated descriptors must agree with schema/tflite.fbs, read here
/// by a parser of the test's own (not tools/gen_schema_tables.py).
final class SchemaConsistencyTests: XCTestCase {
    var schema: SchemaFile!

    override func setUpWithError() throws {
        schema = try SchemaFile.load()
    }

    func testTheSchemaReadsAsExpected() throws {
        // Spot checks of the parser itself, from the schema text.
        XCTAssertEqual(schema.ids(of: "Operator")["builtin_options_type"], 3)
        XCTAssertEqual(schema.ids(of: "Operator")["builtin_options"], 4)
        XCTAssertEqual(schema.ids(of: "SignatureDef")["subgraph_index"], 4, "deprecated_tag keeps id 3")
        XCTAssertEqual(schema.ids(of: "ResizeBilinearOptions")["align_corners"], 2, "two deprecated fields before it")
        XCTAssertEqual(schema.enums["TensorType"]?.values.count, 23)
        XCTAssertEqual(
            schema.unions["QuantizationDetails"],
            ["CustomQuantization", "BlockwiseQuantization", "MultiAxisQuantization"])
        XCTAssertGreaterThan(schema.tables.count, 150)
    }

    // MARK: Hand-written views

    func testViewFieldIdsMatchTheSchema() {
        let views: [(table: String, fields: [(String, Int)])] = [
            (
                "Model",
                [
                    ("version", Model.Field.version), ("operator_codes", Model.Field.operatorCodes),
                    ("subgraphs", Model.Field.subgraphs), ("description", Model.Field.description),
                    ("buffers", Model.Field.buffers), ("metadata_buffer", Model.Field.metadataBuffer),
                    ("metadata", Model.Field.metadata), ("signature_defs", Model.Field.signatureDefs),
                ]
            ),
            (
                "OperatorCode",
                [
                    ("deprecated_builtin_code", OperatorCode.Field.deprecatedBuiltinCode),
                    ("custom_code", OperatorCode.Field.customCode), ("version", OperatorCode.Field.version),
                    ("builtin_code", OperatorCode.Field.builtinCode),
                ]
            ),
            (
                "SubGraph",
                [
                    ("tensors", SubGraph.Field.tensors), ("inputs", SubGraph.Field.inputs),
                    ("outputs", SubGraph.Field.outputs), ("operators", SubGraph.Field.operators),
                    ("name", SubGraph.Field.name),
                ]
            ),
            (
                "Tensor",
                [
                    ("shape", Tensor.Field.shape), ("type", Tensor.Field.type), ("buffer", Tensor.Field.buffer),
                    ("name", Tensor.Field.name), ("quantization", Tensor.Field.quantization),
                    ("is_variable", Tensor.Field.isVariable), ("sparsity", Tensor.Field.sparsity),
                    ("shape_signature", Tensor.Field.shapeSignature), ("has_rank", Tensor.Field.hasRank),
                ]
            ),
            (
                "QuantizationParameters",
                [
                    ("min", QuantizationParameters.Field.min), ("max", QuantizationParameters.Field.max),
                    ("scale", QuantizationParameters.Field.scale),
                    ("zero_point", QuantizationParameters.Field.zeroPoint),
                    ("details_type", QuantizationParameters.Field.detailsType),
                    ("details", QuantizationParameters.Field.details),
                    ("quantized_dimension", QuantizationParameters.Field.quantizedDimension),
                ]
            ),
            (
                "Operator",
                [
                    ("opcode_index", Operator.Field.opcodeIndex), ("inputs", Operator.Field.inputs),
                    ("outputs", Operator.Field.outputs), ("builtin_options_type", Operator.Field.builtinOptionsType),
                    ("builtin_options", Operator.Field.builtinOptions),
                    ("custom_options", Operator.Field.customOptions),
                    ("custom_options_format", Operator.Field.customOptionsFormat),
                    ("mutating_variable_inputs", Operator.Field.mutatingVariableInputs),
                    ("intermediates", Operator.Field.intermediates),
                    ("large_custom_options_offset", Operator.Field.largeCustomOptionsOffset),
                    ("large_custom_options_size", Operator.Field.largeCustomOptionsSize),
                    ("builtin_options_2_type", Operator.Field.builtinOptions2Type),
                    ("builtin_options_2", Operator.Field.builtinOptions2),
                ]
            ),
            ("Buffer", [("data", Buffer.Field.data), ("offset", Buffer.Field.offset), ("size", Buffer.Field.size)]),
            ("Metadata", [("name", Metadata.Field.name), ("buffer", Metadata.Field.buffer)]),
            (
                "SignatureDef",
                [
                    ("inputs", SignatureDef.Field.inputs), ("outputs", SignatureDef.Field.outputs),
                    ("signature_key", SignatureDef.Field.signatureKey),
                    ("subgraph_index", SignatureDef.Field.subgraphIndex),
                ]
            ),
            ("TensorMap", [("name", TensorMap.Field.name), ("tensor_index", TensorMap.Field.tensorIndex)]),
        ]
        for (table, fields) in views {
            let ids = schema.ids(of: table)
            XCTAssertFalse(ids.isEmpty, "schema has table \(table)")
            for (name, id) in fields {
                XCTAssertEqual(id, ids[name], "\(table).\(name)")
            }
        }
    }

    func testViewScalarTypesMatchTheSchema() {
        func type<Root, Value>(_: KeyPath<Root, Value>) -> Any.Type { Value.self }
        let scalars: [String: Any.Type] = [
            "bool": Bool.self, "byte": Int8.self, "ubyte": UInt8.self, "short": Int16.self, "ushort": UInt16.self,
            "int": Int32.self, "uint": UInt32.self, "long": Int64.self, "ulong": UInt64.self,
            "int8": Int8.self, "uint8": UInt8.self, "int16": Int16.self, "uint16": UInt16.self,
            "int32": Int32.self, "uint32": UInt32.self, "int64": Int64.self, "uint64": UInt64.self,
        ]
        func expected(_ table: String, _ field: String) -> Any.Type? {
            guard let schemaField = schema.tables[table]?.first(where: { $0.name == field }) else { return nil }
            if let scalar = scalars[schemaField.type] { return scalar }
            if let base = schema.enums[schemaField.type]?.base { return scalars[base] }
            if schemaField.type == "[int]" { return ScalarVector<Int32>.self }
            if schemaField.type == "[long]" { return ScalarVector<Int64>.self }
            if schemaField.type == "[float]" { return FloatVector.self }
            return nil
        }
        let views: [(String, String, Any.Type)] = [
            ("Model", "version", type(\Model.version)),
            ("Model", "metadata_buffer", type(\Model.metadataBuffer)),
            ("OperatorCode", "deprecated_builtin_code", type(\OperatorCode.deprecatedBuiltinCode)),
            ("OperatorCode", "builtin_code", type(\OperatorCode.rawBuiltinCode)),
            ("OperatorCode", "builtin_code", type(\OperatorCode.builtinCode.rawValue)),
            ("OperatorCode", "version", type(\OperatorCode.version)),
            ("SubGraph", "inputs", type(\SubGraph.inputs)),
            ("SubGraph", "outputs", type(\SubGraph.outputs)),
            ("Tensor", "shape", type(\Tensor.shape)),
            ("Tensor", "type", type(\Tensor.type.rawValue)),
            ("Tensor", "buffer", type(\Tensor.rawBuffer)),
            ("Tensor", "is_variable", type(\Tensor.isVariable)),
            ("Tensor", "has_rank", type(\Tensor.hasRank)),
            ("QuantizationParameters", "min", type(\QuantizationParameters.min)),
            ("QuantizationParameters", "max", type(\QuantizationParameters.max)),
            ("QuantizationParameters", "scale", type(\QuantizationParameters.scale)),
            ("QuantizationParameters", "zero_point", type(\QuantizationParameters.zeroPoint)),
            ("QuantizationParameters", "quantized_dimension", type(\QuantizationParameters.quantizedDimension)),
            ("Operator", "opcode_index", type(\Operator.rawOpcodeIndex)),
            ("Operator", "inputs", type(\Operator.inputs)),
            ("Operator", "outputs", type(\Operator.outputs)),
            ("Operator", "intermediates", type(\Operator.intermediates)),
            ("Operator", "custom_options_format", type(\Operator.customOptionsFormat)),
            ("Operator", "large_custom_options_offset", type(\Operator.largeCustomOptionsOffset)),
            ("Operator", "large_custom_options_size", type(\Operator.largeCustomOptionsSize)),
            ("Buffer", "offset", type(\Buffer.offset)),
            ("Buffer", "size", type(\Buffer.size)),
            ("Metadata", "buffer", type(\Metadata.rawBuffer)),
            ("SignatureDef", "subgraph_index", type(\SignatureDef.rawSubgraphIndex)),
            ("TensorMap", "tensor_index", type(\TensorMap.rawTensorIndex)),
        ]
        for (table, field, actual) in views {
            let wanted = expected(table, field)
            XCTAssertNotNil(wanted, "\(table).\(field) in the schema")
            XCTAssertTrue(
                wanted.map { $0 == actual } ?? false,
                "\(table).\(field): view reads \(actual), schema says \(String(describing: wanted))")
        }
        // A union's type slot is a ubyte.
        XCTAssertTrue(type(\QuantizationParameters.detailsType) == UInt8.self)
        XCTAssertTrue(type(\BuiltinOptions.type) == UInt8.self)
    }

    // MARK: Generated descriptors

    func testOptionsUnionsListTheSchemaMembersInOrder() throws {
        XCTAssertEqual(
            BuiltinOptionsSchema.tables.map { $0.name.description },
            ["NONE"] + (try XCTUnwrap(schema.unions["BuiltinOptions"])))
        XCTAssertEqual(
            BuiltinOptions2Schema.tables.map { $0.name.description },
            ["NONE"] + (try XCTUnwrap(schema.unions["BuiltinOptions2"])))
        // The union types the testdata files use (flatc wrote them from the member names).
        XCTAssertEqual(BuiltinOptionsSchema.tables[1].name.description, "Conv2DOptions")
        XCTAssertEqual(BuiltinOptionsSchema.tables[8].name.description, "FullyConnectedOptions")
        XCTAssertEqual(BuiltinOptionsSchema.tables[9].name.description, "SoftmaxOptions")
        XCTAssertEqual(BuiltinOptionsSchema.tables[11].name.description, "AddOptions")
    }

    func testOptionsFieldDescriptorsMatchTheSchema() throws {
        var compared = 0
        for (union, generated) in [
            ("BuiltinOptions", BuiltinOptionsSchema.tables), ("BuiltinOptions2", BuiltinOptions2Schema.tables),
        ] {
            for table in generated.dropFirst() {
                let name = table.name.description
                let fields = try XCTUnwrap(schema.tables[name], "\(union) member \(name) is a schema table")
                let live = fields.filter { !$0.deprecated }
                XCTAssertEqual(table.fields.map { $0.name.description }, live.map(\.name), name)
                XCTAssertEqual(table.fields.map(\.id), live.map(\.id), name)
                for (descriptor, field) in zip(table.fields, live) {
                    XCTAssertEqual(describe(descriptor.kind), try expectedKind(field), "\(name).\(field.name)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 200)
    }

    func testConv2DOptionsDescriptorByName() throws {
        // The options the inspect report prints for CONV_2D, field by field from the schema.
        let conv = BuiltinOptionsSchema.tables[1]
        XCTAssertEqual(conv.name.description, "Conv2DOptions")
        let ids = schema.ids(of: "Conv2DOptions")
        XCTAssertEqual(ids.count, 7)
        for field in conv.fields {
            XCTAssertEqual(field.id, ids[field.name.description], field.name.description)
        }
        let byName = Dictionary(uniqueKeysWithValues: conv.fields.map { ($0.name.description, describe($0.kind)) })
        XCTAssertEqual(byName["padding"], "enum Padding 8 signed 0")
        XCTAssertEqual(byName["stride_w"], "int 32 signed 0")
        XCTAssertEqual(byName["dilation_w_factor"], "int 32 signed 1")
        XCTAssertEqual(byName["fused_activation_function"], "enum ActivationFunctionType 8 signed 0")
    }

    func testEnumNamesMatchTheSchema() throws {
        let generated: [EnumNames] = [
            SchemaEnums.tensorType, SchemaEnums.dimensionType, SchemaEnums.customOptionsFormat,
            SchemaEnums.builtinOperator,
            SchemaEnums.padding, SchemaEnums.activationFunctionType, SchemaEnums.fullyConnectedOptionsWeightsFormat,
            SchemaEnums.lSTMKernelType, SchemaEnums.mirrorPadMode, SchemaEnums.lSHProjectionType,
            SchemaEnums.combinerType,
            SchemaEnums.stablehloPrecisionConfig, SchemaEnums.stablehloComparisonDirection,
            SchemaEnums.stablehloComparisonType, SchemaEnums.rngAlgorithm, SchemaEnums.reduceWindowFunction,
        ]
        for names in generated {
            let name = names.name.description
            let values = try XCTUnwrap(schema.enums[name], "schema enum \(name)").values
            XCTAssertEqual(names.values.map { $0.label.description }, values.map(\.label), name)
            XCTAssertEqual(names.values.map(\.value), values.map(\.value), name)
            for (label, value) in values {
                XCTAssertEqual(names.describe(value), label, name)
                XCTAssertEqual(names.label(for: value)?.description, label, name)
            }
        }
        XCTAssertEqual(
            Set(generated.map { $0.name.description }), Set(schema.enumOrder), "every schema enum is generated")
    }

    func testNamedConstantsMatchTheSchema() throws {
        let operators = try XCTUnwrap(schema.enums["BuiltinOperator"]).values
        func schemaValue(_ label: String) -> Int64? { operators.first { $0.label == label }?.value }
        let named: [(BuiltinOperator, String)] = [
            (.add, "ADD"), (.averagePool2D, "AVERAGE_POOL_2D"), (.concatenation, "CONCATENATION"), (.conv2D, "CONV_2D"),
            (.depthwiseConv2D, "DEPTHWISE_CONV_2D"), (.dequantize, "DEQUANTIZE"), (.fullyConnected, "FULLY_CONNECTED"),
            (.logistic, "LOGISTIC"), (.maxPool2D, "MAX_POOL_2D"), (.mul, "MUL"), (.relu, "RELU"), (.relu6, "RELU6"),
            (.reshape, "RESHAPE"), (.softmax, "SOFTMAX"), (.tanh, "TANH"), (.pad, "PAD"), (.mean, "MEAN"),
            (.squeeze, "SQUEEZE"), (.sub, "SUB"), (.custom, "CUSTOM"), (.expandDims, "EXPAND_DIMS"), (.padV2, "PADV2"),
            (.quantize, "QUANTIZE"),
        ]
        for (op, label) in named {
            XCTAssertEqual(Int64(op.rawValue), schemaValue(label), label)
            XCTAssertEqual(op.description, label)
        }
        let types = try XCTUnwrap(schema.enums["TensorType"]).values
        let namedTypes: [(TensorType, String)] = [
            (.float32, "FLOAT32"), (.float16, "FLOAT16"), (.int32, "INT32"), (.uint8, "UINT8"), (.int64, "INT64"),
            (.string, "STRING"), (.bool, "BOOL"), (.int16, "INT16"), (.complex64, "COMPLEX64"), (.int8, "INT8"),
            (.float64, "FLOAT64"), (.complex128, "COMPLEX128"), (.uint64, "UINT64"), (.resource, "RESOURCE"),
            (.variant, "VARIANT"), (.uint32, "UINT32"), (.uint16, "UINT16"), (.int4, "INT4"), (.bfloat16, "BFLOAT16"),
            (.int2, "INT2"), (.uint4, "UINT4"), (.float8e4m3fn, "FLOAT8_E4M3FN"), (.float8e5m2, "FLOAT8_E5M2"),
        ]
        XCTAssertEqual(namedTypes.count, types.count, "a constant for every TensorType")
        for (type, label) in namedTypes {
            XCTAssertEqual(Int64(type.rawValue), types.first { $0.label == label }?.value, label)
            XCTAssertEqual(type.description, label)
            // Every type but the three without a fixed size has a width; the width is in the name
            // where the name has one.
            let sizeless: Set<String> = ["STRING", "RESOURCE", "VARIANT"]
            XCTAssertEqual(type.bitsPerElement == nil, sizeless.contains(label), label)
            if let digits = label.split(whereSeparator: { !$0.isNumber }).last.flatMap({ Int($0) }),
                !label.hasPrefix("FLOAT8"), !label.hasPrefix("COMPLEX")
            {
                XCTAssertEqual(type.bitsPerElement, digits, label)
            }
        }
    }

    // MARK: Helpers

    func describe(_ kind: OptionFieldKind) -> String {
        switch kind {
        case .bool(let fallback): return "bool \(fallback)"
        case .int(let bits, let signed, let fallback):
            return "int \(bits) \(signed ? "signed" : "unsigned") \(fallback)"
        case .float(let bits, let fallback): return "float \(bits) \(fallback)"
        case .enumeration(let names, let bits, let signed, let fallback):
            return "enum \(names.name) \(bits) \(signed ? "signed" : "unsigned") \(fallback)"
        case .intVector(let bits, let signed): return "[int \(bits) \(signed ? "signed" : "unsigned")]"
        case .floatVector(let bits): return "[float \(bits)]"
        case .boolVector: return "[bool]"
        case .string: return "string"
        case .stringVector: return "[string]"
        case .unsupported: return "unsupported"
        }
    }

    /// What the descriptor of a schema field should be, from the schema alone.
    func expectedKind(_ field: SchemaFile.Field) throws -> String {
        let integers: [String: (Int, Bool)] = [
            "byte": (8, true), "int8": (8, true), "ubyte": (8, false), "uint8": (8, false), "short": (16, true),
            "int16": (16, true), "ushort": (16, false), "uint16": (16, false), "int": (32, true), "int32": (32, true),
            "uint": (32, false), "uint32": (32, false), "long": (64, true), "int64": (64, true), "ulong": (64, false),
            "uint64": (64, false),
        ]
        let floats: [String: Int] = ["float": 32, "float32": 32, "double": 64, "float64": 64]
        let type = field.type
        if type.hasPrefix("[") {
            let inner = String(type.dropFirst().dropLast())
            if inner == "bool" { return "[bool]" }
            if let bits = floats[inner] { return "[float \(bits)]" }
            if let (bits, signed) = integers[inner] { return "[int \(bits) \(signed ? "signed" : "unsigned")]" }
            if let base = schema.enums[inner]?.base, let (bits, signed) = integers[base] {
                return "[int \(bits) \(signed ? "signed" : "unsigned")]"
            }
            if inner == "string" { return "[string]" }
            return "unsupported"
        }
        if type == "string" { return "string" }
        if type == "bool" { return "bool \(field.defaultValue == "true")" }
        if let bits = floats[type] { return "float \(bits) \(Double(field.defaultValue ?? "0")!)" }
        if let (bits, signed) = integers[type] {
            return "int \(bits) \(signed ? "signed" : "unsigned") \(try SchemaFile.integer(field.defaultValue ?? "0"))"
        }
        if let (base, values) = schema.enums[type], let (bits, signed) = integers[base] {
            var fallback: Int64 = 0
            if let text = field.defaultValue {
                fallback = try values.first { $0.label == text }?.value ?? SchemaFile.integer(text)
            }
            return "enum \(type) \(bits) \(signed ? "signed" : "unsigned") \(fallback)"
        }
        return "unsupported"
    }
}
