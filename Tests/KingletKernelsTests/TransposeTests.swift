import Testing

@testable import KingletKernels

// Vectors: single-TRANSPOSE models built and run on pip tflite-micro 0.dev20261023182759 by
// /tmp/kgen/gen_move.py (not part of the project; random.seed(7): rank 1-5 shapes, random
// permutations; input arange(n) for int16/float32 and arange(n) % 256 - 128 for int8).
// Expected values are TFLM's outputs.

struct TransposeCase {
    var type: MoveElement, input: [Int], perm: [Int32], expected: [Int]
    init(_ type: MoveElement, _ input: [Int], _ perm: [Int32], _ expected: [Int]) {
        self.type = type; self.input = input; self.perm = perm; self.expected = expected
    }
}

let transposeCases: [TransposeCase] = [
    .init(.float32, [1, 4], [0, 1], [0, 1, 2, 3]),
    .init(
        .float32, [2, 2, 2, 4], [1, 0, 2, 3],
        [
            0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28,
            29, 30, 31,
        ]),
    .init(
        .int8, [1, 3, 3, 3, 3], [0, 1, 3, 4, 2],
        [
            -128, -119, -110, -127, -118, -109, -126, -117, -108, -125, -116, -107, -124, -115, -106, -123, -114, -105,
            -122, -113, -104, -121, -112, -103, -120, -111, -102, -101, -92, -83, -100, -91, -82, -99, -90, -81, -98,
            -89, -80, -97, -88, -79, -96, -87, -78, -95, -86, -77, -94, -85, -76, -93, -84, -75, -74, -65, -56, -73,
            -64, -55, -72, -63, -54, -71, -62, -53, -70, -61, -52, -69, -60, -51, -68, -59, -50, -67, -58, -49, -66,
            -57, -48,
        ]),
    .init(.int16, [2, 2, 2, 2], [2, 0, 3, 1], [0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15]),
    .init(.int16, [4], [0], [0, 1, 2, 3]),
    .init(.int8, [2, 1], [0, 1], [-128, -127]),
    .init(.int16, [1], [0], [0]),
    .init(.int16, [4, 3], [1, 0], [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]),
    .init(.float32, [1, 1], [1, 0], [0]),
    .init(
        .int8, [2, 1, 3, 2, 4], [1, 0, 3, 2, 4],
        [
            -128, -127, -126, -125, -120, -119, -118, -117, -112, -111, -110, -109, -124, -123, -122, -121, -116, -115,
            -114, -113, -108, -107, -106, -105, -104, -103, -102, -101, -96, -95, -94, -93, -88, -87, -86, -85, -100,
            -99, -98, -97, -92, -91, -90, -89, -84, -83, -82, -81,
        ]),
    .init(
        .int8, [3, 2, 1, 3, 3], [2, 4, 3, 0, 1],
        [
            -128, -119, -110, -101, -92, -83, -125, -116, -107, -98, -89, -80, -122, -113, -104, -95, -86, -77, -127,
            -118, -109, -100, -91, -82, -124, -115, -106, -97, -88, -79, -121, -112, -103, -94, -85, -76, -126, -117,
            -108, -99, -90, -81, -123, -114, -105, -96, -87, -78, -120, -111, -102, -93, -84, -75,
        ]),
    .init(
        .int8, [2, 1, 3, 4, 3], [4, 3, 0, 2, 1],
        [
            -128, -116, -104, -92, -80, -68, -125, -113, -101, -89, -77, -65, -122, -110, -98, -86, -74, -62, -119,
            -107, -95, -83, -71, -59, -127, -115, -103, -91, -79, -67, -124, -112, -100, -88, -76, -64, -121, -109, -97,
            -85, -73, -61, -118, -106, -94, -82, -70, -58, -126, -114, -102, -90, -78, -66, -123, -111, -99, -87, -75,
            -63, -120, -108, -96, -84, -72, -60, -117, -105, -93, -81, -69, -57,
        ]),
    .init(.float32, [4, 1, 4, 1], [1, 0, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
    .init(
        .int16, [1, 2, 4, 3, 4], [3, 0, 1, 4, 2],
        [
            0, 12, 24, 36, 1, 13, 25, 37, 2, 14, 26, 38, 3, 15, 27, 39, 48, 60, 72, 84, 49, 61, 73, 85, 50, 62, 74, 86,
            51, 63, 75, 87, 4, 16, 28, 40, 5, 17, 29, 41, 6, 18, 30, 42, 7, 19, 31, 43, 52, 64, 76, 88, 53, 65, 77, 89,
            54, 66, 78, 90, 55, 67, 79, 91, 8, 20, 32, 44, 9, 21, 33, 45, 10, 22, 34, 46, 11, 23, 35, 47, 56, 68, 80,
            92, 57, 69, 81, 93, 58, 70, 82, 94, 59, 71, 83, 95,
        ]),
    .init(
        .int8, [3, 4, 4, 1, 3], [0, 4, 2, 3, 1],
        [
            -128, -116, -104, -92, -125, -113, -101, -89, -122, -110, -98, -86, -119, -107, -95, -83, -127, -115, -103,
            -91, -124, -112, -100, -88, -121, -109, -97, -85, -118, -106, -94, -82, -126, -114, -102, -90, -123, -111,
            -99, -87, -120, -108, -96, -84, -117, -105, -93, -81, -80, -68, -56, -44, -77, -65, -53, -41, -74, -62, -50,
            -38, -71, -59, -47, -35, -79, -67, -55, -43, -76, -64, -52, -40, -73, -61, -49, -37, -70, -58, -46, -34,
            -78, -66, -54, -42, -75, -63, -51, -39, -72, -60, -48, -36, -69, -57, -45, -33, -32, -20, -8, 4, -29, -17,
            -5, 7, -26, -14, -2, 10, -23, -11, 1, 13, -31, -19, -7, 5, -28, -16, -4, 8, -25, -13, -1, 11, -22, -10, 2,
            14, -30, -18, -6, 6, -27, -15, -3, 9, -24, -12, 0, 12, -21, -9, 3, 15,
        ]),
    .init(.int8, [4], [0], [-128, -127, -126, -125]),
    .init(
        .int8, [1, 1, 4, 3], [1, 2, 0, 3], [-128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117]),
    .init(.float32, [2], [0], [0, 1]),
    .init(.float32, [1, 3, 2, 2], [3, 0, 1, 2], [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]),
    .init(.int16, [1, 1], [0, 1], [0]),
    .init(.int16, [3, 2], [1, 0], [0, 2, 4, 1, 3, 5]),
    .init(.float32, [1, 4, 1], [1, 0, 2], [0, 1, 2, 3]),
    .init(.int8, [4, 2], [0, 1], [-128, -127, -126, -125, -124, -123, -122, -121]),
    .init(
        .float32, [2, 1, 4, 2, 4], [1, 4, 3, 0, 2],
        [
            0, 8, 16, 24, 32, 40, 48, 56, 4, 12, 20, 28, 36, 44, 52, 60, 1, 9, 17, 25, 33, 41, 49, 57, 5, 13, 21, 29,
            37, 45, 53, 61, 2, 10, 18, 26, 34, 42, 50, 58, 6, 14, 22, 30, 38, 46, 54, 62, 3, 11, 19, 27, 35, 43, 51, 59,
            7, 15, 23, 31, 39, 47, 55, 63,
        ]),
]

func prepareTranspose(_ input: [Int], _ perm: [Int32], _ output: [Int], elementByteSize: Int) throws -> Transpose {
    try int32Bytes(perm).withUnsafeBytes { p in
        try Transpose(input: sliceShape(input), perm: p, output: sliceShape(output), elementByteSize: elementByteSize)
    }
}

@Suite struct TransposeTests {
    @Test func matchesPipTFLM() throws {
        for c in transposeCases {
            let output = c.perm.map { c.input[Int($0)] }
            let op = try prepareTranspose(c.input, c.perm, output, elementByteSize: c.type.byteSize)
            let n = c.input.reduce(1, *)
            let values = c.type == .int8 ? (0..<n).map { $0 % 256 - 128 } : Array(0..<n)
            let input = c.type.encode(values)
            var result = [UInt8](repeating: 0, count: n * c.type.byteSize)
            input.withUnsafeBytes { i in
                result.withUnsafeMutableBytes { op.invoke(input: i.baseAddress!, output: $0.baseAddress!) }
            }
            #expect(c.type.decode(result) == c.expected, "\(c)")
        }
    }

    @Test func typedInvoke() throws {
        let op = try prepareTranspose([2, 3], [1, 0], [3, 2], elementByteSize: 4)
        let input: [Float] = [0, 1, 2, 3, 4, 5]
        var output = [Float](repeating: 0, count: 6)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { op.invoke(input: i.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == [0, 3, 1, 4, 2, 5])
    }

    @Test func prepareErrors() {
        // repeat
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [1, 1], [3, 3], elementByteSize: 1) }
        // out of range
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [0, 2], [2, 3], elementByteSize: 1) }
        // output dims
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [1, 0], [2, 3], elementByteSize: 1) }
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [1], [3], elementByteSize: 1) }  // perm count
        #expect(throws: KernelError.self) { try prepareTranspose([], [], [], elementByteSize: 1) }  // rank 0
        #expect(throws: KernelError.self) {  // rank 6 (TFLM: <= 5)
            try prepareTranspose([1, 1, 1, 1, 1, 2], [0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 2], elementByteSize: 1)
        }
    }
}
