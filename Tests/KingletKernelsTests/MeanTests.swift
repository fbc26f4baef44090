import Testing

@testable import KingletKernels

// Vectors: the notes' hand-verified case, plus pip tflite-micro's outputs for single-MEAN models
// (enum MeanVectors, inputs drawn with SplitMix64(seed: 1) in the enum's order), printed whole by
// tools/vectors/mean_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python mean_vectors.py cases

func runMean(
    _ input: [Int8], _ shape: Shape, axes: [Int32], keepDims: Bool, output outputShape: Shape,
    _ inScale: Float, _ inZero: Int32, _ outScale: Float, _ outZero: Int32
) throws -> [Int8] {
    let op = try withUnalignedInt32Bytes(axes) { raw in
        try Mean(
            input: shape, axes: raw, keepDims: keepDims, output: outputShape, inputScale: inScale,
            inputZeroPoint: inZero, outputScale: outScale, outputZeroPoint: outZero)
    }
    var output = [Int8](repeating: 99, count: outputShape.elementCount)
    input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
    }
    return output
}

// Random single-operator models drawn with SplitMix64 and run on pip tflite-micro by
// tools/vectors/mean_vectors.py (seed 11, 400 cases; draw order mirrored below):
//   mean_vectors.py 11 400
struct PipMeanCase {
    var shape = Shape(), output = Shape()
    var axes: [Int32] = []
    var keepDims = false
    var si: Float = 0, so: Float = 0, zi: Int32 = 0, zo: Int32 = 0
    var x: [Int8] = []

    init(_ r: inout SplitMix64) {
        let rank = Int(r.range(1, 4))
        for _ in 0..<rank { try! shape.append(Int(r.range(1, 6))) }
        let count = Int(r.range(1, Int32(rank + 1)))
        axes = (0..<count).map { _ in r.range(Int32(-rank), Int32(rank - 1)) }
        keepDims = r.range(0, 1) == 1
        si = r.scale(-8, -1)
        so = r.scale(-8, -1)
        if r.range(0, 4) == 0 { so = si }
        zi = r.range(-128, 127)
        zo = r.range(-128, 127)
        x = r.int8s(shape.elementCount)
        let reduced = Set(axes.map { (Int($0) + rank) % rank })
        for i in 0..<rank {
            if reduced.contains(i) { if keepDims { try! output.append(1) } } else { try! output.append(shape[i]) }
        }
    }
}

@Suite struct MeanTests {
    @Test func matchesPipTFLMDigest() throws {
        var r = SplitMix64(seed: 11)
        var digest = Fnv()
        for _ in 0..<400 {
            let c = PipMeanCase(&r)
            for v in try runMean(
                c.x, c.shape, axes: c.axes, keepDims: c.keepDims, output: c.output, c.si, c.zi, c.so, c.zo)
            {
                digest.mix(Int32(v))
            }
        }
        #expect(digest.hash == 0x1b48_f547_c54e_bb5b)
    }

