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

// int16 and int32 PAD/PADV2 (issue 11): pip tflite-micro cases from tools/vectors/int16_vectors.py
// (`cd tools/vectors && /tmp/venv-vectors/bin/python int16_vectors.py pad 11 24`). int16 PAD pads
// with 0 whatever the output zero point; PADV2 with its constant.
struct WidePadCase {
    var int16: Bool, shape: [Int], paddings: [Int32], zeroPoint: Int32, constant: Int32?, x: [Int], expected: [Int]
    init(
        _ int16: Bool, _ shape: [Int], _ paddings: [Int32], zeroPoint: Int32, constant: Int32?, x: [Int],
        expected: [Int]
    ) {
        self.int16 = int16; self.shape = shape; self.paddings = paddings; self.zeroPoint = zeroPoint
        self.constant = constant; self.x = x; self.expected = expected
    }
}

@Suite struct WidePadTests {
    func run<T: FixedWidthInteger>(
        _ c: WidePadCase, _ op: Pad, as _: T.Type, _ invoke: (Pad, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
    ) -> [Int] {
        let x = c.x.map { T(truncatingIfNeeded: $0) }
        var output = [T](repeating: 99, count: c.expected.count)
        x.withUnsafeBufferPointer { a in
            output.withUnsafeMutableBufferPointer { y in invoke(op, a.baseAddress!, y.baseAddress!) }
        }
        return output.map { Int($0) }
    }

    @Test func matchesPipTFLM() throws {
        for (index, c) in widePadCases.enumerated() {
            let outputShape = sliceShape(
                c.shape.indices.map { c.shape[$0] + Int(c.paddings[2 * $0] + c.paddings[2 * $0 + 1]) })
            let op = try withUnalignedInt32Bytes(c.paddings) { raw in
                try Pad.integer(
                    input: sliceShape(c.shape), paddings: raw, output: outputShape, elementByteSize: c.int16 ? 2 : 4,
                    constantValue: c.constant)
            }
            let output =
                c.int16
                ? run(c, op, as: Int16.self) { $0.invoke(input: $1, output: $2) }
                : run(c, op, as: Int32.self) { $0.invoke(input: $1, output: $2) }
            #expect(output == c.expected, "case \(index)")
        }
    }
}

let widePadCases: [WidePadCase] = [
    .init(
        true, [3, 3], [1, 0, 2, 2], zeroPoint: -87, constant: -19839,
        x: [12128, -29667, 2635, -18877, -10431, 31096, 19958, -19884, 29773],
        expected: [
            -19839, -19839, -19839, -19839, -19839, -19839, -19839, -19839, -19839, 12128, -29667, 2635, -19839, -19839,
            -19839, -19839, -18877, -10431, 31096, -19839, -19839, -19839, -19839, 19958, -19884, 29773, -19839, -19839,
        ]),
    .init(
        false, [1, 1, 2], [0, 2, 0, 1, 2, 2], zeroPoint: 85, constant: -10160,
        x: [-13, 1],
        expected: [
            -10160, -10160, -13, 1, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160,
            -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160,
            -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160, -10160,
        ]),
    .init(
        false, [3], [0, 2], zeroPoint: -51, constant: 28998,
        x: [-2, -4, 10],
        expected: [-2, -4, 10, 28998, 28998]),
    .init(
        false, [3, 2], [1, 0, 2, 1], zeroPoint: -5, constant: nil,
        x: [436300232, 215588655, 1263207533, 684839802, 1813326328, -851594977],
        expected: [
            0, 0, 0, 0, 0, 0, 0, 436300232, 215588655, 0, 0, 0, 1263207533, 684839802, 0, 0, 0, 1813326328, -851594977,
            0,
        ]),
    .init(
        true, [3], [1, 0], zeroPoint: 37, constant: nil,
        x: [27019, 2553, 17214],
        expected: [0, 27019, 2553, 17214]),
    .init(
        true, [1, 2], [2, 2, 2, 1], zeroPoint: 79, constant: nil,
        x: [4486, -11933],
        expected: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4486, -11933, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    .init(
        false, [3, 1], [1, 2, 0, 0], zeroPoint: -25, constant: nil,
        x: [-8, -19, -2],
        expected: [0, -8, -19, -2, 0, 0]),
    .init(
        false, [2, 1], [1, 1, 2, 0], zeroPoint: 18, constant: -22634,
        x: [1158554982, 387101627],
        expected: [
            -22634, -22634, -22634, -22634, -22634, 1158554982, -22634, -22634, 387101627, -22634, -22634, -22634,
        ]),
    .init(
        false, [1, 2, 2, 1], [1, 1, 2, 1, 2, 0, 0, 2], zeroPoint: 67, constant: 20417,
        x: [-20, 8, -1, 5],
        expected: [
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            -20, 20417, 20417, 8, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, -1, 20417, 20417, 5, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
            20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417, 20417,
        ]),
    .init(
        true, [3, 1], [2, 2, 2, 1], zeroPoint: 20, constant: 20631,
        x: [4856, 14837, 1076],
        expected: [
            20631, 20631, 20631, 20631, 20631, 20631, 20631, 20631, 20631, 20631, 4856, 20631, 20631, 20631, 14837,
            20631, 20631, 20631, 1076, 20631, 20631, 20631, 20631, 20631, 20631, 20631, 20631, 20631,
        ]),
    .init(
        true, [2, 2, 3], [0, 0, 1, 2, 2, 0], zeroPoint: -70, constant: -19406,
        x: [10208, 28729, -14462, 7896, -14969, -20975, 9955, -25448, -26269, 11479, -11544, 18848],
        expected: [
            -19406, -19406, -19406, -19406, -19406, -19406, -19406, 10208, 28729, -14462, -19406, -19406, 7896, -14969,
            -20975, -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406,
            -19406, -19406, -19406, -19406, -19406, 9955, -25448, -26269, -19406, -19406, 11479, -11544, 18848, -19406,
            -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406, -19406,
        ]),
    .init(
        true, [1, 2, 1, 1], [1, 1, 1, 1, 0, 0, 1, 0], zeroPoint: -85, constant: 15795,
        x: [8123, -25916],
        expected: [
            15795, 15795, 15795, 15795, 15795, 15795, 15795, 15795, 15795, 15795, 15795, 8123, 15795, -25916, 15795,
            15795, 15795, 15795, 15795, 15795, 15795, 15795, 15795, 15795,
        ]),
    .init(
        true, [3, 2], [2, 0, 2, 0], zeroPoint: 72, constant: nil,
        x: [-24603, -12208, -28668, 16338, -1195, 7497],
        expected: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -24603, -12208, 0, 0, -28668, 16338, 0, 0, -1195, 7497]),
    .init(
        false, [3, 3, 3], [1, 0, 1, 2, 2, 0], zeroPoint: 100, constant: 27669,
        x: [
            9, 12, -7, 14, -17, -4, 0, 19, 10, -18, -19, -15, -1, -1, 6, 14, 4, -18, 19, 14, -13, 0, -4, 2, 7, -16, 19,
        ],
        expected: [
            27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669,
            27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669,
            27669, 27669, 27669, 27669, 27669, 27669, 27669, 9, 12, -7, 27669, 27669, 14, -17, -4, 27669, 27669, 0, 19,
            10, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669,
            27669, 27669, -18, -19, -15, 27669, 27669, -1, -1, 6, 27669, 27669, 14, 4, -18, 27669, 27669, 27669, 27669,
            27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 19, 14, -13,
            27669, 27669, 0, -4, 2, 27669, 27669, 7, -16, 19, 27669, 27669, 27669, 27669, 27669, 27669, 27669, 27669,
            27669, 27669,
        ]),
    .init(
        true, [1, 1, 3], [2, 0, 2, 0, 2, 1], zeroPoint: -86, constant: nil,
        x: [-31240, -30866, -32659],
        expected: [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -31240, -30866, -32659, 0,
        ]),
    .init(
        false, [2], [2, 0], zeroPoint: -24, constant: -29027,
        x: [247599251, -919794971],
        expected: [-29027, -29027, 247599251, -919794971]),
    .init(
        true, [2, 1], [2, 0, 2, 2], zeroPoint: 71, constant: nil,
        x: [-23345, -26386],
        expected: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -23345, 0, 0, 0, 0, -26386, 0, 0]),
    .init(
        false, [1, 1, 3, 3], [0, 1, 2, 0, 1, 0, 2, 0], zeroPoint: 73, constant: 26675,
        x: [-7, -20, 9, 13, 0, 3, 17, -19, -2],
        expected: [
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
            26675, 26675, -7, -20, 9, 26675, 26675, 13, 0, 3, 26675, 26675, 17, -19, -2, 26675, 26675, 26675, 26675,
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
            26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675, 26675,
        ]),
    .init(
        true, [1], [1, 2], zeroPoint: 0, constant: nil,
        x: [-15457],
        expected: [0, -15457, 0, 0]),
    .init(
        false, [1], [2, 0], zeroPoint: 66, constant: nil,
        x: [1690494303],
        expected: [0, 0, 1690494303]),
    .init(
        false, [1, 3], [1, 1, 1, 2], zeroPoint: -24, constant: nil,
        x: [-16, -17, 5],
        expected: [0, 0, 0, 0, 0, 0, 0, -16, -17, 5, 0, 0, 0, 0, 0, 0, 0, 0]),
    .init(
        false, [2, 2], [0, 1, 2, 0], zeroPoint: 65, constant: nil,
        x: [1876260048, -241318304, 1518438519, -499290270],
        expected: [0, 0, 1876260048, -241318304, 0, 0, 1518438519, -499290270, 0, 0, 0, 0]),
    .init(
        false, [1, 1], [0, 0, 1, 0], zeroPoint: 32, constant: nil,
        x: [-3],
        expected: [0, -3]),
    .init(
        false, [3], [0, 2], zeroPoint: -95, constant: nil,
        x: [-16, 2, 15],
        expected: [-16, 2, 15, 0, 0]),
]
