import Testing

@testable import KingletKernels

// Vectors: single-LOGISTIC float32 models run on pip tflite-micro 0.dev20261023182759 (x86-64
// Linux, glibc 2.36's expf) by tools/vectors/float_vectors.py, which prints enum
// FloatLogisticVectors whole (120 pipFloat(_:24) draws from SplitMix64(seed: 1), then both
// cutoffs and their neighbours, +-0, 88, -104 and +-inf; see tools/vectors/README.md):
//   cd tools/vectors && python float_vectors.py logistic-cases

@Suite struct FloatLogisticTests {
    @Test func matchesPipTFLMDigest() throws {
        // float_vectors.py logistic 11 400 (seed 11, 400 cases; pipFloat as in FloatSoftmaxTests.swift).
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
        0xc0edbf5a, 0x41be9da4, 0xc1adffc8, 0xc12c03b9, 0x4003da0e, 0xc1bf258c, 0xc1ac2c7e, 0x414c34b1, 0xc1a556da,
        0xc18f4b45, 0x414a0686, 0x4110310e, 0x41589b46, 0x4148dfe8, 0xc1b3c116, 0xbfca469e, 0xc1800eb7, 0xc11e6e37,
        0x40131951, 0x41664507, 0xc10ad157, 0xc1743c00, 0x418d15ba, 0x3f9e2b6b, 0x3ed6cce6, 0x40ca7193, 0xc19e589d,
        0xbfb879a3, 0x419ab25c, 0x419dc30b, 0xc1100a3a, 0xc15ce9b4, 0xc1999770, 0xc142afc9, 0x407befaf, 0xc046320a,
        0xc0ec4baa, 0x4189f69d, 0xc1756e38, 0xc1a5820f, 0x411c9642, 0xbe9628cc, 0xc1142200, 0x3fae9165, 0x415894bc,
        0x41160a92, 0x4109ab82, 0xc1bd70af, 0xc194d096, 0xc1814401, 0x416d93c1, 0x409f5dd5, 0x41acb7b1, 0xc189e945,
        0xc1a75b84, 0x41a89d11, 0x41a2ab65, 0xc0a77dc0, 0x419e8386, 0xc1a04c19, 0xc1b7d891, 0xc15cae93, 0xc198c76d,
        0x4130a073, 0xbf4c75c5, 0xc0d0e91d, 0x40ebb753, 0xc11ed3c4, 0xc1bf7f65, 0xc0192664, 0xc1b27e74, 0xc198b9ef,
        0x41830892, 0x3f8b4e55, 0xc11e00da, 0x40b9d231, 0x3e53ceea, 0xc0bf3017, 0x41319cb3, 0xc167752e, 0xc121e958,
        0x41782879, 0xc1164835, 0xc166e0be, 0x4089a3cb, 0xc1829c63, 0x3ff1bb8d, 0x3fc4547a, 0x40b5a312, 0x40d267b6,
        0x411983ae, 0x41938d95, 0x41b58460, 0x3e319c5b, 0xc194f458, 0x4198edf0, 0x3f86a811, 0xc15537b1, 0x41a488e2,
        0xc1708ee3, 0x4094976c, 0x41845edd, 0xc1ada0fe, 0xc09821fb, 0xc1bf328c, 0xc17a7c96, 0xc15e41ab, 0xc09fae71,
        0xc1a09c63, 0x417349e1, 0x4090c7c1, 0xc18a37c4, 0xc1181b3f, 0x417e69f1, 0x419f50c8, 0xc1b857cc, 0xc0198b40,
        0x4112a21f, 0xbfe1bc99, 0xc04b0879, 0x4184f3cf, 0x4184f5c3, 0xc1100000, 0xc1100001, 0x00000000, 0x80000000,
        0x42b00000, 0xc2d00000, 0x7f800000, 0xff800000,
    ]
    static let output: [UInt32] = [
        0x3a1b781e, 0x3f800000, 0x2fc4ee01, 0x37b3bbd4, 0x3f6310a3, 0x2e38b8a6, 0x2ff766f6, 0x3f7fffd0, 0x3091559f,
        0x328ee4e8, 0x3f7fffc8, 0x3f7ff802, 0x3f7fffea, 0x3f7fffc4, 0x2f3fd45a, 0x3e2eda9d, 0x33efeff3, 0x38520bf7,
        0x3f68a396, 0x3f7ffff6, 0x3932def7, 0x347c15cd, 0x3f800000, 0x3f465a40, 0x3f1a768a, 0x3f7f8b00, 0x312e2b74,
        0x3e43f347, 0x3f800000, 0x3f800000, 0x390114f6, 0x35875b74, 0x319dc7e8, 0x36ae4c24, 0x3f7b1976, 0x3d311baa,
        0x3a22ae5f, 0x3f800000, 0x3469ed29, 0x308e4ce9, 0x3f7ffc52, 0x3edaba19, 0x38c7e502, 0x3f4bdf77, 0x3f7fffea,
        0x3f7ffa74, 0x3f7ff3fd, 0x2e64a485, 0x320f54b2, 0x33ce4e2e, 0x3f7ffffa, 0x3f7e40ab, 0x3f800000, 0x330c05f5,
        0x3061dbb5, 0x3f800000, 0x3f800000, 0x3badc7ac, 0x3f800000, 0x3108799a, 0x2ee60c5a, 0x3589534d, 0x31aea605,
        0x3f7ffef2, 0x3e9ee0e9, 0x3abf4034, 0x3f7fd697, 0x384ce734, 0x2e30cae7, 0x3dab7067, 0x2f608f56, 0x31afcd8a,
        0x3f7ffffe, 0x3f3f814d, 0x3857bb04, 0x3f7f3b8b, 0x3f0d30e7, 0x3b263358, 0x3f7fff02, 0x350c0d46, 0x3828fa67,
        0x3f7ffffc, 0x38aec4bb, 0x3511386a, 0x3f7c93c0, 0x33ae5fb8, 0x3f5e5bd1, 0x3f5293aa, 0x3f7f2032, 0x3f7fa4bb,
        0x3f7ffb8a, 0x3f800000, 0x3f800000, 0x3f0b12ab, 0x320cd99b, 0x3f800000, 0x3f3dbca1, 0x35daf51a, 0x3f800000,
        0x349e998a, 0x3f7d8f49, 0x3f7ffffe, 0x2fce4232, 0x3c0bf4ee, 0x2e378d6e, 0x342a8b82, 0x3578e8cc, 0x3bdd7da9,
        0x31033a6b, 0x3f7ffffc, 0x3f7d411f, 0x3306c20b, 0x389bef59, 0x3f7ffffe, 0x3f800000, 0x2ed8310a, 0x3daa797a,
        0x3f7ff924, 0x3e15db36, 0x3d24bb9b, 0x3f7ffffe, 0x3f800000, 0x3901637b, 0x39016789, 0x3f000000, 0x3f000000,
        0x3f800000, 0x00000000, 0x3f800000, 0x00000000,
    ]
}
