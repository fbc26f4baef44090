import Testing

@testable import KingletKernels

// Reference outputs from pip tflite-micro 0.dev20261023182759 via tools/vectors/pool_vectors.py
// (not run in CI; one-operator .tflite per case; setup in tools/vectors/README.md):
//   python3 tools/vectors/pool_vectors.py avg 100 300   ->  0x7211355d38dfcbba (258 cases with a non-empty output)
//   python3 tools/vectors/pool_vectors.py avg16 120 300 ->  0xfb65c85475e79e8c (252 cases with a non-empty output)
//   python3 tools/vectors/pool_vectors.py avg -1 X...   ->  the single-window values below

@Suite struct AveragePool2DTests {
    @Test func matchesTFLMOnRandomCases() throws {
        var random = SplitMix64(seed: 100)
        var digest = Fnv()
        var ran = 0
        for _ in 0..<300 {
            let testCase = PoolCase(&random)
            guard testCase.isRunnable else { continue }
            ran += 1
            for value in try testCase.runAverage() { digest.mix(Int32(value)) }
        }
        #expect(ran == 258)
        #expect(digest.hash == 0x7211_355d_38df_cbba)
    }

    @Test func matchesTFLMOnRandomInt16Cases() throws {
        var random = SplitMix64(seed: 120)
        var digest = Fnv()
        var ran = 0
        for _ in 0..<300 {
            let testCase = PoolCase(int16: &random)
            guard testCase.isRunnable else { continue }
            ran += 1
            for value in try testCase.runAverage16() { digest.mix(Int32(value)) }
        }
        #expect(ran == 252)
        #expect(digest.hash == 0xfb65_c854_75e7_9e8c)
    }

    @Test func roundsHalfAwayFromZero() throws {
        #expect(try PoolCase(row: [-1, -2, 0, 0]).runAverage() == [-1])  // -0.75
        #expect(try PoolCase(row: [1, 2, 0, 0]).runAverage() == [1])
        #expect(try PoolCase(row: [-3, -2, 0]).runAverage() == [-2])  // -5/3
        #expect(try PoolCase(row: [3, 2, 0]).runAverage() == [2])
        #expect(try PoolCase(row: [-5, 0, 0, 0]).runAverage() == [-1])  // -1.25
    }

    /// Averages of a window never leave the range of its values.
    @Test func staysWithinWindowRange() throws {
        var random = SplitMix64(seed: 101)
        for _ in 0..<100 {
            var testCase = PoolCase(&random)
            guard testCase.isRunnable else { continue }
            testCase.activation = .none
            let average = try testCase.runAverage()
            let maximum = try testCase.runMax()
            for (a, m) in zip(average, maximum) { #expect(a <= m) }
        }
    }
}
