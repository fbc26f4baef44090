import Testing

@testable import KingletKernels

// Vectors: single-STRIDED_SLICE models built and run on pip tflite-micro 0.dev20261023182759 by
// /tmp/kgen/gen_ss.py (not part of the project; random.seed(5): random rank 1-4 shapes,
// begin/end in -6...6, strides from {1, 2, 3, -1, -2}, random begin/end/shrink masks, input
// arange(n) in the listed type; the output shape comes from a Python transcription of TFLM's
// prepare check, which TFLM then accepted). Expected values are TFLM's outputs. The "unwritten"
// cases are ones TFLM prepares but whose eval leaves output elements unwritten (shrunk axis
// with an out-of-range begin or a negative stride): Kinglet must reject them.

enum SliceElement { case int8, int16, float32, int32 }

struct StridedSliceCase {
    var type: SliceElement
    var input: [Int], begin: [Int32], end: [Int32], strides: [Int32]
    var beginMask: Int32, endMask: Int32, shrinkMask: Int32
    var output: [Int], expected: [Int]
    init(
        _ type: SliceElement, _ input: [Int], _ begin: [Int32], _ end: [Int32], _ strides: [Int32],
        _ beginMask: Int32, _ endMask: Int32, _ shrinkMask: Int32, _ output: [Int], _ expected: [Int]
    ) {
        self.type = type; self.input = input; self.begin = begin; self.end = end; self.strides = strides
        self.beginMask = beginMask; self.endMask = endMask; self.shrinkMask = shrinkMask
        self.output = output; self.expected = expected
    }
}

/// A Shape from an array (test input only).
func sliceShape(_ dims: [Int]) -> Shape {
    var shape = Shape()
    for d in dims { try! shape.append(d) }
    return shape
}

func prepareStridedSlice(_ c: StridedSliceCase, elementByteSize: Int) throws -> StridedSlice {
    let b = int32Bytes(c.begin), e = int32Bytes(c.end), s = int32Bytes(c.strides)
    return try b.withUnsafeBytes { bp in
        try e.withUnsafeBytes { ep in
            try s.withUnsafeBytes { sp in
                try StridedSlice(
                    input: sliceShape(c.input), begin: bp, end: ep, strides: sp,
                    beginMask: c.beginMask, endMask: c.endMask, shrinkAxisMask: c.shrinkMask,
                    output: sliceShape(c.output), elementByteSize: elementByteSize)
            }
        }
    }
}

func runSlice<T: BitwiseCopyable>(_ op: StridedSlice, _ input: [T], outputCount: Int, zero: T) -> [T] {
    var output = [T](repeating: zero, count: outputCount)
    input.withUnsafeBufferPointer { i in
        output.withUnsafeMutableBufferPointer { o in op.invoke(input: i.baseAddress!, output: o.baseAddress!) }
    }
    return output
}

