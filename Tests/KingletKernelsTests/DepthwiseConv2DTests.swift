import Testing

@testable import KingletKernels

// Random cases run on the reference, pip tflite-micro 0.dev20261023182759, by
// tools/vectors/dwconv_vectors.py (not run in CI; builds a one-operator .tflite per case; setup in
// tools/vectors/README.md):
//   python3 tools/vectors/dwconv_vectors.py 80 300   ->  0xb4cc05a37fcfab60 (234 cases with a non-empty output)
// DepthwiseConv2DCase mirrors its draw order exactly; the digest covers every output byte.

struct DepthwiseConv2DCase {
    var input = Dims4(0, 0, 0, 0), filter = Dims4(0, 0, 0, 0), output = Dims4(0, 0, 0, 0)
    var depthMultiplier = 1
    var strideHeight = 1, strideWidth = 1, dilationHeight = 1, dilationWidth = 1
    var padding = Padding.same
    var inputScale: Float = 0, inputZeroPoint: Int32 = 0
    var filterScales: [Float] = []
    var outputScale: Float = 0, outputZeroPoint: Int32 = 0
    var activation = FusedActivation.none
    var inputData: [Int8] = [], filterData: [Int8] = [], bias: [Int32]? = nil

    init(_ random: inout SplitMix64) {
        let batches = Int(random.range(1, 2)), height = Int(random.range(1, 9)), width = Int(random.range(1, 9))
        let inputDepth = Int(random.range(1, 6))
        depthMultiplier = Int(random.range(1, 3))
        let outputDepth = inputDepth * depthMultiplier
        let kernelHeight = Int(random.range(1, 4)), kernelWidth = Int(random.range(1, 4))
        strideHeight = Int(random.range(1, 3)); strideWidth = Int(random.range(1, 3))
        dilationHeight = Int(random.range(1, 2)); dilationWidth = Int(random.range(1, 2))
        padding = random.range(0, 1) == 0 ? .same : .valid
        inputScale = random.scale(-8, -2)
        inputZeroPoint = random.range(-128, 127)
        let perChannel = random.range(0, 1) == 1
        filterScales = (0..<(perChannel ? outputDepth : 1)).map { _ in random.scale(-10, -4) }
        outputScale = random.scale(-6, 0)
        outputZeroPoint = random.range(-128, 127)
        activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
        let hasBias = random.range(0, 3) != 0
        input = Dims4(batches, height, width, inputDepth)
        filter = Dims4(1, kernelHeight, kernelWidth, outputDepth)
        inputData = random.int8s(batches * height * width * inputDepth)
        filterData = random.int8s(kernelHeight * kernelWidth * outputDepth, -127, 127)
        if hasBias { bias = (0..<outputDepth).map { _ in random.range(-5000, 5000) } }
        output = Dims4(
            batches,
            windowOutputSize(same: padding == .same, height, kernelHeight, strideHeight, dilationHeight),
            windowOutputSize(same: padding == .same, width, kernelWidth, strideWidth, dilationWidth),
            outputDepth)
    }

    var isRunnable: Bool { output.d1 >= 1 && output.d2 >= 1 }

    func run() throws -> [Int8] {
        try withScaleList(filterScales, quantizedDimension: 3) { scales in
            var storage = [Int32](repeating: 0, count: DepthwiseConv2D.scratchCount(filter: filter))
            return try storage.withUnsafeMutableBufferPointer { slots in
                let op = try DepthwiseConv2D(
                    inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                    outputScale: outputScale, outputZeroPoint: outputZeroPoint,
                    activation: activation, padding: padding, depthMultiplier: depthMultiplier,
                    strideHeight: strideHeight, strideWidth: strideWidth,
                    dilationHeight: dilationHeight, dilationWidth: dilationWidth,
                    input: input, filter: filter, output: output, biasElementCount: bias?.count)
                var result = [Int8](repeating: 0, count: output.d0 * output.d1 * output.d2 * output.d3)
                withPointers(inputData, filterData, bias, &result) { x, w, b, y in
                    op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                }
                return result
            }
        }
    }
}