    @Test func notesVector() throws {
        #expect(
            try runMean([1, 2, 3, 5], Shape(4), axes: [0], keepDims: false, output: Shape(), 0.5, 0, 0.25, 0) == [6])
    }

    @Test func multiplierFoldsInTheCount() throws {
        let op = try withUnalignedInt32Bytes([1, 2]) { raw in
            try Mean(
                input: Shape(1, 7, 9, 3), axes: raw, keepDims: true, output: Shape(1, 1, 1, 3), inputScale: 0.5,
                inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 0)
        }
        // QM(1.0) = (2^30, 1); N = 63: k = min(5, 32, 32) = 5; m' = (2^30 << 5) / 63; s' = 1 - 5.
        #expect(op.reducedCount == 63)
        #expect(op.multiplier == QuantizedMultiplier(multiplier: Int32((Int64(1) << 35) / 63), shift: -4))
    }

    @Test func axes12KeepDims() throws {
        #expect(
            try runMean(
                MeanVectors.axes12Input, Shape(2, 3, 4, 5), axes: [1, 2], keepDims: true, output: Shape(2, 1, 1, 5),
                0.05, -3, 0.02, 4) == MeanVectors.axes12Output)
    }

    @Test func lastAxisEqualScalesStillRequantizes() throws {
        #expect(
            try runMean(
                MeanVectors.lastAxisInput, Shape(2, 3, 4, 5), axes: [-1], keepDims: false, output: Shape(2, 3, 4),
                0.1, 10, 0.1, 10) == MeanVectors.lastAxisOutput)
    }

    @Test func outerAndInnerAxes() throws {
        #expect(
            try runMean(
                MeanVectors.axes03Input, Shape(2, 3, 4, 5), axes: [0, 3], keepDims: false, output: Shape(3, 4),
                0.02, 127, 0.03, 60) == MeanVectors.axes03Output)
    }

    @Test func duplicateAndNegativeAxes() throws {
        #expect(
            try runMean(
                MeanVectors.duplicatesInput, Shape(3, 4, 7), axes: [1, 1, -2, 2], keepDims: false, output: Shape(3),
                0.5, -128, 0.75, 0) == MeanVectors.duplicatesOutput)
    }

    @Test func allAxes() throws {
        #expect(
            try runMean(
                MeanVectors.allInput, Shape(1, 7, 9, 3), axes: [0, 1, 2, 3], keepDims: false, output: Shape(),
                0.003, -5, 0.001, 2) == MeanVectors.allOutput)
        #expect(
            try runMean(
                MeanVectors.allInput, Shape(1, 7, 9, 3), axes: [0, 1, 2, 3], keepDims: false, output: Shape(1),
                0.003, -5, 0.001, 2) == MeanVectors.allOutput)
    }

    @Test func noAxesRequantizesEachElement() throws {
        #expect(
            try runMean(
                MeanVectors.noneInput, Shape(2, 3), axes: [], keepDims: false, output: Shape(2, 3),
                0.5, 0, 0.3, -7) == MeanVectors.noneOutput)
    }

    @Test func heightWidthKeepDims() throws {
        #expect(
            try runMean(
                MeanVectors.hwInput, Shape(1, 7, 9, 3), axes: [1, 2], keepDims: true, output: Shape(1, 1, 1, 3),
                0.05, 3, 0.05, 3) == MeanVectors.hwOutput)
    }

    @Test func emptyInputLeavesZeros() throws {
        #expect(
            try runMean([], Shape(2, 0, 3), axes: [1], keepDims: false, output: Shape(2, 3), 0.5, 7, 0.5, 7)
                == [0, 0, 0, 0, 0, 0])
    }

    @Test func rejectsBadParameters() {
        func make(axes: [Int32], output: Shape, keepDims: Bool = false, scale: Float = 0.5) throws {
            _ = try runMean(
                [Int8](repeating: 0, count: 24), Shape(2, 3, 4), axes: axes, keepDims: keepDims, output: output,
                scale, 0, 0.5, 0)
        }
        #expect(throws: KernelError.self) { try make(axes: [3], output: Shape(2, 3)) }
        #expect(throws: KernelError.self) { try make(axes: [-4], output: Shape(2, 3)) }
        #expect(throws: KernelError.self) { try make(axes: [2], output: Shape(2, 4)) }
        // Rank is not checked (TFLM only uses the element count): both forms are accepted.
        #expect(throws: Never.self) { try make(axes: [2], output: Shape(2, 3), keepDims: true) }
        #expect(throws: KernelError.self) { try make(axes: [2], output: Shape(2, 3), scale: .nan) }
        #expect(throws: Never.self) { try make(axes: [2], output: Shape(2, 3, 1), keepDims: true) }
    }
}
enum MeanVectors {
    static let axes12Input: [Int8] = [
        65, -25, -34, -117, 57, 0, 37, -11, 40, 22, -31, 126, 64, 10, 40, -69, -29, 113, 110, -120, -58, 28, 77, 44, 31,
        119, -75, 43, -89, 10, 4, 58, -19, -100, -105, -116, 117, 65, -104, -68, 6, -121, -29, 50, 1, -72, -34, 22, -13,
        -6, -12, 101, 120, 16, 15, 47, 47, 76, -46, -46, -108, -1, 60, -37, -30, 44, 115, -21, 41, 59, -31, 7, -11, -13,
        -114, -61, -45, 62, -43, 29, -71, 97, 87, 114, -119, 49, -7, -18, -36, -64, 40, -66, 66, -53, 46, 120, 1, 16,
        114, -47, -127, -45, -37, 18, -91, -117, -17, 86, -20, -5, -38, -90, -34, 34, -105, -110, -81, 68, -126, 59,
    ]
    static let axes12Output: [Int8] = [
        -13, 60, 113, -30, -24, -74, -16, 79, 10, -68,
    ]
    static let lastAxisInput: [Int8] = [
        -94, 94, 31, -16, -16, 83, 29, -60, 5, 120, 109, 22, -16, -64, 21, 86, 82, -109, 108, 114, 106, 51, -93, -107,
        13, 100, 61, -1, -124, 22, 31, 49, 70, 108, -24, 22, -51, 41, 116, -92, 80, -64, 43, 79, -38, 39, -91, 115, -59,
        53, 121, 28, 54, -49, 102, 91, -37, -29, 90, 124, -37, -19, 41, -42, 5, 98, -71, 87, 25, -64, 110, -16, 38, 2,
        -72, 16, -59, 5, 26, -35, -82, 96, -25, -99, 115, -1, -69, 101, 68, 89, -117, 97, 13, 88, -19, -92, 19, 13, 57,
        -111, -98, 17, -57, -21, -21, 53, -31, -7, -17, -47, 71, 42, 80, -100, 64, 107, 62, -104, -118, 94,
    ]
    static let lastAxisOutput: [Int8] = [
        0, 36, 15, 56, -6, 12, 47, 7, 20, 12, 51, 48, -11, 15, 13, -10, 1, 38, 13, -23, -36, -10, 32, 8,
    ]
    static let axes03Input: [Int8] = [
        -96, 68, -73, 97, 67, 51, 84, -22, -98, 44, -101, 33, -9, 69, 118, -86, -45, 121, -13, -16, 94, -120, -120,
        -119, -25, 58, 117, -86, -39, -59, -67, 69, 46, 48, -119, -43, -38, 1, 108, 87, -109, 18, -32, 50, -2, -8, -36,
        110, 94, 76, -118, 60, -36, -125, 89, -8, 67, -63, -97, 41, 40, -123, -12, 50, 17, -64, -54, -89, -49, 122, -5,
        -83, -65, 118, 112, -32, -12, -102, 99, -115, -17, 123, 103, -99, -108, 86, -94, 106, 110, -64, -98, -19, 106,
        9, 6, -79, -110, -103, -124, 2, 104, 81, 22, 63, 97, -113, -25, -78, 25, 70, -69, 8, 15, 36, 97, -27, -55, 110,
        -27, -26,
    ]
    static let axes03Output: [Int8] = [
        -22, -30, -12, -38, -44, -16, -26, -45, -5, -17, -28, -30,
    ]
    static let duplicatesInput: [Int8] = [
        71, 54, -115, -100, -100, -31, -69, -24, -83, -75, -18, 95, -53, 108, 38, 120, -97, -123, -10, 14, 67, -95, -51,
        -104, 26, 9, -53, -93, -28, 103, 86, 65, 39, 80, 86, 1, -93, 92, -71, 71, 122, -21, 44, -116, -72, -99, -36, 24,
        54, -95, 37, 14, -72, 83, 52, -99, 16, -18, 125, 30, -98, 115, 97, -98, 88, -36, 27, 101, -8, -37, 29, -21, 75,
        -121, -126, 51, 48, 92, 85, -99, -53, -108, -1, 57,
    ]
    static let duplicatesOutput: [Int8] = [
        69, 91, 90,
    ]
    static let allInput: [Int8] = [
        112, -120, 76, -75, 54, 6, -23, -94, -95, 101, 51, -107, -1, 102, -5, -14, -24, 39, 17, -33, 104, 22, 105, -30,
        -13, 67, 86, -120, 85, 7, 79, -20, -23, 17, -89, 108, 3, -58, 122, -57, 35, -26, -16, -75, -10, -67, 127, -85,
        77, -95, 69, 32, 90, 69, 100, -116, 48, 19, -89, -13, -96, 50, 125, 126, -114, -80, 4, 51, 51, 26, -24, -111,
        -69, 23, 48, 4, 47, -40, -60, -118, -123, 44, 73, -62, 25, 35, -111, -105, -53, -119, 39, 33, 53, 114, 64, -91,
        -124, -18, -9, 106, -102, -41, 2, 109, 108, 58, 87, -74, -35, 118, 121, -87, 7, -17, 23, 13, -124, -64, 29, -38,
        -101, -22, 88, -44, -97, -54, -27, 111, -63, 79, -105, -115, -78, 118, -107, -94, 31, -43, -82, -25, 45, -9, 17,
        -89, -86, 31, 124, 35, -57, 0, -124, -94, -91, -126, 81, -91, 38, -30, 8, -124, 107, -86, 92, 20, -47, -25, -50,
        -5, -128, -118, 25, 18, -29, -8, -77, -83, -115, -94, -65, 44, 113, 0, 105, -73, -110, -12, -115, -18, -101,
    ]
    static let allOutput: [Int8] = [
        -13
    ]
    static let noneInput: [Int8] = [
        93, 54, 109, -73, -1, 79,
    ]
    static let noneOutput: [Int8] = [
        127, 83, 127, -128, -9, 125,
    ]
    static let hwInput: [Int8] = [
        -114, 56, -74, -14, -123, -125, 108, -106, -113, -41, -74, 72, -23, 50, -74, -84, 123, -67, 44, 56, 109, -83,
        -66, 46, -12, 116, -31, -88, -79, -2, 105, -83, 105, 15, 8, -2, 14, -50, -128, 66, -122, 85, 41, -21, 66, 76,
        119, 93, -101, -9, -37, 92, -127, -64, 39, -100, -95, -121, 46, -26, 126, -9, -57, 118, 31, 91, -33, 16, 69, -1,
        -11, -87, 6, -65, -128, -60, 30, -82, -39, -107, 46, -66, 44, -43, 78, -87, 123, 76, -113, 61, -115, 53, -86,
        118, 75, -95, -61, 37, 82, -25, 8, 92, 34, 17, -117, 63, 48, -38, -60, -98, 40, -71, 7, -109, -99, -26, 42, -15,
        36, -46, 60, -26, -27, 25, -108, 124, -21, -109, 50, -55, -62, 5, -108, 111, 11, -14, -86, -74, -49, 35, 75, 21,
        -57, 75, -39, -67, -61, 116, -30, -117, -60, -92, -123, -17, 21, -86, -79, 111, -21, -101, 34, 21, 104, 109, 64,
        -111, 13, 32, -112, 21, 16, 25, 7, 73, -100, -18, 18, 72, 69, 83, 31, 21, 61, -124, -100, -79, -49, 76, -87,
    ]
    static let hwOutput: [Int8] = [
        -11, -10, -8,
    ]
}

