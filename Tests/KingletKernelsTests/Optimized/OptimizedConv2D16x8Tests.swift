import Testing

@testable import KingletKernels

// Differential tests: Conv2D.invokeOptimized (16x8) against the reference 16x8 loop of
// Conv2D.invoke (the oracle, itself checked against pip tflite-micro in Conv2DTests'
// int16x8MatchesTFLM), on seeded random cases; every case must give the same bytes. The seed is
// printed; a failure names the case.

/// A seeded draw of one 16x8 CONV_2D: 1-D filters with long rows (audio models), small 2-D
/// ones, depths past the 511-tap int32 chunk, groups, strides and dilations to 3, SAME/VALID,
/// int64, int32 or no bias (values to ±2^40 for int64), per-channel or single scales, and
/// inputs and weights that are sometimes only the extremes (-32768, 32767; -128, 127).
struct Conv16x8Draw {
    var batches = 1, height = 1, width = 1, inputDepth = 1, filterDepth = 1, outputDepth = 1
    var kernelHeight = 1, kernelWidth = 1
    var strideHeight = 1, strideWidth = 1, dilationHeight = 1, dilationWidth = 1
    var padding = Padding.same
    var inputScale: Float = 0, filterScales: [Float] = [], outputScale: Float = 0
    var activation = FusedActivation.none
    var arithmetic = QuantizedArithmetic.int16x8Wide
    var inputData: [Int16] = [], filterData: [Int8] = [], bias: [Int64]? = nil
    var outputHeight = 0, outputWidth = 0

    init(_ random: inout SplitMix64) {
        batches = Int(random.range(1, 2))
        let shape = random.range(0, 4)
        switch shape {
        case 0:  // 1-D, long filter rows
            height = Int(random.range(1, 3))
            width = Int(random.range(1, 60))
            kernelHeight = 1
            kernelWidth = Int(random.range(1, 24))
        case 1:  // square 3x3
            height = Int(random.range(1, 10))
            width = Int(random.range(1, 10))
            (kernelHeight, kernelWidth) = (3, 3)
        default:
            height = Int(random.range(1, 10))
            width = Int(random.range(1, 14))
            kernelHeight = Int(random.range(1, 7))
            kernelWidth = Int(random.range(1, 7))
        }
        strideHeight = Int(random.range(1, 3))
        strideWidth = Int(random.range(1, 3))
        dilationHeight = random.range(0, 3) == 0 ? Int(random.range(2, 3)) : 1
        dilationWidth = random.range(0, 3) == 0 ? Int(random.range(2, 3)) : 1
        padding = random.range(0, 1) == 0 ? .same : .valid
        // Now and then a depth whose taps pass the 511-tap int32 chunk within one run.
        filterDepth = random.range(0, 9) == 0 ? Int(random.range(200, 700)) : Int(random.range(1, 9))
        let groups = random.range(0, 4) == 0 ? Int(random.range(2, 3)) : 1
        outputDepth = groups * Int(random.range(1, filterDepth > 100 ? 3 : 11))
        inputDepth = filterDepth * groups
        if filterDepth > 100 {
            (height, width) = (min(height, 3), min(width, 5))
            (kernelHeight, kernelWidth) = (min(kernelHeight, 2), min(kernelWidth, 3))
        }
        inputScale = random.scale(-14, -6)
        let perChannel = random.range(0, 1) == 1
        filterScales = (0..<(perChannel ? outputDepth : 1)).map { _ in random.scale(-9, -4) }
        outputScale = random.scale(-14, -4)
        activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
        let extremes = random.range(0, 5) == 0
        inputData = (0..<(batches * height * width * inputDepth)).map { _ in
            extremes ? (random.range(0, 3) == 0 ? 32767 : -32768) : Int16(random.range(-32768, 32767))
        }
        let filterCount = outputDepth * kernelHeight * kernelWidth * filterDepth
        filterData = (0..<filterCount).map { _ in
            extremes ? (random.range(0, 3) == 0 ? 127 : -128) : Int8(random.range(-128, 127))
        }
        switch random.range(0, 2) {
        case 0:
            arithmetic = .int16x8Wide
            bias = (0..<outputDepth).map { _ in
                random.range(0, 3) == 0
                    ? Int64(random.int32()) << Int64(random.range(0, 8)) : Int64(random.range(-1 << 24, 1 << 24))
            }
        case 1:
            arithmetic = .int16x8Narrow
            bias = (0..<outputDepth).map { _ in Int64(random.int32()) }
        default:
            arithmetic = random.range(0, 1) == 0 ? .int16x8Wide : .int16x8Narrow
        }
        let same = padding == .same
        outputHeight = windowOutputSize(same: same, height, kernelHeight, strideHeight, dilationHeight)
        outputWidth = windowOutputSize(same: same, width, kernelWidth, strideWidth, dilationWidth)
    }

