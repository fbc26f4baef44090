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

    /// ScaleRatio (the per-layer ratio, two multiplies per channel) equals the double path
    /// wherever it decides, and decides nearly everywhere. Drawn as above, and with a, c fixed per
    /// "layer" of 64 channels as the kernels use it.
    @Test func scaleRatioMatchesTheDoublePathWhereItDecides() {
        print("ScaleRatioMultiplierTests.scaleRatioMatchesTheDoublePathWhereItDecides seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed ^ 0x00FA_57)
        func any(_ random: inout SplitMix64) -> Float {
            while true {
                let x = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
                if x.isFinite && x != 0 { return x }
            }
        }
        func small(_ random: inout SplitMix64) -> Float {
            Float(sign: .plus, exponent: Int(random.range(-20, 0)), significand: 1 + Float(random.range(0, 7)) / 8)
        }
        var decided = 0, undecided = 0, smallUndecided = 0
        for layer in 0..<20_000 {
            let kind = layer % 3
            let a: Float, c: Float
            switch kind {
            case 0: (a, c) = (any(&random), any(&random))
            case 1: (a, c) = (random.scale(-12, 0), random.scale(-12, 2))
            default: (a, c) = (small(&random), small(&random))
            }
            let ratio = ScaleRatio(a, c)
            for _ in 0..<64 {
                let b: Float
                switch kind {
                case 0: b = any(&random)
                case 1: b = random.scale(-14, -2)
                default: b = small(&random)
                }
                let expected = Self.double(a, b, c)
                if let actual = ratio.quantized(b) {
                    #expect(actual == expected, "layer \(layer): a \(a) b \(b) c \(c)")
                    decided += 1
                } else {
                    undecided += 1
                    if kind == 2 { smallUndecided += 1 }
                    #expect(scaleRatioMultiplier(a, b, c) == expected)
                }
            }
        }
        print("ScaleRatio decided \(decided), undecided \(undecided) (\(smallUndecided) of them small-mantissa ties)")
        // Drawn scales other than the tie-prone small mantissas are decided but for about 2^-9
        // of them (P's unknown low 24 bits fall near the rounding point of 34).
        #expect(undecided - smallUndecided < (decided + undecided) / 200)
        #expect(ScaleRatio(0, 1).quantized(1) == nil)
        #expect(ScaleRatio(1, .infinity).quantized(1) == nil)
        #expect(ScaleRatio(1, 1).quantized(.nan) == nil)
        #expect(ScaleRatio(-1, 1).quantized(1) == Self.double(-1, 1, 1))
        #expect(ScaleRatio(1, 1).quantized(-1) == Self.double(1, -1, 1))
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
