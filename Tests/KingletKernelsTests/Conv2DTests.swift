import Testing

@testable import KingletKernels

// Random cases run on the reference, pip tflite-micro 0.dev20261023182759, by
// tools/vectors/conv_vectors.py (not run in CI; builds a one-operator .tflite per case; setup in
// tools/vectors/README.md):
//   python3 tools/vectors/conv_vectors.py 70 300   ->  0x15c4a2f9feb16c50 (232 cases with a non-empty output)
// Conv2DCase mirrors its draw order exactly; the digest covers every output byte.

/// Truncating-division output size, -1 when the numerator is negative (the generator's rule).
func windowOutputSize(same: Bool, _ size: Int, _ kernel: Int, _ stride: Int, _ dilation: Int) -> Int {
    let effective = (kernel - 1) * dilation + 1
    let numerator = same ? size + stride - 1 : size + stride - effective
    return numerator >= 0 ? numerator / stride : -1
}

struct Conv2DCase {
    var input = Dims4(0, 0, 0, 0), filter = Dims4(0, 0, 0, 0), output = Dims4(0, 0, 0, 0)
    var strideHeight = 1, strideWidth = 1, dilationHeight = 1, dilationWidth = 1
    var padding = Padding.same
    var inputScale: Float = 0, inputZeroPoint: Int32 = 0
    var filterScales: [Float] = []
    var outputScale: Float = 0, outputZeroPoint: Int32 = 0
    var activation = FusedActivation.none
    var inputData: [Int8] = [], filterData: [Int8] = [], bias: [Int32]? = nil

    init(_ random: inout SplitMix64) {
        let batches = Int(random.range(1, 2)), height = Int(random.range(1, 9)), width = Int(random.range(1, 9))
        let groups = random.range(0, 3) == 0 ? 2 : 1
        let filterDepth = Int(random.range(1, 6))
        let outputDepth = groups * Int(random.range(1, 4))
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
        input = Dims4(batches, height, width, filterDepth * groups)
        filter = Dims4(outputDepth, kernelHeight, kernelWidth, filterDepth)
        inputData = random.int8s(batches * height * width * input.d3)
        filterData = random.int8s(outputDepth * kernelHeight * kernelWidth * filterDepth, -127, 127)
        if hasBias { bias = (0..<outputDepth).map { _ in random.range(-5000, 5000) } }
        output = Dims4(
            batches,
            windowOutputSize(same: padding == .same, height, kernelHeight, strideHeight, dilationHeight),
            windowOutputSize(same: padding == .same, width, kernelWidth, strideWidth, dilationWidth),
            outputDepth)
    }

    var isRunnable: Bool { output.d1 >= 1 && output.d2 >= 1 }

