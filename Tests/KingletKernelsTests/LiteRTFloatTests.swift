import Testing

@testable import KingletKernels

/// The float arithmetic of LiteRT's optimized kernels that LCE models follow (LiteRTFloatGemm.swift,
/// Float*LiteRT.swift), on hand-made values that tell the orders apart. Against LCE's interpreter
/// itself: BNNZooTests (the zoo's float builtins and whole models) and tools/bnn/float_ops.py.
@Suite struct LiteRTFloatTests {
    /// Custom GEMV, depth 5: lanes x0, x1, x2, x3 + x4 (the tail block walks back over the last 4
    /// columns, the 3 already summed multiplied by 0), reduced (l0 + l1) + (l2 + l3).
    @Test func gemvLanesAndTail() {
        let x: [Float] = [1e8, 1, -1e8, 1, 1]
        let w: [Float] = [1, 1, 1, 1, 1]
        let dot = w.withUnsafeBufferPointer { liteRTGemvDot($0.baseAddress!, depth: 5) { x[$0] } }
        // (1e8 + 1) + (-1e8 + (1 + 1)) = 1e8 + -1e8 in float; TFLM's running sum gives 2.
        #expect(dot == 0)
        var sequential: Float = 0
        for d in 0..<5 { sequential += w[d] * x[d] }
        #expect(sequential == 2)
    }

    /// FULLY_CONNECTED: 4 units of depth 4 take the GEMV, whose bias comes last; 3 units take ruy,
    /// whose one fused multiply-add starts from the bias.
    @Test func fullyConnectedPaths() throws {
        let a: Float = 1 + 0x1p-12
        for units in [3, 4] {
            let kernel = try FloatFullyConnected(
                inputShape: Shape(1, 4), filterShape: Shape(units, 4), biasElementCount: units,
                outputShape: Shape(1, units), activation: .none)
            let input: [Float] = [a, 0, 0, 0]
            let filter = [Float](repeating: 0, count: 4 * units).enumerated().map {
                $0.offset % 4 == 0 ? a : $0.element
            }
            let bias = [Float](repeating: -1, count: units)
            var output = [Float](repeating: .nan, count: units)
            input.withUnsafeBufferPointer { i in
                filter.withUnsafeBufferPointer { f in
                    bias.withUnsafeBufferPointer { b in
                        output.withUnsafeMutableBufferPointer { o in
                            kernel.invokeLiteRT(
                                input: i.baseAddress!, filter: f.baseAddress!, bias: b.baseAddress!,
                                output: o.baseAddress!)
                        }
                    }
                }
            }
            // a * a = 1 + 2^-11 + 2^-24: rounded alone (a tie to even) it loses the 2^-24.
            let expected: Float = units >= 4 ? 0x1p-11 : 0x1p-11 + 0x1p-24
            #expect(output == [Float](repeating: expected, count: units), "\(units) units")
        }
    }

    /// CONV_2D (ruy): the bias first, then fused multiply-adds; RELU turns -0 into +0.
    @Test func convolutionFromTheBias() throws {
        let a: Float = 1 + 0x1p-12
        let kernel = try FloatConv2D(
            inputShape: Shape(1, 2, 1, 1), filterShape: Shape(1, 1, 1, 1), biasElementCount: 1,
            outputShape: Shape(1, 2, 1, 1), padding: .valid, strideHeight: 1, strideWidth: 1, dilationHeight: 1,
            dilationWidth: 1, activation: .relu)
        let input: [Float] = [a, 0]
        let filter: [Float] = [a]
        let bias: [Float] = [-1]
        var output: [Float] = [.nan, .nan]
        kernel.invokeLiteRT(input: input, filter: filter, bias: bias, output: &output)
        #expect(output[0] == 0x1p-11 + 0x1p-24)
        #expect(output[1] == 0 && output[1].sign == .plus)
    }

    /// SOFTMAX: exps below 2^-126 flush to 0 (LCE's interpreter runs with FTZ); the 8-float packet
    /// exp agrees with expf near 0 and returns 0 below -104.
    @Test func softmaxFlushesSubnormals() throws {
        let kernel = try FloatSoftmax(shape: Shape(1, 2), outputShape: Shape(1, 2), beta: 1)
        var output: [Float] = [.nan, .nan]
        kernel.invokeLiteRT(input: [0, -95], output: &output)
        #expect(output == [1, 0])
        #expect(referenceExpf(-95) > 0)  // TFLM's order keeps the subnormal
        #expect(eigenPacketExpf(0) == 1)
        #expect(eigenPacketExpf(-105) == 0)
        for x: Float in [-3, -1.5, -0.25, 0.5, 2] {
            let ratio = eigenPacketExpf(x) / referenceExpf(x)
            #expect(abs(ratio - 1) < 0x1p-21, "\(x)")
        }
    }

    /// Eigen's sum: 8-float packets, two accumulators, the lanes reduced in halves.
    @Test func packetSum() {
        var values = [Float](repeating: 1, count: 17)
        values[0] = 1e8
        values[8] = -1e8
        // Lane 0 of the two packets: 1e8 + -1e8 = 0, the other 7 lanes 2 each, then the tail 1.
        #expect(eigenPacketSum(values, count: 17, offset: 0) == 15)
        var sequential: Float = 0
        for v in values { sequential += v }
        #expect(sequential != 15)
    }
}
