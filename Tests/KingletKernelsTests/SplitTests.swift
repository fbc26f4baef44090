import Testing

@testable import KingletKernels

// Vectors: single-operator SPLIT / SPLIT_V models built and run on pip tflite-micro
// 0.dev20261023182759 by /tmp/kgen/gen_move.py (not part of the project; random.seed(7): random
// rank 1-4 shapes, axes (negative ones too), piece counts and SPLIT_V sizes (size_splits with a
// -1 half the time), input arange(n) in the listed type). Expected values are TFLM's outputs.

/// Element types of the byte-moving kernels' tests; values travel as Int.
enum MoveElement {
    case int8, int16, float32, int32, int64

    var byteSize: Int {
        switch self {
        case .int8: return 1
        case .int16: return 2
        case .float32, .int32: return 4
        case .int64: return 8
        }
    }

    /// Little-endian bytes of `values` in this type (integers wrap like numpy's astype).
    func encode(_ values: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            let bits: UInt64
            switch self {
            case .float32: bits = UInt64(Float(value).bitPattern)
            default: bits = UInt64(bitPattern: Int64(value))
            }
            for index in 0..<byteSize { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))) }
        }
        return bytes
    }

    func decode(_ bytes: [UInt8]) -> [Int] {
        stride(from: 0, to: bytes.count, by: byteSize).map { start in
            var bits: UInt64 = 0
            for index in 0..<byteSize { bits |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
            switch self {
            case .int8: return Int(Int8(truncatingIfNeeded: bits))
            case .int16: return Int(Int16(truncatingIfNeeded: bits))
            case .int32: return Int(Int32(truncatingIfNeeded: bits))
            case .int64: return Int(Int64(bitPattern: bits))
            case .float32: return Int(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            }
        }
    }
}

struct SplitCase {
    var type: MoveElement, input: [Int], axis: Int32, outputs: [[Int]], expected: [[Int]]
    init(_ type: MoveElement, _ input: [Int], _ axis: Int32, _ outputs: [[Int]], _ expected: [[Int]]) {
        self.type = type; self.input = input; self.axis = axis; self.outputs = outputs; self.expected = expected
    }
}

let splitCases: [SplitCase] = [
    .init(.int16, [2, 4, 1], 0, [[2, 4, 1]], [[0, 1, 2, 3, 4, 5, 6, 7]]),
    .init(.int32, [4], -1, [[1], [1], [1], [1]], [[0], [1], [2], [3]]),
    .init(.int16, [2], -1, [[2]], [[0, 1]]),
    .init(.float32, [4], 0, [[1], [1], [1], [1]], [[0], [1], [2], [3]]),
    .init(.int16, [1, 1], 1, [[1, 1]], [[0]]),
    .init(
        .int16, [4, 3, 3, 4], 2, [[4, 3, 1, 4], [4, 3, 1, 4], [4, 3, 1, 4]],
        [
            [
                0, 1, 2, 3, 12, 13, 14, 15, 24, 25, 26, 27, 36, 37, 38, 39, 48, 49, 50, 51, 60, 61, 62, 63, 72, 73, 74,
                75, 84, 85, 86, 87, 96, 97, 98, 99, 108, 109, 110, 111, 120, 121, 122, 123, 132, 133, 134, 135,
            ],
            [
                4, 5, 6, 7, 16, 17, 18, 19, 28, 29, 30, 31, 40, 41, 42, 43, 52, 53, 54, 55, 64, 65, 66, 67, 76, 77, 78,
                79, 88, 89, 90, 91, 100, 101, 102, 103, 112, 113, 114, 115, 124, 125, 126, 127, 136, 137, 138, 139,
            ],
            [
                8, 9, 10, 11, 20, 21, 22, 23, 32, 33, 34, 35, 44, 45, 46, 47, 56, 57, 58, 59, 68, 69, 70, 71, 80, 81,
                82, 83, 92, 93, 94, 95, 104, 105, 106, 107, 116, 117, 118, 119, 128, 129, 130, 131, 140, 141, 142, 143,
            ],
        ]),
    .init(.int8, [6], -1, [[2], [2], [2]], [[0, 1], [2, 3], [4, 5]]),
    .init(.int32, [3], 0, [[1], [1], [1]], [[0], [1], [2]]),
    .init(.int32, [6], 0, [[2], [2], [2]], [[0, 1], [2, 3], [4, 5]]),
    .init(.float32, [4], -1, [[1], [1], [1], [1]], [[0], [1], [2], [3]]),
    .init(
        .int32, [3, 4, 3, 3], 3, [[3, 4, 3, 1], [3, 4, 3, 1], [3, 4, 3, 1]],
        [
            [
                0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60, 63, 66, 69, 72, 75, 78,
                81, 84, 87, 90, 93, 96, 99, 102, 105,
            ],
            [
                1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 49, 52, 55, 58, 61, 64, 67, 70, 73, 76, 79,
                82, 85, 88, 91, 94, 97, 100, 103, 106,
            ],
            [
                2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 41, 44, 47, 50, 53, 56, 59, 62, 65, 68, 71, 74, 77, 80,
                83, 86, 89, 92, 95, 98, 101, 104, 107,
            ],
        ]),
    .init(.int32, [2], -1, [[1], [1]], [[0], [1]]),
    .init(.int32, [8], 0, [[2], [2], [2], [2]], [[0, 1], [2, 3], [4, 5], [6, 7]]),
    .init(
        .int16, [2, 3, 4], -3, [[1, 3, 4], [1, 3, 4]],
        [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]]),
    .init(
        .int32, [6, 4], -2, [[2, 4], [2, 4], [2, 4]],
        [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15], [16, 17, 18, 19, 20, 21, 22, 23]]),
    .init(
        .int8, [3, 8, 1], -2, [[3, 2, 1], [3, 2, 1], [3, 2, 1], [3, 2, 1]],
        [[0, 1, 8, 9, 16, 17], [2, 3, 10, 11, 18, 19], [4, 5, 12, 13, 20, 21], [6, 7, 14, 15, 22, 23]]),
    .init(
        .int8, [4, 4, 2, 1], -3, [[4, 1, 2, 1], [4, 1, 2, 1], [4, 1, 2, 1], [4, 1, 2, 1]],
        [
            [0, 1, 8, 9, 16, 17, 24, 25], [2, 3, 10, 11, 18, 19, 26, 27], [4, 5, 12, 13, 20, 21, 28, 29],
            [6, 7, 14, 15, 22, 23, 30, 31],
        ]),
    .init(.int8, [2], 0, [[2]], [[0, 1]]),
    .init(
        .int8, [4, 6], 1, [[4, 2], [4, 2], [4, 2]],
        [[0, 1, 6, 7, 12, 13, 18, 19], [2, 3, 8, 9, 14, 15, 20, 21], [4, 5, 10, 11, 16, 17, 22, 23]]),
    .init(
        .float32, [2, 4, 4, 3], 0, [[1, 4, 4, 3], [1, 4, 4, 3]],
        [
            [
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
            ],
            [
                48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73,
                74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
            ],
        ]),
]

