import Testing

@testable import KingletKernels

// Vectors: reference_ops::Dequantize outputs from the g++ harness (./gen quantize, see
// QuantizeTests.swift), on the same int8 / int16 inputs as the requantize cases.

@Suite struct DequantizeTests {
    @Test func int8() throws {
        let input = QuantizeVectors.requantizeInput
        let op = try Dequantize(shape: Shape(input.count), inputScale: 0.0137, inputZeroPoint: -17)
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output.map(\.bitPattern) == QuantizeVectors.dequantizeInt8Output)
    }

    @Test func int16() throws {
        let input = QuantizeVectors.int16Input
        let op = try Dequantize(shape: Shape(input.count), inputScale: 3.1e-5, inputZeroPoint: 12)
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output.map(\.bitPattern) == QuantizeVectors.dequantizeInt16Output)
    }

    @Test func matchesSinglePrecisionProductForInt8() throws {
        // The double product of a float scale and an int8 difference is exact, so rounding it
        // once to float equals float multiplication: check all 256 values for an awkward scale.
        let scale: Float = 0.012_345_679
        let op = try Dequantize(shape: Shape(256), inputScale: scale, inputZeroPoint: 5)
        let input = (-128...127).map { Int8($0) }
        var output = [Float](repeating: 0, count: 256)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == input.map { scale * Float(Int32($0) - 5) })
    }
}