// Pip-made cases for the reductions (MEAN here, SUM in SumTests.swift, REDUCE_MAX/MIN in
// ReduceMaxMinTests.swift): one-operator models run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/reduce_vectors.py (see tools/vectors/README.md), float32 as bit patterns.
struct ReduceCase {
    enum Kind {
        case float(x: [UInt32], expected: [UInt32])
        case quantized(q: (UInt32, Int32, UInt32, Int32), int16: Bool, x: [Int], expected: [Int])
    }
    var shape: [Int], axes: [Int32], keepDims: Bool, output: [Int]
    var kind: Kind

    static func float(
        _ shape: [Int], axes: [Int32], keepDims: Bool, output: [Int], x: [UInt32], expected: [UInt32]
    ) -> ReduceCase {
        ReduceCase(shape: shape, axes: axes, keepDims: keepDims, output: output, kind: .float(x: x, expected: expected))
    }

    static func quantized(
        _ shape: [Int], axes: [Int32], keepDims: Bool, output: [Int], q: (UInt32, Int32, UInt32, Int32), int16: Bool,
        x: [Int], expected: [Int]
    ) -> ReduceCase {
        ReduceCase(
            shape: shape, axes: axes, keepDims: keepDims, output: output,
            kind: .quantized(q: q, int16: int16, x: x, expected: expected))
    }

    var inputShape: Shape { shape.reduce(into: Shape()) { s, d in try! s.append(d) } }
    var outputShape: Shape { output.reduce(into: Shape()) { s, d in try! s.append(d) } }
}

/// Runs `invoke` on the case's input and returns the output (float32 as bit patterns).
func runReduceCase(
    _ c: ReduceCase,
    float: (UnsafeRawBufferPointer, UnsafePointer<Float>, UnsafeMutablePointer<Float>) throws -> Void,
    quantized: (UnsafeRawBufferPointer, (Float, Int32, Float, Int32), Bool, UnsafeRawPointer, UnsafeMutableRawPointer)
        throws -> Void
) throws -> [Int] {
    let count = c.outputShape.elementCount
    return try withUnalignedInt32Bytes(c.axes) { axes in
        switch c.kind {
        case .float(let x, _):
            let input = x.map { Float(bitPattern: $0) }
            var output = [Float](repeating: .nan, count: count)
            try input.withUnsafeBufferPointer { i in
                try output.withUnsafeMutableBufferPointer { o in try float(axes, i.baseAddress!, o.baseAddress!) }
            }
            return output.map { Int($0.bitPattern) }
        case .quantized(let q, let int16, let x, _):
            let scales = (Float(bitPattern: q.0), q.1, Float(bitPattern: q.2), q.3)
            if int16 {
                let input = x.map { Int16($0) }
                var output = [Int16](repeating: 99, count: count)
                try input.withUnsafeBytes { i in
                    try output.withUnsafeMutableBytes { o in
                        try quantized(axes, scales, true, i.baseAddress!, o.baseAddress!)
                    }
                }
                return output.map { Int($0) }
            }
            let input = x.map { Int8($0) }
            var output = [Int8](repeating: 99, count: count)
            try input.withUnsafeBytes { i in
                try output.withUnsafeMutableBytes { o in
                    try quantized(axes, scales, false, i.baseAddress!, o.baseAddress!)
                }
            }
            return output.map { Int($0) }
        }
    }
}

extension ReduceCase {
    var expected: [Int] {
        switch kind {
        case .float(_, let expected): return expected.map { Int($0) }
        case .quantized(_, _, _, let expected): return expected
        }
    }
}

