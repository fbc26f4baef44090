import FlatBufferReader
import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import XCTest

/// Models that verify (every offset, vector and string is sound) but whose values make no sense:
/// indices that point nowhere, unknown codes and types, odd quantization, hostile strings. Both
/// reports must describe them — never trap — and the JSON must stay valid.
final class HostileModelReportTests: XCTestCase {
    func reports(_ spec: TestModel, _ name: String = #function) throws -> (Reports, [String: Any]) {
        let reports = try Reports(bytes: spec.build().bytes, display: name)
        XCTAssertFalse(reports.text.isEmpty)
        _ = ModelWalk.checksum(reports.model)
        return (reports, try reports.parsedJSON())
    }

    func firstOperator(_ json: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap(((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [[String: Any]])?.first)
    }

    func testIndicesOutOfRange() throws {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 9, builtinCode: 9, version: 2)]
        spec.subgraphs = [
            .init(
                tensors: [
                    .init("t", type: 9, shape: [1, 4], buffer: 77, quantization: .init(scale: [0.5], zeroPoint: [0]))
                ],
                inputs: [5, -3], outputs: [Int32.max],
                operators: [
                    .init(opcodeIndex: 42, inputs: [-1, 100, Int32.min], outputs: [Int32.max]),
                    .init(opcodeIndex: 0, inputs: [0, 9], outputs: [-7]),
                ]
            )
        ]
        spec.metadata = [.init(name: "min_runtime_version", buffer: 1000)]
        spec.signatureDefs = [.init(key: "s", subgraphIndex: 9, inputs: [("x", 12345)], outputs: [(nil, nil)])]
        spec.metadataBuffer = [-5, 400]
        let (reports, json) = try reports(spec)

        let op = try firstOperator(json)
        XCTAssertEqual(op["opcode_index"] as? Int, 42)
        XCTAssertTrue(op["opcode"] is NSNull, "an out-of-range opcode index prints null")
        XCTAssertTrue(op["version"] is NSNull)
        XCTAssertTrue(op["macs"] is NSNull)
        XCTAssertEqual(op["inputs"] as? [Int], [-1, 100, Int(Int32.min)])
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual((summary["operator_histogram"] as? [String: Int])?["?"], 1)
        XCTAssertEqual(summary["total_macs"] as? Int, 0)
        let tensor = try XCTUnwrap(
            ((json["subgraphs"] as? [[String: Any]])?.first?["tensors"] as? [[String: Any]])?.first)
        XCTAssertEqual(tensor["is_constant"] as? Bool, false, "buffer 77 does not exist")
        XCTAssertEqual(tensor["bytes"] as? Int, 4)
        let metadata = try XCTUnwrap((json["metadata"] as? [[String: Any]])?.first)
        XCTAssertTrue(metadata["bytes"] is NSNull)
        XCTAssertTrue(metadata["text"] is NSNull)
        let signature = try XCTUnwrap((json["signature_defs"] as? [[String: Any]])?.first)
        XCTAssertEqual(signature["subgraph_index"] as? Int, 9)
        XCTAssertEqual((signature["inputs"] as? [[String: Any]])?.first?["tensor_index"] as? Int, 12345)

