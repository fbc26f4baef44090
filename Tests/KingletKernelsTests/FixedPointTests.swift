import Testing

@testable import KingletKernels

// Digests and spot values from tools/vectors/cc/arith_vectors.cc (not run in CI), which calls
// gemmlowp's fixedpoint.h (SaturatingRoundingDoublingHighMul, RoundingDivideByPOT) and TFLM's
// QuantizeMultiplier + MultiplyByQuantizedMultiplier from a TFLM checkout given with -I (commit in
// tools/vectors/README.md) and the gemmlowp that the pinned tensorflow-cpu wheel ships:
//   g++ -std=c++17 -O2 -fwrapv -I$TFLM -I<venv>/lib/python3.11/site-packages/tensorflow/include/external/gemmlowp \
//       tools/vectors/cc/arith_vectors.cc $TFLM/tensorflow/lite/kernels/internal/common.cc \
//       $TFLM/tensorflow/lite/kernels/internal/quantization_util.cc -o arith_vectors && ./arith_vectors
// It draws the same SplitMix64 sequences as below. (-fwrapv pins the int32 `x * (1 << left_shift)`
// overflow to the wrap every real build shows.) variantsAgreeWithGeneralForm checks Kinglet against
// itself and has no generator.

@Suite struct FixedPointTests {
    @Test func srdhmEdgeValues() {
        #expect(saturatingRoundingDoublingHighMul(.min, .min) == .max)
        #expect(saturatingRoundingDoublingHighMul(.min, .max) == -2_147_483_647)
        #expect(saturatingRoundingDoublingHighMul(-1, 1 << 30) == 0)  // -0.5 rounds toward +inf
        #expect(saturatingRoundingDoublingHighMul(1, 1 << 30) == 1)  // +0.5 rounds toward +inf
        #expect(saturatingRoundingDoublingHighMul(-3, 1 << 30) == -1)
    }

    @Test func rdbpotEdgeValues() {
        #expect(roundingDivideByPOT(-3, 1) == -2)
        #expect(roundingDivideByPOT(3, 1) == 2)
        #expect(roundingDivideByPOT(-5, 2) == -1)
        #expect(roundingDivideByPOT(-6, 2) == -2)
        #expect(roundingDivideByPOT(.min, 31) == -1)
        #expect(roundingDivideByPOT(.max, 31) == 1)
        #expect(roundingDivideByPOT(12345, 0) == 12345)
    }

    @Test func mbqmDoubleRoundingVectors() throws {
        let half = try quantizeMultiplier(0.5)
        #expect([-5, -3, -1, 1, 3, 5].map { half.apply($0) } == [-2, -1, 0, 1, 2, 3])
        let pointThree = try quantizeMultiplier(0.3)
        // Single rounding would give -599 here.
        #expect(
            [-1998, 1998, -5, 5, 100_000, -100_000].map { pointThree.apply($0) }
                == [-600, 600, -2, 2, 30000, -30000])
        let big = try quantizeMultiplier(3.7)
        #expect(big == QuantizedMultiplier(multiplier: 1_986_422_374, shift: 2))
        // The last two wrap in int32 before the multiply, exactly like TFLM.
        #expect(
            [-7, 7, 1000, 600_000_000, -600_000_000].map { big.apply($0) }
                == [-26, 26, 3700, -1_752_844_748, 1_752_844_748])
    }

    @Test func srdhmMatchesGemmlowpDigest() {
        var random = SplitMix64(seed: 4)
        var digest = Fnv()
        let edges: [Int32] = [.min, .max, 0, 1, -1, 1 << 30, -(1 << 30), .min + 1]
        for i in 0..<500_000 {
            var a = random.int32()
            var b = random.int32()
            if i % 8 == 0 { a = edges[Int(random.next() % 8)] }
            if i % 5 == 0 { b = edges[Int(random.next() % 8)] }
            if i % 3 == 0 { a >>= random.range(0, 31) }
            digest.mix(saturatingRoundingDoublingHighMul(a, b))
        }
        #expect(digest.hash == 0xfc26_82a2_bb67_2fd2)
    }

    @Test func rdbpotMatchesGemmlowpDigest() {
        var random = SplitMix64(seed: 5)
        var digest = Fnv()
        for i in 0..<500_000 {
            var x = random.int32()
            let exponent = random.range(0, 31)
            if i % 2 == 1 { x >>= random.range(0, 31) }
            digest.mix(roundingDivideByPOT(x, exponent))
        }
        #expect(digest.hash == 0x7700_6aa9_39b1_ee34)
    }

    @Test func mbqmMatchesTFLMDigest() throws {
        var random = SplitMix64(seed: 6)
        var digest = Fnv()
        for _ in 0..<500_000 {
            let mantissa = random.next() & 0xF_FFFF_FFFF_FFFF
            let exponent = random.range(-20, 7)
            let real = Double(bitPattern: (UInt64(exponent + 1023) << 52) | mantissa)
            let multiplier = try quantizeMultiplier(real)
            let x = random.int32() >> random.range(0, 31)
            digest.mix(multiplier.apply(x))
        }
        #expect(digest.hash == 0xb060_b1b6_1613_deda)
    }

    @Test func variantsAgreeWithGeneralForm() throws {
        var random = SplitMix64(seed: 99)
        for _ in 0..<10_000 {
            let x = random.int32() >> 8
            let small = try quantizeMultiplier(Double(random.range(1, 1_000_000)) / 1_000_001)
            #expect(
                multiplyByQuantizedMultiplierSmallerThanOneExp(x, small.multiplier, small.shift)
                    == small.apply(x))
            let large = try quantizeMultiplier(1 + Double(random.range(1, 1_000_000)) / 1000)
            #expect(
                multiplyByQuantizedMultiplierGreaterThanOne(x, large.multiplier, large.shift)
                    == large.apply(x))
        }
    }
}