    func run() throws -> [Int8] {
        try withScaleList(filterScales) { scales in
            var storage = [Int32](repeating: 0, count: Conv2D.scratchCount(filter: filter))
            return try storage.withUnsafeMutableBufferPointer { slots in
                let op = try Conv2D(
                    inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                    outputScale: outputScale, outputZeroPoint: outputZeroPoint,
                    activation: activation, padding: padding,
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

/// Hands out base pointers of test arrays (bias may be absent).
func withPointers(
    _ input: [Int8], _ filter: [Int8], _ bias: [Int32]?, _ output: inout [Int8],
    _ body: (UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int32>?, UnsafeMutablePointer<Int8>) -> Void
) {
    input.withUnsafeBufferPointer { x in
        filter.withUnsafeBufferPointer { w in
            output.withUnsafeMutableBufferPointer { y in
                if let bias {
                    bias.withUnsafeBufferPointer { b in
                        body(x.baseAddress!, w.baseAddress!, b.baseAddress!, y.baseAddress!)
                    }
                } else {
                    body(x.baseAddress!, w.baseAddress!, nil, y.baseAddress!)
                }
            }
        }
    }
}

@Suite struct Conv2DTests {
    /// 16x8 (int16 activations, int8 weights; int64, int32 or no bias) against pip tflite-micro.
    @Test func int16x8MatchesTFLM() throws {
        for (index, testCase) in conv2DInt16x8Cases.enumerated() {
            #expect(try testCase.runConv2D() == testCase.expected, "case \(index)")
        }
    }

    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 70)
        var digest = Fnv()
        var ran = 0
        for _ in 0..<300 {
            let testCase = Conv2DCase(&random)
            guard testCase.isRunnable else { continue }
            ran += 1
            for value in try testCase.run() { digest.mix(Int32(value)) }
        }
        #expect(ran == 232)
        #expect(digest.hash == 0x15c4_a2f9_feb1_6c50)
    }

    /// A single filter scale broadcast must equal the same scale repeated per channel.
    @Test func perTensorEqualsRepeatedPerChannel() throws {
        var random = SplitMix64(seed: 71)
        for _ in 0..<50 {
            var testCase = Conv2DCase(&random)
            guard testCase.isRunnable else { continue }
            testCase.filterScales = [testCase.filterScales[0]]
            let broadcast = try testCase.run()
            testCase.filterScales = Array(repeating: testCase.filterScales[0], count: testCase.filter.d0)
            #expect(try testCase.run() == broadcast)
        }
    }

    @Test func activationClampIsRespected() throws {
        var random = SplitMix64(seed: 72)
        for _ in 0..<50 {
            var testCase = Conv2DCase(&random)
            guard testCase.isRunnable else { continue }
            testCase.activation = .relu6
            let range = try quantizedActivationRange(
                .relu6, outputScale: testCase.outputScale, outputZeroPoint: testCase.outputZeroPoint)
            for value in try testCase.run() { #expect(Int32(value) >= range.min && Int32(value) <= range.max) }
        }
    }

    @Test func rejectsInconsistentShapes() {
        var random = SplitMix64(seed: 73)
        var testCase = Conv2DCase(&random)
        while !testCase.isRunnable { testCase = Conv2DCase(&random) }
        var wrongHeight = testCase
        wrongHeight.output.d1 += 1
        #expect(throws: KernelError.self) { try wrongHeight.run() }
        var wrongDepth = testCase
        wrongDepth.output.d3 += 1
        #expect(throws: KernelError.self) { try wrongDepth.run() }
        var wrongScales = testCase
        wrongScales.filterScales = Array(repeating: 0.01, count: testCase.filter.d0 + 1)
        #expect(throws: KernelError.self) { try wrongScales.run() }
    }
}

// tools/vectors/conv16_vectors.py conv 16 14 (pip tflite-micro 0.dev20261023182759; setup in
// tools/vectors/README.md): its output verbatim.
let conv2DInt16x8Cases: [Int16x8Case] = [
    Int16x8Case(
        [2, 4, 4, 8], [6, 2, 2, 4], [2, 2, 1, 6], stride: (1, 2), dilation: (2, 2), .valid,
        q: (0x3991201e, 0, [0x3b1be5db, 0x3c4e8ff1, 0x3ca81a01, 0x3cb4a939, 0x3ce5cac9, 0x3c90b5e5], 0, 0x39712952, 0),
        activation: 1,
        biasBits: 32, quantizedBiasInt32: false,
        x: [
            -32768, -14447, 22429, 18630, -20883, 2988, 6587, 6328, 21108, 32767, -11464, 32767, 8681, 14679, -25252,
            -16902, 23062, 32767, -32768, 1318, -18914, 14409, 31054, -26751, -32768, 7190, -32768, -25325, -32768,
            27480, 6261, 3547, -14754, 12914, 5375, 32702, 32767, 4595, -27493, 16849, -23454, -4650, 26730, 8304,
            32767, -26970, 5746, -5451, 6003, -26228, 17538, 8151, -16271, -28432, 4833, -29826, -9515, -11017, 3883,
            -20397, 13626, 20697, 25788, 25927, -13106, 6548, 489, 14292, -5694, 27994, 863, 29124, 29690, -26494, 9918,
            -30849, -32768, 7810, -8045, 10003, 249, -1959, -29627, 23855, 32470, 11887, -16219, -32768, 22195, 2901,
            7353, 6230, 10806, -14187, 24146, -32768, 27923, 32767, 27598, 10813, 32767, -27872, -16090, -32768, 10905,
            6811, 14650, 8393, 10130, -7824, -169, 25863, -32300, -32768, 23051, -32768, 1343, 8460, 32220, -19900,
            28395, -10423, 13128, 32767, 32767, -14148, 6314, 26835, 14351, 7750, 28975, -23042, -9797, -18744, -17848,
            -13384, 14974, 28832, -32768, -7437, -23833, 4277, 22865, -1474, -32768, 25940, 15442, 3117, -28595, -32768,
            2305, -5241, -32482, -9784, 27043, -32768, -11597, 9405, -9714, -32768, -25666, 17706, -32768, -14413,
            21515, 13041, -4765, 14605, 32767, 32767, -32768, -1927, 21489, 6313, 9612, -22105, -14754, 23691, 16872,
            32767, 12754, 17267, -25264, 20129, 6890, -1643, -10930, -30160, 5084, 15035, 31745, -26073, 15128, -23442,
            27965, -32768, -26505, -297, -8007, -2799, -18470, 9973, -16132, 676, 22164, 32767, 26007, 29234, 32767,
            14277, -20294, -8525, -4747, -28435, 6425, 32767, -7126, -26579, 5028, -32768, -22598, -32768, 24173, 1831,
            -28898, -12341, 18434, -25196, 31889, 22014, -32768, 14982, 16179, -32768, -30725, 1698, 30108, -32768,
            13391, -1225, -32768, 9181, 7186, 29318, -19537, 16686, -16628, -32600, -28890, 19294, -2041, -4335, 32767,
            -32768, 13613, -28322,
        ],
        w: [
            -31, 77, -54, -82, -86, 24, 10, -115, 121, -22, 35, 51, -55, 63, 89, 101, -45, -59, 126, -45, -50, -10, -94,
            2, 19, -19, -122, 62, -115, 39, -28, -56, -81, 106, -14, -5, 64, 6, 20, -61, -8, 126, 7, 93, 114, -9, -55,
            122, 58, -68, 60, 62, -80, 19, -112, 62, -96, 107, -108, -96, 120, 79, 5, -106, 9, 115, -127, -97, 78, -45,
            -100, -37, 58, 50, 93, 123, -59, -42, 71, 64, 84, 93, 62, -52, 88, -57, 112, 84, -26, 43, 25, 79, 89, 47,
            -113, -103,
        ],
        bias: [-1884963, 1101065, -702216, -967664, -403197, 768766],
        expected: [
            0, 32767, 32767, 32767, 0, 32767, 0, 0, 0, 6421, 0, 0, 0, 0, 0, 0, 32767, 0, 10249, 0, 0, 32767, 32767,
            32767,
        ]),
    Int16x8Case(
        [1, 2, 3, 2], [1, 2, 2, 2], [1, 2, 3, 1], stride: (1, 1), dilation: (1, 1), .same,
        q: (0x3daa3346, 0, [0x3c381d9d], 0, 0x3f731592, 0), activation: 0,
        biasBits: 64, quantizedBiasInt32: true,
        x: [-11931, -32768, 32767, 25815, -7983, 29303, 5604, 27904, -14789, -24405, -11949, 22856],
        w: [-106, 98, -71, 81, 10, 88, -8, -17],
        bias: [1370339],
        expected: [2196, 766, 6865, 2542, 3193, 4797]),
    Int16x8Case(
        [2, 2, 3, 3], [3, 3, 2, 3], [2, 2, 2, 3], stride: (1, 2), dilation: (2, 2), .same,
        q: (0x3af15a8b, 0, [0x3b31843e, 0x3d647624, 0x3d7c8dff], 0, 0x3c410ec2, 0), activation: 0,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            32767, 27618, 25424, -24290, 32767, 2018, -15147, 32767, -32768, 7902, 2600, 32767, 7762, 14483, -11840,
            17299, -26632, 26988, -22549, 31527, -4208, 27132, 17357, 32767, 9728, -11935, -6664, 812, 32767, -14819,
            11607, -4686, 1914, -4165, -939, -30321,
        ],
        w: [
            30, 27, 88, 52, -11, -34, -66, 9, -6, -23, -44, -14, 66, -61, -125, 113, 70, 31, 14, -54, 16, -86, -51, -43,
            4, -74, 11, 42, -106, -54, 90, -12, 109, 65, -101, -21, 95, -45, -105, -90, 48, -61, -1, -5, -103, -68, 45,
            102, 54, 68, -70, -62, 9, -64,
        ],
        bias: [-112605, 1857501, 703070],
        expected: [
            -433, -23925, 32767, 751, -5598, 3427, -323, 11223, -3668, -179, 5984, 17752, -829, -5336, 28727, -823,
            9083, -26843, -85, 23868, -981, -395, 19801, 4989,
        ]),
    Int16x8Case(
        [1, 3, 3, 1], [2, 1, 2, 1], [1, 2, 2, 2], stride: (2, 2), dilation: (1, 1), .same,
        q: (0x3a203e53, 0, [0x3c633428, 0x3bfb0e5d], 0, 0x3c6181cf, 0), activation: 0,
        biasBits: 32, quantizedBiasInt32: false,
        x: [-10849, -2619, 11064, 3614, -32604, 20316, -26620, -10870, -30740],
        w: [19, 1, 111, 108],
        bias: [842520, -1637603],
        expected: [390, -1063, 648, -139, 201, -1962, 159, -1718]),
    Int16x8Case(
        [2, 5, 3, 3], [1, 1, 2, 3], [2, 5, 2, 1], stride: (1, 2), dilation: (2, 1), .same,
        q: (0x3aa538fa, -37, [0x3b91ff82], 0, 0x3cafec10, 0), activation: 1,
        biasBits: 64, quantizedBiasInt32: false,
        x: [
            -24920, 31725, -7889, -32768, 28679, -526, 4186, -19875, 89, -2438, -2053, 23667, -1836, 23830, 17145,
            -11806, 15387, 19797, 10925, -3251, 12578, 31955, 12423, -15627, -27978, -995, 5136, -21464, -32768, 30512,
            29550, -28147, 29408, 15321, 26208, 30364, -25816, 30461, 13785, 27341, -31527, 25049, 1964, -29523, 14665,
            25740, -16905, -31664, -5374, 32767, -21588, 6283, -13820, -1324, 6784, -32199, 7951, -27263, -24585,
            -30683, 338, 32767, 14488, 32767, 11054, 22470, 25792, 15785, -29494, 8478, 26678, 27564, -14506, 29619,
            -10091, 13290, -9680, 5095, -17501, 24959, 9860, -32768, -26052, -7551, -8719, 32767, 5806, -3207, -26291,
            9136,
        ],
        w: [60, -123, -38, -1, -75, 5],
        bias: [235088],
        expected: [0, 766, 0, 0, 0, 0, 1058, 0, 0, 896, 654, 618, 1574, 0, 0, 0, 0, 0, 0, 766]),
    Int16x8Case(
        [1, 4, 1, 2], [1, 1, 3, 2], [1, 4, 1, 1], stride: (1, 1), dilation: (2, 1), .same,
        q: (0x3a123cd1, 0, [0x3cf88cea], 0, 0x3dd5059c, 0), activation: 0,
        biasBits: 64, quantizedBiasInt32: false,
        x: [-23815, 32767, -18207, 696, -189, 18390, 31153, 32767],
        w: [-115, -111, -85, 52, 18, 13],
        bias: [1812041],
        expected: [902, 553, 453, 141]),
    Int16x8Case(
        [2, 4, 4, 2], [1, 1, 2, 2], [2, 4, 2, 1], stride: (1, 1), dilation: (1, 2), .valid,
        q: (0x3a9a0f8a, 0, [0x3b47b7bc], 0, 0x3b5acf39, 0), activation: 0,
        biasBits: 32, quantizedBiasInt32: false,
        x: [
            32767, -32768, -18358, -20222, -866, -29916, -31877, 14220, 32767, 9584, -32768, 24307, -17247, 10865,
            25304, 27509, 23413, 20438, 22301, -26959, 12344, 31550, 27295, -26500, 24222, -20848, 30592, -29283, 32767,
            -18725, -19024, -3664, 14760, -7243, 4509, 28161, 7355, 32502, 14045, 12821, 5568, -26541, -32768, 32767,
            -20525, -23791, -10307, 2448, 16514, -23463, 26191, -6897, -477, 16511, -11496, -12749, 32767, -4801,
            -18370, 32767, 17738, -32768, -25100, -13741,
        ],
        w: [-84, 58, -94, 44],
        bias: [-1562054],
        expected: [
            -7993, 2606, -1780, 1536, -2270, -9367, -9344, -4509, -2664, -1141, -2882, 4471, -3797, -3908, -8263, 3901,
        ]),
    Int16x8Case(
        [2, 2, 5, 3], [2, 1, 3, 3], [2, 2, 3, 2], stride: (1, 1), dilation: (1, 1), .valid,
        q: (0x3d98efec, 0, [0x3b3e378c, 0x3bdcf904], 0, 0x3f03d24c, 0), activation: 1,
        biasBits: 32, quantizedBiasInt32: false,
        x: [
            -32768, 24653, -16791, 10851, -32768, -17474, 16110, -18651, -27202, -9902, -28458, -7221, -5163, 11502,
            14784, -14455, -10808, -13251, -10902, -10898, 22026, -11776, -24835, -17151, -32768, -28233, -9670, -32768,
            11072, 32767, -15125, -327, 30189, 23715, 19618, 31087, 7711, 32767, 17388, 17724, -27222, 3488, -2817,
            -7340, -32768, 5866, -30276, -29636, -25817, 1533, -30881, -14312, -29220, 19080, -32768, 13650, 22350,
            12377, 5040, 22085,
        ],
        w: [82, -27, -25, -33, 94, -10, -86, -104, -73, -83, 120, 33, 74, 28, -103, -10, 98, -94],
        bias: [-1266215, -1981408],
        expected: [0, 5277, 1377, 0, 0, 0, 898, 0, 955, 0, 0, 0, 0, 814, 1295, 0, 0, 4365, 2086, 0, 0, 0, 0, 0]),
    Int16x8Case(
        [1, 5, 1, 2], [1, 2, 1, 2], [1, 3, 1, 1], stride: (2, 2), dilation: (2, 2), .same,
        q: (0x3ca08255, 44, [0x3be214b3], 0, 0x3cd836e5, 0), activation: 0,
        biasBits: 32, quantizedBiasInt32: true,
        x: [-16598, 19576, -1980, -32768, -8191, -5653, -2620, 30681, -1163, 4254],
        w: [11, -63, 4, 13],
        bias: [346535],
        expected: [-447, 14226, -8273]),
    Int16x8Case(
        [1, 5, 5, 2], [1, 2, 3, 2], [1, 5, 3, 1], stride: (1, 2), dilation: (2, 2), .same,
        q: (0x3c6843f0, 4, [0x3d19ba13], 0, 0x4009e29c, 10), activation: 0,
        biasBits: 64, quantizedBiasInt32: true,
        x: [
            -23455, 18305, 470, 32388, -16866, 16353, -28272, -5862, -32768, 32573, -5784, 10361, -23082, -623, 18698,
            -25025, 2615, 26454, 21992, 32767, 884, 30718, -24111, -20165, 11475, 32767, -32768, -32768, -26374, -29597,
            -24129, 6031, 11079, 29208, 32767, 32767, -18269, -1419, 32767, 11274, -11667, -20951, 14764, 30713, -25171,
            18196, 30761, -24969, 26206, -31529,
        ],
        w: [92, 67, 112, 82, 83, -88, -34, 73, -96, -11, 34, -37],
        bias: [172626],
        expected: [537, -212, -1176, -1244, -1468, 883, 1551, -551, 833, 168, 2430, -480, -543, 1591, 2464]),
    Int16x8Case(
        [1, 4, 2, 1], [2, 2, 3, 1], [1, 4, 2, 2], stride: (1, 1), dilation: (1, 1), .same,
        q: (0x3bca26e4, -47, [0x3b6b229e], 0, 0x3ca502d8, 0), activation: 1,
        biasBits: 64, quantizedBiasInt32: true,
        x: [-4069, -32768, 32767, -26509, -4107, -16353, 258, 8026],
        w: [67, 54, 56, -119, 124, 79, -127, -87, -92, -71, 91, -71],
        bias: [604710, 563755],
        expected: [570, 9666, 0, 0, 0, 1032, 0, 0, 146, 2065, 452, 3538, 1174, 0, 1160, 0]),
    Int16x8Case(
        [1, 3, 4, 3], [2, 1, 3, 3], [1, 3, 2, 2], stride: (1, 1), dilation: (1, 1), .valid,
        q: (0x3983e7b5, 0, [0x3b722499, 0x3b8ca249], 0, 0x397e1477, 0), activation: 1,
        biasBits: 32, quantizedBiasInt32: true,
        x: [
            -2935, -19396, -21518, -27882, 18536, 32767, 32251, 6285, 3886, -3930, -25071, -29621, 10917, -32768, 26068,
            32767, 7044, 10322, -22337, -23470, 32767, -31028, -12165, 26801, 12976, 32649, -2386, -30666, 19356, 7675,
            18333, 6236, -15364, 21793, -1049, -686,
        ],
        w: [-65, 63, -77, -49, 120, -8, 62, 71, 82, 16, -111, 27, -9, -50, 41, 22, 47, -67],
        bias: [-657951, -1423062],
        expected: [23250, 6747, 0, 0, 0, 0, 0, 0, 18501, 0, 12112, 0]),
    Int16x8Case(
        [1, 5, 1, 1], [1, 2, 2, 1], [1, 5, 1, 1], stride: (1, 2), dilation: (1, 2), .same,
        q: (0x3cb5f229, 0, [0x3d34063b], 0, 0x3ecbad0d, 0), activation: 3,
        biasBits: 32, quantizedBiasInt32: false,
        x: [-32768, -5503, -5487, 21363, -20909],
        w: [101, -95, -10, -125],
        bias: [-1364644],
        expected: [0, 0, 0, 0, 0]),
    Int16x8Case(
        [1, 2, 3, 2], [4, 2, 2, 1], [1, 1, 2, 4], stride: (2, 2), dilation: (1, 1), .same,
        q: (0x3c0a9768, 0, [0x3bbb99a0], 0, 0x3c8b18b0, 0), activation: 0,
        biasBits: 0, quantizedBiasInt32: true,
        x: [14155, -15416, -16661, -12945, -18778, -31762, 11552, -6477, 17427, 32767, 11093, -12664],
        w: [108, 96, 0, 54, 80, -58, 20, -84, -8, -116, -78, 18, 16, -8, 116, 73],
        bias: nil,
        expected: [2482, 2470, 7758, 4271, -5784, -3652, 3542, -5639]),
]
