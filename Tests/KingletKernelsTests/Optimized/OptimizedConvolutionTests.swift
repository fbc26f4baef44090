import Testing

@testable import KingletKernels

// Differential tests: each optimized kernel against its reference kernel (the oracle, itself
// checked against pip tflite-micro in Conv2DTests / DepthwiseConv2DTests), on seeded random
// cases; every case must give the same bytes. The seed is printed; a failure names the case.

/// A seeded draw of one convolution's parameters, wider than the pip-vector cases: 1x1 and 3x3
/// often, strides and dilations to 3, depths that leave odd channel and pixel tails, extreme
/// zero points, per-channel or single scales, with and without bias.
struct ConvolutionDraw {
    var batches = 1, height = 1, width = 1, inputDepth = 1, filterDepth = 1, outputDepth = 1
    var kernelHeight = 1, kernelWidth = 1, depthMultiplier = 1
    var strideHeight = 1, strideWidth = 1, dilationHeight = 1, dilationWidth = 1
    var padding = Padding.same
    var inputScale: Float = 0, inputZeroPoint: Int32 = 0
    var filterScales: [Float] = []
    var outputScale: Float = 0, outputZeroPoint: Int32 = 0
    var activation = FusedActivation.none
    var inputData: [Int8] = [], filterData: [Int8] = [], bias: [Int32]? = nil
    var outputHeight = 0, outputWidth = 0

    init(_ random: inout SplitMix64, depthwise: Bool) {
        batches = Int(random.range(1, 2))
        height = Int(random.range(1, 12))
        width = Int(random.range(1, 12))
        let shape = random.range(0, 3)
        kernelHeight = shape == 0 ? 1 : shape == 1 ? 3 : Int(random.range(1, 5))
        kernelWidth = shape == 0 ? 1 : shape == 1 ? 3 : Int(random.range(1, 5))
        strideHeight = Int(random.range(1, 3))
        strideWidth = Int(random.range(1, 3))
        dilationHeight = random.range(0, 3) == 0 ? Int(random.range(2, 3)) : 1
        dilationWidth = random.range(0, 3) == 0 ? Int(random.range(2, 3)) : 1
        padding = random.range(0, 1) == 0 ? .same : .valid
        inputDepth = Int(random.range(1, 9))
        if depthwise {
            depthMultiplier = random.range(0, 2) == 0 ? Int(random.range(2, 8)) : 1
            outputDepth = inputDepth * depthMultiplier
        } else {
            // Sometimes grouped: the input depth a multiple of the filter depth.
            let groups = random.range(0, 3) == 0 ? Int(random.range(2, 3)) : 1
            outputDepth = groups * Int(random.range(1, 5))
            filterDepth = inputDepth
            inputDepth *= groups
        }
        inputScale = random.scale(-8, -2)
        let zeroPoints: [Int32] = [-128, 127, 0]
        inputZeroPoint = random.range(0, 3) == 0 ? zeroPoints[Int(random.range(0, 2))] : random.range(-128, 127)
        let perChannel = random.range(0, 1) == 1
        filterScales = (0..<(perChannel ? outputDepth : 1)).map { _ in random.scale(-10, -4) }
        outputScale = random.scale(-6, 0)
        outputZeroPoint = random.range(-128, 127)
        activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
        let hasBias = random.range(0, 3) != 0
        inputData = random.int8s(batches * height * width * inputDepth)
        let filterCount = kernelHeight * kernelWidth * (depthwise ? outputDepth : outputDepth * filterDepth)
        filterData = random.int8s(filterCount, -127, 127)
        if hasBias { bias = (0..<outputDepth).map { _ in random.range(-50000, 50000) } }
        let same = padding == .same
        outputHeight = windowOutputSize(same: same, height, kernelHeight, strideHeight, dilationHeight)
        outputWidth = windowOutputSize(same: same, width, kernelWidth, strideWidth, dilationWidth)
    }

    var isRunnable: Bool { outputHeight >= 1 && outputWidth >= 1 }
    var input: Dims4 { Dims4(batches, height, width, inputDepth) }
    var output: Dims4 { Dims4(batches, outputHeight, outputWidth, outputDepth) }
    var outputCount: Int { batches * outputHeight * outputWidth * outputDepth }
    var summary: String {
        "in \(batches)x\(height)x\(width)x\(inputDepth) f \(filterDepth) k \(kernelHeight)x\(kernelWidth) out \(outputDepth) "
            + "dm \(depthMultiplier) s \(strideHeight),\(strideWidth) d \(dilationHeight),\(dilationWidth) "
            + "\(padding) zp \(inputZeroPoint) scales \(filterScales.count) bias \(bias != nil)"
    }

