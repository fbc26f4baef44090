import Testing

@testable import KingletKernels

// Vectors: TFLM reference outputs printed by the g++ harness described in AddTests.swift
// (reference_ops::AffineQuantize with QuantizationParams{zero_point, double(scale)}, and
// reference_ops::Requantize after QuantizeMultiplier(double(in_s) / double(out_s)) as
// PrepareQuantizeReference does), compiled for x86-64 (no -march): ./gen quantize
// Inputs include ties, +-0, NaN, infinities and values beyond int32 (see Quantize.swift).

@Suite struct QuantizeTests {
    @Test func floatToInt8() throws {
        let input = floats(QuantizeVectors.floatToInt8Input)
        let op = try Quantize(shape: Shape(input.count), outputScale: 0.1, outputZeroPoint: -3)
        var output = [Int8](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == QuantizeVectors.floatToInt8Output)
    }

    @Test func outOfRangeFollowsX86Conversion() throws {
        let input = floats(QuantizeVectors.wrapInput)
        let op = try Quantize(shape: Shape(input.count), outputScale: 1, outputZeroPoint: -100)
        var output = [Int8](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == QuantizeVectors.wrapOutput)
        #expect(truncateToInt32LikeX86(.nan) == Int32.min)
        #expect(truncateToInt32LikeX86(2_147_483_648) == Int32.min)
        #expect(truncateToInt32LikeX86(-2_147_483_648) == Int32.min)
        #expect(truncateToInt32LikeX86(2_147_483_520) == 2_147_483_520)
        #expect(truncateToInt32LikeX86(-7.9) == -7)
    }

    @Test func floatToInt16() throws {
        let input = floats(QuantizeVectors.floatToInt8Input)
        let op = try Quantize(shape: Shape(input.count), outputScale: 0.001, outputZeroPoint: 7)
        var output = [Int16](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == QuantizeVectors.floatToInt16Output)
    }

