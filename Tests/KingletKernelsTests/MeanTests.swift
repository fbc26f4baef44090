import Testing

@testable import KingletKernels

// Vectors: the notes' hand-verified case, plus TFLM reference outputs printed by the g++ harness
// described in AddTests.swift (QuantizeMultiplier(in_s / out_s) as in PrepareMeanOrSumHelper,
// then reference_ops::QuantizedMeanOrSumExtraArgs<int8_t, int32_t> as EvalIntegerMean calls it):
// ./gen mean

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
// /tmp/gen/pipdigest.py (see AddTests.swift):  pipdigest.py MEAN 11 400
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
        120, 55, -31, -100, -32, 89, 89, 0, -29, 13, 83, 94, 89, 70, 116, -31, -61, -91, -47, -96, -15, -78, 106, 56,
        118, -41, -104, 107, 96, 82, 40, 117, -97, -47, -73, 18, -10, 88, -96, -120, -57, 43, -63, 42, -107, -47, -111,
        -52,
        76, 127, -57, 95, 18, -108, -24, 23, -120, 74, 75, 127, 48, 0, -30, 118, 57, -24, 118, -97, -112, 71, -116, -85,
        1, -84, 91, 5, -98, 10, -17, 10, -46, 40, 51, 30, -14, 110, -91, -91, 55, 71, 79, -57, 16, -125, -8, -18,
        -41, -32, 0, -66, 40, 82, 76, -96, -34, 95, 73, -1, 48, -29, 44, 17, -91, -80, 95, 73, 74, -49, -74, -38,
    ]
    static let axes12Output: [Int8] = [
        38, 14, 43, 9, 39, 72, 18, -38, -59, 55,
    ]
    static let lastAxisInput: [Int8] = [
        -94, -86, -49, -84, 74, 80, 54, -123, 16, -77, 87, 101, 123, -30, 48, 108, 13, 31, 49, 3, 26, 24, -5, 65,
        -18, -88, -3, -98, 55, 91, -83, -90, 25, -59, -84, 120, -98, 103, -86, 78, 35, -103, 115, -48, 65, -93, -31, 96,
        -101, 121, 67, -30, -68, 18, -72, -124, -5, 121, -65, 73, -1, -19, -45, -3, -87, 127, -49, -118, -67, -44, -107,
        -51,
        -40, -128, -4, 24, 116, -70, -17, 5, 65, 47, 80, 40, 99, 66, 35, -13, 94, -115, -84, 101, -124, 100, -31, -98,
        -124, 52, -30, -31, 88, -128, -24, 5, -75, -90, 41, 26, -65, 51, -23, 83, -45, -55, -13, 8, -58, -72, 77, -73,
    ]
    static let lastAxisOutput: [Int8] = [
        -48, -10, 66, 41, 19, -9, -58, 24, 13, -2, -17, 0, -31, -30, -66, 12, 66, 14, -8, -46, -27, -8, -11, -24,
    ]
    static let axes03Input: [Int8] = [
        -41, -71, -94, 14, 23, -18, 95, 81, 10, 96, -39, 65, 109, -75, -25, 27, 65, -62, -105, -94, -114, -61, -47,
        -126,
        -70, 17, 48, -27, -122, -35, -15, 7, -94, 79, -76, 39, 125, -41, 100, 48, -46, -75, 51, 39, -28, 59, -86, 119,
        91, 86, 33, -93, -106, 92, -118, 21, 104, -21, 54, -107, 110, -124, 95, -66, -81, -109, 16, 109, -70, 74, -57,
        -101,
        57, 1, -105, -62, 98, 52, 15, 108, 102, -22, 121, -2, -59, 103, -76, -121, 29, -17, 102, 14, 73, 9, -87, 15,
        15, -93, -51, -96, -103, -26, -50, -97, -36, 50, 14, 102, -71, 127, -40, 7, -89, -103, -48, 92, 60, 43, 117,
        -99,
    ]
    static let axes03Output: [Int8] = [
        -40, -6, -36, -22, -43, -38, -24, -21, -49, 8, -56, -7,
    ]
    static let duplicatesInput: [Int8] = [
        -120, -15, 81, -26, -11, -49, -4, -55, 2, 80, 31, 67, -45, -85, -14, -30, -44, -71, 60, 40, -91, -16, -49, 25,
        57, -87, -59, -66, 54, 108, -53, 44, -112, -19, 39, -21, -19, 22, -67, -78, 70, 17, 112, -16, 116, -125, 126,
        -109,
        -109, -66, -81, -63, 35, -95, 79, 86, -74, -87, -100, 117, -67, 60, 59, 75, -18, -55, -53, 34, 118, -5, 121,
        -29,
        111, -25, 46, 18, 65, -122, -98, 78, 0, -34, -35, 122,
    ]
    static let duplicatesOutput: [Int8] = [
        74, 82, 91,
    ]
    static let allInput: [Int8] = [
        51, 67, -37, 33, 29, 101, 1, -68, -103, -44, 49, -55, 66, -52, -46, -127, 126, 123, -55, 63, -89, -26, 113, -59,
        -41, 33, -7, -76, -64, 104, 84, 93, -51, -80, 47, -97, 113, -37, 121, 110, 11, 103, -84, 27, 5, 47, -85, 15,
        98, 87, -27, -45, -106, 31, 31, -124, -83, 76, -36, 26, -114, -44, 83, -14, -116, -55, -65, -92, 31, 94, 90, 21,
        -55, -4, -52, 71, -28, -128, -122, 82, -7, -26, -22, 104, 18, -98, -55, -111, 59, 91, -38, -84, 16, 127, 73,
        -122,
        -63, 73, -65, 95, -125, 91, 21, 31, 12, -61, 33, -65, -9, -107, -76, -106, -78, 94, -46, 85, -80, -98, 77, 49,
        108, 65, -21, 102, -38, -54, -111, 34, -112, 90, 92, -50, -67, 103, -90, -20, -114, -86, 8, -63, -28, 88, -10,
        9,
        -41, 91, -101, -99, -86, 50, -5, 66, -90, -111, 45, 121, 12, 95, 83, -122, 89, 97, 91, -90, 110, -87, 66, 92,
        46, -86, -42, -115, -4, -57, 111, -120, -11, 59, 47, 48, 33, 89, 63, 60, -17, 70, -41, -41, -119,
    ]
    static let allOutput: [Int8] = [
        10
    ]
    static let noneInput: [Int8] = [
        124, -108, -82, -96, 22, 44,
    ]
    static let noneOutput: [Int8] = [
        127, -128, -128, -128, 30, 66,
    ]
    static let hwInput: [Int8] = [
        -67, 54, 72, 114, -107, -10, -56, 45, -123, 64, -98, -9, -56, -76, 114, -103, -122, 91, -34, -96, 63, 37, -7,
        66,
        58, -73, 76, 62, -6, -85, -69, 30, -51, 97, 40, -114, -20, 124, -69, -69, 107, -114, 63, 35, 115, -92, -34, 75,
        -46, -122, 53, 88, -81, -100, 24, -103, 92, -120, -125, 87, 123, 71, 60, -95, 59, -87, 14, -83, 43, -14, -3, 74,
        -47, 69, -70, 115, 16, 55, 36, 94, -117, 86, 94, 23, -88, 72, -65, 87, -54, -45, -20, -98, -93, 70, -15, 88,
        105, -44, 36, 57, -8, 119, 28, 83, 64, 71, 115, 13, -93, 97, 31, 83, -122, -11, -40, -6, -78, 25, -54, -87,
        -113, -17, 1, 108, 115, -36, -9, 54, 61, -84, -12, -62, -98, 18, 108, 12, -43, -109, 57, -55, 110, 110, -75, 51,
        117, -39, -85, 90, 32, 83, 35, -100, -47, 35, 99, -3, -5, 101, 78, -6, -78, -7, 6, -16, 44, 48, 90, -104,
        -128, -127, -118, 112, -93, 21, -81, -68, 94, 110, -10, -19, -5, 98, -115, 48, 118, -76, -79, 39, 82,
    ]
    static let hwOutput: [Int8] = [
        10, -5, 2,
    ]
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
                    outputScale: Float(bitPattern: c.q.2), outputZeroPoint: c.q.3)
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
