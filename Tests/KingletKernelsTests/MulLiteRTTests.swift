import Foundation
import Testing

@testable import KingletKernels

/// LiteRT's int8 MUL (MulLiteRT.swift) against LCE's interpreter: testdata/bnn/int8_mul/mul_litert.json,
/// written by `TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python tools/bnn/int8_ops.py --write-mul
/// testdata/bnn/int8_mul --kinglet .build/debug/kinglet` (pip larq-compute-engine 0.16.0's outputs; the
/// generator counts the outputs TFLM's arithmetic gets wrong). Cases: the float multiplier, products
/// beyond int16 in block and leftover lanes, per-channel and scalar constants, fivefold and generic
/// broadcasts, RELU and RELU6. tools/bnn/int8_ops.py sweeps MUL against the live interpreter.
@Suite struct MulLiteRTTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/bnn/int8_mul/mul_litert.json")

    static func shape(_ value: Any?) throws -> Shape {
        var shape = Shape()
        for dimension in try #require(value as? [Int]) { try shape.append(dimension) }
        return shape
    }

    static func bytes(_ value: Any?) throws -> [Int8] { try #require(value as? [Int]).map { Int8($0) } }

    @Test func matchesLCEsInterpreter() throws {
        let data = try Data(contentsOf: Self.file)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count == 9)
        for entry in cases {
            let name = entry["name"] as? String ?? ""
            let number = { (key: String) throws -> Double in try #require((entry[key] as? NSNumber)?.doubleValue) }
            let code = try #require(entry["activation"] as? Int)
            let activation = try #require(FusedActivation(flatbufferValue: code))
            let kernel = try MulLiteRT(
                input1Shape: try Self.shape(entry["input1Shape"]), input1Scale: Float(try number("input1Scale")),
                input1ZeroPoint: Int32(try number("input1ZeroPoint")),
                input2Shape: try Self.shape(entry["input2Shape"]), input2Scale: Float(try number("input2Scale")),
                input2ZeroPoint: Int32(try number("input2ZeroPoint")),
                outputShape: try Self.shape(entry["outputShape"]), outputScale: Float(try number("outputScale")),
                outputZeroPoint: Int32(try number("outputZeroPoint")), activation: activation)
            let input1 = try Self.bytes(entry["input1"]), input2 = try Self.bytes(entry["input2"])
            let expected = try Self.bytes(entry["output"])
            var output = [Int8](repeating: 0, count: expected.count)
            input1.withUnsafeBufferPointer { a in
                input2.withUnsafeBufferPointer { b in
                    output.withUnsafeMutableBufferPointer { o in
                        kernel.invoke(input1: a.baseAddress!, input2: b.baseAddress!, output: o.baseAddress!)
                    }
                }
            }
            #expect(output == expected, "\(name)")
        }
    }

    /// The lanes: 99 elements are 96 block lanes and 3 leftover ones; a per-channel constant of 19
    /// channels runs 19-element calls (16 + 3); the scalar-broadcast path runs over y3; a generic
    /// broadcast has no block.
    @Test func innerCalls() throws {
        func split(_ a: Shape, _ b: Shape, _ o: Shape) throws -> (Int, Int) {
            let kernel = try MulLiteRT(
                input1Shape: a, input1Scale: 0.05, input1ZeroPoint: 0, input2Shape: b, input2Scale: 0.04,
                input2ZeroPoint: 0, outputShape: o, outputScale: 0.001, outputZeroPoint: 0, activation: .none)
            return (kernel.segment, kernel.blockLanes)
        }
        #expect(try split(Shape(3, 33), Shape(3, 33), Shape(3, 33)) == (99, 96))
        #expect(try split(Shape(1, 3, 3, 19), Shape(19), Shape(1, 3, 3, 19)) == (19, 16))
        #expect(try split(Shape(1, 3, 3, 7), Shape(1), Shape(1, 3, 3, 7)) == (63, 48))
        #expect(try split(Shape(1, 4, 1, 32), Shape(1, 4, 3, 32), Shape(1, 4, 3, 32)) == (32, 32))
        #expect(try split(Shape(1, 2, 1, 3), Shape(1, 1, 4, 1), Shape(1, 2, 4, 3)).1 == 0)
    }

    /// Block lanes saturate to int16 and add the zero point in int16: 2.5 · 131 · 135 = 44,212
    /// saturates to 32,767, + 60 wraps negative, -128; the leftover lane clamps to 127.
    @Test func blockLanesWrap() throws {
        let kernel = try MulLiteRT(
            input1Shape: Shape(17), input1Scale: 0.05, input1ZeroPoint: -4, input2Shape: Shape(17), input2Scale: 0.04,
            input2ZeroPoint: -8, outputShape: Shape(17), outputScale: 0.0008, outputZeroPoint: 60, activation: .none)
        #expect(kernel.blockLane(127, 127) == -128)
        #expect(kernel.scalarLane(127, 127) == 127)
        #expect(!kernel.sameInEveryLane)
    }
}