let stridedSliceCases: [StridedSliceCase] = [
    .init(.int32, [4, 3, 3], [-1, 4, -4], [3, -6, 1], [3, -1, 3], 5, 5, 0, [2, 3, 1], [6, 3, 0, 33, 30, 27]),
    .init(.float32, [2, 4, 3], [2, -4, 2], [-4, -3, -1], [-2, 3, 1], 0, 0, 6, [1], [14]),
    .init(.float32, [4], [0], [4], [1], 0, 1, 1, [], [0]),
    .init(.int16, [3, 3], [0, -6], [-1, -2], [-2, 3], 0, 3, 0, [1, 1], [0]),
    .init(.int32, [1], [-2], [-5], [1], 0, 1, 0, [1], [0]),
    .init(.int16, [4], [-4], [-6], [-1], 1, 1, 0, [4], [3, 2, 1, 0]),
    .init(.int32, [1], [2], [3], [-2], 1, 1, 0, [1], [0]),
    .init(.int16, [2], [0], [4], [2], 0, 1, 0, [1], [0]),
    .init(.int8, [2], [1], [-5], [-2], 0, 0, 0, [1], [1]),
    .init(.int16, [3], [1], [-2], [1], 0, 0, 1, [], [1]),
    .init(.float32, [3], [-6], [-4], [1], 0, 1, 0, [3], [0, 1, 2]),
    .init(.int16, [1], [-4], [2], [1], 1, 0, 0, [1], [0]),
    .init(.float32, [2], [2], [1], [-1], 1, 0, 0, [0], []),
    .init(.int16, [4], [5], [5], [3], 1, 0, 0, [2], [0, 3]),
    .init(.int16, [3], [4], [0], [-1], 1, 0, 0, [2], [2, 1]),
    .init(.int8, [3], [-6], [1], [1], 0, 0, 0, [1], [0]),
    .init(.int8, [4], [5], [2], [-2], 0, 0, 0, [1], [3]),
    .init(.float32, [1], [-2], [4], [1], 0, 0, 1, [], [0]),
    .init(.float32, [3, 4, 1], [-5, 5, 6], [-5, -1, -5], [1, 3, 1], 6, 5, 0, [3, 1, 1], [0, 4, 8]),
    .init(.int8, [4], [-5], [-2], [1], 1, 1, 1, [], [0]),
    .init(.int8, [1, 1], [2, 0], [-5, 1], [-1, 1], 0, 0, 0, [1, 1], [0]),
    .init(.int32, [4, 2], [-1, 6], [5, 2], [1, 1], 3, 2, 2, [4], [0, 2, 4, 6]),
    .init(.int8, [2], [-1], [3], [-2], 0, 1, 0, [1], [1]),
    .init(.int32, [2], [1], [-6], [2], 0, 1, 0, [1], [1]),
    .init(.int16, [3], [0], [0], [1], 0, 1, 0, [3], [0, 1, 2]),
    .init(.float32, [4], [1], [-1], [1], 0, 0, 0, [2], [1, 2]),
    .init(.int32, [3], [-2], [0], [2], 1, 1, 0, [2], [0, 2]),
    .init(.int16, [4, 4], [2, -1], [-6, 6], [-1, 1], 0, 2, 2, [3], [11, 7, 3]),
    .init(.int16, [4, 1], [1, -3], [-1, 0], [3, 2], 0, 1, 2, [1], [1]),
    .init(.int16, [2, 3, 1], [1, -2, -5], [2, 2, 4], [3, 1, 1], 0, 0, 4, [1, 1], [4]),
    .init(
        .int32, [2, 2, 3, 3], [0, 0, 2, -6], [1, 1, -2, 5], [-2, 1, 3, 1], 13, 7, 0, [1, 2, 1, 3],
        [18, 19, 20, 27, 28, 29]),
    .init(.int32, [4, 3], [5, -6], [-6, -5], [-1, -1], 3, 1, 0, [4, 3], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]),
    .init(.float32, [1], [2], [-4], [1], 1, 1, 0, [1], [0]),
    .init(.int16, [2, 1], [4, -2], [-2, -6], [-1, -1], 2, 0, 0, [1, 1], [1]),
    .init(.int32, [1], [-6], [2], [2], 0, 0, 0, [1], [0]),
    .init(.float32, [2], [-1], [3], [1], 1, 0, 0, [2], [0, 1]),
    .init(.int8, [3], [0], [-5], [-1], 1, 1, 0, [3], [2, 1, 0]),
    .init(.int16, [4, 1, 3, 3], [4, 1, 2, -6], [-2, -4, 1, -5], [-1, -1, -1, 1], 0, 0, 7, [0], []),
    .init(.float32, [2], [-2], [1], [1], 0, 0, 0, [1], [0]),
    .init(.int16, [2, 2, 2, 3], [-6, -6, -5, 5], [-6, -1, -2, 0], [3, 1, 1, -1], 0, 0, 11, [0], []),
    .init(.float32, [4, 3, 3], [-3, 5, 1], [4, 1, -1], [1, 1, 1], 6, 0, 0, [3, 1, 2], [9, 10, 18, 19, 27, 28]),
    .init(.int16, [4], [-1], [3], [2], 0, 1, 0, [1], [3]),
    .init(.int32, [4, 4], [1, 0], [6, 3], [2, 1], 0, 0, 0, [2, 3], [4, 5, 6, 12, 13, 14]),
    .init(.int8, [2], [3], [-2], [-1], 1, 1, 0, [2], [1, 0]),
    .init(.int8, [3, 3], [0, 6], [-6, 2], [-1, 1], 3, 0, 0, [3, 2], [6, 7, 3, 4, 0, 1]),
    .init(.int32, [3, 1, 1], [-5, -6, -1], [-4, -5, -4], [1, 3, -2], 3, 7, 1, [1, 1], [0]),
    .init(.float32, [2], [-2], [-6], [1], 1, 1, 1, [], [0]),
    .init(.float32, [3], [-4], [4], [1], 0, 1, 0, [3], [0, 1, 2]),
    .init(.int16, [4], [6], [5], [3], 1, 0, 0, [2], [0, 3]),
    .init(.int16, [3], [-1], [1], [1], 0, 1, 1, [], [2]),
    .init(.float32, [1], [-6], [4], [1], 1, 1, 0, [1], [0]),
    .init(.float32, [1], [0], [-1], [-2], 1, 0, 0, [0], []),
    .init(.int16, [3, 2, 1], [4, -2, 1], [4, 1, -5], [-1, 3, -1], 0, 5, 0, [3, 1, 1], [4, 2, 0]),
    .init(.float32, [3], [-5], [-1], [1], 0, 0, 0, [2], [0, 1]),
    .init(.float32, [2, 1, 4], [2, 0, 2], [-6, -6, -1], [-2, 1, -2], 0, 7, 0, [1, 1, 2], [6, 4]),
    .init(.int16, [4, 3], [-4, -4], [-6, 5], [-1, 1], 1, 0, 0, [4, 3], [9, 10, 11, 6, 7, 8, 3, 4, 5, 0, 1, 2]),
    .init(.float32, [1, 4, 4], [-3, 2, -4], [5, -4, 0], [3, -1, -1], 0, 7, 0, [1, 3, 1], [8, 4, 0]),
    .init(.int8, [2], [3], [-3], [-1], 1, 0, 0, [2], [1, 0]),
    .init(.int8, [3, 2], [-6, -2], [1, -1], [3, 1], 2, 0, 0, [1, 1], [0]),
    .init(.int8, [4, 4], [-1, 0], [0, -1], [1, 2], 0, 1, 0, [1, 2], [12, 14]),
    .init(.int16, [4, 1], [3, 1], [-4, 0], [-1, -2], 0, 2, 0, [3, 1], [3, 2, 1]),
    .init(.int8, [2], [-3], [4], [1], 1, 0, 0, [2], [0, 1]),
    .init(.int16, [1], [5], [1], [3], 1, 1, 0, [1], [0]),
    .init(.int16, [3], [-3], [-4], [-1], 0, 0, 0, [1], [0]),
    .init(.int16, [4], [1], [-1], [-1], 0, 1, 0, [2], [1, 0]),
    .init(.int32, [2], [-5], [-1], [1], 1, 0, 0, [1], [0]),
    .init(.int8, [4, 3], [-1, 2], [-1, 3], [1, 3], 3, 0, 0, [3, 1], [0, 3, 6]),
    .init(.int8, [2], [-3], [-2], [-2], 1, 0, 0, [1], [1]),
    .init(.int8, [4, 1, 3], [-1, 4, -1], [5, 3, -2], [3, -1, 2], 0, 7, 4, [1, 1], [11]),
    .init(
        .float32, [2, 4, 1, 1], [5, 3, -1, -5], [-5, -6, -6, 1], [-2, -1, 3, 1], 0, 5, 0, [1, 4, 1, 1], [7, 6, 5, 4]),
]

