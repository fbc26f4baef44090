import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// The typed options views and the name-free descriptors generated from schema/tflite.fbs agree with
/// the schema and with the name-based reader (itself checked against the schema by
/// SchemaConsistencyTests and against flatc by DecodeTests).
final class TypedOptionsTests: XCTestCase {
    // MARK: Defaults

    func testGeneratedDefaultsEqualTheSchemasForEveryTable() throws {
        let schema = try SchemaFile.load()
        var compared = 0
        for (union, tables) in [
            (OptionsUnion.builtinOptions, BuiltinOptionsSchema.tables),
            (.builtinOptions2, BuiltinOptions2Schema.tables),
        ] {
            for (type, table) in tables.enumerated().dropFirst() {
                let name = table.name.description
                let typed = try XCTUnwrap(typedOptionFields(union, UInt8(type), Table.empty), name)
                // The typed view of an empty table holds the schema's default of every field.
                let fields = try XCTUnwrap(schema.tables[name], name).filter { !$0.deprecated }
                for (fieldName, value) in typed {
                    let field = try XCTUnwrap(fields.first { $0.name == fieldName }, "\(name).\(fieldName)")
                    XCTAssertEqual(try expectedDefault(field, schema), value, "\(name).\(fieldName)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 200)
    }

    /// The schema's default of `field` as the name-based reader spells it, from the test's own parse.
    func expectedDefault(_ field: SchemaFile.Field, _ schema: SchemaFile) throws -> OptionValue {
        if field.type.hasPrefix("[") {
            let inner = String(field.type.dropFirst().dropLast())
            if inner == "string" { return .strings([]) }
            if inner == "bool" { return .bools([]) }
            if inner == "float" || inner == "double" { return .floats([]) }
            return .ints([])
        }
        if let enumeration = schema.enums[field.type] {
            let raw =
                try field.defaultValue.map { text in
                    try enumeration.values.first { $0.label == text }?.value ?? SchemaFile.integer(text)
                } ?? 0
            return .enumeration(raw, enumeration.values.first { $0.value == raw }?.label ?? "UNKNOWN(\(raw))")
        }
        switch field.type {
        case "bool": return .bool(field.defaultValue == "true")
        case "float", "double": return .float(Double(field.defaultValue ?? "0") ?? .nan)
        default: return .int(try field.defaultValue.map(SchemaFile.integer) ?? 0)
        }
    }

    func testDefaultsOfKeyTablesByHand() {
        let conv = Conv2DOptions.defaults
        XCTAssertEqual(conv.padding, 0)  // SAME
        XCTAssertEqual(conv.strideW, 0)
        XCTAssertEqual(conv.strideH, 0)
        XCTAssertEqual(conv.fusedActivationFunction, 0)  // NONE
        XCTAssertEqual(conv.dilationWFactor, 1)
        XCTAssertEqual(conv.dilationHFactor, 1)
        XCTAssertEqual(conv.quantizedBiasType, 0)
        XCTAssertEqual(DepthwiseConv2DOptions.defaults.dilationHFactor, 1)
        XCTAssertEqual(DepthwiseConv2DOptions.defaults.depthMultiplier, 0)
        XCTAssertEqual(AddOptions.defaults.potScaleInt16, true)
        XCTAssertEqual(SubOptions.defaults.potScaleInt16, true)
        XCTAssertEqual(SoftmaxOptions.defaults.beta, 0)
        XCTAssertEqual(FullyConnectedOptions.defaults.keepNumDims, false)
        XCTAssertEqual(ReshapeOptions.defaults.newShape.count, 0)
        XCTAssertNil(VarHandleOptions.defaults.sharedName)
        XCTAssertEqual(CallOnceOptions.defaults.initSubgraphIndex, 0)
        XCTAssertEqual(Conv2DOptions.union, .builtinOptions)
        XCTAssertEqual(Conv2DOptions.member, 1)
        XCTAssertEqual(FullyConnectedOptions.member, 8)
        XCTAssertEqual(StablehloConcatenateOptions.union, .builtinOptions2)
        XCTAssertEqual(StablehloConcatenateOptions.member, 1)
    }

    // MARK: Values from real models

    func testTypedViewsEqualTheNameBasedReaderOnEveryModel() throws {
        var files = try Fixtures.testdataModels()
        let zoo = Fixtures.testdata.appendingPathComponent("zoo")
        files += ((try? FileManager.default.contentsOfDirectory(at: zoo, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "tflite" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        files += Fixtures.sharedModelFiles()
        var operators = 0
        var types = Set<String>()
        for url in files {
            let file = try ModelFile(copying: Fixtures.bytes(url))
            for (g, graph) in file.model.subgraphs.enumerated() {
                for (o, op) in graph.operators.enumerated() {
                    let at = "\(url.lastPathComponent) subgraph \(g) operator \(o)"
                    guard let options = op.builtinOptions else { continue }
                    let typed = try XCTUnwrap(typedOptionFields(options.union, options.type, options.table), at)
                    let named = options.fields
                    XCTAssertEqual(typed.map(\.name), named.map(\.name), at)
                    XCTAssertEqual(typed.map(\.value), named.map(\.value), at)
                    operators += 1
                    types.insert(options.typeName)
                }
            }
        }
        print(
            "typed options: \(operators) operators of \(files.count) models, \(types.count) options tables: \(types.sorted())"
        )
        XCTAssertGreaterThan(operators, 100)
        XCTAssertGreaterThan(types.count, 15)
    }

    func testLookupDistinguishesPresentAbsentAndOtherTypes() throws {
        let conv = try Fixtures.load("conv_int8")
        let ops = conv.model.subgraphs[0].operators
        guard case .present(let options) = ops[0].options(Conv2DOptions.self) else {
            return XCTFail("CONV_2D has Conv2DOptions: \(ops[0].options(Conv2DOptions.self))")
        }
        XCTAssertEqual(options.strideW, 1)
        XCTAssertEqual(options.strideH, 1)
        XCTAssertEqual(options.padding, 0)
        guard case .present(let reshape) = ops[1].options(ReshapeOptions.self) else { return XCTFail("RESHAPE") }
        XCTAssertEqual(Array(reshape.newShape), [1, 50])
        guard case .present(let softmax) = ops[2].options(SoftmaxOptions.self) else { return XCTFail("SOFTMAX") }
        XCTAssertEqual(softmax.beta, 1)
        guard case .otherType(let union, let type) = ops[2].options(Conv2DOptions.self) else {
            return XCTFail("SOFTMAX has no Conv2DOptions")
        }
        XCTAssertEqual(union, .builtinOptions)
        XCTAssertEqual(type, SoftmaxOptions.member)
        XCTAssertNil(ops[2].options(Conv2DOptions.self).orDefaults)

        // BuiltinOptions2: the other union's lookups say so.
        let gelu = try Fixtures.load("gelu_float")
        for op in gelu.model.subgraphs[0].operators {
            guard let found = op.builtinOptions else {
                guard case .absent = op.options(GeluOptions.self) else { return XCTFail("no options is .absent") }
                XCTAssertEqual(op.options(Conv2DOptions.self).orDefaults?.dilationWFactor, 1, "absent → defaults")
                continue
            }
            if found.typeName == "GeluOptions" {
                XCTAssertEqual(op.options(GeluOptions.self).orDefaults?.approximate, true)
            }
        }
    }

    func testCustomCodeAsBytes() throws {
        let file = try Fixtures.load("custom_op")
        let code = try XCTUnwrap(file.model.operatorCodes.first { $0.builtinCode == .custom })
        XCTAssertTrue(code.customCodeMatches("MyCustomOp"))
        XCTAssertFalse(code.customCodeMatches("MyCustomO"))
        XCTAssertFalse(code.customCodeMatches("MyCustomOp2"))
        XCTAssertFalse(code.customCodeMatches("M"))
        XCTAssertEqual(code.customCodeBytes?.count, 10)
        let fc = try Fixtures.load("fc_int8")  // kept alive: the views read its bytes
        let builtin = try XCTUnwrap(fc.model.operatorCodes.first)
        XCTAssertNil(builtin.customCodeBytes)
        XCTAssertFalse(builtin.customCodeMatches(""))
        withExtendedLifetime((file, fc)) {}
    }

    // MARK: Name-free verification descriptors

    func testVerificationDescriptorsListTheNamedFieldsOfEveryMember() throws {
        for (descriptors, count, tables) in [
            (OptionsDescriptors.builtinOptions, OptionsDescriptors.builtinOptionsCount, BuiltinOptionsSchema.tables),
            (OptionsDescriptors.builtinOptions2, OptionsDescriptors.builtinOptions2Count, BuiltinOptions2Schema.tables),
        ] {
            XCTAssertEqual(count, tables.count - 1)
            let bytes = descriptors.withUTF8Buffer { Array($0) }
            func number(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 7 }
            for member in 1...count {
                let table = tables[member]
                let start = number(2 * (member - 1)), end = number(2 * member)
                let tableNumber = number(start)
                XCTAssertEqual(SchemaFieldNames.tables[tableNumber].name.description, table.name.description)
                var listed: [(Int, Int)] = []
                for position in stride(from: start + 2, to: end, by: 2) {
                    listed.append((Int(bytes[position]), Int(bytes[position + 1])))
                }
                let expected: [(Int, Int)] = table.fields.compactMap { field in
                    switch field.kind {
                    case .bool: return (field.id, 1)
                    case .int(let bits, _, _), .float(let bits, _), .enumeration(_, let bits, _, _):
                        return (field.id, bits / 8)
                    case .intVector(let bits, _), .floatVector(let bits): return (field.id, 0x10 | bits / 8)
                    case .boolVector: return (field.id, 0x11)
                    case .string: return (field.id, 0x20)
                    case .stringVector: return (field.id, 0x21)
                    case .unsupported: return nil
                    }
                }
                XCTAssertEqual(listed.map(\.0), expected.map(\.0), table.name.description)
                XCTAssertEqual(listed.map(\.1), expected.map(\.1), table.name.description)
            }
        }
    }

    func testFieldNameTablesMatchTheSchema() throws {
        let schema = try SchemaFile.load()
        XCTAssertEqual(SchemaFieldNames.tables[Int(SchemaTable.model)].name.description, "Model")
        XCTAssertEqual(SchemaFieldNames.tables[Int(SchemaTable.tensor)].name.description, "Tensor")
        XCTAssertEqual(SchemaFieldNames.tables[Int(SchemaTable.operator)].name.description, "Operator")
        XCTAssertEqual(
            SchemaFieldNames.tables[Int(SchemaTable.quantizationParameters)].name.description, "QuantizationParameters")
        var compared = 0
        for entry in SchemaFieldNames.tables {
            let name = entry.name.description
            let fields = try XCTUnwrap(schema.tables[name], name)
            for field in fields {
                XCTAssertEqual(
                    SchemaFieldNames.fieldName(table: tableNumber(name), field: UInt16(field.id)), field.name, name)
                if field.isUnion {
                    XCTAssertEqual(
                        SchemaFieldNames.fieldName(table: tableNumber(name), field: UInt16(field.id + 1)), field.name,
                        name)
                }
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 300)
        XCTAssertEqual(SchemaFieldNames.fieldName(table: 60000, field: 3), "field 3")
    }

    func tableNumber(_ name: String) -> UInt16 {
        UInt16(SchemaFieldNames.tables.firstIndex { $0.name.description == name }!)
    }
}
