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

// int32 requantization (issue 11): pip tflite-micro cases from tools/vectors/int16_vectors.py
// (`cd tools/vectors && /tmp/venv-vectors/bin/python int16_vectors.py quantize 11 24`).
enum WideType { case int8, int16, int32 }

struct WideQuantizeCase {
    var input: WideType, output: WideType
    var inScale: UInt32, inZero: Int32, outScale: UInt32, outZero: Int32, x: [Int], expected: [Int]
    init(
        _ input: WideType, _ output: WideType, inScale: UInt32, inZero: Int32, outScale: UInt32, outZero: Int32,
        x: [Int], expected: [Int]
    ) {
        self.input = input; self.output = output; self.inScale = inScale; self.inZero = inZero
        self.outScale = outScale; self.outZero = outZero; self.x = x; self.expected = expected
    }
}

@Suite struct WideRequantizeTests {
    func run<I: FixedWidthInteger & SignedInteger, O: FixedWidthInteger & SignedInteger>(
        _ op: Requantize, _ x: [Int], _: I.Type, _: O.Type
    ) -> [Int] {
        let input = x.map { I(truncatingIfNeeded: $0) }
        var output = [O](repeating: 0, count: x.count)
        input.withUnsafeBufferPointer { a in
            output.withUnsafeMutableBufferPointer { y in op.invoke(input: a.baseAddress!, output: y.baseAddress!) }
        }
        return output.map { Int($0) }
    }

    @Test func matchesPipTFLM() throws {
        for (index, c) in wideQuantizeCases.enumerated() {
            let op = try Requantize(
                shape: Shape(c.x.count), inputScale: Float(bitPattern: c.inScale), inputZeroPoint: c.inZero,
                outputScale: Float(bitPattern: c.outScale), outputZeroPoint: c.outZero)
            let output: [Int]
            switch (c.input, c.output) {
            case (.int16, .int32): output = run(op, c.x, Int16.self, Int32.self)
            case (.int32, .int16): output = run(op, c.x, Int32.self, Int16.self)
            case (.int8, .int32): output = run(op, c.x, Int8.self, Int32.self)
            case (.int32, .int8): output = run(op, c.x, Int32.self, Int8.self)
            default: output = []
            }
            #expect(output == c.expected, "case \(index)")
        }
    }
}

