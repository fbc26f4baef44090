import Testing

@testable import KingletKernels

// Vectors: TFLM reference float kernels run by the g++ harness described in AddTests.swift,
// compiled for plain x86-64 (no -march, so no fused multiply-add), on deterministic inputs:
//   ./gen floatbinary   (M/add.cc: BroadcastAdd4DSlow when the shapes differ, else reference_ops::Add)
// Each case starts with -0.0 + -0.0 so the RELU clamp must keep TFLM's -0.0.

func runFloatBinary(
    _ isMul: Bool, _ shape1: Shape, _ input1: [UInt32], _ shape2: Shape, _ input2: [UInt32],
    _ outputShape: Shape, _ activation: FusedActivation
) throws -> [UInt32] {
    var output = [Float](repeating: .nan, count: outputShape.elementCount)
    let a = floats(input1), b = floats(input2)
    if isMul {
        let op = try FloatMul(
            input1Shape: shape1, input2Shape: shape2, outputShape: outputShape, activation: activation)
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                output.withUnsafeMutableBufferPointer {
                    op.invoke(input1: x.baseAddress!, input2: y.baseAddress!, output: $0.baseAddress!)
                }
            }
        }
    } else {
        let op = try FloatAdd(
            input1Shape: shape1, input2Shape: shape2, outputShape: outputShape, activation: activation)
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                output.withUnsafeMutableBufferPointer {
                    op.invoke(input1: x.baseAddress!, input2: y.baseAddress!, output: $0.baseAddress!)
                }
            }
        }
    }
    return output.map(\.bitPattern)
}