    @Test func requantize() throws {
        let input = QuantizeVectors.requantizeInput
        let toInt8 = try Requantize(
            shape: Shape(input.count), inputScale: 0.07, inputZeroPoint: 5, outputScale: 0.03,
            outputZeroPoint: -9)
        var out8 = [Int8](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            out8.withUnsafeMutableBufferPointer { toInt8.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(out8 == QuantizeVectors.int8ToInt8Output)

        let toInt16 = try Requantize(
            shape: Shape(input.count), inputScale: 0.07, inputZeroPoint: 5, outputScale: 0.0007,
            outputZeroPoint: 11)
        var out16 = [Int16](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            out16.withUnsafeMutableBufferPointer { toInt16.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(out16 == QuantizeVectors.int8ToInt16Output)

        let input16 = QuantizeVectors.int16Input
        let fromInt16 = try Requantize(
            shape: Shape(input16.count), inputScale: 0.0003, inputZeroPoint: -2, outputScale: 0.05,
            outputZeroPoint: 3)
        var narrowed = [Int8](repeating: 0, count: input16.count)
        input16.withUnsafeBufferPointer { x in
            narrowed.withUnsafeMutableBufferPointer { fromInt16.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(narrowed == QuantizeVectors.int16ToInt8Output)
    }

    @Test func equalScalesAreIdentityOnTheCenteredValue() throws {
        let op = try Requantize(
            shape: Shape(256), inputScale: 0.37, inputZeroPoint: 3, outputScale: 0.37, outputZeroPoint: 3)
        #expect(op.multiplier == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        let input = (-128...127).map { Int8($0) }
        var output = [Int8](repeating: 0, count: 256)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == input)
    }

    @Test func rejectsUnusableScales() {
        #expect(throws: KernelError.self) { try Quantize(shape: Shape(1), outputScale: 0, outputZeroPoint: 0) }
        #expect(throws: KernelError.self) { try Quantize(shape: Shape(1), outputScale: .nan, outputZeroPoint: 0) }
        #expect(throws: KernelError.self) {
            try Requantize(
                shape: Shape(1), inputScale: 1, inputZeroPoint: 0, outputScale: .infinity, outputZeroPoint: 0)
        }
        #expect(throws: KernelError.self) {
            try Requantize(shape: Shape(1), inputScale: 1e30, inputZeroPoint: 0, outputScale: 1e-30, outputZeroPoint: 0)
        }
    }
}
enum QuantizeVectors {
    static let floatToInt8Input: [UInt32] = [
        0xbf8ec3bc, 0xc13581dc, 0x4173d516, 0x408d2368, 0x41726fac, 0xc0be4e93, 0xc0c1d225, 0xc19fc9d2,
        0x417995aa, 0xc18fb07c, 0xc0ddda88, 0xc0a99606, 0xc0bea0be, 0xc10f6209, 0xbfe0fd58, 0x4173e058,
        0x41283728, 0x40bcdd4c, 0x414b7a50, 0x40a0302f, 0x418db99f, 0x40fc2830, 0xc0589e92, 0xc1335ea2,
        0xbfbcffd4, 0x415b0d44, 0x40726caa, 0xc04ccb4e, 0xc09f26d5, 0xc0e2faea, 0xc15a3192, 0xbfccddf0,
        0x409e2415, 0x414cbf2d, 0x410a6284, 0xc18959b8, 0x4193b19e, 0xc0c6a3b8, 0x40a21601, 0x3faa91c8,
        0x3d4ccccd, 0xbd4ccccd, 0x3e19999a, 0xbe800000, 0x414c0000, 0xc14d999a, 0x501502f9, 0xd01502f9,
        0x4f32d05e, 0xcf32d05e, 0x7f800000, 0xff800000, 0x7fc00000, 0x4d4ccccc, 0xcd4ccccc, 0x00000000,
        0x80000000,
    ]
    static let floatToInt8Output: [Int8] = [
        -14, -116, 127, 41, 127, -62, -64, -128, 127, -128, -72, -56, -63, -93, -21, 127, 102, 56, 124, 47, 127, 76,
        -37, -115,
        -18, 127, 35, -35, -53, -74, -128, -19, 46, 125, 83, -128, 127, -65, 48, 10, -2, -4, -1, -6, 125, -128, 127,
        127,
        127, 127, 127, 127, 127, 127, -128, -3, -3,
    ]
    static let wrapInput: [UInt32] = [
        0x4f32d05e, 0xcf32d05e, 0x7fc00000, 0x4effffff, 0xcf000000, 0x40b00000, 0xc0b00000,
    ]
    static let wrapOutput: [Int8] = [
        127, 127, 127, 127, 127, -94, -106,
    ]
    static let floatToInt16Output: [Int16] = [
        -1108, -11337, 15247, 4418, 15159, -5940, -6050, -19967, 15606, -17954, -6926, -5293, -5950, -8954, -1751,
        15249,
        10520, 5909, 12724, 5013, 17723, 7887, -3378, -11204, -1470, 13698, 3795, -3193, -4966, -7086, -13630, -1594,
        4949, 12804, 8656, -17162, 18469, -6200, 5072, 1340, 57, -43, 157, -243, 12757, -12843, -32768, -32768,
        -32768, -32768, -32768, -32768, -32768, -32768, -32768, 7, 7,
    ]
    static let requantizeInput: [Int8] = [
        -57, 43, -63, 42, -107, -47, -111, -52, 76, 127, -57, 95, 18, -108, -24, 23, -120, 74, 75, 127, 48, 0, -30, 118,
        57, -24, 118, -97, -112, 71, -116, -85, 1, -84, 91, 5, -98, 10, -17, 10, -46, 40, 51, 30, -14, 110, -91, -91,
        55, 71, 79, -57, 16, -125, -8, -18, -41, -32, 0, -66, 40, 82, 76, -96,
    ]
    static let int8ToInt8Output: [Int8] = [
        -128, 80, -128, 77, -128, -128, -128, -128, 127, 127, -128, 127, 21, -128, -77, 33, -128, 127, 127, 127, 91,
        -21, -91, 127,
        112, -77, 127, -128, -128, 127, -128, -128, -18, -128, 127, -9, -128, 3, -60, 3, -128, 73, 98, 49, -53, 127,
        -128, -128,
        108, 127, 127, -128, 17, -128, -39, -63, -116, -95, -21, -128, 73, 127, 127, -128,
    ]
    static let int8ToInt16Output: [Int16] = [
        -6189, 3811, -6789, 3711, -11189, -5189, -11589, -5689, 7111, 12211, -6189, 9011, 1311, -11289, -2889, 1811,
        -12489, 6911, 7011, 12211, 4311, -489, -3489, 11311, 5211, -2889, 11311, -10189, -11689, 6611, -12089, -8989,
        -389, -8889, 8611, 11, -10289, 511, -2189, 511, -5089, 3511, 4611, 2511, -1889, 10511, -9589, -9589,
        5011, 6611, 7411, -6189, 1111, -12989, -1289, -2289, -4589, -3689, -489, -7089, 3511, 7711, 7111, -10089,
    ]
    static let int16Input: [Int16] = [
        -8677, 24504, 18749, -251, 12319, -7397, 11300, 4402, -23281, -20350, 24386, 18758, 19105, -12437, -18936,
        -9638,
        -23948, -21981, -12307, -21279, 19055, 20713, 14018, -31259, 4193, -19586, 22427, 26037, 31490, -7515, 12497,
        27878,
        3410, 8027, 12649, 945, 6894, 6319, -1080, 16762, -4421, -22346, -542, -24901, 14092, 23312, -21036, -22926,
        6451, -14959, -21468, 30911, -25041, 26401, -21963, 19987, 9048, -26174, 29602, -12139, 16640, -23612, -7892,
        24788,
    ]
    static let int16ToInt8Output: [Int8] = [
        -49, 127, 116, 2, 77, -41, 71, 29, -128, -119, 127, 116, 118, -72, -111, -55, -128, -128, -71, -125, 117, 127,
        87, -128,
        28, -115, 127, 127, 127, -42, 78, 127, 23, 51, 79, 9, 44, 41, -3, 104, -24, -128, 0, -128, 88, 127, -123, -128,
        42, -87, -126, 127, -128, 127, -128, 123, 57, -128, 127, -70, 103, -128, -44, 127,
    ]
    static let dequantizeInt8Output: [UInt32] = [
        0xbf0c49ba, 0x3f526e98, 0xbf2154ca, 0x3f4eecc0, 0xbf9dd2f2, 0xbed26e98, 0xbfa4d6a1, 0xbef58106,
        0x3fa315b5, 0x3ffc84b6, 0xbf0c49ba, 0x3fc46738, 0x3ef58106, 0xbf9f93de, 0xbdc46738, 0x3f0c49ba,
        0xbfb49eed, 0x3f9f93de, 0x3fa154ca, 0x3ffc84b6, 0x3f63f7cf, 0x3e6e7d56, 0xbe365fd9, 0x3fecbc6b,
        0x3f81c433, 0xbdc46738, 0x3fecbc6b, 0xbf8c49ba, 0xbfa6978d, 0x3f9a511a, 0xbfad9b3d, 0xbf6e7d56,
        0x3e7c84b6, 0xbf6afb7f, 0x3fbd6388, 0x3e9a511a, 0xbf8e0aa6, 0x3ebd6388, 0x00000000, 0x3ebd6388,
        0xbecb6ae8, 0x3f47e910, 0x3f6e7d56, 0x3f24d6a1, 0x3d285879, 0x3fdeb50b, 0xbf81c433, 0xbf81c433,
        0x3f7c84b6, 0x3f9a511a, 0x3fa85879, 0xbf0c49ba, 0x3ee779a7, 0xbfbd6388, 0x3dfc84b6, 0xbc6075f7,
        0xbea85879, 0xbe526e98, 0x3e6e7d56, 0xbf2bda51, 0x3f47e910, 0x3fad9b3d, 0x3fa315b5, 0xbf8a88ce,
    ]
    static let dequantizeInt16Output: [UInt32] = [
        0xbe89e96c, 0x3f425e57, 0x3f14b263, 0xbc059429, 0x3ec35632, 0xbe6b30f9, 0x3eb329c3, 0x3e0b5b2d,
        0xbf38da6e, 0xbf2197c4, 0x3f416e9c, 0x3f14c4ac, 0x3f1785a5, 0xbec5972d, 0xbf165f0f, 0xbe992a30,
        0xbf3e2585, 0xbf2e8955, 0xbec386f4, 0xbf28f723, 0x3f172010, 0x3f24487b, 0x3ede4da0, 0xbf782aaa,
        0x3e04b8bf, 0xbf1b879c, 0x3f31e2ac, 0x3f4e88ce, 0x3f79cf35, 0xbe6eefe5, 0x3ec62973, 0x3f5d2503,
        0x3dd7bb73, 0x3e7e6d9c, 0x3ec89310, 0x3cecefed, 0x3e5a7653, 0x3e48359c, 0xbd0aa865, 0x3f04ed91,
        0xbe0cb89d, 0xbf316edf, 0xbc8cb07d, 0xbf45b5a6, 0x3edf7a4e, 0x3f38e8a7, 0xbf270974, 0xbf360935,
        0x3e4c664d, 0xbeed9ea5, 0xbf2a771c, 0x3f7536e7, 0xbf46d213, 0x3f516c50, 0xbf2e64c3, 0x3f1e8587,
        0x3e8f6b5d, 0xbf4fcfe5, 0x3f6ad384, 0xbec0dc55, 0x3f03f5b6, 0xbf3b7ae5, 0xbe7ae792, 0x3f449f51,
    ]
}
