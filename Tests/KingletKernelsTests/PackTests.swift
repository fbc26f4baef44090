import Testing

@testable import KingletKernels

// Vectors: single-PACK models built and run on pip tflite-micro 0.dev20261023182759 by
// /tmp/kgen/gen_move.py (not part of the project; random.seed(7): rank 0-3 input shapes, 1-4
// inputs, axes in output coordinates (negative ones too), input i = arange(n) + 100 i
// (int8: + 30 i, wrapping), types including int64). Expected values are TFLM's outputs.

struct PackCase {
    var type: MoveElement, input: [Int], count: Int, axis: Int32, output: [Int], expected: [Int]
    init(_ type: MoveElement, _ input: [Int], _ count: Int, _ axis: Int32, _ output: [Int], _ expected: [Int]) {
        self.type = type; self.input = input; self.count = count; self.axis = axis; self.output = output;
        self.expected = expected
    }
}

let packCases: [PackCase] = [
    .init(.int16, [1], 1, 1, [1, 1], [0]),
    .init(.float32, [4, 1], 2, 0, [2, 4, 1], [0, 1, 2, 3, 100, 101, 102, 103]),
    .init(
        .float32, [3, 3], 3, 1, [3, 3, 3],
        [
            0, 1, 2, 100, 101, 102, 200, 201, 202, 3, 4, 5, 103, 104, 105, 203, 204, 205, 6, 7, 8, 106, 107, 108, 206,
            207, 208,
        ]),
    .init(.int32, [4, 1, 2], 2, -4, [2, 4, 1, 2], [0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 102, 103, 104, 105, 106, 107]),
    .init(.int64, [4], 3, 1, [4, 3], [0, 100, 200, 1, 101, 201, 2, 102, 202, 3, 103, 203]),
    .init(.int8, [2], 1, -2, [1, 2], [0, 1]),
    .init(.int8, [2, 3], 3, -1, [2, 3, 3], [0, 30, 60, 1, 31, 61, 2, 32, 62, 3, 33, 63, 4, 34, 64, 5, 35, 65]),
    .init(
        .int8, [4, 4, 2], 4, -2, [4, 4, 4, 2],
        [
            0, 1, 30, 31, 60, 61, 90, 91, 2, 3, 32, 33, 62, 63, 92, 93, 4, 5, 34, 35, 64, 65, 94, 95, 6, 7, 36, 37, 66,
            67, 96, 97, 8, 9, 38, 39, 68, 69, 98, 99, 10, 11, 40, 41, 70, 71, 100, 101, 12, 13, 42, 43, 72, 73, 102,
            103, 14, 15, 44, 45, 74, 75, 104, 105, 16, 17, 46, 47, 76, 77, 106, 107, 18, 19, 48, 49, 78, 79, 108, 109,
            20, 21, 50, 51, 80, 81, 110, 111, 22, 23, 52, 53, 82, 83, 112, 113, 24, 25, 54, 55, 84, 85, 114, 115, 26,
            27, 56, 57, 86, 87, 116, 117, 28, 29, 58, 59, 88, 89, 118, 119, 30, 31, 60, 61, 90, 91, 120, 121,
        ]),
    .init(
        .int16, [3, 3, 2], 2, -4, [2, 3, 3, 2],
        [
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 100, 101, 102, 103, 104, 105, 106, 107, 108,
            109, 110, 111, 112, 113, 114, 115, 116, 117,
        ]),
    .init(
        .int32, [4, 4, 4], 3, -4, [3, 4, 4, 4],
        [
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
            29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,
            56, 57, 58, 59, 60, 61, 62, 63, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114,
            115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135,
            136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156,
            157, 158, 159, 160, 161, 162, 163, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213,
            214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234,
            235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
            256, 257, 258, 259, 260, 261, 262, 263,
        ]),
    .init(
        .int16, [4, 1, 1], 4, 3, [4, 1, 1, 4], [0, 100, 200, 300, 1, 101, 201, 301, 2, 102, 202, 302, 3, 103, 203, 303]),
    .init(.int8, [], 2, -1, [2], [0, 30]),
    .init(.int8, [1, 1, 1], 2, 1, [1, 2, 1, 1], [0, 30]),
    .init(
        .int8, [2, 3], 4, 2, [2, 3, 4],
        [0, 30, 60, 90, 1, 31, 61, 91, 2, 32, 62, 92, 3, 33, 63, 93, 4, 34, 64, 94, 5, 35, 65, 95]),
    .init(.int16, [], 3, -1, [3], [0, 100, 200]),
    .init(.float32, [], 1, 0, [1], [0]),
    .init(.int32, [2, 4], 2, -1, [2, 4, 2], [0, 100, 1, 101, 2, 102, 3, 103, 4, 104, 5, 105, 6, 106, 7, 107]),
    .init(.int32, [1, 1], 2, 1, [1, 2, 1], [0, 100]),
    .init(.float32, [], 3, 0, [3], [0, 100, 200]),
    .init(.float32, [4], 1, 1, [4, 1], [0, 1, 2, 3]),
]

@Suite struct PackTests {
    @Test func matchesPipTFLM() throws {
        for c in packCases {
            let op = try Pack(
                input: sliceShape(c.input), output: sliceShape(c.output), axis: c.axis,
                valuesCount: Int32(c.count), inputCount: c.count, elementByteSize: c.type.byteSize)
            let n = c.input.reduce(1, *)
            let inputs = (0..<c.count).map { i in c.type.encode((0..<n).map { $0 + (c.type == .int8 ? 30 : 100) * i }) }
            for _ in 1..<max(c.count, 1) { try op.checkInput(sliceShape(c.input), output: sliceShape(c.output)) }
            let buffers = inputs.map { bytes -> UnsafeMutableRawPointer in
                let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
                p.copyMemory(from: bytes, byteCount: bytes.count)
                return p
            }
            defer { buffers.forEach { $0.deallocate() } }
            let slots: [UnsafeMutableRawPointer?] = buffers
            var output = [UInt8](repeating: 0xEE, count: c.output.reduce(1, *) * c.type.byteSize)
            slots.withUnsafeBufferPointer { s in
                output.withUnsafeMutableBytes { op.invoke(inputs: s.baseAddress!, output: $0.baseAddress!) }
            }
            #expect(c.type.decode(output) == c.expected, "\(c)")
        }
    }

    @Test func prepareErrors() throws {
        // values_count differing from the inputs or the output's axis extent; bad axis; shapes.
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(2, 3), axis: 0, valuesCount: 3, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(3, 3), axis: 0, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(2, 3), axis: 2, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(2, 3), axis: -3, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(4), output: Shape(2, 3), axis: 0, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(
                input: Shape(3), output: Shape(2, 3, 1), axis: 0, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        let op = try Pack(
            input: Shape(3), output: Shape(3, 2), axis: -1, valuesCount: 2, inputCount: 2, elementByteSize: 4)
        #expect(op.axis == 1)
        #expect(throws: KernelError.self) { try op.checkInput(Shape(2), output: Shape(3, 2)) }
    }
}