    /// Reference and optimized outputs of CONV_2D; `foldAtPrepare` false makes the invoke fold.
    func conv2D(foldAtPrepare: Bool) throws -> (reference: [Int8], optimized: [Int8]) {
        let filter = Dims4(outputDepth, kernelHeight, kernelWidth, filterDepth)
        return try withScaleList(filterScales) { scales in
            let op = try Conv2D(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation, padding: padding,
                strideHeight: strideHeight, strideWidth: strideWidth, dilationHeight: dilationHeight,
                dilationWidth: dilationWidth, input: input, filter: filter, output: output,
                biasElementCount: bias?.count)
            var scratch = [Int32](
                repeating: 0,
                count: max(Conv2D.scratchCount(filter: filter), OptimizedConv2D.scratchCount(op), 1))
            var table = [Int32](repeating: 0, count: OptimizedConv2D.tableCount(op))
            var reference = [Int8](repeating: 0, count: outputCount)
            var optimized = [Int8](repeating: 0, count: outputCount)
            scratch.withUnsafeMutableBufferPointer { slots in
                table.withUnsafeMutableBufferPointer { table in
                    withPointers(inputData, filterData, bias, &reference) { x, w, b, y in
                        op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                    }
                    withPointers(inputData, filterData, bias, &optimized) { x, w, b, y in
                        let fast = OptimizedConv2D(
                            op, table: table.baseAddress, filter: foldAtPrepare ? w : nil, bias: b)
                        fast.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                    }
                }
            }
            return (reference, optimized)
        }
    }

    /// Reference and optimized outputs of DEPTHWISE_CONV_2D.
    func depthwiseConv2D(foldAtPrepare: Bool) throws -> (reference: [Int8], optimized: [Int8]) {
        let filter = Dims4(1, kernelHeight, kernelWidth, outputDepth)
        return try withScaleList(filterScales, quantizedDimension: 3) { scales in
            let op = try DepthwiseConv2D(
                inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation, padding: padding,
                depthMultiplier: depthMultiplier, strideHeight: strideHeight, strideWidth: strideWidth,
                dilationHeight: dilationHeight, dilationWidth: dilationWidth, input: input, filter: filter,
                output: output, biasElementCount: bias?.count)
            var scratch = [Int32](
                repeating: 0,
                count: max(DepthwiseConv2D.scratchCount(filter: filter), OptimizedDepthwiseConv2D.scratchCount(op), 1))
            var table = [Int32](repeating: 0, count: OptimizedDepthwiseConv2D.tableCount(op))
            var reference = [Int8](repeating: 0, count: outputCount)
            var optimized = [Int8](repeating: 0, count: outputCount)
            scratch.withUnsafeMutableBufferPointer { slots in
                table.withUnsafeMutableBufferPointer { table in
                    withPointers(inputData, filterData, bias, &reference) { x, w, b, y in
                        op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                    }
                    withPointers(inputData, filterData, bias, &optimized) { x, w, b, y in
                        let fast = OptimizedDepthwiseConv2D(
                            op, table: table.baseAddress, filter: foldAtPrepare ? w : nil, bias: b)
                        fast.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                    }
                }
            }
            return (reference, optimized)
        }
    }
}

@Suite struct OptimizedConvolutionTests {
    static let seed: UInt64 = 0x5EED_C0DE_0010

    @Test func conv2DMatchesReference() throws {
        print("OptimizedConvolutionTests.conv2DMatchesReference seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        var ran = 0
        for index in 0..<600 {
            let draw = ConvolutionDraw(&random, depthwise: false)
            guard draw.isRunnable else { continue }
            ran += 1
            let (reference, optimized) = try draw.conv2D(foldAtPrepare: index % 5 != 0)
            #expect(optimized == reference, "case \(index): \(draw.summary)")
        }
        #expect(ran > 400)
    }

    @Test func depthwiseConv2DMatchesReference() throws {
        print("OptimizedConvolutionTests.depthwiseConv2DMatchesReference seed \(Self.seed + 1)")
        var random = SplitMix64(seed: Self.seed + 1)
        var ran = 0
        for index in 0..<600 {
            let draw = ConvolutionDraw(&random, depthwise: true)
            guard draw.isRunnable else { continue }
            ran += 1
            let (reference, optimized) = try draw.depthwiseConv2D(foldAtPrepare: index % 5 != 0)
            #expect(optimized == reference, "case \(index): \(draw.summary)")
        }
        #expect(ran > 400)
    }

    /// The requantization shortcut against multiplyByQuantizedMultiplier: random and extreme
    /// accumulators, multipliers (0, negative, Int32.min/max) and every shift in -31...30.
    @Test func fastRequantizationMatchesReference() {
        print("OptimizedConvolutionTests.fastRequantizationMatchesReference seed \(Self.seed + 2)")
        var random = SplitMix64(seed: Self.seed + 2)
        let extremes: [Int32] = [0, 1, -1, 2, -2, .max, .min, .max - 1, .min + 1, 1 << 30, -(1 << 30)]
        for _ in 0..<20000 {
            let x = random.range(0, 3) == 0 ? extremes[Int(random.range(0, 10))] : random.int32()
            let draw = random.range(0, 3)
            let multiplier =
                draw == 0
                ? extremes[Int(random.range(0, 10))] : draw == 1 ? random.range(1 << 30, .max) : random.int32()
            let shift = random.range(-31, 30)
            #expect(
                fastMultiplyByQuantizedMultiplier(x, multiplier, shift)
                    == multiplyByQuantizedMultiplier(x, multiplier, shift),
                "x \(x) multiplier \(multiplier) shift \(shift)")
        }
    }
}
