import Testing

@testable import KingletKernels

// Random cases run on the reference, pip tflite-micro 0.dev20261023182759 (release build), by
// tools/vectors/fc_vectors.py (not run in CI; builds a one-operator .tflite per case; setup in
// tools/vectors/README.md):
//   python3 tools/vectors/fc_vectors.py 60 300   ->  0xb923762498b694cf
// makeCase mirrors its draw order exactly; the digest covers every output byte.

struct FullyConnectedCase {
    var batches1 = 0, batches2 = 0, depth = 0, outputDepth = 0, shapeKind = 0
    var inputScale: Float = 0, inputZeroPoint: Int32 = 0
    var filterScales: [Float] = [], filterZeroPoint: Int32 = 0
    var outputScale: Float = 0, outputZeroPoint: Int32 = 0
    var activation = FusedActivation.none
    var input: [Int8] = [], filter: [Int8] = [], bias: [Int32]? = nil

    init(_ random: inout SplitMix64) {
        batches1 = Int(random.range(1, 3))
        batches2 = Int(random.range(1, 3))
        depth = Int(random.range(1, 40))
        outputDepth = Int(random.range(1, 20))
        shapeKind = Int(random.range(0, 2))
        inputScale = random.scale(-8, -2)
        inputZeroPoint = random.range(-128, 127)
        let perChannel = random.range(0, 1) == 1
        filterScales = (0..<(perChannel ? outputDepth : 1)).map { _ in random.scale(-10, -4) }
        if !perChannel && random.range(0, 3) == 0 { filterZeroPoint = random.range(-5, 5) }
        outputScale = random.scale(-6, 0)
        outputZeroPoint = random.range(-128, 127)
        activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
        let hasBias = random.range(0, 3) != 0
        input = random.int8s(batches1 * batches2 * depth)
        filter = random.int8s(outputDepth * depth, -127, 127)
        if hasBias { bias = (0..<outputDepth).map { _ in random.range(-5000, 5000) } }
    }

    func run() throws -> [Int8] {
        try withScaleList(filterScales) { scales in
            var storage = [Int32](repeating: 0, count: FullyConnected.scratchCount(filterScales: scales))
            let batches = batches1 * batches2
            return try storage.withUnsafeMutableBufferPointer { slots in
                let op = try FullyConnected(
                    inputScale: inputScale, inputZeroPoint: inputZeroPoint,
                    filterScales: scales, filterZeroPoint: filterZeroPoint,
                    biasScale: bias == nil ? nil : inputScale * filterScales[0],
                    outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation,
                    inputElementCount: input.count, filterRows: outputDepth, filterDepth: depth,
                    outputElementCount: batches * outputDepth, outputDepth: outputDepth,
                    biasElementCount: bias?.count)
                var output = [Int8](repeating: 0, count: batches * outputDepth)
                input.withUnsafeBufferPointer { x in
                    filter.withUnsafeBufferPointer { w in
                        output.withUnsafeMutableBufferPointer { y in
                            if let bias {
                                bias.withUnsafeBufferPointer { b in
                                    op.invoke(
                                        input: x.baseAddress!, filter: w.baseAddress!, bias: b.baseAddress!,
                                        output: y.baseAddress!, scratch: slots.baseAddress)
                                }
                            } else {
                                op.invoke(
                                    input: x.baseAddress!, filter: w.baseAddress!, bias: nil, output: y.baseAddress!,
                                    scratch: slots.baseAddress)
                            }
                        }
                    }
                }
                return output
            }
        }
    }
}

@Suite struct FullyConnectedTests {
    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 60)
        var digest = Fnv()
        for _ in 0..<300 {
            for value in try FullyConnectedCase(&random).run() { digest.mix(Int32(value)) }
        }
        #expect(digest.hash == 0xb923_7624_98b6_94cf)
    }

    /// Hand-checked against pip tflite-micro (`tools/vectors/fc_vectors.py zp`): the per-tensor path applies
    /// a non-zero filter zero point, the per-channel path ignores it.
    @Test func filterZeroPoint() throws {
        // Rows (1,2,3,4) and (0,0,0,0) against input (1,2,3,4); all scales give real = 0.25 * acc.
        #expect(try FullyConnectedCase.fixed(filterScales: [0.25]).run() == [0, -8])  // (w - 3): 0 and -30
        #expect(try FullyConnectedCase.fixed(filterScales: [0.25, 0.25]).run() == [8, 0])  // 30 * 0.25 = 7.5 -> 8
    }

    /// Scales whose float32 product in_s * f_s quantizes to a different multiplier than the double
    /// product, with an accumulator (the bias, input 0) where that changes the output. pip
    /// tflite-micro produced every `expected` below, and each matches the double product; the
    /// float32 product would give expected + 1 (found by a survey script that is not in the
    /// repository; `tools/vectors/fc_vectors.py product` reruns this table on TFLM).
    @Test func perTensorMultiplierUsesDoubleProduct() throws {
        let cases: [(input: Float, filter: Float, output: Float, accumulator: Int32, expected: Int8)] = [
            (0x1.e86d68p-7, 0x1.0a8c76p-5, 0x1.601f06p-1, 125_495, 88),
            (0x1.ca293cp-2, 0x1.5d650ap-9, 0x1.9e6124p-1, 35625, 52),
            (0x1.78e58p-5, 0x1.8a6006p-10, 0x1.09d75ap-5, 41492, 89),
            (0x1.f912b6p-7, 0x1.c2e1eep-5, 0x1.e532c6p-1, 95507, 85),
            (0x1.0a094p-7, 0x1.a25b84p-8, 0x1.94029ep-2, 171_283, 23),
            (0x1.d1ac72p-7, 0x1.812666p-10, 0x1.846bfcp-4, 24979, 6),
            (0x1.5258dp-8, 0x1.f47102p-4, 0x1.b7c51ep+0, 251_913, 92),
        ]
        for item in cases {
            var random = SplitMix64(seed: 0)
            var c = FullyConnectedCase(&random)
            c.batches1 = 1; c.batches2 = 1; c.depth = 1; c.outputDepth = 1; c.shapeKind = 0
            c.inputScale = item.input; c.inputZeroPoint = 0; c.filterScales = [item.filter]; c.filterZeroPoint = 0
            c.outputScale = item.output; c.outputZeroPoint = 0; c.activation = .none
            c.input = [0]; c.filter = [1]; c.bias = [item.accumulator]
            #expect(try c.run() == [item.expected], "\(item)")
        }
    }
}

extension FullyConnectedCase {
    static func fixed(filterScales: [Float]) throws -> FullyConnectedCase {
        var random = SplitMix64(seed: 0)
        var c = FullyConnectedCase(&random)
        c.batches1 = 1; c.batches2 = 1; c.depth = 4; c.outputDepth = 2; c.shapeKind = 0
        c.inputScale = 0.5; c.inputZeroPoint = 0; c.outputScale = 0.5; c.outputZeroPoint = 0
        c.filterScales = filterScales; c.filterZeroPoint = 3; c.activation = .none; c.bias = nil
        c.input = [1, 2, 3, 4]; c.filter = [1, 2, 3, 4, 0, 0, 0, 0]
        return c
    }
}