        let operators = reports.section("Operators")
        XCTAssertEqual(cells(operators[1]), ["0", "?", "?", "-1,100,-2147483648 → 2147483647"])
        XCTAssertEqual(cells(operators[2]), ["1", "FULLY_CONNECTED", "2", "0,9 → -7"])
        XCTAssertTrue(reports.lines.contains("  quantization  full-int8 (input ?,?, output ?)"), reports.text)
        XCTAssertEqual(cells(reports.section("Metadata")[1]), ["min_runtime_version", "1000", "out of range"])
        XCTAssertFalse(reports.text.contains("min runtime "), "no value to show")
        XCTAssertEqual(reports.section("Signatures"), ["  s → subgraph 9: inputs [x=12345], outputs [?=0]"])
    }

    func testUnknownOperatorAndTensorType() throws {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 127, builtinCode: 300)]
        spec.subgraphs = [
            .init(
                tensors: [.init("t", type: 99, shape: [2, 2])], inputs: [0], outputs: [0],
                operators: [.init(opcodeIndex: 0, inputs: [0], outputs: [0])])
        ]
        let (reports, json) = try reports(spec)
        let tensor = try XCTUnwrap(
            ((json["subgraphs"] as? [[String: Any]])?.first?["tensors"] as? [[String: Any]])?.first)
        XCTAssertTrue(tensor["bytes"] is NSNull, "no size for an unknown type")
        XCTAssertEqual(cells(reports.section("Tensors")[1]).prefix(5), ["0", "t", "UNKNOWN(99)", "[2,2]", "?"])
        XCTAssertEqual(cells(reports.section("Operators")[1]).prefix(2), ["0", "UNKNOWN(300)"])
        XCTAssertEqual(reports.facts.histogram.first?.name, "UNKNOWN(300)")
    }

    func testUnknownOperatorIsSpelledAsDocumented() throws {
        // docs/inspect-json.md: "opcode": "CONV_2D" | "CUSTOM" | "UNKNOWN(300)" (tools/flatc_diff.py
        // expects the same spelling, in `opcode` and in operator_codes' `builtin_code`).
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 127, builtinCode: 300)]
        spec.subgraphs = [
            .init(
                tensors: [.init("t", type: 0, shape: [1])],
                operators: [.init(opcodeIndex: 0, inputs: [0], outputs: [0])])
        ]
        let (_, json) = try reports(spec)
        XCTAssertEqual(try firstOperator(json)["opcode"] as? String, "UNKNOWN(300)")
        XCTAssertEqual((json["operator_codes"] as? [[String: Any]])?.first?["builtin_code"] as? String, "UNKNOWN(300)")
    }

    func testOddQuantization() throws {
        var spec = TestModel()
        spec.subgraphs = [
            .init(
                tensors: [
                    .init(
                        "mismatched", type: 9, shape: [3],
                        quantization: .init(scale: [0.5, 0.25, 0.125], zeroPoint: [4])),
                    .init(
                        "nonfinite", type: 9, shape: [3],
                        quantization: .init(scale: [.nan, .infinity, -.infinity], zeroPoint: [0, 1, -1])),
                    .init("scale only", type: 9, shape: [1], quantization: .init(scale: [0.5])),
                    .init("zero point only", type: 9, shape: [1], quantization: .init(zeroPoint: [3])),
                    .init(
                        "one nan", type: 9, shape: [1],
                        quantization: .init(min: [.nan], max: [.infinity], scale: [.nan], zeroPoint: [Int64.min])),
                    .init(
                        "extreme zero points", type: 9, shape: [2],
                        quantization: .init(
                            scale: [1, 2], zeroPoint: [Int64.max, Int64.min],
                            quantizedDimension: -5)),
                    .init("details", type: 9, shape: [1], quantization: .init(detailsType: 3)),
                ], inputs: [0], outputs: [1])
        ]
        let (reports, json) = try reports(spec)
        let tensors = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first?["tensors"] as? [[String: Any]])
        let quantization = tensors.map { $0["quantization"] as? [String: Any] ?? [:] }
        XCTAssertEqual((quantization[0]["scale"] as? [Double]), [0.5, 0.25, 0.125])
        XCTAssertEqual((quantization[0]["zero_point"] as? [Int]), [4])
        let nonfinite = try XCTUnwrap(quantization[1]["scale"] as? [Any])
        XCTAssertTrue(nonfinite.allSatisfy { $0 is NSNull }, "\(nonfinite)")
        XCTAssertTrue((quantization[4]["min"] as? [Any])?.first is NSNull)
        XCTAssertEqual((quantization[4]["zero_point"] as? [NSNumber])?.first?.int64Value, Int64.min)
        XCTAssertEqual(quantization[5]["quantized_dimension"] as? Int, -5)
        XCTAssertEqual(quantization[6]["details_type"] as? String, "MultiAxisQuantization")

        let rows = reports.section("Tensors").dropFirst().map { cells($0) }
        XCTAssertEqual(rows[0].last, "per-channel[3] dim 0 s=0.125…0.5 zp=4")
        XCTAssertTrue(rows[1].last?.hasPrefix("per-channel[3]") ?? false, "\(rows[1])")
        // Neither input/output nor constant (empty kind), and not quantized: no quantization cell.
        XCTAssertEqual(rows[2], ["2", "scale only", "INT8", "[1]", "1", "0"], "scale without zero point")
        XCTAssertEqual(rows[3], ["3", "zero point only", "INT8", "[1]", "1", "0"], "zero point without scale")
        XCTAssertEqual(rows[4].last, "s=nan zp=-9223372036854775808")
        // "per-channel[2] dim -5 s=1…2 zp=-9223372036854775808…9223372036854775807" is 71 characters:
        // the 52-wide column keeps its first 26 and last 25 around an ellipsis.
        XCTAssertEqual(rows[5].last, "per-channel[2] dim -5 s=1…" + "…" + "75808…9223372036854775807")
    }

    func testHostileStrings() throws {
        let nasty = "quote\" backslash\\ newline\n tab\t nul\u{0} bell\u{7} del\u{7F} → é 🙂 \u{2028}"
        var spec = TestModel()
        spec.description = Array(nasty.utf8)
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 32, builtinCode: 32, customCode: nasty)]
        var invalid = TestModel.TensorSpec(type: 0, shape: [1])
        invalid.name = [0x61, 0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82]  // invalid UTF-8
        var op = TestModel.OperatorSpec(opcodeIndex: 0, inputs: [0], outputs: [1])
        op.customOptions = Array(repeating: 0xFF, count: 300)
        spec.subgraphs = [
            .init(
                tensors: [.init(nasty, type: 0, shape: [1]), invalid], inputs: [0], outputs: [1],
                operators: [op], name: nasty)
        ]
        spec.buffers = [
            .init(), .init(data: Array("1.2.3\u{0}\u{0}".utf8)), .init(data: Array("bad\u{1}".utf8)),
            .init(data: Array(repeating: 0x41, count: 256)), .init(data: Array(repeating: 0x41, count: 257)),
        ]
        spec.metadata = [
            .init(name: nasty, buffer: 1), .init(name: "ctl", buffer: 2), .init(name: "256", buffer: 3),
            .init(name: "257", buffer: 4),
        ]
        spec.signatureDefs = [.init(key: nasty, subgraphIndex: 0, inputs: [(Optional(nasty), UInt32(0))], outputs: [])]
        let (reports, json) = try reports(spec)
        XCTAssertEqual(json["description"] as? String, nasty)
        XCTAssertEqual((json["operator_codes"] as? [[String: Any]])?.first?["custom_code"] as? String, nasty)
        let graph = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first)
        XCTAssertEqual(graph["name"] as? String, nasty)
        let tensors = try XCTUnwrap(graph["tensors"] as? [[String: Any]])
        XCTAssertEqual(tensors[0]["name"] as? String, nasty)
        XCTAssertEqual(tensors[1]["name"] as? String, "a\u{FFFD}\u{FFFD}\u{FFFD}(\u{FFFD}", "invalid UTF-8 repaired")
        XCTAssertEqual(try firstOperator(json)["custom_code"] as? String, nasty)
        XCTAssertEqual(try firstOperator(json)["custom_options_bytes"] as? Int, 300)
        let metadata = try XCTUnwrap(json["metadata"] as? [[String: Any]])
        XCTAssertEqual(metadata.map { $0["name"] as? String }, [nasty, "ctl", "256", "257"])
        XCTAssertEqual(metadata[0]["text"] as? String, "1.2.3", "trailing NULs dropped")
        XCTAssertTrue(metadata[1]["text"] is NSNull, "control characters are not text")
        XCTAssertEqual(metadata[2]["text"] as? String, String(repeating: "A", count: 256))
        XCTAssertTrue(metadata[3]["text"] is NSNull, "more than 256 bytes")
        XCTAssertEqual((json["signature_defs"] as? [[String: Any]])?.first?["signature_key"] as? String, nasty)
        XCTAssertTrue(reports.text.contains("custom options 300 B"))
    }

    func testEmptyAndMinimalModels() throws {
        // Only the root table: every vector absent.
        var bare = TestModel()
        bare.buffers = nil
        bare.version = nil
        let (bareReports, bareJSON) = try reports(bare)
        XCTAssertEqual(bareJSON["version"] as? Int, 0)
        XCTAssertEqual(bareJSON["buffers"] as? Int, 0)
        XCTAssertEqual((bareJSON["subgraphs"] as? [Any])?.count, 0)
        XCTAssertTrue(bareJSON["description"] is NSNull)
        XCTAssertTrue(bareReports.lines.contains("  operators     0"), bareReports.text)
        XCTAssertEqual(bareReports.facts.scheme, .float, "no tensors at all: nothing but float")

        // Empty subgraphs, an empty options table, tensors without a shape or a name.
        var empty = TestModel()
        empty.identifier = nil
        empty.operatorCodes = [.init()]
        var op = TestModel.OperatorSpec()
        op.optionsType = 9  // SoftmaxOptions with no fields set: beta takes its default
        empty.subgraphs = [.init(), .init(tensors: [.init(), .init()], operators: [op])]
        let (emptyReports, emptyJSON) = try reports(empty)
        XCTAssertTrue(emptyJSON["identifier"] is NSNull)
        XCTAssertTrue(emptyReports.text.contains("no file identifier"))
        XCTAssertEqual((emptyJSON["subgraphs"] as? [Any])?.count, 2)
        let second = try XCTUnwrap((emptyJSON["subgraphs"] as? [[String: Any]])?.last)
        let operators = try XCTUnwrap(second["operators"] as? [[String: Any]])
        XCTAssertEqual(operators.first?["opcode"] as? String, "ADD", "absent codes are 0")
        XCTAssertEqual((operators.first?["options"] as? [String: Any])?["beta"] as? Double, 0)
        XCTAssertEqual(operators.first?["options_type"] as? String, "SoftmaxOptions")
        let tensors = try XCTUnwrap(second["tensors"] as? [[String: Any]])
        XCTAssertTrue(tensors[0]["name"] is NSNull)
        XCTAssertEqual(tensors[0]["shape"] as? [Int], [])
        XCTAssertEqual(tensors[0]["bytes"] as? Int, 4, "a scalar float32")
    }

    func testShapesThatOverflowOrAreNegative() throws {
        var spec = TestModel()
        spec.operatorCodes = [
            .init(deprecatedBuiltinCode: 3, builtinCode: 3), .init(deprecatedBuiltinCode: 9, builtinCode: 9),
        ]
        var signatureShort = TestModel.TensorSpec("sig", type: 0, shape: [1, 2, 3])
        signatureShort.shapeSignature = [-1]
        var signatureLong = TestModel.TensorSpec("sig2", type: 0, shape: [1])
        signatureLong.shapeSignature = [-1, -1, -1, -1]
        spec.subgraphs = [
            .init(
                tensors: [
                    .init("huge", type: 0, shape: [Int32.max, Int32.max, Int32.max, Int32.max]),
                    .init("negative", type: 0, shape: [-1, 3, 3, -8]),
                    .init("out", type: 0, shape: [Int32.max, Int32.max]),
                    signatureShort, signatureLong,
                ], inputs: [0], outputs: [2],
                operators: [
                    .init(opcodeIndex: 0, inputs: [0, 1], outputs: [2]),
                    .init(opcodeIndex: 0, inputs: [0, 0], outputs: [0]),
                    .init(opcodeIndex: 1, inputs: [2, 2], outputs: [2]),
                ])
        ]
        let (reports, json) = try reports(spec)
        let tensors = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first?["tensors"] as? [[String: Any]])
        XCTAssertTrue(tensors[0]["bytes"] is NSNull)
        XCTAssertTrue(tensors[1]["bytes"] is NSNull)
        let operators = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [[String: Any]])
        XCTAssertTrue(operators.allSatisfy { $0["macs"] is NSNull }, "\(operators.map { $0["macs"] ?? "-" })")
        let rows = reports.section("Tensors").dropFirst().map { cells($0) }
        XCTAssertEqual(rows[3][3], "[1?,2,3]", "a signature shorter than the shape marks what it covers")
        XCTAssertEqual(rows[4][3], "[1?]")
        XCTAssertEqual(rows[0][4], "?")
    }

    func testManyTensorsAndOperators() throws {
        var spec = TestModel()
        spec.operatorCodes = (0..<200).map { .init(deprecatedBuiltinCode: Int8(min($0, 127)), builtinCode: Int32($0)) }
        let count = 300
        spec.subgraphs = [
            .init(
                tensors: (0..<count).map { .init("t\($0)", type: Int8($0 % 24), shape: [1, Int32($0)]) },
                inputs: (0..<50).map { Int32($0) }, outputs: [Int32(count - 1)],
                operators: (0..<count).map {
                    .init(
                        opcodeIndex: UInt32($0 % 210), inputs: [Int32($0), Int32(($0 * 7) % count)],
                        outputs: [Int32(($0 + 1) % count)])
                }
            )
        ]
        let (reports, json) = try reports(spec)
        XCTAssertEqual(((json["subgraphs"] as? [[String: Any]])?.first?["operators"] as? [Any])?.count, count)
        let histogram = try XCTUnwrap((json["summary"] as? [String: Any])?["operator_histogram"] as? [String: Int])
        XCTAssertEqual(histogram.values.reduce(0, +), count)
        XCTAssertEqual(histogram["?"], 10, "opcode indices 200..<210 point past the 200 codes")
        XCTAssertEqual(reports.section("Operators").count, count + 1)
    }
}