let stridedSliceUnwrittenCases: [StridedSliceCase] = [
    .init(.int8, [4, 2, 2], [-1, -2, 3], [3, -6, 3], [-1, 1, 3], 4, 5, 7, [], []),
    .init(.int8, [1], [-3], [-6], [-2], 0, 1, 1, [], []),
    .init(.int8, [4, 2, 3], [4, 5, 6], [6, -5, 3], [1, 3, -1], 1, 0, 6, [4], []),
    .init(.int8, [3, 1, 4, 2], [-6, 5, 3, -1], [6, 1, -2, 6], [-2, -1, -1, 1], 14, 0, 15, [], []),
    .init(.int8, [1], [1], [-3], [1], 0, 0, 1, [], []),
    .init(.int8, [4, 1, 2, 3], [-1, 3, -5, -5], [1, -2, -1, 6], [-1, 1, -1, -1], 0, 0, 14, [2], []),
    .init(.int8, [1], [-2], [-5], [-1], 1, 0, 1, [], []),
    .init(.int8, [1, 1, 1], [1, -1, -2], [-3, -1, 3], [-2, 2, 2], 0, 0, 3, [1], []),
]

@Suite struct StridedSliceTests {
    @Test func matchesPipTFLM() throws {
        for c in stridedSliceCases {
            let n = c.input.reduce(1, *), count = c.output.reduce(1, *)
            switch c.type {
            case .int8:
                let op = try prepareStridedSlice(c, elementByteSize: 1)
                let got = runSlice(op, (0..<n).map { Int8(truncatingIfNeeded: $0) }, outputCount: count, zero: Int8(0))
                #expect(got.map(Int.init) == c.expected, "\(c)")
            case .int16:
                let op = try prepareStridedSlice(c, elementByteSize: 2)
                let got = runSlice(op, (0..<n).map { Int16($0) }, outputCount: count, zero: Int16(0))
                #expect(got.map(Int.init) == c.expected, "\(c)")
            case .float32:
                let op = try prepareStridedSlice(c, elementByteSize: 4)
                let got = runSlice(op, (0..<n).map { Float($0) }, outputCount: count, zero: Float(-1))
                #expect(got.map { Int($0) } == c.expected, "\(c)")
            case .int32:
                // Through the type-erased entry point.
                let op = try prepareStridedSlice(c, elementByteSize: 4)
                let input = (0..<n).map { Int32($0) }
                var output = [Int32](repeating: -1, count: count)
                input.withUnsafeBytes { i in
                    output.withUnsafeMutableBytes { o in op.invoke(input: i.baseAddress!, output: o.baseAddress!) }
                }
                #expect(output.map(Int.init) == c.expected, "\(c)")
            }
        }
    }

