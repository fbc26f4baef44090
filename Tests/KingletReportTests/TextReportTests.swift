import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteModel
import XCTest

@testable import KingletReport

/// `kinglet inspect` text: layout limits, and the values of each testdata model as its JSON source
/// (testdata/*.json) and the README state them.
final class TextReportTests: XCTestCase {
    // MARK: Every model

    func testNoLineIsLongerThan160Columns() throws {
        var checked = 0
        for (display, bytes) in try Fixtures.allModels() {
            let reports = try Reports(bytes: bytes, display: display)
            for (number, line) in reports.lines.enumerated() {
                XCTAssertLessThanOrEqual(line.count, 160, "\(display) line \(number + 1): \(line)")
            }
            XCTAssertTrue(reports.text.hasSuffix("\n"), display)
            XCTAssertFalse(reports.lines.contains { $0.hasSuffix(" ") }, "\(display): no trailing spaces")
            // One "Subgraph" heading, tensor table and operator table per subgraph.
            let model = reports.model
            XCTAssertEqual(reports.lines.filter { $0.hasPrefix("Subgraph ") }.count, model.subgraphs.count, display)
            for (index, subgraph) in model.subgraphs.enumerated() {
                let tensors = reports.section("Tensors", after: "Subgraph \(index)")
                XCTAssertEqual(tensors.count, subgraph.tensors.count + 1, "\(display): header + one row per tensor")
                let operators = reports.section("Operators", after: "Subgraph \(index)")
                XCTAssertEqual(
                    operators.count, subgraph.operators.count + 1, "\(display): header + one row per operator")
            }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 5)
    }

    // MARK: Model by model

    func testFullyConnectedInt8Report() throws {
        let reports = try Reports.testdata("fc_int8")
        let lines = reports.lines
        XCTAssertEqual(lines[0], "testdata/fc_int8.tflite — 768 bytes, TFLite schema v3, identifier TFL3")
        XCTAssertTrue(lines.contains("  operators     1 — FULLY_CONNECTED ×1"), reports.text)
        // Weights [3,4] int8 (12 bytes) and bias [3] int32 (12 bytes).
        XCTAssertTrue(lines.contains("  weights       24 bytes in 2 constant tensors"), reports.text)
        XCTAssertTrue(lines.contains("  quantization  full-int8 (input INT8, output INT8)"), reports.text)
        // 3 output elements × input depth 4.
        XCTAssertTrue(lines.contains("  compute       12 MACs"), reports.text)
        XCTAssertTrue(lines.contains("Subgraph 0 \"main\": 4 tensors, 1 operators, inputs 0 → outputs 3"), reports.text)

        let tensors = reports.section("Tensors")
        XCTAssertEqual(cells(tensors[0]), ["#", "name", "type", "shape", "bytes", "buf", "kind", "quantization"])
        XCTAssertEqual(cells(tensors[1]), ["0", "input", "INT8", "[1,4]", "4", "1", "input", "s=0.0078431 zp=-1"])
        XCTAssertEqual(cells(tensors[2]), ["1", "dense/weights", "INT8", "[3,4]", "12", "2", "const", "s=0.0123 zp=0"])
        XCTAssertEqual(cells(tensors[3]), ["2", "dense/bias", "INT32", "[3]", "12", "3", "const", "s=9.6471e-5 zp=0"])
        XCTAssertEqual(cells(tensors[4]), ["3", "output", "INT8", "[1,3]", "3", "4", "output", "s=0.047059 zp=-128"])

        let operators = reports.section("Operators")
        XCTAssertEqual(cells(operators[0]), ["#", "opcode", "v", "inputs → outputs", "options", "MACs"])
        XCTAssertEqual(cells(operators[1]), ["0", "FULLY_CONNECTED", "4", "0,1,2 → 3", "RELU", "12"])
        XCTAssertFalse(reports.text.contains("Signatures"))
        XCTAssertFalse(reports.text.contains("Metadata"))
    }

    func testSummaryKeepsItsFirstRow() throws {
        // The summary table's rows follow the report's first line: the description first (when the
        // model has one), then the subgraph count.
        let withDescription = try Reports.testdata("fc_int8")
        XCTAssertEqual(
            Array(withDescription.lines[1...2]),
            [
                "  description   Kinglet testdata: int8 FULLY_CONNECTED with RELU",
                "  subgraphs     1",
            ], withDescription.text)

        var spec = TestModel()
        spec.subgraphs = [.init()]
        let without = try Reports(bytes: spec.build().bytes, display: "bare.tflite")
        XCTAssertEqual(without.lines[1], "  subgraphs     1", without.text)
        XCTAssertEqual(without.lines.filter { $0.hasPrefix("  subgraphs ") }.count, 1, without.text)
    }

