import Testing

@testable import KingletKernels

// scaleRatioMultiplier (integer arithmetic) against quantizeMultiplier of the double expression
// TFLM's pip build evaluates, double(a) * double(b) / double(c), on drawn scales: any bit pattern
// (subnormals, negatives, the whole exponent range), scales as converters write them (2^-30..2^0),
// and products whose quotient lands on or next to a rounding tie. The seed is printed.

@Suite struct ScaleRatioMultiplierTests {
    static let seed: UInt64 = 0x5EED_5CA1_E000

    static func double(_ a: Float, _ b: Float, _ c: Float) -> QuantizedMultiplier? {
        try? quantizeMultiplier(Double(a) * Double(b) / Double(c))
    }

    @Test func matchesTheDoublePath() {
        print("ScaleRatioMultiplierTests.matchesTheDoublePath seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        var compared = 0
        for index in 0..<600_000 {
            let a: Float, b: Float, c: Float
            switch index % 3 {
            case 0:
                // Any finite nonzero pattern.
                func any(_ random: inout SplitMix64) -> Float {
                    while true {
                        let x = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
                        if x.isFinite && x != 0 { return x }
                    }
                }
                (a, b, c) = (any(&random), any(&random), any(&random))
            case 1:
                (a, b, c) = (random.scale(-12, 0), random.scale(-14, -2), random.scale(-12, 2))
            default:
                // Small mantissas make exact and half-way quotients common.
                func small(_ random: inout SplitMix64) -> Float {
                    Float(
                        sign: .plus, exponent: Int(random.range(-20, 0)), significand: 1 + Float(random.range(0, 7)) / 8
                    )
                }
                (a, b, c) = (small(&random), small(&random), small(&random))
            }
            let expected = Self.double(a, b, c)
            let actual = scaleRatioMultiplier(a, b, c)
            #expect(actual == expected, "case \(index): a \(a) b \(b) c \(c)")
            compared += 1
        }
        #expect(compared == 600_000)
    }

    @Test func zeroAndNonFiniteScalesTakeTheDoublePath() {
        #expect(scaleRatioMultiplier(0, 1, 1) == nil)
        #expect(scaleRatioMultiplier(1, -0.0, 1) == nil)
        #expect(scaleRatioMultiplier(1, 1, .infinity) == nil)
        #expect(scaleRatioMultiplier(.nan, 1, 1) == nil)
        #expect(scaleRatioMultiplier(1, 1, 1) == Self.double(1, 1, 1))
        #expect(scaleRatioMultiplier(-1, 1, 1) == Self.double(-1, 1, 1))
    }
}
