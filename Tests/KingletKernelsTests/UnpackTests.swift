import Testing

@testable import KingletKernels

// Vectors: single-UNPACK models built and run on pip tflite-micro 0.dev20261023182759 by
// /tmp/kgen/gen_move.py (not part of the project; random.seed(7): rank 1-4 shapes, num = the
// axis extent, axes (negative ones too), input arange(n)). Expected values are TFLM's outputs.

struct UnpackCase {
    var type: MoveElement, input: [Int], axis: Int32, output: [Int], expected: [[Int]]
    init(_ type: MoveElement, _ input: [Int], _ axis: Int32, _ output: [Int], _ expected: [[Int]]) {
        self.type = type; self.input = input; self.axis = axis; self.output = output; self.expected = expected
    }
}

let unpackCases: [UnpackCase] = [
    .init(.int16, [2, 1, 3, 1], 1, [2, 3, 1], [[0, 1, 2, 3, 4, 5]]),
    .init(.float32, [2, 2, 4], -3, [2, 4], [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]]),
    .init(.int32, [4], 0, [], [[0], [1], [2], [3]]),
    .init(.int16, [1, 2, 4, 1], -3, [1, 4, 1], [[0, 1, 2, 3], [4, 5, 6, 7]]),
    .init(.float32, [1, 1, 2, 4], 3, [1, 1, 2], [[0, 4], [1, 5], [2, 6], [3, 7]]),
    .init(.int16, [1], -1, [], [[0]]),
    .init(
        .int8, [1, 3, 4, 3], 2, [1, 3, 3],
        [
            [0, 1, 2, 12, 13, 14, 24, 25, 26], [3, 4, 5, 15, 16, 17, 27, 28, 29], [6, 7, 8, 18, 19, 20, 30, 31, 32],
            [9, 10, 11, 21, 22, 23, 33, 34, 35],
        ]),
    .init(.int32, [1], -1, [], [[0]]),
    .init(.float32, [2], -1, [], [[0], [1]]),
    .init(.int32, [1, 1, 4, 2], 2, [1, 1, 2], [[0, 1], [2, 3], [4, 5], [6, 7]]),
    .init(.int32, [3, 3], -1, [3], [[0, 3, 6], [1, 4, 7], [2, 5, 8]]),
    .init(.int8, [4, 1], -1, [4], [[0, 1, 2, 3]]),
    .init(.float32, [3], 0, [], [[0], [1], [2]]),
    .init(.float32, [3, 3, 1], 1, [3, 1], [[0, 3, 6], [1, 4, 7], [2, 5, 8]]),
    .init(.int8, [3, 1, 1], 0, [1, 1], [[0], [1], [2]]),
    .init(
        .int32, [4, 4, 3, 4], -1, [4, 4, 3],
        [
            [
                0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 92, 96, 100,
                104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144, 148, 152, 156, 160, 164, 168, 172, 176, 180, 184,
                188,
            ],
            [
                1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 49, 53, 57, 61, 65, 69, 73, 77, 81, 85, 89, 93, 97, 101,
                105, 109, 113, 117, 121, 125, 129, 133, 137, 141, 145, 149, 153, 157, 161, 165, 169, 173, 177, 181, 185,
                189,
            ],
            [
                2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50, 54, 58, 62, 66, 70, 74, 78, 82, 86, 90, 94, 98, 102,
                106, 110, 114, 118, 122, 126, 130, 134, 138, 142, 146, 150, 154, 158, 162, 166, 170, 174, 178, 182, 186,
                190,
            ],
            [
                3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43, 47, 51, 55, 59, 63, 67, 71, 75, 79, 83, 87, 91, 95, 99, 103,
                107, 111, 115, 119, 123, 127, 131, 135, 139, 143, 147, 151, 155, 159, 163, 167, 171, 175, 179, 183, 187,
                191,
            ],
        ]),
    .init(.float32, [1, 3], 0, [3], [[0, 1, 2]]),
    .init(.int16, [4, 3, 1], -1, [4, 3], [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]),
    .init(.float32, [4, 1], 0, [1], [[0], [1], [2], [3]]),
    .init(.int8, [4, 1], -2, [1], [[0], [1], [2], [3]]),
]

@Suite struct UnpackTests {
    @Test func matchesPipTFLM() throws {
        for c in unpackCases {
            let count = c.expected.count
            let op = try Unpack(
                input: sliceShape(c.input), output: sliceShape(c.output), axis: c.axis,
                num: Int32(count), outputCount: count, elementByteSize: c.type.byteSize)
            try op.checkOutput(sliceShape(c.output), input: sliceShape(c.input))
            let input = c.type.encode(Array(0..<c.input.reduce(1, *)))
            let size = c.output.reduce(1, *) * c.type.byteSize
            let buffers = (0..<count).map { _ in UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 8)
            }
            defer { buffers.forEach { $0.deallocate() } }
            let slots: [UnsafeMutableRawPointer?] = buffers
            input.withUnsafeBytes { i in
                slots.withUnsafeBufferPointer { op.invoke(input: i.baseAddress!, outputs: $0.baseAddress!) }
            }
            let got = buffers.map { c.type.decode(Array(UnsafeRawBufferPointer(start: $0, count: size))) }
            #expect(got == c.expected, "\(c)")
        }
    }

    @Test func prepareErrors() throws {
        #expect(throws: KernelError.self) {  // num != outputs
            try Unpack(input: Shape(2, 3), output: Shape(3), axis: 0, num: 3, outputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {  // num != axis extent
            try Unpack(input: Shape(2, 3), output: Shape(2), axis: 1, num: 2, outputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {  // axis out of range
            try Unpack(input: Shape(2, 3), output: Shape(3), axis: 2, num: 2, outputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {  // output shape
            try Unpack(input: Shape(2, 3), output: Shape(2), axis: 0, num: 2, outputCount: 2, elementByteSize: 1)
        }
        let op = try Unpack(input: Shape(2, 3), output: Shape(2), axis: -1, num: 3, outputCount: 3, elementByteSize: 2)
        #expect(op.axis == 1)
        #expect(throws: KernelError.self) { try op.checkOutput(Shape(3), input: Shape(2, 3)) }
    }
}
