import Testing

@testable import KingletKernels

// Digests from tools/vectors/cc/gemmlowp_vectors.cc (not run in CI), compiled against gemmlowp's
// fixedpoint/fixedpoint.h as the pinned tensorflow-cpu wheel ships it (tools/zoo/requirements.txt;
// first made with gemmlowp 719139ce, the commit TFLM's third_party_downloads.inc pins; same digests):
//   g++ -std=c++17 -O2 -fwrapv -I<venv>/lib/python3.11/site-packages/tensorflow/include/external/gemmlowp \
//       tools/vectors/cc/gemmlowp_vectors.cc -o gemmlowp_vectors && ./gemmlowp_vectors
// It draws the same SplitMix64 sequences as below.

@Suite struct GemmlowpFixedPointTests {
    func expDigest(integerBits: Int32, seed: UInt64) -> UInt64 {
        var random = SplitMix64(seed: seed)
        var digest = Fnv()
        for i in 0..<200_000 {
            var a = -Int32(truncatingIfNeeded: random.next() & 0x7FFF_FFFF)
            if i % 4 == 0 { a >>= random.range(0, 31) }
            if i % 1000 == 0 { a = 0 }
            digest.mix(expOnNegativeValues(a, integerBits: integerBits))
        }
        return digest.hash
    }

    func logisticDigest(integerBits: Int32, seed: UInt64) -> UInt64 {
        var random = SplitMix64(seed: seed)
        var digest = Fnv()
        for i in 0..<200_000 {
            var a = random.int32()
            if i % 3 == 0 { a >>= random.range(0, 31) }
            if i % 1000 == 0 { a = 0 }
            digest.mix(logisticFixedPoint(a, integerBits: integerBits))
        }
        return digest.hash
    }

    @Test func expOnNegativeValuesDigests() {
        #expect(expDigest(integerBits: 0, seed: 10) == 0xf5c5_202b_d54d_47d0)
        #expect(expDigest(integerBits: 1, seed: 11) == 0x52b3_c669_475f_286e)
        #expect(expDigest(integerBits: 2, seed: 12) == 0xdd5e_0930_449b_5f38)
        #expect(expDigest(integerBits: 3, seed: 13) == 0x0fad_e39c_d0af_bab4)
        #expect(expDigest(integerBits: 4, seed: 14) == 0xab79_6a21_9a85_0488)
        #expect(expDigest(integerBits: 5, seed: 15) == 0x342e_67b4_fcf8_e635)
        #expect(expDigest(integerBits: 6, seed: 16) == 0xacb4_af22_1b05_a02d)
        #expect(expDigest(integerBits: 12, seed: 17) == 0xeac2_b7ef_ebe8_b4a4)
    }

    @Test func logisticDigests() {
        #expect(logisticDigest(integerBits: 0, seed: 20) == 0x9d01_547a_9750_951b)
        #expect(logisticDigest(integerBits: 2, seed: 22) == 0xb1fd_fd58_a948_ee53)
        #expect(logisticDigest(integerBits: 4, seed: 24) == 0x6a89_c14c_e00e_d99b)
        #expect(logisticDigest(integerBits: 5, seed: 25) == 0x7fa4_7a74_5d20_6298)
        #expect(logisticDigest(integerBits: 6, seed: 26) == 0x84fc_e444_f5ec_1cc4)
    }

    @Test func oneOverOnePlusXDigest() {
        var random = SplitMix64(seed: 30)
        var digest = Fnv()
        for i in 0..<200_000 {
            var a = Int32(truncatingIfNeeded: random.next() & 0x7FFF_FFFF)
            if i % 3 == 0 { a >>= random.range(0, 31) }
            digest.mix(oneOverOnePlusXForXIn01(a))
        }
        #expect(digest.hash == 0x5bbb_a289_86dc_3b7c)
    }

    @Test func expOnQuarterIntervalDigest() {
        var random = SplitMix64(seed: 31)
        var digest = Fnv()
        for _ in 0..<200_000 {
            var a = -Int32(truncatingIfNeeded: random.next() & 0x3FFF_FFFF) >> 1
            if a == 0 { a = -1 }
            digest.mix(expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a))
        }
        #expect(digest.hash == 0xeeb8_107a_f2cd_18b9)
    }

    @Test func saturatingRoundingMultiplyByPOTDigest() {
        var random = SplitMix64(seed: 32)
        var digest = Fnv()
        for exponent in Int32(-31)...30 {
            for _ in 0..<2000 {
                let x = random.int32() >> random.range(0, 31)
                digest.mix(saturatingRoundingMultiplyByPOT(x, exponent: exponent))
            }
        }
        #expect(digest.hash == 0xa5af_abf1_7617_d7dc)
    }

    @Test func spotValues() {
        #expect(expOnNegativeValues(0, integerBits: 5) == 2_147_483_647)
        #expect(expOnNegativeValues(-(1 << 26), integerBits: 5) == 790_015_308)  // exp(-1)
        #expect(expOnNegativeValues(.min, integerBits: 5) == 0)
        #expect(oneOverOnePlusXForXIn01(0) == 2_147_483_647)
        #expect(oneOverOnePlusXForXIn01(1 << 30) == 1_431_655_762)  // 2/3
        #expect(oneOverOnePlusXForXIn01(.max) == 1_073_741_820)
        #expect(logisticFixedPoint(1 << 27, integerBits: 4) == 1_569_936_226)
        #expect(logisticFixedPoint(-(1 << 27), integerBits: 4) == 577_547_421)
        #expect(logisticFixedPoint(.min, integerBits: 4) == 241)
        #expect(logisticFixedPoint(.max, integerBits: 4) == 2_147_483_406)
        #expect(logisticFixedPoint(0, integerBits: 4) == 1 << 30)
    }
}
