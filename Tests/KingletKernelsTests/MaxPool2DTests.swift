import Testing

@testable import KingletKernels

// Reference outputs from pip tflite-micro 0.dev20261023182759 via tools/vectors/pool_vectors.py
// (not run in CI; one-operator .tflite per case; setup in tools/vectors/README.md):
//   python3 tools/vectors/pool_vectors.py max 110 300   ->  0x83ed8995abf313ec (261 cases with a non-empty output)
//   python3 tools/vectors/pool_vectors.py max16 130 300 ->  0x0289c25cfb51a7d0 (256 cases with a non-empty output)
//   python3 tools/vectors/pool_vectors.py max -1 [scale=S] [zp=Z] [act=A] X...  ->  the clamp values below
//     (e.g. `max -1 act=3 zp=-10 scale=0.1 100 120 3` prints 50)

@Suite struct MaxPool2DTests {
    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 110)
        var digest = Fnv()
        var ran = 0
        for _ in 0..<300 {
            let testCase = PoolCase(&random)
            guard testCase.isRunnable else { continue }
            ran += 1
            for value in try testCase.runMax() { digest.mix(Int32(value)) }
        }
        #expect(ran == 261)
        #expect(digest.hash == 0x83ed_8995_abf3_13ec)
    }

    @Test func matchesTFLMOnRandomInt16Cases() throws {
        var random = SplitMix64(seed: 130)
        var digest = Fnv()
        var ran = 0
        for _ in 0..<300 {
            let testCase = PoolCase(int16: &random)
            guard testCase.isRunnable else { continue }
            ran += 1
            for value in try testCase.runMax16() { digest.mix(Int32(value)) }
        }
        #expect(ran == 256)
        #expect(digest.hash == 0x0289_c25c_fb51_a7d0)
    }

    @Test func clampsToActivationRange() throws {
        var testCase = PoolCase(row: [-128, -128, -128])
        #expect(try testCase.runMax() == [-128])
        testCase.activation = .relu
        testCase.zeroPoint = -10
        #expect(try testCase.runMax() == [-10])
        testCase.data = [100, 120, 3]
        testCase.activation = .relu6
        testCase.scale = 0.1  // 6 / 0.1 = 60 -> upper bound 50
        #expect(try testCase.runMax() == [50])
    }
}