    func testConvolutionInt8Report() throws {
        let reports = try Reports.testdata("conv_int8")
        let lines = reports.lines
        XCTAssertTrue(lines.contains("  operators     3 — CONV_2D ×1, RESHAPE ×1, SOFTMAX ×1"), reports.text)
        // Filter [2,3,3,1] int8 (18 bytes), bias [2] int32 (8), shape [2] int32 (8).
        XCTAssertTrue(lines.contains("  weights       34 bytes in 3 constant tensors"), reports.text)
        // Output [1,5,5,2] = 50 elements × 3×3×1 filter taps.
        XCTAssertTrue(lines.contains("  compute       450 MACs"), reports.text)
        let tensors = reports.section("Tensors")
        XCTAssertEqual(
            cells(tensors[2]),
            [
                "1", "conv/filter", "INT8", "[2,3,3,1]", "18", "1", "const",
                "per-channel[2] dim 0 s=0.00512…0.0112 zp=0",
            ])
        XCTAssertEqual(
            cells(tensors[3]),
            [
                "2", "conv/bias", "INT32", "[2]", "8", "2", "const",
                "per-channel[2] dim 0 s=4.01e-5…8.77e-5 zp=0",
            ])
        XCTAssertEqual(cells(tensors[5]), ["4", "flatten/shape", "INT32", "[2]", "8", "3", "const"])
        let operators = reports.section("Operators")
        XCTAssertEqual(cells(operators[1]), ["0", "CONV_2D", "3", "0,1,2 → 3", "SAME stride 1x1", "450"])
        XCTAssertEqual(cells(operators[2]), ["1", "RESHAPE", "1", "3,4 → 5", "new_shape=[1,50]"])
        XCTAssertEqual(cells(operators[3]), ["2", "SOFTMAX", "2", "5 → 6", "beta=1"])
    }

    func testFloatAddMarksDynamicDimensions() throws {
        let reports = try Reports.testdata("float_add")
        XCTAssertTrue(
            reports.lines.contains("  quantization  float (input FLOAT32,FLOAT32, output FLOAT32)"), reports.text)
        let tensors = reports.section("Tensors")
        // shape_signature [-1,2,2,1]: the batch dimension is dynamic.
        XCTAssertEqual(cells(tensors[1]), ["0", "a", "FLOAT32", "[1?,2,2,1]", "16", "0", "input"])
        XCTAssertEqual(cells(tensors[3]), ["2", "sum", "FLOAT32", "[1?,2,2,1]", "16", "0", "output"])
        XCTAssertEqual(cells(reports.section("Operators")[1]), ["0", "ADD", "1", "0,1 → 2", "RELU"])
    }

    func testGeluReportNamesTheOperatorAbove127() throws {
        let reports = try Reports.testdata("gelu_float")
        let operators = reports.section("Operators")
        XCTAssertEqual(cells(operators[1]), ["0", "FULLY_CONNECTED", "1", "0,1,-1 → 2", "6"])
        XCTAssertEqual(cells(operators[2]), ["1", "GELU", "1", "2 → 3", "approximate=true"])
        XCTAssertTrue(reports.lines.contains("  operators     2 — FULLY_CONNECTED ×1, GELU ×1"), reports.text)
    }

    func testCustomOperatorSignatureAndMetadata() throws {
        let reports = try Reports.testdata("custom_op")
        let lines = reports.lines
        XCTAssertTrue(lines.contains("  min runtime   1.14.0"), reports.text)
        XCTAssertEqual(
            cells(reports.section("Operators")[1]),
            ["0", "CUSTOM \"MyCustomOp\"", "1", "0 → 1", "custom options 5 B"])
        XCTAssertEqual(reports.section("Signatures"), ["  serving_default → subgraph 0: inputs [x=0], outputs [y=1]"])
        let metadata = reports.section("Metadata")
        XCTAssertEqual(cells(metadata[0]), ["name", "buffer", "bytes", "value"])
        XCTAssertEqual(cells(metadata[1]), ["min_runtime_version", "1", "16", "\"1.14.0\""])
    }

    func testLongNamesAreElidedInTheMiddle() throws {
        let long = "serving_default_" + String(repeating: "x", count: 200) + "_dense_input:0"
        var spec = TestModel()
        spec.subgraphs = [.init(tensors: [.init(long, type: 0, shape: [1])], inputs: [0], outputs: [0])]
        let reports = try Reports(bytes: spec.build().bytes, display: "long.tflite")
        let row = reports.section("Tensors")[1]
        let name = cells(row)[1]
        XCTAssertEqual(name.count, 44, "the name column is at most 44 wide")
        XCTAssertTrue(name.hasPrefix("serving_default_"), name)
        XCTAssertTrue(name.hasSuffix("_dense_input:0"), name)
        XCTAssertTrue(name.contains("…"), name)
        for line in reports.lines where line.contains("…") { XCTAssertLessThanOrEqual(line.count, 160, line) }
    }

    // MARK: Helpers

