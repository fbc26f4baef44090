import Testing

@testable import KingletKernels

/// The int8 arithmetic of LiteRT's optimized kernels that LCE models follow (NeonMultiplier.swift,
/// RequantizeLiteRT.swift, DequantizeLiteRT.swift, MeanLiteRT.swift, Relu6LiteRT.swift), on
/// hand-made values that tell it from TFLM's. Against LCE's interpreter itself: LiteRTInt8Tests in
/// KingletRuntimeTests and tools/bnn/int8_ops.py.
@Suite struct LiteRTInt8KernelTests {
    /// m = 3/4 (2^30 · 3/2, shift -2): -8 · 3/16 = -1.5 rounds half up to -1 (TFLM: away, -2).
    @Test func neonRoundingIsHalfUpTwice() {
        let m = QuantizedMultiplier(multiplier: 1_610_612_736, shift: -2)
        #expect(m.applyNeon(-8) == -1)
        #expect(m.apply(-8) == -2)
        #expect(m.applyNeon(8) == 2)
        #expect(m.apply(8) == 2)
        // A left shift: 3 << 1, then the high multiply alone (no right shift).
        let big = QuantizedMultiplier(multiplier: 1_610_612_736, shift: 1)
        #expect(big.applyNeon(-3) == big.apply(-3))
    }

    /// QUANTIZE: the first 16 elements take the NEON block, the rest TFLM's rounding.
    @Test func requantizeBlocksAndTail() throws {
        let kernel = try Requantize(
            shape: Shape(17), inputScale: 3.0 / 256, inputZeroPoint: 0, outputScale: 1.0 / 16, outputZeroPoint: 0)
        let input = [Int8](repeating: -8, count: 17)
        var output = [Int8](repeating: 0, count: 17)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer {
                kernel.invokeLiteRT(input: i.baseAddress!, output: $0.baseAddress!)
            }
        }
        #expect(output == [Int8](repeating: -1, count: 16) + [-2])
    }

    /// DEQUANTIZE: blocks of 8 compute x · s + (-zp · s) in float; the tail (x - zp) · s in double.
    @Test func dequantizeBlocksAndTail() throws {
        let scale: Float = 0.009_039_608, zeroPoint: Int32 = -112
        let kernel = try Dequantize(shape: Shape(9), inputScale: scale, inputZeroPoint: zeroPoint)
        let input = [Int8](repeating: -128, count: 9)
        var output = [Float](repeating: 0, count: 9)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer {
                kernel.invokeLiteRT(input: i.baseAddress!, output: $0.baseAddress!)
            }
        }
        let block = Float(-128) * scale + Float(-Double(zeroPoint) * Double(scale))
        let tail = Float(Double(scale) * Double(-128 - zeroPoint))
        #expect(block != tail)  // the two forms differ here
        #expect(output == [Float](repeating: block, count: 8) + [tail])
    }

    /// MEAN over H, W: only rank 4, keep_dims and axes {1, 2} take LiteRT's path; its zero points go
    /// into one rounded bias.
    @Test func meanPathAndBias() throws {
        let axes: [Int32] = [1, 2]
        let kernel = try axes.withUnsafeBytes { a throws(KernelError) in
            try MeanLiteRT(
                input: Shape(1, 2, 2, 1), axes: a, keepDims: true, output: Shape(1, 1, 1, 1), inputScale: 0.5,
                inputZeroPoint: 3, outputScale: 1, outputZeroPoint: 10)
        }
        let mean = try #require(kernel)
        // bias = 10 - round(3 · 0.5) = 8; (m, s) of 0.5 / 4.
        #expect(mean.bias == 8)
        // Sum 27 (raw values): 27 / 8 = 3.375, but the scalar rounding rounds twice: 27 / 2 = 13.5 -> 14,
        // 14 / 4 = 3.5 -> 4; + 8.
        let input: [Int8] = [5, 6, 7, 9]
        var output: [Int8] = [0]
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { mean.invoke(input: i.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == [12])
        let other = try axes.withUnsafeBytes { a throws(KernelError) in
            try MeanLiteRT(
                input: Shape(1, 2, 2, 1), axes: a, keepDims: false, output: Shape(1, 1), inputScale: 0.5,
                inputZeroPoint: 3, outputScale: 1, outputZeroPoint: 10)
        }
        #expect(other == nil)
    }

    /// RELU6 requantizes like RELU, clamped to [zo, zo + round(6 / out_s)].
    @Test func relu6Requantizes() throws {
        let kernel = try Relu(
            liteRTRelu6Shape: Shape(3), inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.25, outputZeroPoint: -100)
        let input: [Int8] = [-3, 5, 100]
        var output = [Int8](repeating: 0, count: 3)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { kernel.invoke(input: i.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == [-100, -90, -76])  // 0 -> -100; 2.5 -> 10 steps; 6 -> 24 steps
    }
}
