import Testing

@testable import KingletKernels

// Reference outputs from pip tflite-micro 0.dev20261023182759 via tools/vectors/logistic_vectors.py
// (not run in CI; one-operator .tflite per case; setup in tools/vectors/README.md):
//   python3 tools/vectors/logistic_vectors.py 120 300          ->  0x35deca1289a57ec9 (all 256 inputs per case)
//   python3 tools/vectors/logistic_vectors.py one 0.1 -10 X... ->  the notes' vector below

func runLogistic(inputScale: Float, inputZeroPoint: Int32, _ input: [Int8]) throws -> [Int8] {
    let op = try Logistic(
        inputScale: inputScale, inputZeroPoint: inputZeroPoint, outputZeroPoint: -128,
        inputElementCount: input.count, outputElementCount: input.count)
    var output = [Int8](repeating: 0, count: input.count)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
    }
    return output
}

@Suite struct LogisticTests {
    @Test func matchesTFLMOnRandomScales() throws {
        var random = SplitMix64(seed: 120)
        var digest = Fnv()
        let everyInput = (-128...127).map { Int8($0) }
        for _ in 0..<300 {
            let inputScale = random.scale(-10, 1)
            let inputZeroPoint = random.range(-128, 127)
            _ = random.scale(-10, 0)  // output scale: TFLM ignores it
            for value in try runLogistic(inputScale: inputScale, inputZeroPoint: inputZeroPoint, everyInput) {
                digest.mix(Int32(value))
            }
        }
        #expect(digest.hash == 0x35de_ca12_89a5_7ec9)
    }

    @Test func notesVector() throws {
        #expect(
            try runLogistic(inputScale: 0.1, inputZeroPoint: -10, [-128, -50, -10, 0, 30, 127])
                == [-128, -123, 0, 59, 123, 127])
    }

    @Test func isMonotonic() throws {
        var random = SplitMix64(seed: 121)
        let everyInput = (-128...127).map { Int8($0) }
        for _ in 0..<50 {
            let output = try runLogistic(
                inputScale: random.scale(-10, 1), inputZeroPoint: random.range(-128, 127), everyInput)
            for index in 1..<output.count { #expect(output[index - 1] <= output[index]) }
        }
    }

    @Test func prepareChecks() {
        #expect(throws: KernelError.self) {
            _ = try Logistic(
                inputScale: 0.1, inputZeroPoint: 0, outputZeroPoint: 0, inputElementCount: 1, outputElementCount: 1)
        }
        #expect(throws: KernelError.self) {
            _ = try Logistic(
                inputScale: 0, inputZeroPoint: 0, outputZeroPoint: -128, inputElementCount: 1, outputElementCount: 1)
        }
    }
}