func runMeanOrSum(_ c: ReduceCase, sum: Bool) throws -> [Int] {
    try runReduceCase(
        c,
        float: { axes, x, y in
            if sum {
                try FloatSum(input: c.inputShape, axes: axes, output: c.outputShape).invoke(input: x, output: y)
            } else {
                try FloatMean(input: c.inputShape, axes: axes, keepDims: c.keepDims, output: c.outputShape)
                    .invoke(input: x, output: y)
            }
        },
        quantized: { axes, q, int16, x, y in
            let op = try Mean(
                input: c.inputShape, axes: axes, keepDims: c.keepDims, output: c.outputShape, inputScale: q.0,
                inputZeroPoint: q.1, outputScale: q.2, outputZeroPoint: q.3, int16: int16, computeSum: sum)
            if int16 {
                op.invoke(input: x.assumingMemoryBound(to: Int16.self), output: y.assumingMemoryBound(to: Int16.self))
            } else {
                op.invoke(input: x.assumingMemoryBound(to: Int8.self), output: y.assumingMemoryBound(to: Int8.self))
            }
        })
}

// cd tools/vectors && python reduce_vectors.py mean 31 30
let pipMeanCases: [ReduceCase] = [
    .float(
        [2, 4, 5, 2], axes: [1, 2], keepDims: true, output: [2, 1, 1, 2],
        x: [
            0x3f32ac23, 0x407cddfa, 0x3ede101a, 0x403fe08a, 0x406b2cb0, 0x40662e10, 0xbd4afe0c, 0x400906e3, 0x4018f88d,
            0x40634d41, 0x3f91f2d6, 0xbfd75d07, 0x3fa5fa41, 0x3e3bf3c9, 0x40042dd8, 0xc0455ab4, 0x3ffa2bcb, 0xbfc3101b,
            0x3fd9babd, 0x406d0402, 0x3fa6b834, 0x3f872983, 0x3fbb2d34, 0x4046cf28, 0x3f4fda81, 0xc05e81cc, 0xbf8049a8,
            0xbfb234ce, 0x3fe474aa, 0x3f21b851, 0xbfa50c58, 0xc0354eca, 0xc0592019, 0xc076964d, 0xbffb349d, 0xc05df7bd,
            0xbf829274, 0x3f9d5468, 0xbfe5dead, 0x40124a48, 0xc06f8261, 0x3fdbd636, 0xbf73d143, 0xbef6ae3a, 0xc03baf72,
            0xbf7b37e1, 0x3fcbf6e6, 0x4052316c, 0x3e46e340, 0x40738349, 0xc07f67ea, 0xbedf9221, 0xbfafbd17, 0xc06ed3ba,
            0x3ff1bf7c, 0x406fb477, 0x3e69ce12, 0x4033493d, 0x3f676856, 0x3ee419ba, 0x40188770, 0x4049c445, 0xbfec1616,
            0xc02d08a8, 0x401614dd, 0xbf9bd392, 0xbfb030da, 0xc01545f0, 0x402bb187, 0x3f0a41d2, 0xc062f202, 0x40675e19,
            0x4062ed62, 0xbfd5866d, 0xbd185862, 0xc078d27e, 0xbfcbff52, 0xc02ac3d7, 0xc0584873, 0x3d54afa9,
        ],
        expected: [0x3f029a55, 0x3eb64cdb, 0xbee6799d, 0x3e1c2218]),
    .quantized(
        [2, 3, 2, 5], axes: [3, -1, 1, -2, -1], keepDims: true, output: [2, 1, 1, 1],
        q: (0x3f1e0282, -40, 0x400ac7fd, -106), int16: false,
        x: [
            103, 26, -61, -110, -50, -10, -37, -76, -126, -6, -106, 79, -80, -113, 102, 41, 93, -53, 47, -38, -106, -53,
            93, 7, -93, -107, -54, -92, -56, -113, -39, -28, -97, 74, -38, -97, 31, -69, -30, -46, -24, -64, 23, 74,
            -17, 93, -49, -48, 86, 2, 92, -19, 4, -113, -105, 48, -51, 7, -113, -22,
        ],
        expected: [-104, -100]),
    .quantized(
        [3], axes: [-1], keepDims: false, output: [], q: (0x3e0886a3, 106, 0x3e0bede6, 84), int16: false,
        x: [-103, -74, -85],
        expected: [-105]),
    .float(
        [2, 5, 5, 1], axes: [1, 2], keepDims: true, output: [2, 1, 1, 1],
        x: [
            0xbf5a8360, 0xc04933c1, 0x402a5ad9, 0xbdc1e05b, 0xbf152ff0, 0xc0202dd8, 0x40273793, 0xbec4860b, 0xc0490da9,
            0x40614967, 0x3e9f2751, 0x4014a93c, 0x3f9aaed1, 0xbfa79ee3, 0xbf61289e, 0x3fcf3f6e, 0xbf9cfae4, 0x404528e1,
            0xbfdcd3bc, 0xbf72a55e, 0x3fbd180e, 0xbf84fb0b, 0x40658482, 0xc07c75f6, 0x40517dd0, 0x4042b8be, 0x3ff211f4,
            0x405f3c46, 0x3e8780aa, 0x4046abc3, 0xbba25f80, 0x3c7fa080, 0x3f9d29f0, 0x406c01d1, 0x406a505f, 0xc077ac45,
            0x407213d8, 0x3f6b8f29, 0xbf5404f5, 0x3dd85a56, 0xbfa08835, 0xbe9b3dcd, 0x40607929, 0x4023fee6, 0x3f41bd6b,
            0xc04636d0, 0x3fb94d7f, 0xbebb3bfb, 0xbe38c69d, 0xc0269088,
        ],
        expected: [0x3e1fad44, 0x3f569f45]),
    .quantized(
        [3, 4], axes: [-1], keepDims: false, output: [3], q: (0x3c32f815, 62, 0x3f7252cb, -28), int16: false,
        x: [-24, 55, 19, 82, 114, -84, -124, -55, -57, 101, 57, -118],
        expected: [-28, -29, -29]),
    .quantized(
        [3, 3, 3], axes: [-1], keepDims: true, output: [3, 3, 1], q: (0x3bf5ca76, -30, 0x3f96ec59, 42), int16: false,
        x: [
            39, -15, -41, -88, 107, -29, 81, 1, -17, 16, -26, 20, 64, -122, 100, -116, 2, -35, -20, -10, 99, 21, -61,
            93, -49, 83, -124,
        ],
        expected: [42, 42, 42, 42, 42, 42, 42, 42, 42]),
    .quantized(
        [2, 5], axes: [-1], keepDims: false, output: [2], q: (0x3bb5ed23, 0, 0x3bc91ccd, 0), int16: true,
        x: [-28350, 2656, -23360, 25982, -828, -353, -19506, 11974, 23292, -11573],
        expected: [-4324, 694]),
    .quantized(
        [4, 3], axes: [-1, 0], keepDims: false, output: [], q: (0x3c17f8c1, 0, 0x3a054e52, 0), int16: true,
        x: [6911, 16170, -29673, -16185, 3803, 10084, -20428, 4015, -12956, -14472, 30260, 9243],
        expected: [-20107]),
    .float(
        [2, 1, 1, 3], axes: [1, 2], keepDims: true, output: [2, 1, 1, 3],
        x: [0x4054e47e, 0xbff45468, 0xc05c2513, 0x4071f6f5, 0xc048eb37, 0xc012bde2],
        expected: [0x4054e47e, 0xbff45468, 0xc05c2513, 0x4071f6f5, 0xc048eb37, 0xc012bde2]),
    .quantized(
        [1, 4, 2, 4], axes: [2, 1], keepDims: true, output: [1, 1, 1, 4], q: (0x3e393a60, 81, 0x3d005c91, -35),
        int16: false,
        x: [
            6, 78, 88, -18, -34, 95, -61, -58, 38, 105, -41, -14, -99, 37, -22, 23, 77, 47, 84, -55, 79, -9, 15, -117,
            23, 72, 95, -121, 3, 103, 8, 120,
        ],
        expected: [-128, -122, -128, -128]),
    .float(
        [5, 2, 1], axes: [2], keepDims: false, output: [5, 2],
        x: [
            0x4040d33a, 0xbee61ce3, 0x3e3bb35d, 0x3f548858, 0x3f701b74, 0x406288fe, 0x40419040, 0xc049d584, 0xbfa93644,
            0x3f61019e,
        ],
        expected: [
            0x4040d33a, 0xbee61ce3, 0x3e3bb35d, 0x3f548858, 0x3f701b74, 0x406288fe, 0x40419040, 0xc049d584, 0xbfa93644,
            0x3f61019e,
        ]),
    .quantized(
        [1], axes: [-1, -1], keepDims: true, output: [1], q: (0x3bc83620, 0, 0x3c35e207, 0), int16: true,
        x: [908],
        expected: [500]),
    .quantized(
        [5, 5], axes: [1, -2, -2], keepDims: false, output: [], q: (0x3da6bdf4, 0, 0x400d8c0f, 0), int16: true,
        x: [
            -31525, -10454, 4230, -18371, -28420, -12019, -28631, -19104, 26021, -8170, -31069, 21010, 12862, -29481,
            -25384, -9157, -12980, -3685, 9413, -25712, 29288, -10266, -9139, 24680, -19073,
        ],
        expected: [-302]),
    .quantized(
        [2, 1, 1, 5], axes: [-3, 0, 0, -4], keepDims: true, output: [1, 1, 1, 5], q: (0x3c517f00, 0, 0x3deeb989, 0),
        int16: true,
        x: [32400, 28123, -17129, 17449, -2693, -107, 30131, -14897, -13182, 31228],
        expected: [1771, 3195, -1757, 234, 1565]),
    .quantized(
        [3, 5, 2], axes: [1, -3, 1], keepDims: true, output: [1, 1, 2], q: (0x3d7b71d9, -116, 0x3d846e1d, -3),
        int16: false,
        x: [
            -106, 15, 26, -78, 70, 89, -74, 12, 56, -97, 68, 100, 110, -58, -95, 5, 6, 115, 36, 91, 107, -33, 88, 79,
            78, 5, -37, -91, -5, 120,
        ],
        expected: [127, 125]),
    .float(
        [2, 1, 5, 4], axes: [-4, 0, 0, 2], keepDims: false, output: [1, 4],
        x: [
            0x3f3d20a4, 0x404cbd3e, 0xc02f046e, 0x403e05dd, 0x40004d08, 0xbf97d538, 0x401b68cd, 0xc013bc93, 0xbef3c3be,
            0x40779a8a, 0x3f9f3790, 0xbf7991a8, 0xc049c327, 0x3ea9a47d, 0xbfc24a4e, 0xc056c78c, 0x4005dcbd, 0xbf009af2,
            0x3f67819d, 0xbfa4f7c8, 0x3f2aaddc, 0xbf20eec9, 0xbfa105b0, 0x402eb910, 0xbfa27f6b, 0xc04fb38f, 0x3f9cb058,
            0xbf8f3cdf, 0xc053bda5, 0xc0249cbc, 0x3f9eceaa, 0xc0784b2f, 0x3f97c8b5, 0xbf5ec273, 0x404ede7f, 0x405267ba,
            0xc0697130, 0x4029aa93, 0xc04e14e2, 0xc02a1140,
        ],
        expected: [0xbf04435e, 0x3dd61cb6, 0x3e1e02b0, 0xbf28e376]),
    .float(
        [5, 4, 3, 4], axes: [-2, -3, -4], keepDims: false, output: [4],
        x: [
            0x3e0a2fee, 0xc04e6319, 0xc01d9b54, 0x40485857, 0x3ef33330, 0x404915b9, 0xbdf4b6e9, 0x3ecbb993, 0x3ff5d7d1,
            0xbdcd5048, 0xbfd1d417, 0x400b53fe, 0xbf9be5a9, 0x3f85d0c6, 0xbfbf9b8d, 0x3fc8ed0e, 0xc033d358, 0xc05530f0,
            0xbfd9a25f, 0x3ed37f65, 0xbfdc0271, 0x3f3e0f1e, 0x3fe135ea, 0x3fe0abd0, 0xbfe60d7c, 0x3f9fa507, 0xbeaec77f,
            0x40384310, 0x404ffcb3, 0x3d0de3af, 0xbff98a7d, 0xc06f4fc0, 0x3f626e8c, 0x40324e41, 0xbfe6a967, 0xbe961e05,
            0x3df31355, 0x3fedce30, 0xc04df3a1, 0x3fc16aa6, 0xbd7efbce, 0x407ffe5e, 0xbe9f9ef0, 0x403db182, 0xc0395a19,
            0xc04eb70d, 0x4057b4c7, 0xbf88af41, 0xbfdb5f9d, 0x406e789e, 0xc059161e, 0x4058f825, 0x4036e7ae, 0xbe6c6965,
            0x4053a038, 0xbfe1f98d, 0x40267e75, 0x3f1640bf, 0xbfcacae0, 0xc0518a98, 0x4022fd08, 0x3d9ccbba, 0xc027bf03,
            0x4059b6e4, 0xc06428f8, 0xc0465572, 0xc00c61bf, 0x401cd62c, 0xc0362dc3, 0xbf47e5d6, 0xc0156141, 0x4057d7be,
            0xc03adc74, 0x3f4515e4, 0xc02a0898, 0xc04ae5c2, 0x3fb4aa50, 0x3f40d8f6, 0x402f7192, 0x4044705a, 0xbf86d157,
            0xc06a1fa6, 0xbf967533, 0xbff21956, 0x4047876f, 0x3fdfc713, 0xc03edab1, 0xbfe1abc0, 0xbfd1f3c8, 0x3f9cb2f8,
            0xbfc3904e, 0xc07d9cab, 0x40326e9b, 0x3f708248, 0x4014b3bd, 0x3ff4dffc, 0xbd2ba158, 0xbfbda5bb, 0xbf5401b8,
            0xc030b1d0, 0xbfdfaaa6, 0xbff3a33f, 0x40464dfb, 0xc0533e48, 0x405af3fd, 0xc0015637, 0x40315924, 0x3f896f49,
            0x4034247e, 0x3f89e249, 0xc0794c77, 0x40228844, 0xc058c1ec, 0xc0267fa9, 0x404d6357, 0xbec1825f, 0x4079c7e1,
            0xbf8ea775, 0x403d8717, 0x3fc13423, 0xc07009c2, 0xc020d587, 0x406ec184, 0x4052777a, 0xc01e8db9, 0xc03bdb10,
            0xbffe2105, 0xbfda9dbc, 0x3fad0dff, 0xc07ef5ad, 0x40588986, 0x404b0c17, 0x4006b813, 0x402bdbeb, 0xbf98c63e,
            0xc05b4829, 0x403a6b94, 0xc07cfcc6, 0xc0716070, 0xc0284b14, 0x3e81d8da, 0xbf7ba072, 0xc007e71d, 0x3fecbec0,
            0xbf289e81, 0x406b31a7, 0xbf316b55, 0x3e215632, 0x401b4f1f, 0xc00d5971, 0x3f6cada8, 0x40138833, 0x3ffe980b,
            0xc05a13e0, 0xbf999429, 0xc00c8637, 0xbfb8d8a7, 0x3fee8a73, 0x403e2c5e, 0xbf88ef2c, 0x3e452e84, 0xbf977c58,
            0xc043c71b, 0xbfc5696e, 0x3fa54bb6, 0x4061148d, 0x406a91c9, 0x40193915, 0xbf520ee4, 0xc05900db, 0x40352aec,
            0x401969dd, 0xbf226ed1, 0xbfef2e79, 0x407a925e, 0xc05a889b, 0xc04f886c, 0xbff4605d, 0xc010b383, 0xc06734a6,
            0x40011f4c, 0x40330647, 0xbfcd84c8, 0x40193d57, 0xbeb3b41a, 0xbf35621e, 0x402376cb, 0xc036440e, 0x3f9f37ba,
            0xbf5dd661, 0xbf4b6945, 0xc07cfdb4, 0xbf6941b7, 0xbf8f79de, 0xc0306635, 0x4048ec13, 0xbfd85f32, 0xbf5ca077,
            0xbf745f8b, 0xc04e8035, 0x4016ff84, 0xbead716f, 0x40630b40, 0x40691445, 0xc07adee5, 0xc07d29b5, 0xc01640ca,
            0x4027b219, 0x3f47deb2, 0x4054bf78, 0xbfb9e94b, 0x3f7acfe4, 0x3fcb598c, 0xc06120c8, 0x3eb446e3, 0x404b2054,
            0xc05e30b5, 0xbd4d773a, 0x3e76e7de, 0x402b3e71, 0xc061c5dc, 0xc02039c3, 0x3f85f71d, 0x40538a3a, 0x402785cd,
            0x3f4be996, 0x3fe68e8f, 0x407673f4, 0xbfce1c73, 0x3ff0c436, 0xbfbd15b6, 0xc05fbf8f, 0xc06bc78a, 0x3fe698e1,
            0xbfb0c63c, 0x3f0649d2, 0x4052dd6f, 0xc0194a29, 0x40171629, 0xc00a6102,
        ],
        expected: [0xbd48bf83, 0xbec71b7b, 0xbe31de9a, 0x3e9fe3a7]),
    .quantized(
        [5, 1, 1], axes: [-1], keepDims: false, output: [5, 1], q: (0x3e619fb5, -60, 0x3e68c6d8, 103), int16: false,
        x: [-24, -99, 64, 110, 90],
        expected: [127, 65, 127, 127, 127]),
    .float(
        [1, 3, 5, 4], axes: [1, 2], keepDims: true, output: [1, 1, 1, 4],
        x: [
            0xbfdd7d64, 0x40409c32, 0xbfb7fcf9, 0x4030f642, 0x4002de6d, 0xbee7a960, 0xbf89437d, 0xbfceabe6, 0x4057eab1,
            0xbf983168, 0x40209740, 0xc030c09a, 0xc02c140a, 0x3f99ddeb, 0xc0104779, 0x3dba6ade, 0xbed73e3f, 0xbef4ee31,
            0xc01ac116, 0xc07c5dd3, 0x405146f7, 0x406f1415, 0x3fb9afb2, 0x400c9de0, 0x400f6ae6, 0x401b9d56, 0x3fc96765,
            0xc0614e60, 0xbf9146b9, 0xc064b30c, 0xbfcd7e7a, 0xbf8607bc, 0xbfb31143, 0xbf3bd9e8, 0x4035a8bb, 0xbe0db71c,
            0xbfeb5c3d, 0xbf85e525, 0xc07f592c, 0x3fe023a4, 0x4035b84a, 0x3fda8af4, 0x3e88a74e, 0xc0612d3f, 0x406cd752,
            0x3f1634ea, 0xc065ec6d, 0xc05edf50, 0x40394d9c, 0x3effa7d6, 0xbf8231d0, 0x3e14b8e9, 0xbe3d3a64, 0x3f8b525d,
            0xc03ba807, 0xbfd529a3, 0x406cb087, 0xc07c6559, 0xbfa2d16f, 0x4011d07d,
        ],
        expected: [0x3f7a4cec, 0x3e422283, 0xbf5d0ea0, 0xbf54b6f5]),
    .float(
        [5], axes: [-1], keepDims: true, output: [1],
        x: [0x403f99fb, 0xc0696f45, 0x3f12980f, 0x3e9ed197, 0x4044efb4],
        expected: [0x3f294881]),
    .quantized(
        [3], axes: [-1], keepDims: false, output: [], q: (0x3de89465, -27, 0x3c52bd19, 51), int16: false,
        x: [85, -72, 105],
        expected: [127]),
    .quantized(
        [5, 2, 5], axes: [2, -3], keepDims: true, output: [1, 2, 1], q: (0x3dbc5b1f, -77, 0x3c786680, 77), int16: false,
        x: [
            5, -36, 55, -77, 120, -97, -44, 75, -70, 59, 107, 104, -12, 30, -73, 28, 41, -25, 72, -19, 101, -105, 108,
            -80, 26, 5, -111, -20, 30, -45, 34, -16, 19, 41, 13, 66, -12, 110, 61, -13, -29, 19, 52, -66, -96, 110,
            -111, 61, -41, 12,
        ],
        expected: [127, 127]),
    .float(
        [4, 4], axes: [-2, 1, 0], keepDims: true, output: [1, 1],
        x: [
            0xc078f48c, 0xc053b8b5, 0x3fdf480e, 0x40043241, 0xc03ca76b, 0x3ee682fa, 0x407fc286, 0xbfa9c768, 0x40694ec1,
            0xc0781132, 0xbfeb79a0, 0x3ffa049e, 0xbf0486c7, 0xbfa029ab, 0x3f48cbe5, 0x3fd6ac07,
        ],
        expected: [0xbe28f9aa]),
    .float(
        [4, 5], axes: [1], keepDims: false, output: [4],
        x: [
            0x4012a302, 0x3e9cffe8, 0x3ff80aa4, 0xc02edf31, 0xc04d10f1, 0xc035f727, 0x405d59e3, 0xbf7326fb, 0x4072c22e,
            0xc0301fe1, 0xc03531fb, 0xc0631c64, 0x3f88a853, 0x3eef29b1, 0x3fc30a5d, 0x3e3256b0, 0x3f9cd7a4, 0xc03b9eda,
            0x4050ad70, 0x405f0ced,
        ],
        expected: [0xbe8f72ea, 0x3e10bdba, 0xbf2a0ca8, 0x3f85784d]),
    .float(
        [1, 4, 2], axes: [-2, -3], keepDims: true, output: [1, 1, 2],
        x: [0xc01cda4b, 0x405a8b91, 0xbf8dc6c8, 0x402d31da, 0x400bfffc, 0xc0719585, 0xc033078d, 0x3d33f4d4],
        expected: [0xbf8562a0, 0x3f18f7ba]),
    .quantized(
        [4], axes: [0], keepDims: false, output: [], q: (0x3f65bc5c, -9, 0x3c2a2fa7, 31), int16: false,
        x: [-33, 34, -31, 59],
        expected: [127]),
    .quantized(
        [1, 2, 2, 4], axes: [-4, -2, -3, 0], keepDims: false, output: [4], q: (0x3cd5180a, 0, 0x3bfde05b, 0),
        int16: true,
        x: [
            23317, -13600, -9202, 4113, 9645, 5068, 6162, 16048, 5487, -24857, 4027, -12529, -31109, -28711, 12634,
            25715,
        ],
        expected: [6161, -32768, 11433, 27990]),
    .quantized(
        [2, 1, 4, 4], axes: [-2, 3, -4], keepDims: false, output: [1], q: (0x3dd8d04a, -23, 0x3dfef1b3, 0),
        int16: false,
        x: [
            -85, -96, 123, -117, 95, -31, -100, -100, 68, 57, -31, -2, 113, 57, -128, -16, 114, 15, -126, -16, -83, -48,
            -89, 37, 26, 12, 111, 62, -44, 61, 105, -81,
        ],
        expected: [16]),
    .quantized(
        [2, 2, 4, 2], axes: [2, 1], keepDims: true, output: [2, 1, 1, 2], q: (0x3bf70235, -74, 0x3bb363b1, -26),
        int16: false,
        x: [
            3, -58, 2, -30, 82, 73, -17, 106, -63, 36, 55, -96, 96, -3, 38, -32, -56, 1, -24, 106, -3, 101, -85, -29,
            -22, 47, 57, -42, 104, -61, -17, -21,
        ],
        expected: [110, 75, 68, 94]),
    .float(
        [2, 2, 1, 4], axes: [1], keepDims: true, output: [2, 1, 1, 4],
        x: [
            0xbda9f242, 0xbff34456, 0xc049244d, 0x402a75b2, 0x3e466786, 0xbf727b94, 0xc008707c, 0xc042a20e, 0x400e3ef3,
            0xc06a9070, 0x3fa021d1, 0x3fb268d8, 0x3ed70c73, 0xc0044743, 0xc043eab5, 0x3f51d017,
        ],
        expected: [0x3d62dcca, 0xbfb64110, 0xc028ca64, 0xbe4162e0, 0x3fa92081, 0xc0376bda, 0xbf67b399, 0x3f8da872]),
]