let splitVCases: [SplitCase] = [
    .init(
        .int8, [2, 2, 2, 3], 1, [[2, 2, 2, 3]],
        [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]]),
    .init(
        .int16, [3, 2, 3], 0, [[1, 2, 3], [1, 2, 3], [1, 2, 3]],
        [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17]]),
    .init(
        .float32, [1, 6, 3], 1, [[1, 1, 3], [1, 2, 3], [1, 3, 3]],
        [[0, 1, 2], [3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16, 17]]),
    .init(
        .int8, [7, 2, 1], 0, [[1, 2, 1], [2, 2, 1], [1, 2, 1], [3, 2, 1]],
        [[0, 1], [2, 3, 4, 5], [6, 7], [8, 9, 10, 11, 12, 13]]),
    .init(.float32, [4], 0, [[3], [1]], [[0, 1, 2], [3]]),
    .init(.int32, [4, 1, 2, 2], 1, [[4, 1, 2, 2]], [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]]),
    .init(
        .float32, [1, 7, 4, 3], 1, [[1, 3, 4, 3], [1, 3, 4, 3], [1, 1, 4, 3]],
        [
            [
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                28, 29, 30, 31, 32, 33, 34, 35,
            ],
            [
                36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
                62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
            ], [72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83],
        ]),
    .init(.int8, [4, 3], 1, [[4, 3]], [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]),
    .init(
        .int16, [1, 4, 3, 1], 1, [[1, 1, 3, 1], [1, 2, 3, 1], [1, 1, 3, 1]],
        [[0, 1, 2], [3, 4, 5, 6, 7, 8], [9, 10, 11]]),
    .init(.int32, [2], 0, [[1], [1]], [[0], [1]]),
    .init(
        .int32, [3, 5, 2], 1, [[3, 3, 2], [3, 2, 2]],
        [
            [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25],
            [6, 7, 8, 9, 16, 17, 18, 19, 26, 27, 28, 29],
        ]),
    .init(
        .int16, [1, 6, 2], 1, [[1, 1, 2], [1, 2, 2], [1, 3, 2]], [[0, 1], [2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]),
    .init(.int8, [1, 1, 4], 2, [[1, 1, 3], [1, 1, 1]], [[0, 1, 2], [3]]),
    .init(
        .int8, [4, 5, 3, 2], 1, [[4, 1, 3, 2], [4, 1, 3, 2], [4, 3, 3, 2]],
        [
            [0, 1, 2, 3, 4, 5, 30, 31, 32, 33, 34, 35, 60, 61, 62, 63, 64, 65, 90, 91, 92, 93, 94, 95],
            [6, 7, 8, 9, 10, 11, 36, 37, 38, 39, 40, 41, 66, 67, 68, 69, 70, 71, 96, 97, 98, 99, 100, 101],
            [
                12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 42, 43, 44, 45, 46, 47, 48, 49,
                50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87,
                88, 89, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
            ],
        ]),
    .init(.float32, [3, 3], 1, [[3, 1], [3, 2]], [[0, 3, 6], [1, 2, 4, 5, 7, 8]]),
    .init(.float32, [4, 3], 1, [[4, 3]], [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]),
    .init(
        .int16, [1, 9, 4], 1, [[1, 3, 4], [1, 3, 4], [1, 3, 4]],
        [
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
            [24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
        ]),
    .init(
        .int8, [1, 3, 4, 5], -1, [[1, 3, 4, 3], [1, 3, 4, 1], [1, 3, 4, 1]],
        [
            [
                0, 1, 2, 5, 6, 7, 10, 11, 12, 15, 16, 17, 20, 21, 22, 25, 26, 27, 30, 31, 32, 35, 36, 37, 40, 41, 42,
                45, 46, 47, 50, 51, 52, 55, 56, 57,
            ], [3, 8, 13, 18, 23, 28, 33, 38, 43, 48, 53, 58], [4, 9, 14, 19, 24, 29, 34, 39, 44, 49, 54, 59],
        ]),
    .init(
        .int16, [7, 2, 3], -3, [[1, 2, 3], [3, 2, 3], [3, 2, 3]],
        [
            [0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
            [24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41],
        ]),
    .init(
        .int32, [2, 6, 3], 1, [[2, 1, 3], [2, 2, 3], [2, 3, 3]],
        [
            [0, 1, 2, 18, 19, 20], [3, 4, 5, 6, 7, 8, 21, 22, 23, 24, 25, 26],
            [9, 10, 11, 12, 13, 14, 15, 16, 17, 27, 28, 29, 30, 31, 32, 33, 34, 35],
        ]),
]

/// Prepares (SPLIT when `storage` is nil, else SPLIT_V) and runs through the pointer-array invoke.
func runSplit(_ c: SplitCase, storage: UnsafeMutableBufferPointer<Int32>?) throws -> [[Int]] {
    var op = try Split(
        input: sliceShape(c.input), axis: c.axis, outputCount: c.outputs.count,
        elementByteSize: c.type.byteSize, axisExtentStorage: storage)
    for shape in c.outputs { try op.appendOutput(shape: sliceShape(shape)) }
    try op.finish()
    let input = c.type.encode(Array(0..<c.input.reduce(1, *)))
    let outputs = c.outputs.map {
        UnsafeMutableRawPointer.allocate(byteCount: max(1, $0.reduce(1, *) * c.type.byteSize), alignment: 8)
    }
    defer { outputs.forEach { $0.deallocate() } }
    let slots: [UnsafeMutableRawPointer?] = outputs
    input.withUnsafeBytes { i in
        slots.withUnsafeBufferPointer { op.invoke(input: i.baseAddress!, outputs: $0.baseAddress!) }
    }
    return zip(outputs, c.outputs).map { pointer, shape in
        c.type.decode(Array(UnsafeRawBufferPointer(start: pointer, count: shape.reduce(1, *) * c.type.byteSize)))
    }
}

@Suite struct SplitTests {
    @Test func splitMatchesPipTFLM() throws {
        for c in splitCases { #expect(try runSplit(c, storage: nil) == c.expected, "\(c)") }
    }

    @Test func splitVMatchesPipTFLM() throws {
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 8)
        defer { storage.deallocate() }
        for c in splitVCases { #expect(try runSplit(c, storage: storage) == c.expected, "\(c)") }
        // Equal pieces through the SPLIT_V path too.
        for c in splitCases { #expect(try runSplit(c, storage: storage) == c.expected, "\(c)") }
    }

    @Test func copyOutputSingly() throws {
        // [2, 5] split along axis 1 into 2 + 3: each output copied on its own.
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 2)
        defer { storage.deallocate() }
        var op = try Split(input: Shape(2, 5), axis: -1, outputCount: 2, elementByteSize: 1, axisExtentStorage: storage)
        try op.appendOutput(shape: Shape(2, 2))
        try op.appendOutput(shape: Shape(2, 3))
        try op.finish()
        let input: [Int8] = Array(0..<10)
        var second = [Int8](repeating: 0, count: 6)
        input.withUnsafeBytes { i in
            second.withUnsafeMutableBytes { op.copyOutput(1, from: i.baseAddress!, to: $0.baseAddress!) }
        }
        #expect(second == [2, 3, 4, 7, 8, 9])
    }

    @Test func prepareErrors() throws {
        #expect(throws: KernelError.self) { try Split(input: Shape(4), axis: 1, outputCount: 2, elementByteSize: 1) }
        #expect(throws: KernelError.self) { try Split(input: Shape(4), axis: -2, outputCount: 2, elementByteSize: 1) }
        #expect(throws: KernelError.self) { try Split(input: Shape(), axis: 0, outputCount: 1, elementByteSize: 1) }
        #expect(throws: KernelError.self) { try Split(input: Shape(4), axis: 0, outputCount: 0, elementByteSize: 1) }
        // Unequal SPLIT pieces (TFLM would copy output 0's extent into both).
        var op = try Split(input: Shape(2, 5), axis: 1, outputCount: 2, elementByteSize: 1)
        try op.appendOutput(shape: Shape(2, 2))
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(2, 3)) }
        // Wrong non-axis dimension, wrong rank, missing output, extents not adding up.
        op = try Split(input: Shape(2, 4), axis: 1, outputCount: 2, elementByteSize: 1)
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(3, 2)) }
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(2, 2, 1)) }
        try op.appendOutput(shape: Shape(2, 2))
        #expect(throws: KernelError.self) { try op.finish() }
        op = try Split(input: Shape(2, 4), axis: 1, outputCount: 2, elementByteSize: 1)
        try op.appendOutput(shape: Shape(2, 1))
        try op.appendOutput(shape: Shape(2, 1))
        #expect(throws: KernelError.self) { try op.finish() }
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(2, 1)) }  // one too many
        // SPLIT_V storage too small.
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1)
        defer { storage.deallocate() }
        #expect(throws: KernelError.self) {
            try Split(input: Shape(4), axis: 0, outputCount: 2, elementByteSize: 1, axisExtentStorage: storage)
        }
    }
}