    var isRunnable: Bool { outputHeight >= 1 && outputWidth >= 1 }
    var input: Dims4 { Dims4(batches, height, width, inputDepth) }
    var filter: Dims4 { Dims4(outputDepth, kernelHeight, kernelWidth, filterDepth) }
    var output: Dims4 { Dims4(batches, outputHeight, outputWidth, outputDepth) }
    var outputCount: Int { batches * outputHeight * outputWidth * outputDepth }
    var summary: String {
        "in \(batches)x\(height)x\(width)x\(inputDepth) f \(filterDepth) k \(kernelHeight)x\(kernelWidth) "
            + "out \(outputDepth) s \(strideHeight),\(strideWidth) d \(dilationHeight),\(dilationWidth) \(padding) "
            + "\(arithmetic) scales \(filterScales.count) bias \(bias != nil)"
    }

    /// The bias bytes as the kernel reads them (int64 or int32 little-endian), one byte off
    /// alignment: the kernels read biases unaligned.
    var biasBytes: [UInt8]? {
        bias.map { values in
            [0]
                + (arithmetic == .int16x8Wide
                    ? values.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
                    : values.flatMap { withUnsafeBytes(of: Int32(truncatingIfNeeded: $0).littleEndian) { Array($0) } })
        }
    }

    /// Reference and optimized outputs.
    func run() throws -> (reference: [Int16], optimized: [Int16]) {
        try withScaleList(filterScales) { scales in
            let op = try Conv2D(
                inputScale: inputScale, inputZeroPoint: 0, filterScales: scales, outputScale: outputScale,
                outputZeroPoint: 0, activation: activation, padding: padding, strideHeight: strideHeight,
                strideWidth: strideWidth, dilationHeight: dilationHeight, dilationWidth: dilationWidth,
                input: input, filter: filter, output: output, biasElementCount: bias?.count, arithmetic: arithmetic)
            var scratch = [Int32](repeating: 0, count: max(Conv2D.scratchCount(filter: filter), 1))
            var reference = [Int16](repeating: 0, count: outputCount)
            var optimized = [Int16](repeating: -1, count: outputCount)
            let bytes = biasBytes ?? [0]
            bytes.withUnsafeBytes { raw in
                let b = bias == nil ? nil : raw.baseAddress! + 1
                scratch.withUnsafeMutableBufferPointer { s in
                    reference.withUnsafeMutableBufferPointer { y in
                        if arithmetic == .int16x8Wide {
                            op.invoke(
                                input: inputData, filter: filterData, bias: b, output: y.baseAddress!,
                                scratch: s.baseAddress!, accumulator: Int64.self)
                        } else {
                            op.invoke(
                                input: inputData, filter: filterData, bias: b, output: y.baseAddress!,
                                scratch: s.baseAddress!, accumulator: Int32.self)
                        }
                    }
                    optimized.withUnsafeMutableBufferPointer { y in
                        if arithmetic == .int16x8Wide {
                            op.invokeOptimized(
                                input: inputData, filter: filterData, bias: b, output: y.baseAddress!,
                                scratch: s.baseAddress!, accumulator: Int64.self)
                        } else {
                            op.invokeOptimized(
                                input: inputData, filter: filterData, bias: b, output: y.baseAddress!,
                                scratch: s.baseAddress!, accumulator: Int32.self)
                        }
                    }
                }
            }
            return (reference, optimized)
        }
    }
}