@Suite struct PipMeanTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in pipMeanCases.enumerated() {
            #expect(try runMeanOrSum(c, sum: false) == c.expected, "case \(index)")
        }
    }

    @Test func floatEmptyInputIsRefused() {
        #expect(throws: KernelError.self) {
            try withUnalignedInt32Bytes([1]) { axes in
                _ = try FloatMean(input: Shape(2, 0, 3), axes: axes, keepDims: false, output: Shape(2, 3))
            }
        }
    }
}

// int16 MEAN (issue 11): pip tflite-micro cases from tools/vectors/int16_vectors.py
// (`cd tools/vectors && /tmp/venv-vectors/bin/python int16_vectors.py mean 11 16`): axes [1, 2],
// keep_dims; q is (in scale bits, in zero point, out scale bits, out zero point).
struct Int16MeanCase {
    var shape: [Int], q: (UInt32, Int32, UInt32, Int32), x: [Int16], expected: [Int16]
    init(shape: [Int], q: (UInt32, Int32, UInt32, Int32), x: [Int16], expected: [Int16]) {
        self.shape = shape; self.q = q; self.x = x; self.expected = expected
    }
}

@Suite struct Int16MeanTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in int16MeanCases.enumerated() {
            let op = try withUnalignedInt32Bytes([1, 2]) { raw in
                try Mean(
                    input: sliceShape(c.shape), axes: raw, keepDims: true, output: Shape(1, 1, 1, c.shape[3]),
                    inputScale: Float(bitPattern: c.q.0), inputZeroPoint: c.q.1,
                    outputScale: Float(bitPattern: c.q.2), outputZeroPoint: c.q.3, int16: true)
            }
            var output = [Int16](repeating: 99, count: c.expected.count)
            c.x.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in op.invoke(input: x.baseAddress!, output: y.baseAddress!) }
            }
            #expect(output == c.expected, "case \(index)")
        }
    }
}