    func testElideKeepsHeadAndTail() {
        XCTAssertEqual(elide("abcdefghijklmnopqrstuvwxyz", to: 11), "abcde…vwxyz")
        XCTAssertEqual(elide("abcdefghijklmnopqrstuvwxyz", to: 10), "abcde…wxyz")
        XCTAssertEqual(elide("abcdefghij", to: 5), "ab…ij")
        XCTAssertEqual(elide("short", to: 5), "short", "text that fits is unchanged")
        XCTAssertEqual(elide("", to: 8), "")
        XCTAssertEqual(elide("éèêëēĕėęě→←", to: 7), "éèê…ě→←", "counts characters, not bytes")
        var rng = TestSeed.generator(11)
        for _ in 0..<500 {
            let length = Int(rng.next() % 120)
            let text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(0x61 + rng.next() % 26))) })
            let width = 5 + Int(rng.next() % 60)
            let result = elide(text, to: width)
            if text.count <= width {
                XCTAssertEqual(result, text)
            } else {
                XCTAssertEqual(result.count, width, text)
                let kept = width - 1
                XCTAssertTrue(result.hasPrefix(text.prefix((kept + 1) / 2)), text)
                XCTAssertTrue(result.hasSuffix(text.suffix(kept / 2)), text)
                XCTAssertEqual(result.filter { $0 == "…" }.count, 1)
            }
        }
    }

    func testGroupedDigits() {
        XCTAssertEqual(grouped(0), "0")
        XCTAssertEqual(grouped(7), "7")
        XCTAssertEqual(grouped(999), "999")
        XCTAssertEqual(grouped(1000), "1,000")
        XCTAssertEqual(grouped(300_568), "300,568")
        XCTAssertEqual(grouped(1_234_567), "1,234,567")
        XCTAssertEqual(grouped(-1234), "-1,234")
        XCTAssertEqual(grouped(-999), "-999")
        XCTAssertEqual(grouped(Int64.min), "-9,223,372,036,854,775,808")
        XCTAssertEqual(grouped(Int64.max), "9,223,372,036,854,775,807")
        XCTAssertEqual(grouped(UInt64.max), "18,446,744,073,709,551,615")
        XCTAssertEqual(grouped(Int8.min), "-128")
    }

    func testCompactFloats() {
        // The testdata scales (README) at 5 significant digits.
        XCTAssertEqual(compact(0.007843138), "0.0078431")
        XCTAssertEqual(compact(0.0123), "0.0123")
        XCTAssertEqual(compact(9.647059e-05), "9.6471e-5")
        XCTAssertEqual(compact(0.047058824), "0.047059")
        XCTAssertEqual(compact(0.1), "0.1")
        XCTAssertEqual(compact(0.00511811, digits: 3), "0.00512")
        XCTAssertEqual(compact(0.011181102, digits: 3), "0.0112")
        XCTAssertEqual(compact(0), "0")
        XCTAssertEqual(compact(1), "1")
        XCTAssertEqual(compact(-0.5), "-0.5")
        XCTAssertEqual(compact(12345.6), "12346")
        XCTAssertEqual(compact(123_456), "1.2346e5")
        XCTAssertEqual(compact(99999.7), "1e5", "rounding up carries into the exponent")
        XCTAssertEqual(compact(0.0001), "0.0001")
        XCTAssertEqual(compact(0.00001), "1e-5")
        XCTAssertEqual(compact(.nan), "nan")
        XCTAssertEqual(compact(.infinity), "inf")
        XCTAssertEqual(compact(-.infinity), "-inf")
        XCTAssertEqual(compact(.leastNonzeroMagnitude), "1.4013e-45")
        XCTAssertEqual(compact(.greatestFiniteMagnitude), "3.4028e38")
    }

    func testCompactRoundsToTheRequestedSignificantDigits() throws {
        var rng = TestSeed.generator(0xC0FFEE)
        for _ in 0..<5000 {
            let exponent = Int(rng.next() % 60) - 30
            let mantissa = 1 + Double(rng.next() % 9_000_000) / 1_000_000
            let sign: Double = rng.next() % 4 == 0 ? -1 : 1
            let value = Float(sign * mantissa * pow(10, Double(exponent)))
            guard value.isFinite, value != 0 else { continue }
            let digits = 2 + Int(rng.next() % 6)
            let text = compact(value, digits: digits)
            let parsed = try XCTUnwrap(Double(text), "\(value) → \(text)")
            let magnitude = abs(Double(value))
            let unit = pow(10, floor(log10(magnitude)) - Double(digits - 1))
            XCTAssertLessThanOrEqual(
                abs(parsed - Double(value)), unit * 0.5000001 + magnitude * 1e-12,
                "\(value) at \(digits) digits → \(text)")
            let mantissaText = text.split(separator: "e").first.map(String.init) ?? text
            let significant = mantissaText.filter(\.isNumber).drop { $0 == "0" }
            XCTAssertLessThanOrEqual(significant.count, digits, "\(value) at \(digits) digits → \(text)")
            XCTAssertFalse(mantissaText.contains(".") && mantissaText.hasSuffix("0"), "no trailing zeros: \(text)")
        }
    }

    func testTextTableAlignsAndCapsCells() {
        var table = TextTable([
            .init(title: "n", rightAligned: true), .init(title: "word", maxWidth: 7), .init(title: "last"),
        ])
        table.add(["1", "abcdefghijkl", "x"])
        table.add(["1000", "ab", ""])
        XCTAssertEqual(
            table.rendered(indent: 1).split(separator: "\n").map(String.init),
            [
                "    n  word     last",
                "    1  abc…jkl  x",
                " 1000  ab",
            ])
    }
}