@Suite struct OptimizedConv2D16x8Tests {
    static let seed: UInt64 = 0x5EED_C0DE_1608

    @Test func matchesReference() throws {
        print("OptimizedConv2D16x8Tests.matchesReference seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        var ran = 0, wide = 0, narrow = 0
        for index in 0..<700 {
            let draw = Conv16x8Draw(&random)
            guard draw.isRunnable else { continue }
            ran += 1
            if draw.arithmetic == .int16x8Wide { wide += 1 } else { narrow += 1 }
            let (reference, optimized) = try draw.run()
            #expect(optimized == reference, "case \(index): \(draw.summary)")
        }
        #expect(ran > 450)
        #expect(wide > 150 && narrow > 150)
    }

    /// Every product at its extreme (+2^22: x = -32768, w = -128) over windows of up to 2,800
    /// taps: int64 sums must not see the int32 partial sums overflow; int32 sums wrap as the
    /// reference's do.
    @Test func extremeSumsMatchReference() throws {
        var random = SplitMix64(seed: Self.seed + 1)
        for (depth, kernelWidth) in [(511, 1), (512, 1), (700, 4), (98, 7), (1, 600)] {
            for arithmetic in [QuantizedArithmetic.int16x8Wide, .int16x8Narrow] {
                var draw = Conv16x8Draw(&random)
                (draw.batches, draw.height, draw.width) = (1, 1, kernelWidth + 2)
                (draw.kernelHeight, draw.kernelWidth, draw.filterDepth, draw.inputDepth) = (
                    1, kernelWidth, depth, depth
                )
                (draw.strideHeight, draw.strideWidth, draw.dilationHeight, draw.dilationWidth) = (1, 1, 1, 1)
                (draw.outputDepth, draw.padding, draw.activation) = (5, .same, .none)
                draw.arithmetic = arithmetic
                draw.filterScales = [draw.filterScales[0]]
                draw.inputData = Array(repeating: -32768, count: draw.width * depth)
                draw.filterData = Array(repeating: -128, count: 5 * kernelWidth * depth)
                draw.bias = nil
                draw.outputHeight = 1
                draw.outputWidth = draw.width
                let (reference, optimized) = try draw.run()
                #expect(optimized == reference, "depth \(depth) k \(kernelWidth) \(arithmetic)")
            }
        }
    }

    /// The hold-out model's shape (seanet_conv0: 1x8x166x2 input, 8x7x7x2 filter, VALID).
    @Test func seanetShapeMatchesReference() throws {
        var random = SplitMix64(seed: Self.seed + 2)
        var draw = Conv16x8Draw(&random)
        (draw.batches, draw.height, draw.width, draw.inputDepth, draw.filterDepth) = (1, 8, 166, 2, 2)
        (draw.kernelHeight, draw.kernelWidth, draw.outputDepth, draw.padding) = (7, 7, 8, .valid)
        (draw.strideHeight, draw.strideWidth, draw.dilationHeight, draw.dilationWidth) = (1, 1, 1, 1)
        draw.arithmetic = .int16x8Wide
        draw.filterScales = (0..<8).map { _ in random.scale(-8, -6) }
        draw.inputData = (0..<(8 * 166 * 2)).map { _ in Int16(random.range(-32768, 32767)) }
        draw.filterData = random.int8s(8 * 7 * 7 * 2)
        draw.bias = (0..<8).map { _ in Int64(random.range(-1 << 20, 1 << 20)) }
        (draw.outputHeight, draw.outputWidth) = (2, 160)
        let (reference, optimized) = try draw.run()
        #expect(optimized == reference)
    }
}
