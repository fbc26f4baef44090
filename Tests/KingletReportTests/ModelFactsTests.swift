import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteModel
import XCTest

@testable import KingletReport

/// Quantization scheme, MACs, weight bytes and the operator histogram.
final class ModelFactsTests: XCTestCase {
    /// The facts of a model, computed while its file (which owns the bytes the views read) is alive.
    /// The summary values (scheme, MACs, weights, histogram) stay valid after; `facts.model` does not.
    func facts(of file: ModelFile) -> ModelFacts {
        withExtendedLifetime(file) { ModelFacts(file.model) }
    }

    // MARK: Quantization scheme

    func testTestdataSchemes() throws {
        let expected: [String: QuantizationScheme] = [
            "fc_int8": .fullInt8, "conv_int8": .fullInt8, "float_add": .float, "gelu_float": .float,
            "custom_op": .float,
        ]
        for (name, scheme) in expected {
            XCTAssertEqual(facts(of: try Fixtures.load(name)).scheme, scheme, name)
        }
    }

    func testSharedModelSchemes() throws {
        let files = Fixtures.sharedModelFiles()
        guard !files.isEmpty else { return }  // absence was printed; testdata schemes are checked above
        func facts(_ name: String) throws -> (ModelFacts, ModelFile) {
            let file = try ModelFile(copying: Fixtures.bytes(Fixtures.sharedModels.appendingPathComponent(name)))
            return (ModelFacts(file.model), file)
        }
        // The README's table: hello_world int8 and float; person_detect and micro_speech int8.
        XCTAssertEqual(try facts("hello_world_int8.tflite").0.scheme, .fullInt8)
        XCTAssertEqual(try facts("hello_world_float.tflite").0.scheme, .float)
        XCTAssertEqual(try facts("person_detect.tflite").0.scheme, .fullInt8)
        XCTAssertEqual(try facts("micro_speech_quantized.tflite").0.scheme, .fullInt8)

        // keyword_scrambled_8bit: "int16 in, int8" — an int16 input QUANTIZEd to int8 activations.
        // Two activation types is not full-int8, nor int16x8 (whose activations are all int16): mixed.
        let (keyword, keywordFile) = try facts("keyword_scrambled_8bit.tflite")
        let main = keywordFile.model.subgraphs[0]
        XCTAssertEqual(main.tensors[Int(main.inputs[0])].type, .int16)
        XCTAssertTrue(
            main.tensors.contains {
                $0.type == .int8 && (keywordFile.model.bufferData(Int($0.buffer))?.count ?? 0) == 0
            })
        XCTAssertNotEqual(keyword.scheme, .fullInt8)
        XCTAssertEqual(keyword.scheme, .mixed)

        // seanet: "int16 activations, int8 weights" (conv) and int16 only (add): the 16x8 scheme.
        for name in ["seanet_conv0.tflite", "seanet_add0.tflite"] {
            let (seanet, file) = try facts(name)
            let graph = file.model.subgraphs[0]
            XCTAssertEqual(graph.tensors[Int(graph.inputs[0])].type, .int16, name)
            XCTAssertNotEqual(seanet.scheme, .fullInt8, name)
            XCTAssertEqual(seanet.scheme, .int16x8, name)
        }
    }

