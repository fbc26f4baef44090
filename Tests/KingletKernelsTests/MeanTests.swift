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
