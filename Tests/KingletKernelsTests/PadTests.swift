import Testing

@testable import KingletKernels

// Vectors: TFLM reference outputs printed by the g++ harness described in AddTests.swift, which
// fills PadParams as PadPrepare does and calls reference_ops::Pad: ./gen pad

func floats(_ bits: [UInt32]) -> [Float] { bits.map { Float(bitPattern: $0) } }

func runPadInt8(
    _ input: [Int8], _ shape: Shape, _ paddings: [Int32], _ outputShape: Shape,
    zeroPoint: Int32 = 0, constant: Int8? = nil
) throws -> [Int8] {
    let op = try withUnalignedInt32Bytes(paddings) { raw in
        try Pad.int8(
            input: shape, paddings: raw, output: outputShape, outputScale: 0.5, outputZeroPoint: zeroPoint,
            constantValue: constant, constantScale: 0.5, constantZeroPoint: zeroPoint)
    }
    var output = [Int8](repeating: 99, count: outputShape.elementCount)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
    }
    return output
}

@Suite struct PadTests {
    @Test func rank4WithZeroPointAsPadValue() throws {
        // PAD (no constant_values): the pad value is the output zero point, -7.
        let output = try runPadInt8(
            PadVectors.rank4Input, Shape(2, 3, 4, 2), [0, 1, 2, 0, 1, 1, 0, 3], Shape(3, 5, 6, 5),
            zeroPoint: -7)
        #expect(output == PadVectors.rank4Output)
        // PADV2 with constant_values -7 (and matching quantization) is the same.
        let v2 = try runPadInt8(
            PadVectors.rank4Input, Shape(2, 3, 4, 2), [0, 1, 2, 0, 1, 1, 0, 3], Shape(3, 5, 6, 5),
            zeroPoint: 4, constant: -7)
        #expect(v2 == PadVectors.rank4Output)
    }

    @Test func rank5() throws {
        let output = try runPadInt8(
            PadVectors.rank5Input, Shape(2, 2, 2, 2, 2), [1, 0, 0, 1, 1, 1, 0, 0, 2, 1],
            Shape(3, 3, 4, 2, 5), zeroPoint: 9)
        #expect(output == PadVectors.rank5Output)
    }

    @Test func negativePaddingsFollowTFLMsWalk() throws {
        let output = try runPadInt8(PadVectors.negativeInput, Shape(4, 5), [-1, 2, 1, -2], Shape(5, 4), zeroPoint: 100)
        #expect(output == PadVectors.negativeOutput)
    }

