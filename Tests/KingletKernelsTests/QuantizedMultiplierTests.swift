import Testing

@testable import KingletKernels

// Digests, the notes table, the variants' range checks and the frexp spot values from
// tools/vectors/cc/qm_vectors.cc (not run in CI), which calls TFLM's QuantizeMultiplier,
// QuantizeMultiplierGreaterThanOne and QuantizeMultiplierSmallerThanOneExp (a TFLITE_CHECK abort,
// caught in a forked child, prints "aborts") and libc frexp, from a TFLM checkout given with -I
// (commit in tools/vectors/README.md):
//   g++ -std=c++17 -O2 -fwrapv -I$TFLM tools/vectors/cc/qm_vectors.cc \
//       $TFLM/tensorflow/lite/kernels/internal/quantization_util.cc -o qm_vectors && ./qm_vectors
// It draws the same SplitMix64 sequences as below. nonFiniteThrows is Kinglet's own contract (TFLM
// has no explicit check for NaN or infinity) and has no generator.

@Suite struct QuantizedMultiplierTests {
    @Test func notesTable() throws {
        let table: [(Double, Int32, Int32)] = [
            (0, 0, 0), (1, 1_073_741_824, 1), (0.5, 1_073_741_824, 0), (0.75, 1_610_612_736, 0),
            (0.1, 1_717_986_918, -3), (1.0 / 256, 1_073_741_824, -7), (1e-10, 0, 0),
            (0.3, 1_288_490_189, -1), (2, 1_073_741_824, 2), (3, 1_610_612_736, 2),
            (0.999999999999, 1_073_741_824, 1),  // rounds up to 2^31: halved, shift + 1
            (0.9999999997, 2_147_483_647, 0),
            (4.656612873077393e-10, 1_073_741_824, -30),
            (-0.3, -1_288_490_189, -1), (1e-300, 0, 0), (5e-324, 0, 0),
            (1e12, 1_953_125_000, 40),  // no upper clamp on the shift
            (0x1p-32, 1_073_741_824, -31), (0x1.8p-32, 1_610_612_736, -31),
            (0x1p-33, 0, 0), (0x1.ffffffaa19c47p-33, 0, 0),  // shift -32 flushes to zero
        ]
        for (real, multiplier, shift) in table {
            let result = try quantizeMultiplier(real)
            #expect(result == QuantizedMultiplier(multiplier: multiplier, shift: shift), "QM(\(real))")
        }
    }

    @Test func nonFiniteThrows() {
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(throws: KernelError.self) { try quantizeMultiplier(bad) }
        }
    }

    @Test func variantRangeChecks() throws {
        #expect(throws: KernelError.self) { try quantizeMultiplierGreaterThanOne(1.0) }
        #expect(throws: KernelError.self) { try quantizeMultiplierGreaterThanOne(0.5) }
        #expect(try quantizeMultiplierGreaterThanOne(1.5) == QuantizedMultiplier(multiplier: 1_610_612_736, shift: 1))
        #expect(throws: KernelError.self) { try quantizeMultiplierSmallerThanOneExp(1.0) }
        #expect(throws: KernelError.self) { try quantizeMultiplierSmallerThanOneExp(0) }
        #expect(throws: KernelError.self) { try quantizeMultiplierSmallerThanOneExp(-0.5) }
        // Rounds up to exactly 1.0: TFLM's shift check (<= 0) then aborts.
        #expect(throws: KernelError.self) { try quantizeMultiplierSmallerThanOneExp(0.999999999999) }
        #expect(
            try quantizeMultiplierSmallerThanOneExp(0.75) == QuantizedMultiplier(multiplier: 1_610_612_736, shift: 0))
    }

    @Test func frexpMatchesLibcDigest() {
        var random = SplitMix64(seed: 1)
        var digest = Fnv()
        var count = 0
        while count < 200_000 {
            let value = Double(bitPattern: random.next())
            if !value.isFinite { continue }
            count += 1
            let (fraction, exponent) = splitFractionAndExponent(value)
            let bits = fraction.bitPattern
            digest.mix(UInt32(truncatingIfNeeded: bits))
            digest.mix(UInt32(truncatingIfNeeded: bits >> 32))
            digest.mix(exponent)
        }
        #expect(digest.hash == 0xf959_19d5_75d1_c2f6)
    }

    @Test func frexpSpotValues() {
        #expect(splitFractionAndExponent(1).fraction == 0.5 && splitFractionAndExponent(1).exponent == 1)
        #expect(splitFractionAndExponent(-0.75).fraction == -0.75 && splitFractionAndExponent(-0.75).exponent == 0)
        #expect(splitFractionAndExponent(5e-324).fraction == 0.5 && splitFractionAndExponent(5e-324).exponent == -1073)
        #expect(splitFractionAndExponent(0).fraction == 0 && splitFractionAndExponent(0).exponent == 0)
    }

    @Test func convolutionProductsMatchTFLMDigest() throws {
        var random = SplitMix64(seed: 2)
        var digest = Fnv()
        for _ in 0..<200_000 {
            let input = random.scale(-12, 2)
            let filter = random.scale(-14, 0)
            let output = random.scale(-12, 4)
            let result = try quantizeMultiplier(Double(input) * Double(filter) / Double(output))
            digest.mix(result.multiplier)
            digest.mix(result.shift)
        }
        #expect(digest.hash == 0x748d_cac2_2a33_12a9)
    }

    @Test func rawDoublesMatchTFLMDigest() throws {
        var random = SplitMix64(seed: 3)
        var digest = Fnv()
        for _ in 0..<200_000 {
            let mantissa = random.next() & 0xF_FFFF_FFFF_FFFF
            let exponent = random.range(-60, 40)
            var real = Double(bitPattern: (UInt64(exponent + 1023) << 52) | mantissa)
            if random.next() & 1 == 1 { real = -real }
            let result = try quantizeMultiplier(real)
            digest.mix(result.multiplier)
            digest.mix(result.shift)
        }
        #expect(digest.hash == 0xc205_c309_0f94_f09a)
    }
}
