import Testing

@testable import KingletKernels

// Reference outputs from pip tflite-micro 0.dev20261023182759 via tools/vectors/softmax_vectors.py
// (not run in CI; one-operator .tflite per case; setup in tools/vectors/README.md):
//   python3 tools/vectors/softmax_vectors.py 90 400                     ->  0x464799f3fafa7b87
//   python3 tools/vectors/softmax_vectors.py one BETA IN_SCALE 8|16 X... ->  the spot values below
// The 512-equal-values and beta*scale = 1e-8 cases make that process abort (exit 134).

struct SoftmaxCase {
    var rows = 0, depth = 0
    var beta: Float = 1, inputScale: Float = 0.1
    var int16Output = false
    var input: [Int8] = []

    init(rows: Int = 1, beta: Float, inputScale: Float, int16Output: Bool, input: [Int8]) {
        self.rows = rows
        self.depth = input.count / rows
        self.beta = beta
        self.inputScale = inputScale
        self.int16Output = int16Output
        self.input = input
    }

    init(_ random: inout SplitMix64) {
        rows = Int(random.range(1, 4))
        depth = Int(random.range(1, 40))
        beta = random.scale(-1, 1)
        inputScale = random.scale(-8, -2)
        _ = random.range(-128, 127)  // input zero point: irrelevant to softmax
        int16Output = random.range(0, 1) == 1
        let low = random.range(-128, 127)
        let high = min(127, low + random.range(0, 60))
        input = (0..<(rows * depth)).map { _ in Int8(random.range(low, high)) }
    }

    func prepare() throws -> Softmax {
        try Softmax(
            beta: beta, inputScale: inputScale,
            outputScale: int16Output ? 1.0 / 65536 : 1.0 / 256, outputZeroPoint: int16Output ? -32768 : -128,
            outputType: int16Output ? .int16 : .int8,
            inputElementCount: input.count, depth: depth, outputElementCount: input.count, outputDepth: depth)
    }

    /// Outputs widened to Int32.
    func run() throws -> [Int32] {
        let op = try prepare()
        if int16Output {
            var output = [Int16](repeating: 0, count: input.count)
            try input.withUnsafeBufferPointer { x throws(KernelError) in
                try output.withUnsafeMutableBufferPointer { y throws(KernelError) in
                    try op.invoke(input: x.baseAddress!, output: y.baseAddress!)
                }
            }
            return output.map { Int32($0) }
        }
        var output = [Int8](repeating: 0, count: input.count)
        try input.withUnsafeBufferPointer { x throws(KernelError) in
            try output.withUnsafeMutableBufferPointer { y throws(KernelError) in
                try op.invoke(input: x.baseAddress!, output: y.baseAddress!)
            }
        }
        return output.map { Int32($0) }
    }
}

@Suite struct SoftmaxTests {
    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 90)
        var digest = Fnv()
        for _ in 0..<400 {
            for value in try SoftmaxCase(&random).run() { digest.mix(value) }
        }
        #expect(digest.hash == 0x4647_99f3_fafa_7b87)
    }

    @Test func notesVectors() throws {
        let op = try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [0]).prepare()
        #expect(op.inputMultiplier == 1_717_986_944 && op.inputLeftShift == 23 && op.diffMin == -248)
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [-128, 0, 10, 20, 127]).run()
                == [-128, -128, -128, -128, 127])
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [5, 5, 5]).run() == [-43, -43, -43])
        #expect(try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: [5, 5]).run() == [0, 0])
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: true, input: [5, 5, 5]).run()
                == [-10923, -10923, -10923])
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: true, input: [-128, 0, 10, 20, 127]).run()
                == [-32768, -32768, -32767, -32767, 32766])
    }

    @Test func expSumLimits() throws {
        // 511 equal values: sum just below 512, every output -127.
        #expect(
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: Array(repeating: 3, count: 511)).run()
                == Array(repeating: -127, count: 511))
        // 512: TFLM's TFLITE_CHECK(exponent <= 31) aborts; Kinglet throws.
        #expect(throws: KernelError.self) {
            try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: false, input: Array(repeating: 3, count: 512)).run()
        }
        // int16 output never aborts; from 4096 equal values the Q12.19 sum wraps, as in TFLM.
        for (count, expected) in [(4096, -32752), (4097, -32752), (5000, -32755)] as [(Int, Int32)] {
            #expect(
                try SoftmaxCase(beta: 1, inputScale: 0.1, int16Output: true, input: Array(repeating: 3, count: count))
                    .run()
                    == Array(repeating: expected, count: count))
        }
    }

    @Test func prepareFailures() {
        func prepare(
            beta: Float = 1, inputScale: Float = 0.1, outputScale: Float, zeroPoint: Int32, type: Softmax.OutputType
        ) throws {
            _ = try Softmax(
                beta: beta, inputScale: inputScale, outputScale: outputScale, outputZeroPoint: zeroPoint,
                outputType: type, inputElementCount: 4, depth: 4, outputElementCount: 4, outputDepth: 4)
        }
        // beta * input_scale <= 2^-26: TFLM aborts in QuantizeMultiplierGreaterThanOne.
        #expect(throws: KernelError.self) {
            try prepare(beta: 1e-6, inputScale: 0.01, outputScale: 1.0 / 256, zeroPoint: -128, type: .int8)
        }
        #expect(throws: KernelError.self) {
            try prepare(beta: 1, inputScale: 0x1p-26, outputScale: 1.0 / 256, zeroPoint: -128, type: .int8)
        }
        #expect(throws: Never.self) {
            try prepare(beta: 1, inputScale: 0x1.000002p-26, outputScale: 1.0 / 256, zeroPoint: -128, type: .int8)
        }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.0 / 255, zeroPoint: -128, type: .int8) }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.0 / 256, zeroPoint: 0, type: .int8) }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.0 / 65536, zeroPoint: 0, type: .int16) }
        #expect(throws: Never.self) { try prepare(outputScale: 1.0005 / 65536, zeroPoint: -32768, type: .int16) }
        #expect(throws: KernelError.self) { try prepare(outputScale: 1.002 / 65536, zeroPoint: -32768, type: .int16) }
    }

    @Test func outputsSumToAboutOne() throws {
        var random = SplitMix64(seed: 91)
        for _ in 0..<100 {
            let testCase = SoftmaxCase(&random)
            let output = try testCase.run()
            let offset: Int32 = testCase.int16Output ? 32768 : 128
            let unit = testCase.int16Output ? 65536.0 : 256.0
            for row in 0..<testCase.rows {
                let total = output[(row * testCase.depth)..<((row + 1) * testCase.depth)].reduce(0.0) {
                    $0 + Double($1 + offset)
                }
                #expect(abs(total / unit - 1) <= Double(testCase.depth) / unit + 0.01)
            }
        }
    }
}
