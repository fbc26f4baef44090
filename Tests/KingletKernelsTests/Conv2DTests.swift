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