@Suite struct FloatAddTests {
    @Test func broadcast() throws {
        #expect(
            try runFloatBinary(
                false, Shape(2, 1, 3, 4), FloatAddVectors.broadcastInput1, Shape(1, 5, 1, 4),
                FloatAddVectors.broadcastInput2, Shape(2, 5, 3, 4), .none) == FloatAddVectors.broadcastOutput)
    }

    @Test func reluKeepsNegativeZero() throws {
        let output = try runFloatBinary(
            false, Shape(4, 6), FloatAddVectors.reluInput1, Shape(4, 6), FloatAddVectors.reluInput2,
            Shape(4, 6), .relu)
        #expect(output == FloatAddVectors.reluOutput)
        #expect(output[0] == (-0.0 as Float).bitPattern)
    }

    @Test func relu6Broadcast6D() throws {
        #expect(
            try runFloatBinary(
                false, Shape(2, 1, 2, 1, 3, 1), FloatAddVectors.relu6Broadcast6DInput1, Shape(1, 2, 1, 2, 1, 2),
                FloatAddVectors.relu6Broadcast6DInput2, Shape(2, 2, 2, 2, 3, 2), .relu6)
                == FloatAddVectors.relu6Broadcast6DOutput)
    }

    @Test func noActivationClampsInfinityToGreatestFinite() throws {
        // CalculateActivationRange<float> for NONE is [lowest, max], so inf becomes FLT_MAX.
        let output = try runFloatBinary(
            false, Shape(3), [Float.infinity, -.infinity, .nan].map(\.bitPattern), Shape(1),
            [Float(1).bitPattern], Shape(3), .none)
        #expect(output[0] == Float.greatestFiniteMagnitude.bitPattern)
        #expect(output[1] == (-Float.greatestFiniteMagnitude).bitPattern)
        #expect(Float(bitPattern: output[2]).isNaN)
    }

    @Test func rejectsNonBroadcastableShapes() {
        #expect(throws: KernelError.self) {
            try FloatAdd(input1Shape: Shape(2), input2Shape: Shape(3), outputShape: Shape(3), activation: .none)
        }
    }
}
enum FloatAddVectors {
    static let broadcastInput1: [UInt32] = [
        0x80000000, 0xc01134b0, 0x404310de, 0x3f61d240, 0x4041f2f0, 0xbf983edc, 0xbf9b0e84, 0xc07fa950,
        0x4047aaee, 0xc065e72c, 0xbfb17ba0, 0xbf87ab38, 0xbf988098, 0xbfe569a8, 0xbeb3fde0, 0x404319e0,
        0x40069286, 0x3f971770, 0x4022c840, 0x3f80268c, 0x4062c298, 0x3fc9b9c0, 0xbf2d4ba8, 0xc00f7ee8,
    ]
    static let broadcastInput2: [UInt32] = [
        0x80000000, 0x402f3dd0, 0x3f41f088, 0xbf23d5d8, 0xbf7ea488, 0xbfb59588, 0xc02e8e0e, 0xbea3e4c0,
        0x3f7d0688, 0x4023cc24, 0x3fdd6a6c, 0xc05bc2c0, 0x406c4f64, 0xbf9ee960, 0x3f81ab34, 0x3e8874a0,
        0x400f6288, 0xc029a30e, 0x4003d912, 0xc02b90da,
    ]
    static let broadcastOutput: [UInt32] = [
        0x80000000, 0x3ef04900, 0x40738d00, 0x3e77f1a0, 0x4041f2f0, 0x3fc63cc4, 0xbee85900, 0xc0944f63,
        0x4047aaee, 0xbf5aa570, 0xbf2106b8, 0xbfd99624, 0xbf7ea488, 0xc06bff74, 0x3ea41680, 0x3f0fdfe0,
        0x400249ce, 0xc026ea32, 0xc07c1550, 0xc08a12f4, 0x400801cc, 0xc0a058f8, 0xc083a5ef, 0xbfb0a468,
        0x3f7d0688, 0x3e94bba0, 0x4098e30a, 0xc0234e30, 0x40809a49, 0x3faf596c, 0x3f04b7d0, 0xc0edb608,
        0x40837648, 0xbf843610, 0x3eafbb30, 0xc08fcc2e, 0x406c4f64, 0xc060a960, 0x4081f33c, 0x3f930648,
        0x40d7212a, 0xc01b941e, 0xbe4b1a80, 0xc06e9abc, 0x40d9fd29, 0xc09aadee, 0xbebf41b0, 0xbf4b1c20,
        0x400f6288, 0xc09d6bdf, 0x40a374f8, 0xbfe63894, 0x40a8aabc, 0xc075c27c, 0x3f594740, 0xc0d59d15,
        0x40ab86bb, 0xc0c7c51d, 0x3f2c6d08, 0xc06f6676, 0xbf988098, 0x3f7223f0, 0x3ecfe330, 0x401a246a,
        0x40069286, 0x407ac988, 0x40534462, 0x3eb8ee80, 0x4062c298, 0x408a0d58, 0x3da52700, 0xc038745e,
        0xc00be96e, 0xc04d7f98, 0xc0450dca, 0x402e9d48, 0x3f8dd2c8, 0xbe73f0c0, 0xbe3c5ce0, 0x3f2e5ab8,
        0x40231976, 0x3e2121c0, 0xc059e0f8, 0xc023fb80, 0xbe4feaa0, 0x3f445d40, 0x3fb06af4, 0xbec54700,
        0x4045d428, 0x406f57dc, 0x4088bebb, 0xc01baf7a, 0x4091021d, 0x40845482, 0x3f86c498, 0xc0b5a0d4,
        0x40200f18, 0xc0422984, 0x3f295778, 0x40542874, 0x40b970f5, 0xbd7a3e00, 0x40639dda, 0x3fa243b4,
        0x40e788fe, 0x3eab4180, 0x3eac1580, 0xbffce0a8, 0x3f864478, 0xc08e2bf1, 0x3fdab2ac, 0x3ebc4830,
        0x408afa87, 0xbfbc2eac, 0x409350a9, 0xbfd6fb28, 0x40b91290, 0xbf898c5c, 0x3fb10c50, 0xc09d87e1,
    ]
    static let reluInput1: [UInt32] = [
        0x80000000, 0x4022a890, 0x3f0ea318, 0x4018c310, 0xbfce73d8, 0xbcf61500, 0x400f98ae, 0xbf82ba98,
        0xc05adb90, 0x3f211238, 0x40502ec6, 0xc0508722, 0x3e8b5e60, 0xbfd762fc, 0xbfd3df48, 0xbca2e600,
        0xc01ee724, 0xc07e4666, 0x4045dcac, 0xbe9f5870, 0xc00daa98, 0x405179f0, 0xbe9fa620, 0x3f7c3300,
    ]
    static let reluInput2: [UInt32] = [
        0x80000000, 0xbfe2e788, 0x3ec5f4c0, 0x3face16c, 0xc07c45f0, 0x3fb224a8, 0xbf939b9c, 0xc075be52,
        0x3f756c18, 0xc06a411c, 0x405f97e6, 0xc06aa45c, 0x40242324, 0xc02f1e7c, 0xc01804d2, 0xc0432d7a,
        0x4065dece, 0xbf081378, 0x3f953498, 0x3f97e850, 0xc01087aa, 0xbfe2fbf4, 0xbfc3eab8, 0x400f58ce,
    ]
    static let reluOutput: [UInt32] = [
        0x80000000, 0x3f44d330, 0x3f719d78, 0x406f33c6, 0x00000000, 0x3fae4c54, 0x3f8b95c0, 0x00000000,
        0x00000000, 0x00000000, 0x40d7e356, 0x00000000, 0x40358ef0, 0x00000000, 0x00000000, 0x00000000,
        0x3f8def54, 0x00000000, 0x40883b7c, 0x3f602468, 0x00000000, 0x3fbff7ec, 0x00000000, 0x404e658e,
    ]
    static let relu6Broadcast6DInput1: [UInt32] = [
        0x80000000, 0x3dc16c40, 0x407084b4, 0x405dda7a, 0x402f5dd2, 0x404182b4, 0xc07f10ae, 0x3ff9170c,
        0xc02eb2fa, 0xbfb7f3ec, 0xbfcf74c0, 0x3f82f0dc,
    ]
    static let relu6Broadcast6DInput2: [UInt32] = [
        0x80000000, 0xbf811d5c, 0xbfdb098c, 0x407e0a78, 0xc01fc1bc, 0x404636cc, 0xc027b6d8, 0xc05d9a1a,
    ]
    static let relu6Broadcast6DOutput: [UInt32] = [
        0x80000000, 0x00000000, 0x3dc16c40, 0x00000000, 0x407084b4, 0x402ff606, 0x00000000, 0x407e0a78,
        0x00000000, 0x40820aed, 0x4002ffee, 0x40c00000, 0x405dda7a, 0x401d4bcc, 0x402f5dd2, 0x3fdd9e48,
        0x404182b4, 0x4000f406, 0x3fe0ab68, 0x40c00000, 0x3f83b218, 0x40c00000, 0x3fa7fbdc, 0x40c00000,
        0x00000000, 0x404636cc, 0x00000000, 0x404c422e, 0x3fa185f0, 0x40c00000, 0x00000000, 0x00000000,
        0x00000000, 0x00000000, 0x3f919bb8, 0x3e9754d0, 0x3f7862f8, 0x40c00000, 0x3e79c160, 0x40baca4f,
        0x3f0703e0, 0x40c00000, 0x3f588e88, 0x3b80c000, 0x3df4df40, 0x00000000, 0x3ece5ee0, 0x00000000,
        0x00000000, 0x00000000, 0x3ff9170c, 0x3f6ff360, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
        0x3e706c00, 0x40bd4aff, 0x00000000, 0x3f9eaefc, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
        0x3f82f0dc, 0x3c69c000, 0x00000000, 0x40221082, 0x00000000, 0x40165018, 0x00000000, 0x409fc173,
        0x00000000, 0x00000000, 0x00000000, 0x40a16129, 0x00000000, 0x3ebc1e90, 0x00000000, 0x00000000,
        0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x3fd479ac, 0x00000000, 0x3fbcf8d8,
        0x00000000, 0x4083d79d, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
    ]
}