let wideQuantizeCases: [WideQuantizeCase] = [
    .init(
        .int32, .int16, inScale: 0x361b126d, inZero: 62, outScale: 0x3e2057c1, outZero: 0,
        x: [-843971030, -1980649632],
        expected: [-12455, -29229]),
    .init(
        .int32, .int16, inScale: 0x36983643, inZero: -59, outScale: 0x3a8b1db7, outZero: 0,
        x: [-648437896, 2136237213, 617422070, 1551221989, -1170821314, -699265450, 1453054486, -1379924198],
        expected: [-32768, 32767, 32767, 32767, -32768, -32768, 32767, -32768]),
    .init(
        .int32, .int16, inScale: 0x3f7d3af6, inZero: 77, outScale: 0x3fdd1792, outZero: 0,
        x: [-570384, -490367, 559904, -1925, -253540, -233939, -332706, 248663, -366213, -697780, 869453],
        expected: [-32768, -32768, 32767, -1147, -32768, -32768, -32768, 32767, -32768, -32768, 32767]),
    .init(
        .int8, .int32, inScale: 0x3baaf6ec, inZero: -75, outScale: 0x38314b9f, outZero: -5,
        x: [-127, 72, -81, -19, -6, 120, -97],
        expected: [-6423, 18139, -746, 6907, 8512, 24064, -2720]),
    .init(
        .int32, .int8, inScale: 0x33f37874, inZero: 37, outScale: 0x37690e46, outZero: 31,
        x: [796912057, -814742028, -1483728183, 1532028359, 509527277, 1491682052, 944485788, 1499735646, -1396598953],
        expected: [127, -128, -128, 127, 127, 127, 127, 127, -128]),
    .init(
        .int32, .int16, inScale: 0x3bcc5163, inZero: -47, outScale: 0x45837f61, outZero: 0,
        x: [714100, 976484, 418262, 590303, -537536, -795408, 800631],
        expected: [1, 1, 1, 1, -1, -1, 1]),
    .init(
        .int16, .int32, inScale: 0x3cd41aa7, inZero: 0, outScale: 0x34cdfc87, outZero: 60,
        x: [-29132, 25436, -27970, 15569, -23194, 13243, 30366, -18078, -17199, -6157, -11245],
        expected: [
            245365996, -494780755, 323780522, 1050633244, 646076372, 893669226, -162092618, 991316231, 1050633244,
            -415488957, -758839310,
        ]),
    .init(
        .int8, .int32, inScale: 0x3cf0b0e0, inZero: 27, outScale: 0x3bac5d74, outZero: 7,
        x: [-76, 65, -94, -32, -75],
        expected: [-568, 219, -669, -323, -563]),
    .init(
        .int32, .int8, inScale: 0x3be2c835, inZero: 15, outScale: 0x3d842a91, outZero: -8,
        x: [-573101, -528794, 331134],
        expected: [-128, -128, 127]),
    .init(
        .int32, .int8, inScale: 0x352bb9f5, inZero: 3, outScale: 0x3ad605f6, outZero: -80,
        x: [285113, -576222, 889321, -348212, -910516],
        expected: [32, -128, 127, -128, -128]),
    .init(
        .int16, .int32, inScale: 0x3791f039, inZero: 0, outScale: 0x31b16e00, outZero: 55,
        x: [-25448],
        expected: [-85734679]),
    .init(
        .int32, .int8, inScale: 0x396552e8, inZero: -82, outScale: 0x43c8774c, outZero: -75,
        x: [-1709485950, -1171021111, 407528995, 732649254, 1653258719, 1496726233, 219772714, -2089962555],
        expected: [-128, -128, 127, 127, 127, 127, 45, -128]),
    .init(
        .int8, .int32, inScale: 0x3dc20ecb, inZero: 9, outScale: 0x3cc53f9a, outZero: 35,
        x: [-67, 38, -75, -119],
        expected: [-264, 149, -296, -469]),
    .init(
        .int32, .int16, inScale: 0x360da557, inZero: 28, outScale: 0x3ea656a2, outZero: 0,
        x: [252725, 819484, 550001, -356504],
        expected: [2, 5, 4, -2]),
    .init(
        .int8, .int32, inScale: 0x3d15ce93, inZero: -8, outScale: 0x3a4f7d57, outZero: -52,
        x: [-78, -63, 70, 117, -112, -62, -121, 64, 60],
        expected: [-3287, -2593, 3552, 5724, -4858, -2547, -5273, 3275, 3090]),
    .init(
        .int16, .int32, inScale: 0x3f19e51c, inZero: 0, outScale: 0x3d3a8190, outZero: 76,
        x: [385, 25351, 543, 21200, 22853, -22824, -5425],
        expected: [5159, 334769, 7245, 279966, 301789, -301254, -71547]),
    .init(
        .int8, .int32, inScale: 0x3f606e28, inZero: -72, outScale: 0x3714e233, outZero: -95,
        x: [10, 43, -74, 85, -95],
        expected: [8100715, 11360797, -197676, 15509992, -2272273]),
    .init(
        .int32, .int16, inScale: 0x3b75b4b9, inZero: 82, outScale: 0x4113d472, outZero: -39,
        x: [-370994, 645653, 780057, -849105, 543839, 273469, 182348, 474580, -438187, -88235, 420606, -116149],
        expected: [-190, 223, 278, -384, 182, 72, 35, 154, -217, -75, 132, -86]),
    .init(
        .int32, .int16, inScale: 0x33e2d136, inZero: 12, outScale: 0x35bd08a2, outZero: -3,
        x: [473666, 326623, 756823, 900404, -631488, -927134, -539617],
        expected: [32767, 24490, 32767, 32767, -32768, -32768, -32768]),
    .init(
        .int32, .int16, inScale: 0x3fa2b509, inZero: 14, outScale: 0x413a0a0c, outZero: 0,
        x: [187854],
        expected: [20535]),
    .init(
        .int32, .int8, inScale: 0x3df964a5, inZero: 68, outScale: 0x40c7ab7b, outZero: -30,
        x: [797944039, 1368540063, -631463846, 1246716892, 1871706580, 249269770, -969933772, 1070812285, 1085119865],
        expected: [127, 127, -128, 127, 127, 127, -128, 127, 127]),
    .init(
        .int32, .int16, inScale: 0x3d7277d0, inZero: -53, outScale: 0x46cc3976, outZero: 0,
        x: [-8010, -14156, 793635, -12612, 517981, 148103, 432784, 181051, 987405, 31891, 860475, 640986],
        expected: [0, 0, 2, 0, 1, 0, 1, 0, 2, 0, 2, 1]),
    .init(
        .int8, .int32, inScale: 0x37fb7b8c, inZero: 30, outScale: 0x3654e57d, outZero: 45,
        x: [-30, -78, 34, 41, -6],
        expected: [-522, -976, 83, 149, -295]),
    .init(
        .int16, .int32, inScale: 0x3ad3fa4a, inZero: 0, outScale: 0x314bf03c, outZero: -97,
        x: [20010, 20766, 21448, -32205, -8974, -17055, 2516, -9232, -31644, 5313],
        expected: [
            -256129179, 155857174, 527516821, 306809846, -426155293, -365665234, -861029778, -566753811, 612529878,
            663210739,
        ]),
]