@Suite struct DepthwiseConv2DTests {
    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 80)
        var digest = Fnv()
        var ran = 0
        for _ in 0..<300 {
            let testCase = DepthwiseConv2DCase(&random)
            guard testCase.isRunnable else { continue }
            ran += 1
            for value in try testCase.run() { digest.mix(Int32(value)) }
        }
        #expect(ran == 234)
        #expect(digest.hash == 0xb4cc_05a3_7fcf_ab60)
    }

    /// With depth multiplier 1 and one input channel per group, CONV_2D with groups == depth
    /// computes the same thing: an independent property check of the indexing.
    @Test func agreesWithGroupedConv() throws {
        var random = SplitMix64(seed: 81)
        var checked = 0
        while checked < 40 {
            var depthwise = DepthwiseConv2DCase(&random)
            guard depthwise.isRunnable else { continue }
            depthwise.depthMultiplier = 1
            let depth = depthwise.input.d3
            depthwise.filter.d3 = depth
            depthwise.output.d3 = depth
            let taps = depthwise.filter.d1 * depthwise.filter.d2
            depthwise.filterData = Array(depthwise.filterData.prefix(taps * depth))
            depthwise.filterScales = Array(depthwise.filterScales.prefix(depthwise.filterScales.count == 1 ? 1 : depth))
            if let bias = depthwise.bias { depthwise.bias = Array(bias.prefix(depth)) }

            var conv = Conv2DCase(&random)
            conv.input = depthwise.input
            conv.filter = Dims4(depth, depthwise.filter.d1, depthwise.filter.d2, 1)
            conv.output = depthwise.output
            (conv.strideHeight, conv.strideWidth) = (depthwise.strideHeight, depthwise.strideWidth)
            (conv.dilationHeight, conv.dilationWidth) = (depthwise.dilationHeight, depthwise.dilationWidth)
            conv.padding = depthwise.padding
            (conv.inputScale, conv.inputZeroPoint) = (depthwise.inputScale, depthwise.inputZeroPoint)
            (conv.outputScale, conv.outputZeroPoint) = (depthwise.outputScale, depthwise.outputZeroPoint)
            conv.filterScales = depthwise.filterScales
            conv.activation = depthwise.activation
            conv.inputData = depthwise.inputData
            conv.bias = depthwise.bias
            // 1HWO -> OHW1
            conv.filterData = (0..<depth).flatMap { channel in
                (0..<taps).map { depthwise.filterData[$0 * depth + channel] }
            }
            #expect(try conv.run() == depthwise.run())
            checked += 1
        }
    }

    /// pip tflite-micro accepts per-channel scales with a single zero point (its allocator expands
    /// it; `python3 tools/vectors/dwconv_vectors.py single-zp`), so Kinglet must not reject them either.
    @Test func acceptsSingleZeroPointWithPerChannelScales() throws {
        let bytes = littleEndianBytes([0.1, 0.2])
        var storage = [Int32](repeating: 0, count: 4)
        try bytes.withUnsafeBytes { raw in
            try storage.withUnsafeMutableBufferPointer { slots in
                _ = try DepthwiseConv2D(
                    inputScale: 0.5, inputZeroPoint: 0,
                    filterScales: ScaleList(base: raw.baseAddress, count: 2, quantizedDimension: 3, zeroPointCount: 1),
                    outputScale: 0.5, outputZeroPoint: 0, activation: .none, padding: .valid, depthMultiplier: 1,
                    strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
                    input: Dims4(1, 2, 2, 2), filter: Dims4(1, 1, 1, 2), output: Dims4(1, 2, 2, 2),
                    biasElementCount: nil)
                _ = slots
            }
        }
    }

    @Test func rejectsDepthMismatch() {
        var random = SplitMix64(seed: 82)
        var testCase = DepthwiseConv2DCase(&random)
        while !testCase.isRunnable { testCase = DepthwiseConv2DCase(&random) }
        var wrongMultiplier = testCase
        wrongMultiplier.depthMultiplier += 1
        #expect(throws: KernelError.self) { try wrongMultiplier.run() }
        var zeroMultiplier = testCase
        zeroMultiplier.depthMultiplier = 0
        #expect(throws: KernelError.self) { try zeroMultiplier.run() }
    }
}

extension DepthwiseConv2DTests {
    @Test func hostileDepthMultiplierThrowsInsteadOfTrapping() {
        var random = SplitMix64(seed: 83)
        var testCase = DepthwiseConv2DCase(&random)
        while !testCase.isRunnable { testCase = DepthwiseConv2DCase(&random) }
        testCase.depthMultiplier = Int.max / 2
        #expect(throws: KernelError.self) { try testCase.run() }
    }
}
