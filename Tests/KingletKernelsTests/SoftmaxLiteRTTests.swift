import Foundation
import Testing

@testable import KingletKernels

/// LiteRT's int8 SOFTMAX (SoftmaxLiteRT.swift) against pip larq-compute-engine 0.16.0's interpreter:
/// `testdata/bnn/int8_softmax/softmax.json`, written by `TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python
/// tools/bnn/int8_ops.py --write-softmax testdata/bnn/int8_softmax --kinglet .build/debug/kinglet`
/// (each case's beta, scales, shape, int8 inputs and LCE's outputs; the configurations of
/// tools/bnn/int8_ops.py's softmax_10 at --seed 1387791771, where TFLM's arithmetic parted from LCE,
/// and cases over betas, input scales, sizes 2 to 1000, batches, int8 and int16 outputs).
@Suite struct SoftmaxLiteRTTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/bnn/int8_softmax/softmax.json")

    static func cases() throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return try #require(root["cases"] as? [[String: Any]])
    }

    static func kernel(
        beta: Float, inputScale: Float, outputScale: Float, outputZeroPoint: Int32, type: Softmax.OutputType,
        shape: [Int], table: UnsafeMutableBufferPointer<Float>
    ) throws -> SoftmaxLiteRT {
        let count = shape.reduce(1, *), depth = shape.last ?? 1
        return try SoftmaxLiteRT(
            beta: beta, inputScale: inputScale, outputScale: outputScale, outputZeroPoint: outputZeroPoint,
            outputType: type, inputElementCount: count, depth: depth, outputElementCount: count,
            outputDepth: depth, table: table)
    }

    @Test func matchesLCEInterpreter() throws {
        let cases = try Self.cases()
        #expect(cases.contains { ($0["name"] as? String) == "seed1387791771_softmax_10_config0" })
        // The goldens tell LiteRT from TFLM: some outputs TFLM's arithmetic gets wrong.
        #expect(cases.contains { ($0["tflm_wrong"] as? Int ?? 0) > 0 && ($0["output_type"] as? String) == "int8" })
        #expect(cases.contains { ($0["tflm_wrong"] as? Int ?? 0) > 0 && ($0["output_type"] as? String) == "int16" })
        let table = UnsafeMutableBufferPointer<Float>.allocate(capacity: SoftmaxLiteRT.tableSize)
        defer { table.deallocate() }
        for entry in cases {
            let name = entry["name"] as? String ?? "?"
            let shape = try #require(entry["shape"] as? [Int])
            let input = try #require(entry["input"] as? [Int]).map { Int8($0) }
            let expected = try #require(entry["output"] as? [Int])
            let int16 = (entry["output_type"] as? String) == "int16"
            let kernel = try Self.kernel(
                beta: Float(try #require(entry["beta"] as? Double)),
                inputScale: Float(try #require(entry["input_scale"] as? Double)),
                outputScale: Float(try #require(entry["output_scale"] as? Double)),
                outputZeroPoint: Int32(try #require(entry["output_zero_point"] as? Int)),
                type: int16 ? .int16 : .int8, shape: shape, table: table)
            var got = [Int]()
            input.withUnsafeBufferPointer { x in
                if int16 {
                    var y = [Int16](repeating: 0, count: input.count)
                    y.withUnsafeMutableBufferPointer { kernel.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
                    got = y.map(Int.init)
                } else {
                    var y = [Int8](repeating: 0, count: input.count)
                    y.withUnsafeMutableBufferPointer { kernel.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
                    got = y.map(Int.init)
                }
            }
            #expect(got == expected, "\(name)")
        }
    }

    /// table[255 - d] = expf(-input_scale * beta * d) in float; table[255] is exp(0) = 1.
    @Test func tableIsGlibcExpOfTheScaledDifference() throws {
        let table = UnsafeMutableBufferPointer<Float>.allocate(capacity: SoftmaxLiteRT.tableSize)
        defer { table.deallocate() }
        let kernel = try Self.kernel(
            beta: 1.7, inputScale: 0.07, outputScale: 1.0 / 256, outputZeroPoint: -128, type: .int8, shape: [10],
            table: table)
        #expect(kernel.rowCount == 1 && kernel.depth == 10)
        #expect(table[255] == 1)
        let scale = -Float(0.07) * 1.7
        for d in 0..<256 { #expect(table[255 - d] == referenceExpf(scale * Float(d))) }
    }

    /// LiteRT's prepare checks: int8 output zero point -128 and a scale near 1/256 (0.1%); int16 none.
    @Test func outputQuantizationChecks() throws {
        let table = UnsafeMutableBufferPointer<Float>.allocate(capacity: SoftmaxLiteRT.tableSize)
        defer { table.deallocate() }
        func make(_ scale: Float, _ zeroPoint: Int32, _ type: Softmax.OutputType) -> Bool {
            (try? Self.kernel(
                beta: 1, inputScale: 0.05, outputScale: scale, outputZeroPoint: zeroPoint, type: type, shape: [4],
                table: table)) != nil
        }
        #expect(make(1.0 / 256, -128, .int8))
        #expect(make(1.0 / 256 * 1.0001, -128, .int8))  // TFLM requires exactly 1/256
        #expect(!make(1.0 / 256 * 1.01, -128, .int8))
        #expect(!make(1.0 / 256, 0, .int8))
        #expect(make(0.001, 7, .int16))
        #expect(make(1.0 / 32768, 0, .int16))
    }

    /// Out of int32's range, roundf's result converts as x86's cvttss2si does (Int32.min): LCE gives
    /// -32768 for int16 output with scale 1e-30 (an LCE run, 2026-12-02), not 32767.
    @Test func outOfRangeConvertsLikeX86() throws {
        let table = UnsafeMutableBufferPointer<Float>.allocate(capacity: SoftmaxLiteRT.tableSize)
        defer { table.deallocate() }
        let kernel = try Self.kernel(
            beta: 1, inputScale: 0.05, outputScale: 1e-30, outputZeroPoint: 0, type: .int16, shape: [3], table: table)
        let input: [Int8] = [1, 2, 3]
        var output = [Int16](repeating: 0, count: 3)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { kernel.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == [-32768, -32768, -32768])
    }
}