    @Test func float32PadV2() throws {
        let op = try withUnalignedInt32Bytes([1, 2, 0, 1]) { raw in
            try Pad.float32(input: Shape(3, 4), paddings: raw, output: Shape(6, 5), constantValue: 0.5)
        }
        let input = floats(PadVectors.floatInput)
        var output = [Float](repeating: 99, count: 30)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
        }
        #expect(output.map(\.bitPattern) == PadVectors.floatOutput)
    }

    @Test func float32PadDefaultsToZero() throws {
        let op = try withUnalignedInt32Bytes([1, 0]) { raw in
            try Pad.float32(input: Shape(2), paddings: raw, output: Shape(3))
        }
        var output: [Float] = [9, 9, 9]
        [Float(1), 2].withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
        }
        #expect(output == [0, 1, 2])
    }

    @Test func rejectsWhatTFLMPrepareRejects() {
        #expect(throws: KernelError.self) { try runPadInt8([1, 2], Shape(2), [1, 1], Shape(3)) }  // 2 + 1 + 1 != 3
        // paddings count
        #expect(throws: KernelError.self) { try runPadInt8([1, 2], Shape(2), [1, 1, 0, 0], Shape(4)) }
        #expect(throws: KernelError.self) {
            try runPadInt8(
                [1], Shape(1, 1, 1, 1, 1, 1), [Int32](repeating: 0, count: 12),
                Shape(1, 1, 1, 1, 1, 1))
        }  // rank 6
        #expect(throws: KernelError.self) { try runPadInt8([1, 2], Shape(2), [0, 0], Shape(2), zeroPoint: 200) }
        #expect(throws: KernelError.self) {
            try withUnalignedInt32Bytes([0, 0]) { raw in
                try Pad.int8(
                    input: Shape(2), paddings: raw, output: Shape(2), outputScale: 0.5, outputZeroPoint: 0,
                    constantValue: 3, constantScale: 0.25, constantZeroPoint: 0)
            }
        }
        #expect(throws: KernelError.self) {
            try withUnalignedInt32Bytes([0, 0]) { raw in
                try Pad.int8(
                    input: Shape(2), paddings: raw, output: Shape(2), outputScale: 0.5, outputZeroPoint: 0,
                    constantValue: 3, constantScale: 0.5, constantZeroPoint: 1)
            }
        }
    }
}
enum PadVectors {
    static let rank4Input: [Int8] = [
        120, 55, -31, -100, -32, 89, 89, 0, -29, 13, 83, 94, 89, 70, 116, -31, -61, -91, -47, -96, -15, -78, 106, 56,
        118, -41, -104, 107, 96, 82, 40, 117, -97, -47, -73, 18, -10, 88, -96, -120, -57, 43, -63, 42, -107, -47, -111,
        -52,
    ]
    static let rank4Output: [Int8] = [
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, 120, 55, -7, -7, -7, -31, -100,
        -7, -7, -7, -32, 89, -7, -7, -7, 89, 0, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -29,
        13, -7, -7, -7, 83, 94, -7, -7, -7, 89, 70, -7, -7, -7, 116, -31, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -61, -91, -7, -7, -7, -47, -96, -7, -7, -7, -15, -78, -7, -7, -7, 106, 56, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, 118,
        -41, -7, -7, -7, -104, 107, -7, -7, -7, 96, 82, -7, -7, -7, 40, 117, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -97, -47, -7, -7, -7, -73, 18, -7, -7, -7, -10, 88, -7, -7, -7, -96, -120, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -57, 43, -7, -7, -7, -63, 42, -7, -7, -7, -107, -47, -7,
        -7, -7, -111, -52, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
        -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7,
    ]
    static let floatInput: [UInt32] = [
        0xbf4e73d8, 0xbc761500, 0x3f8f98ae, 0xbf02ba98, 0xbfdadb90, 0x3ea11238, 0x3fd02ec6, 0xbfd08722,
        0x3e0b5e60, 0xbf5762fc, 0xbf53df48, 0xbc22e600,
    ]
    static let floatOutput: [UInt32] = [
        0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, 0xbf4e73d8, 0xbc761500, 0x3f8f98ae,
        0xbf02ba98, 0x3f000000, 0xbfdadb90, 0x3ea11238, 0x3fd02ec6, 0xbfd08722, 0x3f000000, 0x3e0b5e60,
        0xbf5762fc, 0xbf53df48, 0xbc22e600, 0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000,
        0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000,
    ]
    static let rank5Input: [Int8] = [
        48, 0, -30, 118, 57, -24, 118, -97, -112, 71, -116, -85, 1, -84, 91, 5, -98, 10, -17, 10, -46, 40, 51, 30,
        -14, 110, -91, -91, 55, 71, 79, -57,
    ]
    static let rank5Output: [Int8] = [
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 48, 0, 9, 9, 9, -30, 118, 9, 9, 9, 57, -24,
        9, 9, 9, 118, -97, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, -112, 71, 9, 9, 9, -116, -85, 9, 9, 9, 1, -84, 9, 9, 9, 91, 5, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, -98, 10, 9, 9, 9, -17, 10, 9, 9, 9, -46, 40,
        9, 9, 9, 51, 30, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, -14, 110, 9, 9, 9, -91, -91, 9, 9, 9, 55, 71, 9, 9, 9, 79, -57, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
    ]
    static let negativeInput: [Int8] = [
        16, -125, -8, -18, -41, -32, 0, -66, 40, 82, 76, -96, -34, 95, 73, -1, 48, -29, 44, 17,
    ]
    static let negativeOutput: [Int8] = [
        100, 16, -125, -8, 100, -18, -41, -32, 100, 0, -66, 40, 100, 100, 100, 100, 100, 100, 100, 100,
    ]
}