    @Test func rejectsOutputsTFLMLeavesUnwritten() {
        for c in stridedSliceUnwrittenCases {
            #expect(throws: KernelError.self, "\(c)") { try prepareStridedSlice(c, elementByteSize: 1) }
        }
    }

    @Test func preparesErrors() {
        let base = StridedSliceCase(.int8, [2, 3], [0, 0], [2, 3], [1, 1], 0, 0, 0, [2, 3], [])
        var c = base
        c.strides = [1, 0]
        #expect(throws: KernelError.self) { try prepareStridedSlice(c, elementByteSize: 1) }  // zero stride
        c = base
        c.output = [2, 2]
        #expect(throws: KernelError.self) { try prepareStridedSlice(c, elementByteSize: 1) }  // wrong dim
        c = base
        c.output = [2, 3, 1]
        #expect(throws: KernelError.self) { try prepareStridedSlice(c, elementByteSize: 1) }  // wrong rank
        c = base
        c.begin = [0]
        #expect(throws: KernelError.self) { try prepareStridedSlice(c, elementByteSize: 1) }  // short begin
        c = StridedSliceCase(
            .int8, [1, 1, 1, 1, 2], [0, 0, 0, 0, 0], [1, 1, 1, 1, 2], [1, 1, 1, 1, 1], 0, 0, 0,
            [1, 1, 1, 1, 2], [])
        #expect(throws: KernelError.self) { try prepareStridedSlice(c, elementByteSize: 1) }  // rank 5 (TFLM: <= 4)
    }

    @Test func ignoresExtraIndicesEllipsisNewAxisAndOffset() throws {
        // pip TFLM ignores `offset` (checked: offset=true, begin [0,0,1], end [2,3,3] on [2,3,4]
        // gives the [2,3,2] slice of columns 1..2), and extra index values.
        let c = StridedSliceCase(
            .int8, [2, 3, 4], [0, 0, 1, 9], [2, 3, 3, 9], [1, 1, 1, 9], 0, 0, 0, [2, 3, 2], [])
        let b = int32Bytes(c.begin), e = int32Bytes(c.end), s = int32Bytes(c.strides)
        let op = try b.withUnsafeBytes { bp in
            try e.withUnsafeBytes { ep in
                try s.withUnsafeBytes { sp in
                    try StridedSlice(
                        input: sliceShape(c.input), begin: bp, end: ep, strides: sp,
                        beginMask: 0, endMask: 0, shrinkAxisMask: 0, ellipsisMask: 1, newAxisMask: 2,
                        offset: true, output: sliceShape(c.output), elementByteSize: 1)
                }
            }
        }
        let got = runSlice(op, (0..<24).map { Int8($0) }, outputCount: 12, zero: Int8(0))
        #expect(got == [1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22])
    }

    @Test func rankZeroCopiesOneElement() throws {
        let op = try prepareStridedSlice(StridedSliceCase(.int8, [], [], [], [], 0, 0, 0, [], []), elementByteSize: 1)
        #expect(runSlice(op, [Int8(42)], outputCount: 1, zero: Int8(0)) == [42])
    }
}
