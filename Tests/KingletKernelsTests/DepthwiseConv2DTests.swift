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
    /// 16x8 (int16 activations, int8 weights; int64, int32 or no bias) against pip tflite-micro.
    @Test func int16x8MatchesTFLM() throws {
        for (index, testCase) in depthwiseConv2DInt16x8Cases.enumerated() {
            #expect(try testCase.runDepthwiseConv2D() == testCase.expected, "case \(index)")
        }
    }

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

// tools/vectors/conv16_vectors.py dwconv 16 14 (pip tflite-micro 0.dev20261023182759; setup in
// tools/vectors/README.md): its output verbatim.
let depthwiseConv2DInt16x8Cases: [Int16x8Case] = [
    Int16x8Case(
        [2, 4, 4, 1], [1, 2, 2, 2], [2, 2, 1, 2], stride: (1, 2), dilation: (2, 2), .valid, multiplier: 2,
        q: (0x3cca7164, -27, [0x3b1be5db, 0x3c4e8ff1], 0, 0x3da1e81a, 0), activation: 0,
        biasBits: 0, quantizedBiasInt32: false,
        x: [
            -22900, 31349, 17393, 28722, -32768, -14447, 22429, 18630, -20883, 2988, 6587, 6328, 21108, 32767, -11464,
            32767, 8681, 14679, -25252, -16902, 23062, 32767, -32768, 1318, -18914, 14409, 31054, -26751, -32768, 7190,
            -32768, -25325,
        ],
        w: [92, 64, -37, 90, -47, -4, -38, -37],
        bias: nil,
        expected: [-1501, -238, -3273, 1029, 1072, -10997, 4550, -511]),
    Int16x8Case(
        [2, 4, 2, 3], [1, 3, 2, 6], [2, 1, 1, 6], stride: (2, 1), dilation: (1, 1), .valid, multiplier: 2,
        q: (0x3da209b1, 0, [0x3bf4984f, 0x3d2da447, 0x3b4bce02, 0x3d660871, 0x3bdd9438, 0x3b64d799], 0, 0x3db35103, 0),
        activation: 1,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            -26228, 17538, 8151, -16271, -28432, 4833, -29826, -9515, -11017, 3883, -20397, 13626, 20697, 25788, 25927,
            -13106, 6548, 489, 14292, -5694, 27994, 863, 29124, 29690, -26494, 9918, -30849, -32768, 7810, -8045, 10003,
            249, -1959, -29627, 23855, 32470, 11887, -16219, -32768, 22195, 2901, 7353, 6230, 10806, -14187, 24146,
            -32768, 27923,
        ],
        w: [
            -26, -29, -122, 56, -21, 99, -82, 32, 79, -17, 89, 50, -111, -97, -27, -126, 102, -36, -84, 121, 87, 40, 92,
            65, 19, -14, 24, 114, -13, -21, 26, 70, -33, -15, -69, 101,
        ],
        bias: [-1887750, -1323009, 1743865, -291906, 920789, 1359225],
        expected: [21351, 32767, 0, 32767, 5737, 10081, 24750, 0, 7684, 0, 21745, 4780]),
    Int16x8Case(
        [2, 2, 4, 1], [1, 3, 3, 2], [2, 1, 2, 2], stride: (2, 2), dilation: (2, 2), .same, multiplier: 2,
        q: (0x3b3b3c30, 0, [0x3b90ce76], 0, 0x3baebe2b, -48), activation: 1,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            24266, -9604, 25381, -32768, 32767, 32767, 26583, -32768, 4662, -22533, 10789, 13510, 29205, -16032, 32660,
            26499,
        ],
        w: [-71, 56, -118, 125, -66, 104, 112, 55, 93, 77, -39, -58, -100, 114, -105, 55, -36, -79],
        bias: [-734828, -203945],
        expected: [8500, 9990, -48, -48, -48, -48, -48, 2260]),
    Int16x8Case(
        [2, 5, 3, 2], [1, 2, 1, 2], [2, 3, 3, 2], stride: (1, 1), dilation: (2, 1), .valid, multiplier: 1,
        q: (0x39b86def, 0, [0x3b24fa7f], 0, 0x39a9be26, 28), activation: 0,
        biasBits: 0, quantizedBiasInt32: false,
        x: [
            -12706, -28378, -13621, -32005, 886, -10498, 4761, 32767, -20942, 24824, 18350, 1752, 27746, 7422, 9258,
            -32768, 19903, 32767, -22646, -22398, -13707, 32767, -12435, 30192, 8120, -14452, -21579, -16587, -29538,
            8858, -19863, -199, 30269, -10127, -25187, -20422, -19379, -32768, 25364, -27272, -20064, -9342, -26331,
            22385, -27267, -5843, 32767, -3987, 146, -4381, -32768, -17210, 11750, 30520, 32767, -9957, -31013, -7214,
            -17793, 13346,
        ],
        w: [-17, 47, -14, -41],
        bias: nil,
        expected: [
            -472, -4480, 279, -440, -803, -5024, 646, 6724, 1499, -483, -377, -3161, -1601, 2575, 396, -2352, 206, 3219,
            1932, -2536, -363, -647, -84, -2178, 895, -3721, 75, -1576, 483, -4623, -30, 3994, 2455, 58, -842, -2009,
        ]),
    Int16x8Case(
        [2, 5, 1, 1], [1, 1, 3, 2], [2, 5, 1, 2], stride: (1, 1), dilation: (2, 1), .same, multiplier: 2,
        q: (0x3ce7a9f8, -16, [0x3d685f46, 0x3c3e98f3], 0, 0x3fc5557f, 0), activation: 1,
        biasBits: 64, quantizedBiasInt32: false,
        x: [-15147, 32767, -32768, 7902, 2600, 32767, 7762, 14483, -11840, 17299],
        w: [-34, -125, -73, 91, -83, 107],
        bias: [1364905, 1886640],
        expected: [2571, 108, 0, 1039, 3910, 0, 820, 556, 1223, 453, 0, 1039, 831, 553, 320, 684, 2320, 173, 106, 739]),
    Int16x8Case(
        [1, 2, 4, 1], [1, 2, 2, 2], [1, 1, 4, 2], stride: (2, 1), dilation: (2, 2), .same, multiplier: 2,
        q: (0x3cf51a4a, 0, [0x3c18c278], 0, 0x3fa482a3, -2), activation: 2,
        biasBits: 64, quantizedBiasInt32: false,
        x: [10244, -25527, -5850, -32355, -21536, 28161, -15047, -32768],
        w: [-23, -44, -14, 66, -61, -125, 113, 70],
        bias: [252354, -1955452],
        expected: [-1, -3, -1, -3, -1, -3, -1, -3]),
    Int16x8Case(
        [1, 4, 2, 2], [1, 2, 1, 2], [1, 1, 1, 2], stride: (2, 2), dilation: (2, 2), .valid, multiplier: 1,
        q: (0x3c1289c4, 38, [0x3c0a98af, 0x3c5c660f], 0, 0x3de49966, -38), activation: 0,
        biasBits: 0, quantizedBiasInt32: false,
        x: [
            -23220, -3675, 2493, -19610, -26997, 22179, 16511, 7745, -13096, -32768, 6104, -16813, 9849, -19416, -29091,
            30265,
        ],
        w: [-55, 58, -15, -21],
        bias: nil,
        expected: [999, 512]),
    Int16x8Case(
        [2, 2, 2, 3], [1, 2, 2, 6], [2, 1, 2, 6], stride: (2, 1), dilation: (2, 2), .same, multiplier: 2,
        q: (0x3d681ea8, 0, [0x3c70612f], 0, 0x3eac297c, 0), activation: 1,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            21969, -30901, -6631, 9005, 28243, -30591, 8675, 3492, -2038, -8227, 5937, -16221, 28781, 7126, 12804,
            -7220, -30021, 6141, 29763, -25590, -32768, -32768, -18659, -32768,
        ],
        w: [
            -113, 55, 7, 14, -80, -21, -90, -41, 127, 67, -8, -126, 37, 24, 44, -93, -51, 21, -14, 83, -22, -29, 24,
            -97,
        ],
        bias: [-1189227, 1909940, 1319654, -17009, 1606878, -1087758],
        expected: [
            0, 3810, 12132, 4637, 4578, 6841, 0, 7710, 2728, 0, 5285, 0, 0, 5455, 0, 0, 3852, 0, 0, 8637, 3386, 205,
            1440, 0,
        ]),
    Int16x8Case(
        [1, 5, 5, 4], [1, 3, 1, 8], [1, 1, 5, 8], stride: (1, 1), dilation: (2, 1), .valid, multiplier: 2,
        q: (
            0x3d733ba3, 0,
            [0x3d3ba684, 0x3b33edcc, 0x3d7d1a3c, 0x3d516281, 0x3cbd5df1, 0x3c276593, 0x3d4996ae, 0x3ba87379], 0,
            0x40cce51d, 0
        ), activation: 3,
        biasBits: 0, quantizedBiasInt32: false,
        x: [
            -15888, -22790, -32768, -30415, 25258, 32767, 1164, -23623, -17199, 7221, 3306, -29885, 7461, 6487, -32768,
            15208, -10636, -30118, -32768, 8957, 3647, -19096, 21258, -10098, 30027, 7891, -19488, 13268, 11376, -23966,
            8531, -19543, -28790, -14270, 14268, -30951, -22295, -32768, -32768, 10280, 10782, 5939, 23801, 7916, -8557,
            21323, -25160, -18890, -32768, 32767, -10306, 24741, 17054, 32767, -24171, -8199, 6934, 919, 26346, -32768,
            -28823, -23949, 23132, 2790, -32768, 32767, -19616, 25195, -22557, 32767, 32767, 32767, 17614, -29820,
            -3596, 17689, 20492, 8647, 3337, 32767, 26648, -13432, -21978, 26494, 630, -31843, 32767, -11157, 29643,
            -9245, -10133, -28369, 30073, -32768, -16672, -29942, 18665, 20176, 8431, -17712,
        ],
        w: [
            32, 17, -75, -88, -80, -84, 58, -94, 44, 4, 115, 4, 102, 47, 127, 109, 115, 115, -111, -92, -40, 4, -21,
            -113,
        ],
        bias: nil,
        expected: [
            1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 0, 0,
        ]),
    Int16x8Case(
        [2, 3, 2, 2], [1, 1, 2, 4], [2, 3, 2, 4], stride: (1, 1), dilation: (1, 1), .same, multiplier: 2,
        q: (0x3c5079da, 0, [0x3b21e04d], 0, 0x3d6c184b, -17), activation: 2,
        biasBits: 0, quantizedBiasInt32: false,
        x: [
            16110, -18651, -27202, -9902, -28458, -7221, -5163, 11502, 14784, -14455, -10808, -13251, -10902, -10898,
            22026, -11776, -24835, -17151, -32768, -28233, -9670, -32768, 11072, 32767,
        ],
        w: [-40, 80, 102, 36, 11, 110, -52, 12],
        bias: nil,
        expected: [
            -34, -34, -34, -34, 0, -34, -34, -34, 0, -34, -34, -34, 0, -34, 0, 0, -34, -3, -34, -34, 0, -34, -34, -34,
            0, 0, -34, -34, -34, 0, -34, -34, 0, -34, -34, -34, 0, -34, -34, -34, 0, 0, -34, -34, -34, 0, 0, 0,
        ]),
    Int16x8Case(
        [2, 2, 4, 2], [1, 3, 3, 2], [2, 1, 4, 2], stride: (2, 1), dilation: (2, 1), .same, multiplier: 1,
        q: (0x3db34cf1, 0, [0x3bb3bf7a], 0, 0x3e90702a, 5), activation: 1,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            -24860, -30929, -3455, -31213, 19954, -32768, 3754, -32768, 1727, -5398, -29818, -10322, 32767, 10471,
            -1343, 27951, 27220, 23461, -19259, 3904, 32767, 32767, -1054, -17496, 1327, -32768, 11103, 15543, -32768,
            -23411, 22038, -25474,
        ],
        w: [22, 110, -106, 53, -91, -63, 120, -81, -126, 44, -85, 47, -54, 32, 84, -55, 6, -45],
        bias: [-1631768, -654928],
        expected: [1166, 5, 5, 5, 5, 3329, 4204, 5, 5, 5, 5, 2695, 3330, 5, 5, 205]),
    Int16x8Case(
        [2, 1, 1, 1], [1, 1, 1, 2], [2, 1, 1, 2], stride: (2, 2), dilation: (2, 1), .same, multiplier: 2,
        q: (0x3a1610cc, 0, [0x3c1783e5, 0x3c569b1f], 0, 0x3bc1402f, 0), activation: 2,
        biasBits: 64, quantizedBiasInt32: false,
        x: [-15376, 13420],
        w: [-20, 61],
        bias: [699187, 1473073],
        expected: [170, 170, 170, 170]),
    Int16x8Case(
        [1, 2, 5, 2], [1, 1, 1, 4], [1, 1, 3, 4], stride: (2, 2), dilation: (1, 2), .valid, multiplier: 2,
        q: (0x3dcd81d6, 0, [0x3bb23e1e], 0, 0x3f65fff5, 0), activation: 0,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            14331, 4686, -32768, -27548, -18273, 8819, 11462, -30845, -13245, 3570, -32768, 29684, 14526, 9182, -10990,
            -27621, 23696, -12104, -8088, -6921,
        ],
        w: [115, -82, 118, 62],
        bias: [-1818355, -625591, 108742, -844052],
        expected: [-103, -1094, 402, -336, -2381, 530, 698, -181, -2030, 280, 322, -378]),
    Int16x8Case(
        [2, 5, 4, 2], [1, 2, 1, 4], [2, 3, 4, 4], stride: (2, 1), dilation: (2, 2), .same, multiplier: 2,
        q: (0x3c81b2b0, 0, [0x3c6e76ae], 0, 0x3f582c53, 13), activation: 3,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            6236, -15364, 21793, -1049, -686, -13795, 9910, -28927, 6257, 28526, -3309, 32767, 15445, -10320, 29463,
            -32768, 12130, 10502, -22488, -13824, -24380, 29225, 32767, -31173, 16954, -16346, 3618, -20976, -9994,
            30047, -1450, 12734, 7465, 13790, -2082, -32768, -2317, 30439, 18, -14382, -6968, 5992, -11511, 6560,
            -12722, -13814, -20061, 32134, -31649, 32767, 15450, -11326, 28990, -22261, -32768, 2730, 2536, 4303, 13629,
            -32768, 7613, 21879, 9670, -24801, 14629, -20625, 24555, -18661, 9974, -14862, -10326, 14773, 21275, 13121,
            -10362, 23696, 32427, -167, 354, 15570,
        ],
        w: [84, -114, -57, 60, 29, 17, -16, -125],
        bias: [1959227, 1364229, -967147, -30779],
        expected: [
            20, 20, 13, 13, 20, 20, 13, 13, 20, 20, 13, 20, 20, 20, 13, 20, 20, 20, 13, 20, 20, 20, 13, 20, 20, 13, 13,
            13, 20, 13, 20, 13, 20, 13, 13, 13, 20, 20, 20, 13, 20, 20, 13, 20, 20, 20, 13, 20, 20, 20, 13, 13, 20, 20,
            13, 20, 20, 20, 13, 20, 20, 20, 13, 13, 13, 20, 13, 20, 20, 13, 13, 20, 20, 13, 20, 20, 13, 20, 13, 13, 20,
            13, 20, 13, 20, 13, 20, 13, 20, 20, 13, 13, 20, 20, 13, 20,
        ]),
]
