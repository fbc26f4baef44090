import Testing

@testable import KingletKernels

// Vectors: TFLM reference float kernels run by the g++ harness described in AddTests.swift,
// compiled for plain x86-64 and linked against glibc 2.36 (whose expf is what std::exp(float)
// calls), on an FMA-capable CPU:
//   ./gen softmax   (reference_ops::Logistic(float); inputs include both cutoffs, +-0 and +-inf)

@Suite struct FloatLogisticTests {
    @Test func matchesPipTFLMDigest() throws {
        // pipdigest.py LOGISTIC 11 400 (see FloatSoftmaxTests.swift).
        var r = SplitMix64(seed: 11)
        var digest = Fnv()
        for _ in 0..<400 {
            let count = Int(r.range(1, 64))
            let x = (0..<count).map { _ in pipFloat(&r, 30) }
            let op = try FloatLogistic(shape: Shape(count))
            var y = [Float](repeating: .nan, count: count)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { op.invoke(input: xp.baseAddress!, output: $0.baseAddress!) }
            }
            for v in y { digest.mix(v.bitPattern) }
        }
        #expect(digest.hash == 0xcd4f_4551_fac3_b4ac)
    }

    @Test func referenceVectors() throws {
        let input = floats(FloatLogisticVectors.input)
        let op = try FloatLogistic(shape: Shape(input.count))
        var output = [Float](repeating: .nan, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output.map(\.bitPattern) == FloatLogisticVectors.output)
    }

    @Test func branches() {
        #expect(FloatLogistic.logistic(16.62) == 1)
        #expect(FloatLogistic.logistic(-9.5) == referenceExpf(-9.5))
        #expect(FloatLogistic.logistic(.nan).isNaN)
    }
}
enum FloatLogisticVectors {
    static let input: [UInt32] = [
        0x4175b236, 0x41260fd1, 0xc1a4d210, 0x41b13b8b, 0xc0ee5e10, 0x40c280ce, 0x3fccaef0, 0x415713cc,
        0xc17e7495, 0x4145c59b, 0xc180aca4, 0x407cb6d0, 0x4173fcd8, 0x4055f4a4, 0x41652498, 0xc11ad6e2,
        0xbe388fc0, 0x41576505, 0xc0c417e4, 0xc1a424ac, 0x40719b54, 0x419c2314, 0xc19c655a, 0x3fd10d90,
        0xc1218a3d, 0xc11ee776, 0xbdf45900, 0xc16e5ab6, 0xc1beb4cc, 0x41946581, 0xbfef04a8, 0xc1547fe4,
        0x419d1b74, 0xbfef7930, 0x40bd2640, 0x4048fef8, 0xc12a2da6, 0x40147790, 0x4101a911, 0xc1bd3474,
        0x41059b7e, 0xc0dd696a, 0xc1b84ebe, 0x40b81112, 0xc1afb0d5, 0x41a7b1ec, 0xc1affb45, 0x417634b6,
        0xc18356dd, 0xc164073b, 0xc192621c, 0x41ac671a, 0xc04c1d34, 0x40dfcee4, 0x40e3dc78, 0xc158cb7f,
        0xc12a3cf7, 0xc112f00a, 0x41570535, 0xc1a7cfba, 0x3f111130, 0x41b46387, 0x41a663dc, 0x4183865e,
        0x41912207, 0xc1bf4c82, 0x413ad149, 0xc183063c, 0xc109f6f1, 0xc11b9790, 0x40c4694a, 0x418d2964,
        0xc0c1ac0a, 0xc1244729, 0x41be87da, 0xc16fa29a, 0x4194a919, 0xc17b9244, 0xc1a63394, 0x40de5d66,
        0x41118663, 0xc0c47202, 0xc1242c20, 0xc1201a33, 0x416e4271, 0x41221a28, 0x418787a0, 0x40ceb9b6,
        0x40fcd308, 0x416fc79f, 0x4106a4ec, 0xc120b0de, 0xc10d4296, 0xc15bb9cd, 0x3f8d8dd8, 0xc1a76d12,
        0x411a7c3a, 0xc0f258a8, 0xc09dbf42, 0xbf6f87d0, 0x4193f7e9, 0xc16d8cf1, 0xc065356c, 0xc1ac04d3,
        0xc190f626, 0xc16bc344, 0xc1ba764e, 0xc19799da, 0xc19af8ae, 0x41b9acea, 0xc13b8f60, 0x41a61954,
        0x40f446b2, 0x41bcd3c6, 0x40b86350, 0xc15ad90f, 0xc0dd9f1c, 0x41097c36, 0x40e6ae9a, 0xc19a329e,
        0x4184f3cf, 0x4184f5c3, 0xc1100000, 0xc1100001, 0x00000000, 0x80000000, 0x42b00000, 0xc2d00000,
        0x7f800000, 0xff800000,
    ]
    static let output: [UInt32] = [
        0x3f7ffffc, 0x3f7ffdf6, 0x309b11e6, 0x3f800000, 0x3a187ce6, 0x3f7f6a1e, 0x3f54f6ce, 0x3f7fffe8,
        0x34051491, 0x3f7fffb8, 0x33de216e, 0x3f7b2855, 0x3f7ffffc, 0x3f7743b2, 0x3f7ffff6, 0x3883734a,
        0x3ee8fdf8, 0x3f7fffe8, 0x3b0ea17f, 0x30a8c53c, 0x3f7a42a7, 0x3f800000, 0x315e406e, 0x3f562c26,
        0x382cf293, 0x384beb95, 0x3ef0bf12, 0x34b60560, 0x2e432d10, 0x3f800000, 0x3e09103e, 0x35e501ad,
        0x3f800000, 0x3e08a44d, 0x3f7f4ee5, 0x3f756291, 0x37c99747, 0x3f6916c0, 0x3f7fec30, 0x2e6b777d,
        0x3f7ff085, 0x3a81768e, 0x2ed92646, 0x3f7f3081, 0x2f9f6590, 0x3f800000, 0x2f99b50f, 0x3f7ffffc,
        0x339f32b2, 0x352d87ea, 0x32423dac, 0x3f800000, 0x3d22153e, 0x3f7fc3f0, 0x3f7fcb13, 0x35af16af,
        0x37c8d6a9, 0x38d765e4, 0x3f7fffe8, 0x30556628, 0x3f235395, 0x3f800000, 0x3f800000, 0x3f7ffffe,
        0x3f800000, 0x2e353d8a, 0x3f7fff72, 0x33a59731, 0x393caa59, 0x387ad1e9, 0x3f7f72c6, 0x3f800000,
        0x3b19d0c9, 0x3811bef5, 0x3f800000, 0x34a80496, 0x3f800000, 0x341f5dcd, 0x30827c41, 0x3f7fc12b,
        0x3f7ff8a6, 0x3b0d12e3, 0x3812b60a, 0x383d34fe, 0x3f7ffffa, 0x3f7ffd64, 0x3f800000, 0x3f7f99a1,
        0x3f7fe7ba, 0x3f7ffffa, 0x3f7ff17d, 0x38365fa6, 0x39198d60, 0x3591c831, 0x3f405948, 0x305fee37,
        0x3f7ffbcc, 0x3a06ab08, 0x3beb3177, 0x3e904506, 0x3f800000, 0x34bf6612, 0x3cdddd8d, 0x2ffc3daa,
        0x32680494, 0x34d60692, 0x2ea5e171, 0x31ca5b22, 0x3184c8c5, 0x3f800000, 0x37080d04, 0x3f800000,
        0x3f7fe04e, 0x3f800000, 0x3f7f3293, 0x359a011f, 0x3a809e3e, 0x3f7ff3d9, 0x3f7fcf89, 0x3192446f,
        0x3f7ffffe, 0x3f800000, 0x3901637b, 0x39016789, 0x3f000000, 0x3f000000, 0x3f800000, 0x00000000,
        0x3f800000, 0x00000000,
    ]
}
