import Testing

@testable import KingletKernels

// Vectors: single-STRIDED_SLICE models built and run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/strided_slice_vectors.py (SplitMix64 seed 5 after its fixed cases: rank 1-4
// shapes, begin/end in -6...6, strides from {1, 2, 3, -1, -2}, random begin/end/shrink masks; in
// about one case in five random ellipsis/new-axis masks and `offset`, which pip TFLM ignores, and
// an extra begin/end/strides value, which it does not read; input arange(n) in the listed type;
// the output shape from the generator's transcription of TFLM's prepare check, which TFLM then
// accepts). Expected values are TFLM's outputs. The generator prints the table below whole (see
// tools/vectors/README.md):
//   cd tools/vectors && python strided_slice_vectors.py
// The "unwritten" cases (hand-written; the generator skips such draws) are ones TFLM prepares but
// whose eval leaves output elements unwritten (shrunk axis with an out-of-range begin or a
// negative stride): Kinglet must reject them. That pip prepares each with the listed output and
// that its eval writes too few elements is checked by
//   cd tools/vectors && python strided_slice_vectors.py --check-unwritten

enum SliceElement { case int8, int16, float32, int32 }

struct StridedSliceCase {
    var type: SliceElement
    var input: [Int], begin: [Int32], end: [Int32], strides: [Int32]
    var beginMask: Int32, endMask: Int32, shrinkMask: Int32
    var output: [Int], expected: [Int]
    var ellipsisMask: Int32, newAxisMask: Int32, offset: Bool
    init(
        _ type: SliceElement, _ input: [Int], _ begin: [Int32], _ end: [Int32], _ strides: [Int32],
        _ beginMask: Int32, _ endMask: Int32, _ shrinkMask: Int32, _ output: [Int], _ expected: [Int],
        ellipsis: Int32 = 0, newAxis: Int32 = 0, offset: Bool = false
    ) {
        self.type = type; self.input = input; self.begin = begin; self.end = end; self.strides = strides
        self.beginMask = beginMask; self.endMask = endMask; self.shrinkMask = shrinkMask
        self.output = output; self.expected = expected
        self.ellipsisMask = ellipsis; self.newAxisMask = newAxis; self.offset = offset
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
                    ellipsisMask: c.ellipsisMask, newAxisMask: c.newAxisMask, offset: c.offset,
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
    .init(.int8, [4], [1, 9], [3, 9], [1, 9], 0, 0, 0, [2], [1, 2], ellipsis: 1, newAxis: 1, offset: true),
    .init(.int8, [3], [-2], [1], [-2], 0, 0, 0, [0], []),
    .init(.int32, [3], [2], [1], [2], 1, 1, 0, [2], [0, 2]),
    .init(.float32, [4, 2], [0, -5], [-1, 3], [2, 2], 2, 0, 0, [2, 1], [0, 4]),
    .init(.int8, [2], [-4], [2], [2], 0, 1, 1, [], [0]),
    .init(.int16, [1, 3], [0, -1], [2, -2], [1, -2], 0, 0, 0, [1, 1], [2]),
    .init(.float32, [3, 2, 4], [6, 1, 5], [2, 3, 2], [-2, 3, -2], 7, 7, 0, [2, 1, 2], [19, 17, 3, 1]),
    .init(.float32, [1], [-1], [-5], [-1], 1, 0, 0, [1], [0]),
    .init(.int16, [2], [-1], [0], [-2], 0, 1, 0, [1], [1]),
    .init(.int16, [3], [-3], [-2], [3], 0, 1, 0, [1], [0]),
    .init(.int32, [1], [-4, 5], [1, -5], [3, 2], 0, 0, 0, [1], [0], ellipsis: 0, newAxis: 1, offset: true),
    .init(.int32, [2], [-4], [3], [3], 0, 0, 0, [1], [0]),
    .init(.int16, [4, 2], [-1, 4], [0, 2], [1, -2], 3, 3, 0, [4, 1], [1, 3, 5, 7]),
    .init(.float32, [1, 2, 1], [-2, 6, 1], [5, 0, -6], [1, 2, -2], 6, 0, 2, [1, 1], [0]),
    .init(.float32, [3, 4], [2, -2], [-1, -5], [3, -2], 1, 0, 0, [1, 2], [2, 0]),
    .init(.int8, [2], [4], [-1], [2], 1, 0, 0, [1], [0]),
    .init(.float32, [1, 3], [4, 3], [-2, -4], [3, 2], 0, 0, 1, [0], []),
    .init(.int8, [1], [-3, -4], [5, 2], [1, 0], 0, 0, 0, [1], [0], ellipsis: 0, newAxis: 1, offset: false),
    .init(.int8, [3, 1, 4, 2], [3, 1, 4, -6], [-2, 4, 5, -6], [2, 3, -2, -2], 13, 10, 13, [0], []),
    .init(.int32, [4], [0], [5], [-1], 0, 1, 0, [1], [0]),
    .init(.int32, [2, 1], [-4, 6], [1, -1], [-2, 3], 1, 0, 1, [0], []),
    .init(.int8, [2, 4, 1], [-1, -5, -2], [0, -3, 4], [3, 1, 2], 0, 5, 0, [1, 1, 1], [4]),
    .init(.int32, [4, 4], [0, 2], [1, -4], [-2, -2], 2, 3, 0, [1, 2], [3, 1]),
    .init(.int32, [1, 2, 1, 3], [5, 0, 2, 0], [-6, -6, -4, -4], [1, 3, 3, 3], 0, 0, 11, [0], []),
    .init(.int8, [2], [-5, 6], [4, -6], [2, 1], 1, 0, 0, [1], [0], ellipsis: 0, newAxis: 0, offset: true),
    .init(.int16, [4], [-6], [-1], [1], 0, 0, 0, [3], [0, 1, 2]),
    .init(.int8, [3], [-6], [-3], [3], 0, 0, 1, [], [0]),
    .init(.float32, [1, 3, 2, 1], [0, -2, -1, -4], [-3, -5, 0, 6], [1, 2, -2, 3], 0, 0, 11, [1], [3]),
    .init(.int32, [4, 3], [-5, 1], [2, -6], [2, -1], 1, 3, 0, [2, 2], [1, 0, 7, 6]),
    .init(.int32, [3], [6], [-4], [-1], 0, 0, 0, [3], [2, 1, 0]),
    .init(.int16, [2], [-2], [3], [3], 0, 0, 0, [1], [0]),
    .init(.int16, [1], [-2], [5], [2], 0, 0, 0, [1], [0]),
    .init(.int16, [1, 4], [0, 0], [-2, -3], [1, 1], 3, 3, 0, [1, 4], [0, 1, 2, 3]),
    .init(.float32, [3], [2], [5], [-1], 0, 1, 0, [3], [2, 1, 0]),
    .init(.int16, [4, 1], [-3, -1], [-6, 6], [-1, 2], 0, 1, 0, [2, 1], [1, 0]),
    .init(.int16, [1], [-4], [2], [3], 0, 0, 0, [1], [0]),
    .init(.int8, [2, 4], [-5, 3], [1, -5], [3, -1], 0, 0, 0, [1, 4], [3, 2, 1, 0]),
    .init(.int8, [2], [5], [3], [-1], 0, 1, 0, [2], [1, 0]),
    .init(.int16, [3], [-1, -1], [4, -6], [2, -3], 0, 1, 1, [], [2], ellipsis: 1, newAxis: 1, offset: false),
    .init(.int32, [3, 4, 4], [2, -5, -3], [-2, -1, -1], [3, 1, 2], 4, 0, 5, [3], [32, 36, 40]),
    .init(.float32, [4, 2], [0, -3], [5, 3], [3, 2], 0, 0, 0, [2, 1], [0, 6]),
    .init(.int8, [1], [-4], [2], [2], 0, 0, 0, [1], [0]),
    .init(.int32, [4, 2], [-6, -3], [2, 5], [2, 3], 1, 0, 0, [1, 1], [0]),
    .init(.int32, [1, 2, 3], [-2, -2, -5], [-5, -3, 0], [2, -1, 3], 0, 5, 0, [1, 1, 1], [0]),
    .init(.int32, [1, 4], [-5, -2], [-4, 6], [-1, 1], 1, 3, 2, [1], [2]),
    .init(.int16, [2], [-5], [-5], [1], 0, 0, 0, [0], []),
    .init(.int16, [3], [-3], [-4], [-2], 0, 0, 0, [1], [0]),
    .init(.int8, [4], [-4], [-2], [1], 1, 0, 0, [2], [0, 1]),
    .init(.int32, [4], [0], [0], [-2], 0, 1, 0, [1], [0]),
    .init(.int16, [2, 2], [-1, -2], [-6, 2], [2, 2], 2, 2, 2, [0], []),
    .init(.int8, [2], [3], [0], [-1], 0, 1, 0, [2], [1, 0]),
    .init(.int32, [3, 2, 4], [-6, -4, 2], [1, -1, -2], [-2, 2, 2], 5, 3, 0, [2, 1, 1], [16, 0]),
    .init(.int16, [1], [-1], [-6], [1], 0, 0, 0, [0], []),
    .init(.float32, [4], [3], [3], [-2], 0, 1, 0, [2], [3, 1]),
    .init(.int16, [2, 1], [6, 5], [2, -5], [1, -2], 0, 1, 2, [0], []),
    .init(.int16, [2, 4], [5, 3], [-5, 2], [-1, -2], 3, 0, 0, [2, 1], [7, 3]),
    .init(.float32, [4, 1, 4], [-4, 1, -3], [1, -3, -6], [2, -2, 2], 0, 0, 3, [0], []),
    .init(.int16, [4], [-5, 6], [3, -4], [3, 0], 0, 0, 0, [1], [0], ellipsis: 1, newAxis: 1, offset: false),
    .init(.int8, [3, 4], [-1, 5], [-1, 5], [1, 1], 3, 0, 0, [2, 4], [0, 1, 2, 3, 4, 5, 6, 7]),
    .init(.int8, [3, 1], [-1, 4], [5, 2], [-2, 2], 3, 1, 0, [2, 1], [2, 0]),
    .init(.int8, [3, 2, 3], [-2, -4, 3], [-6, -1, -4], [-1, 2, -1], 0, 0, 0, [2, 1, 3], [8, 7, 6, 2, 1, 0]),
    .init(.float32, [3], [-4], [2], [3], 0, 0, 0, [1], [0]),
    .init(.float32, [2], [-5], [4], [1], 0, 0, 0, [2], [0, 1]),
    .init(.int16, [4, 4], [-3, 5], [0, 2], [-2, -2], 0, 0, 0, [1, 1], [7]),
    .init(.float32, [1], [0], [0], [-1], 0, 1, 0, [1], [0]),
    .init(.float32, [2, 3, 3], [-5, 5, -6], [2, -3, 4], [2, -1, 3], 5, 0, 0, [1, 2, 1], [6, 3]),
    .init(.int32, [3], [-5], [-6], [-2], 1, 0, 0, [2], [2, 0]),
    .init(.float32, [2], [-2], [-1], [1], 1, 0, 0, [1], [0]),
    .init(.int8, [3], [-6, -4], [4, 4], [2, -3], 0, 1, 0, [2], [0, 2], ellipsis: 1, newAxis: 0, offset: true),
    .init(.float32, [1, 3, 3], [0, -2, 3], [6, -4, 2], [1, -2, 1], 4, 0, 0, [1, 1, 2], [3, 4]),
    .init(.float32, [3], [4], [-4], [-1], 1, 0, 0, [3], [2, 1, 0]),
    .init(.float32, [2, 2, 4, 1], [5, 2, -6, -4], [5, 3, 6, 6], [1, 2, 2, 1], 15, 14, 5, [1, 1], [0]),
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

    @Test func rankZeroCopiesOneElement() throws {
        let op = try prepareStridedSlice(StridedSliceCase(.int8, [], [], [], [], 0, 0, 0, [], []), elementByteSize: 1)
        #expect(runSlice(op, [Int8(42)], outputCount: 1, zero: Int8(0)) == [42])
    }
}