let int16MeanCases: [Int16MeanCase] = [
    .init(
        shape: [1, 2, 2, 2], q: (0x3dae6df0, -15, 0x3f704f29, 38),
        x: [12128, -29667, 2635, -18877, -10431, 31096, 19958, -19884],
        expected: [590, -807]),
    .init(
        shape: [1, 2, 3, 1], q: (0x3a54649d, -25, 0x3b4be7a5, 9),
        x: [5045, 21550, -17674, 10502, 671, 20224],
        expected: [1765]),
    .init(
        shape: [1, 3, 4, 4], q: (0x3ab726ba, 0, 0x39926b3e, 0),
        x: [
            -17737, -1640, 2712, -16831, -3231, -17596, -22238, -3642, 30444, -31659, 15720, 14832, -23773, -13134,
            25356, -3790, 32165, 2049, -5688, 7983, -31635, 21370, -22024, 12575, 19323, 6968, -1932, 7022, -29539,
            19122, -2947, 27019, 2553, 17214, 27065, -31244, -25911, 26055, 17645, -15612, 13724, -22946, 5975, 21717,
            4486, -11933, 32442, 17026,
        ],
        expected: [-12146, -2556, 30057, 15450]),
    .init(
        shape: [1, 2, 1, 4], q: (0x3b1bcc17, -17, 0x3b773e8c, -30),
        x: [16088, 10784, -5058, -25945, 22981, 7618, -16957, -12547],
        expected: [12290, 5779, -6956, -12147]),
    .init(
        shape: [1, 3, 1, 1], q: (0x3cf912be, 6, 0x3d8a4cc8, -21),
        x: [-6157, -11245, -23698],
        expected: [-6192]),
    .init(
        shape: [1, 1, 1, 1], q: (0x3b37540a, 0, 0x3c3d06ec, 0),
        x: [27444],
        expected: [6654]),
    .init(
        shape: [1, 2, 3, 1], q: (0x3a09e435, 19, 0x39026fd5, -46),
        x: [-32327, 30687, -1371, 21293, 13729, -363],
        expected: [22178]),
    .init(
        shape: [1, 4, 4, 1], q: (0x3babb9f5, 0, 0x3c5605f6, 0),
        x: [
            17258, 26004, 3521, -14589, -6649, -21223, -19044, -12657, -8267, -23831, -25656, 10208, 28729, -14462,
            7896, -14969,
        ],
        expected: [-1698]),
    .init(
        shape: [1, 2, 4, 1], q: (0x3daa1963, 46, 0x3e985fcc, -26),
        x: [-12349, 16702, 28226, -12158, 8905, -6621, -10458, 14815],
        expected: [905]),
    .init(
        shape: [1, 2, 3, 2], q: (0x3b2e2c7e, 19, 0x3d0407c8, -22),
        x: [-11794, -16935, 9789, 1446, 17461, 12297, -9867, -1049, 9559, -24603, -12208, -28668],
        expected: [17, -814]),
    .init(
        shape: [1, 3, 2, 2], q: (0x3ab545de, 18, 0x3a89b551, -27),
        x: [-25724, -14025, -30760, 11702, 25705, 5149, -14542, 1857, 12742, -16651, -19440, 14146],
        expected: [-11464, 427]),
    .init(
        shape: [1, 4, 1, 1], q: (0x3b5a9c94, 17, 0x3a836b3a, -36),
        x: [-31322, 385, 25351, 543],
        expected: [-4287]),
    .init(
        shape: [1, 1, 2, 1], q: (0x3b166acf, 0, 0x3b6eeb33, 5),
        x: [-870, 31878],
        expected: [9766]),
    .init(
        shape: [1, 2, 3, 4], q: (0x3cc60736, 0, 0x3b539d48, 0),
        x: [
            13497, 12797, -31240, -30866, -32659, 2900, 15019, -8876, 15489, -25511, -5873, 7449, 2487, -28525, -29979,
            -574, -5927, 4716, -30879, 32222, -3240, -1239, 19402, 20790,
        ],
        expected: [-12918, -32768, -32768, 25136]),
    .init(
        shape: [1, 3, 3, 4], q: (0x3bfa18ee, 0, 0x3c2e2996, 0),
        x: [
            10124, 13302, 10698, 13350, 31024, -2040, -29212, 17301, 28328, 13577, -16381, -9496, 6274, -6190, -28886,
            12521, -29371, -16341, -9712, -7003, 24897, 30110, -21822, -11033, 23484, 27620, 21391, -8249, -2930, 10471,
            -15457, 8282, -7204, 31188, 3594, 31796,
        ],
        expected: [6751, 8113, -6844, 3787]),
    .init(
        shape: [1, 2, 2, 2], q: (0x3942e55f, 0, 0x38840215, 0),
        x: [17282, 2121, -17839, -16996, -19715, -21885, 4722, 454],
        expected: [-11479, -26801]),
]