    func scheme(tensors: [TestModel.TensorSpec], buffers: Int) throws -> QuantizationScheme {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 9, builtinCode: 9)]
        let indices = (0..<Int32(tensors.count)).map { $0 }
        spec.subgraphs = [
            .init(
                tensors: tensors, inputs: [0], outputs: [Int32(tensors.count - 1)],
                operators: [.init(opcodeIndex: 0, inputs: Array(indices.dropLast()), outputs: [indices.last!])])
        ]
        spec.buffers = [.init()] + (0..<buffers).map { _ in .init(data: [1, 2, 3, 4, 5, 6, 7, 8]) }
        return facts(of: try ModelFile(copying: spec.build().bytes)).scheme
    }

    func testSchemesOfBuiltModels() throws {
        let float: Int8 = 0, int8: Int8 = 9, uint8: Int8 = 3, int16: Int8 = 7, int32: Int8 = 2
        // Dynamic range: float activations, int8 weights.
        XCTAssertEqual(
            try scheme(
                tensors: [
                    .init("in", type: float, shape: [1, 2]), .init("w", type: int8, shape: [2, 2], buffer: 1),
                    .init("out", type: float, shape: [1, 2]),
                ], buffers: 1), .hybrid)
        // int8 activations and weights, int32 bias (not counted as a weight type).
        XCTAssertEqual(
            try scheme(
                tensors: [
                    .init("in", type: int8, shape: [1, 2]), .init("w", type: int8, shape: [2, 2], buffer: 1),
                    .init("b", type: int32, shape: [2], buffer: 2), .init("out", type: int8, shape: [1, 2]),
                ],
                buffers: 2), .fullInt8)
        // uint8 activations (old-style quantization).
        XCTAssertEqual(
            try scheme(
                tensors: [
                    .init("in", type: uint8, shape: [1, 2]), .init("w", type: uint8, shape: [2, 2], buffer: 1),
                    .init("out", type: uint8, shape: [1, 2]),
                ], buffers: 1), .mixed)
        // int16 activations with int16 weights is not 16x8.
        XCTAssertEqual(
            try scheme(
                tensors: [
                    .init("in", type: int16, shape: [1, 2]), .init("w", type: int16, shape: [2, 2], buffer: 1),
                    .init("out", type: int16, shape: [1, 2]),
                ], buffers: 1), .mixed)
        XCTAssertEqual(
            try scheme(
                tensors: [
                    .init("in", type: int16, shape: [1, 2]), .init("w", type: int8, shape: [2, 2], buffer: 1),
                    .init("out", type: int16, shape: [1, 2]),
                ], buffers: 1), .int16x8)
        // Float activations with float weights.
        XCTAssertEqual(
            try scheme(
                tensors: [
                    .init("in", type: float, shape: [1, 2]), .init("w", type: float, shape: [2], buffer: 1),
                    .init("out", type: float, shape: [1, 2]),
                ], buffers: 1), .float)
    }

    // MARK: MACs

    /// MACs of every operator in a testdata model, computed from the shapes in its JSON source:
    /// FULLY_CONNECTED = output elements × input depth (filter [units, depth]);
    /// CONV_2D = output elements × KH × KW × Cin (filter [Cout, KH, KW, Cin]); others unknown.
    func expectedMACs(_ name: String) throws -> [Int64?] {
        let source = try Fixtures.source(name)
        let codes = JSONField.objects(source["operator_codes"]).map { $0["builtin_code"] as? String }
        let graph = try XCTUnwrap(JSONField.objects(source["subgraphs"]).first)
        let shapes = JSONField.objects(graph["tensors"]).map { JSONField.ints($0["shape"]) ?? [] }
        return JSONField.objects(graph["operators"]).map { op in
            let inputs = JSONField.ints(op["inputs"]) ?? [], outputs = JSONField.ints(op["outputs"]) ?? []
            let output = shapes[Int(outputs[0])].reduce(1, *)
            switch codes[Int(JSONField.int(op["opcode_index"]) ?? 0)] {
            case "FULLY_CONNECTED": return output * shapes[Int(inputs[1])][1]
            case "CONV_2D": return output * shapes[Int(inputs[1])][1...3].reduce(1, *)
            default: return nil
            }
        }
    }

    func testMACsOfTestdataModels() throws {
        for name in Fixtures.sourcedModels {
            let facts = facts(of: try Fixtures.load(name))
            let expected = try expectedMACs(name)
            XCTAssertEqual(facts.macs, [expected], name)
            XCTAssertEqual(facts.totalMACs, expected.compactMap { $0 }.reduce(0, +), name)
        }
        // The values those formulas give, as a cross-check of the formulas themselves:
        // fc_int8 output [1,3] × depth 4; conv_int8 output [1,5,5,2] × 3×3×1; gelu_float FC [1,2] × 3.
        XCTAssertEqual(try expectedMACs("fc_int8"), [12])
        XCTAssertEqual(try expectedMACs("conv_int8"), [450, nil, nil])
        XCTAssertEqual(try expectedMACs("gelu_float"), [6, nil])
    }

    func facts(_ operators: [(code: Int32, inputs: [Int32], outputs: [Int32])], shapes: [[Int32]]) throws -> ModelFacts
    {
        var spec = TestModel()
        let codes = Array(Set(operators.map(\.code))).sorted()
        spec.operatorCodes = codes.map { .init(deprecatedBuiltinCode: Int8(min($0, 127)), builtinCode: $0) }
        spec.subgraphs = [
            .init(
                tensors: shapes.enumerated().map { .init("t\($0.offset)", type: 0, shape: $0.element) },
                inputs: [0], outputs: [0],
                operators: operators.map {
                    .init(opcodeIndex: UInt32(codes.firstIndex(of: $0.code)!), inputs: $0.inputs, outputs: $0.outputs)
                }
            )
        ]
        return facts(of: try ModelFile(copying: spec.build().bytes))
    }

    func testMACsOfOtherOperators() throws {
        // DEPTHWISE_CONV_2D: output [1,4,4,8] × KH×KW (filter [1,3,3,8]).
        // TRANSPOSE_CONV: inputs (output_shape, filter [Cout,KH,KW,Cin], input [1,H,W,Cin]): input elements × Cout×KH×KW.
        let f = try facts(
            [(4, [0, 1], [2]), (67, [3, 4, 0], [5]), (25, [0], [0])],
            shapes: [[1, 4, 4, 8], [1, 3, 3, 8], [1, 4, 4, 8], [4], [6, 2, 2, 8], [1, 8, 8, 6]])
        XCTAssertEqual(f.macs, [[16 * 8 * 9, 128 * 6 * 2 * 2, nil]])
        XCTAssertEqual(f.totalMACs, 1152 + 3072)
    }

    func testMACsAreUnknownForMalformedShapes() throws {
        // Filters of the wrong rank, missing inputs and tensor indices out of range: no MACs.
        let f = try facts(
            [(9, [0, 1], [2]), (3, [0], [2]), (3, [0, 99], [2]), (4, [0, 1], [-1]), (9, [0, 3], [2])],
            shapes: [[1, 4], [3, 4, 1], [1, 3], [3, 4]])
        XCTAssertEqual(f.macs, [[nil, nil, nil, nil, 12]])
    }

    func testMACsAreNeverNegative() throws {
        // A negative dimension is not a shape; MACs built from it must be unknown, not negative.
        let shapes: [[Int32]] = [[1, 4], [3, -4], [1, 3], [-2, 3, 3, 1], [1, 5, 5, 2], [1, 3, -3, 2]]
        let f = try facts([(9, [0, 1], [2]), (3, [4, 3], [4]), (4, [4, 5], [4])], shapes: shapes)
        for (index, macs) in f.macs[0].enumerated() {
            XCTAssertTrue(macs == nil || macs! >= 0, "operator \(index): \(String(describing: macs)) MACs")
        }
        XCTAssertGreaterThanOrEqual(f.totalMACs, 0)
    }

    func testMACsSaturateInsteadOfOverflowing() throws {
        let big = Int32.max
        let f = try facts([(9, [0, 1], [2]), (9, [0, 1], [2])], shapes: [[1, big], [big, big], [big, big]])
        // Output [max,max] fits in 64 bits (2^62), times depth 2^31 does not: unknown.
        XCTAssertEqual(f.macs, [[nil, nil]], "overflow is unknown")
        XCTAssertEqual(f.totalMACs, 0)
        let g = try facts(
            [(9, [0, 1], [2]), (9, [0, 1], [2])], shapes: [[1, 1 << 20], [1 << 20, 1 << 20], [1 << 20, 1 << 20]])
        // Each operator: 2^40 output elements × depth 2^20 = 2^60; two of them sum past Int64.max.
        XCTAssertEqual(g.macs, [[1 << 60, 1 << 60]])
        XCTAssertEqual(g.totalMACs, (1 << 60) * 2)
        let h = try facts(
            [
                (9, [0, 1], [2]), (9, [0, 1], [2]), (9, [0, 1], [2]), (9, [0, 1], [2]), (9, [0, 1], [2]),
                (9, [0, 1], [2]), (9, [0, 1], [2]), (9, [0, 1], [2]),
            ],
            shapes: [[1, 1 << 20], [1 << 20, 1 << 20], [1 << 20, 1 << 20]])
        XCTAssertEqual(h.totalMACs, Int64.max, "8 × 2^60 saturates")
    }

    // MARK: Weights and histogram

    func testWeightBytesCountEachBufferOnce() throws {
        XCTAssertEqual(facts(of: try Fixtures.load("fc_int8")).weightBytes, 24)
        XCTAssertEqual(facts(of: try Fixtures.load("conv_int8")).weightBytes, 34)
        XCTAssertEqual(facts(of: try Fixtures.load("gelu_float")).weightBytes, 24)
        XCTAssertEqual(facts(of: try Fixtures.load("float_add")).weightBytes, 0)
        // custom_op's only non-empty buffer is metadata, which no tensor uses.
        XCTAssertEqual(facts(of: try Fixtures.load("custom_op")).weightBytes, 0)

        var spec = TestModel()
        spec.subgraphs = [
            .init(tensors: [.init("a", type: 0, shape: [2], buffer: 1), .init("b", type: 0, shape: [2], buffer: 1)])
        ]
        spec.buffers = [.init(), .init(data: [1, 2, 3, 4, 5, 6, 7, 8])]
        XCTAssertEqual(
            facts(of: try ModelFile(copying: spec.build().bytes)).weightBytes, 8, "shared buffer counted once")
    }

    func testHistogramIsSortedByCountThenName() throws {
        let f = try facts(
            [(25, [0], [0]), (0, [0], [0]), (25, [0], [0]), (9, [0], [0]), (0, [0], [0]), (150, [0], [0])],
            shapes: [[1]])
        XCTAssertEqual(f.histogram.map(\.name), ["ADD", "SOFTMAX", "FULLY_CONNECTED", "GELU"])
        XCTAssertEqual(f.histogram.map(\.count), [2, 2, 1, 1])
    }
}
