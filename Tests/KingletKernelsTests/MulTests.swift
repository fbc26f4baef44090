import Testing

@testable import KingletKernels

// Vectors: the notes' hand-verified MUL cases, plus pip tflite-micro's outputs for single-MUL
// models (enum MulVectors, inputs drawn with SplitMix64(seed: 1) in the enum's order), printed
// whole by tools/vectors/binary_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python binary_vectors.py mul-cases

func runMul(
    _ shape1: Shape, _ scale1: Float, _ zero1: Int32, _ input1: [Int8],
    _ shape2: Shape, _ scale2: Float, _ zero2: Int32, _ input2: [Int8],
    _ outputShape: Shape, _ outputScale: Float, _ outputZero: Int32, _ activation: FusedActivation
) throws -> [Int8] {
    let op = try Mul(
        input1Shape: shape1, input1Scale: scale1, input1ZeroPoint: zero1,
        input2Shape: shape2, input2Scale: scale2, input2ZeroPoint: zero2,
        outputShape: outputShape, outputScale: outputScale, outputZeroPoint: outputZero, activation: activation)
    var output = [Int8](repeating: 0, count: outputShape.elementCount)
    input1.withUnsafeBufferPointer { a in
        input2.withUnsafeBufferPointer { b in
            output.withUnsafeMutableBufferPointer { y in
                op.invoke(input1: a.baseAddress!, input2: b.baseAddress!, output: y.baseAddress!)
            }
        }
    }
    return output
}

// Random pip tflite-micro cases: see PipBinaryCase in AddTests.swift (binary_vectors.py mul 11 400).

@Suite struct MulTests {
    @Test func matchesPipTFLMDigest() throws {
        var r = SplitMix64(seed: 11)
        var digest = Fnv()
        for _ in 0..<400 {
            let c = PipBinaryCase(&r, isAdd: false)
            for v in try runMul(c.a, c.s1, c.z1, c.x1, c.b, c.s2, c.z2, c.x2, c.o, c.so, c.zo, c.activation) {
                digest.mix(Int32(v))
            }
        }
        #expect(digest.hash == 0x3f53_0a46_c144_63d2)
    }

    @Test func notesVectors() throws {
        let output = try runMul(Shape(2), 0.5, -1, [0, 5], Shape(2), 0.25, 3, [7, -9], Shape(2), 0.75, 2, .none)
        #expect(output == [3, -10])
    }

    @Test func multiplierFromDoubleProduct() throws {
        // QuantizeMultiplier(double(s1) * double(s2) / double(so)) = frexp, round(q * 2^31):
        // multiplier 2099761726 shift -4 and 1677721638 shift 4.
        let a = try Mul(
            input1Shape: Shape(1), input1Scale: 0.05, input1ZeroPoint: 0, input2Shape: Shape(1), input2Scale: 0.11,
            input2ZeroPoint: 0, outputShape: Shape(1), outputScale: 0.09, outputZeroPoint: 0, activation: .none)
        #expect(a.outputMultiplier == QuantizedMultiplier(multiplier: 2_099_761_726, shift: -4))
        let b = try Mul(
            input1Shape: Shape(1), input1Scale: 0.5, input1ZeroPoint: 0, input2Shape: Shape(1), input2Scale: 0.25,
            input2ZeroPoint: 0, outputShape: Shape(1), outputScale: 0.01, outputZeroPoint: 0, activation: .none)
        #expect(b.outputMultiplier == QuantizedMultiplier(multiplier: 1_677_721_638, shift: 4))
    }

    @Test func broadcast4D() throws {
        let output = try runMul(
            Shape(2, 1, 3, 4), 0.05, -3, MulVectors.broadcast4DInput1, Shape(1, 5, 1, 4), 0.11, 7,
            MulVectors.broadcast4DInput2, Shape(2, 5, 3, 4), 0.09, -12, .none)
        #expect(output == MulVectors.broadcast4DOutput)
    }

    @Test func relu6() throws {
        let output = try runMul(
            Shape(4, 5), 0.02, -3, MulVectors.relu6Input1, Shape(4, 1), 0.03, 7, MulVectors.relu6Input2,
            Shape(4, 5), 0.05, -100, .relu6)
        #expect(output == MulVectors.relu6Output)
    }

    @Test func broadcast5D() throws {
        let output = try runMul(
            Shape(3, 1, 2, 1, 2), 0.02, 0, MulVectors.broadcast5DInput1, Shape(1, 2, 1, 3, 1), 0.0123, -128,
            MulVectors.broadcast5DInput2, Shape(3, 2, 2, 3, 2), 0.0001, 5, .none)
        #expect(output == MulVectors.broadcast5DOutput)
    }

    @Test func multiplierAboveOne() throws {
        let output = try runMul(
            Shape(4, 5), 0.5, 3, MulVectors.largeMultiplierInput1, Shape(5), 0.25, -2,
            MulVectors.largeMultiplierInput2, Shape(4, 5), 0.01, 1, .relu)
        #expect(output == MulVectors.largeMultiplierOutput)
    }

    @Test func elementwise() throws {
        let output = try runMul(
            Shape(3, 7), 0.1, 1, MulVectors.elementwiseInput1, Shape(3, 7), 0.2, -1,
            MulVectors.elementwiseInput2, Shape(3, 7), 0.3, 4, .reluN1To1)
        #expect(output == MulVectors.elementwiseOutput)
    }

    @Test func rejectsUnusableParameters() {
        func make(_ s1: Float, _ s2: Float, _ so: Float, shape2: Shape = Shape(3)) throws {
            _ = try Mul(
                input1Shape: Shape(3), input1Scale: s1, input1ZeroPoint: 0, input2Shape: shape2, input2Scale: s2,
                input2ZeroPoint: 0, outputShape: Shape(3), outputScale: so, outputZeroPoint: 0, activation: .none)
        }
        #expect(throws: KernelError.self) { try make(.nan, 1, 1) }
        #expect(throws: KernelError.self) { try make(1, 0, 1) }
        #expect(throws: KernelError.self) { try make(1, 1, -1) }
        #expect(throws: KernelError.self) { try make(1e20, 1e20, 1e-20) }  // shift far above 31
        #expect(throws: KernelError.self) { try make(1, 1, 1, shape2: Shape(4)) }
        #expect(throws: Never.self) { try make(1, 1, 1, shape2: Shape(1)) }
    }
}
enum MulVectors {
    static let broadcast4DInput1: [Int8] = [
        65, -25, -34, -117, 57, 0, 37, -11, 40, 22, -31, 126, 64, 10, 40, -69, -29, 113, 110, -120, -58, 28, 77, 44,
    ]
    static let broadcast4DInput2: [Int8] = [
        31, 119, -75, 43, -89, 10, 4, 58, -19, -100, -105, -116, 117, 65, -104, -68, 6, -121, -29, 50,
    ]
    static let broadcast4DOutput: [Int8] = [
        88, -128, 127, -128, 76, 9, -128, -30, 51, 127, 127, 127, -128, -16, -6, -128, -128, -11, -19, -37, -128, -7,
        -7, 127, -120, 127, 127, 127, -107, -32, -128, 48, -80, -128, 127, -128, 127, -90, 127, 127, 127, -1, -128, 25,
        127, 77, 127, -128, -16, 127, 56, -128, -16, -35, -100, -33, -15, -128, 50, 127, 86, 77, -128, -128, -50, 127,
        -128, -128, -93, 127, -128, 91, -128, -10, -20, -128, 127, 9, -33, -128, 127, -6, -27, 127, -118, -97, -128,
        127, 29, -128, -128, 127, 75, -128, -128, -128, 127, 34, -128, 127, -128, 127, -128, 127, -128, 98, -128, -128,
        -16, -114, -107, -128, -10, -128, -128, -128, -9, -128, -128, 112,
    ]
    static let relu6Input1: [Int8] = [
        1, -72, -34, 22, -13, -6, -12, 101, 120, 16, 15, 47, 47, 76, -46, -46, -108, -1, 60, -37,
    ]
    static let relu6Input2: [Int8] = [
        -30, 44, 115, -21,
    ]
    static let relu6Output: [Int8] = [
        -100, -69, -86, -100, -96, -100, -100, -54, -45, -92, -77, -35, -35, 2, -100, -86, -65, -100, -100, -89,
    ]
    static let broadcast5DInput1: [Int8] = [
        41, 59, -31, 7, -11, -13, -114, -61, -45, 62, -43, 29,
    ]
    static let broadcast5DInput2: [Int8] = [
        -71, 97, 87, 114, -119, 49,
    ]
    static let broadcast5DOutput: [Int8] = [
        127, 127, 127, 127, 127, 127, -128, 127, -128, 127, -128, 127, 127, 127, 127, 127, 127, 127, -128, 127, -128,
        127, -128, 127, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
        -128, -128, -128, -128, -128, -128, -128, -128, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128,
        127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127,
    ]
    static let largeMultiplierInput1: [Int8] = [
        -7, -18, -36, -64, 40, -66, 66, -53, 46, 120, 1, 16, 114, -47, -127, -45, -37, 18, -91, -117,
    ]
    static let largeMultiplierInput2: [Int8] = [
        -17, 86, -20, -5, -38,
    ]
    static let largeMultiplierOutput: [Int8] = [
        127, 1, 127, 127, 1, 127, 127, 127, 1, 1, 127, 127, 1, 127, 127, 127, 1, 1, 127, 127,
    ]
    static let elementwiseInput1: [Int8] = [
        -90, -34, 34, -105, -110, -81, 68, -126, 59, -94, 94, 31, -16, -16, 83, 29, -60, 5, 120, 109, 22,
    ]
    static let elementwiseInput2: [Int8] = [
        -16, -64, 21, 86, 82, -109, 108, 114, 106, 51, -93, -107, 13, 100, 61, -1, -124, 22, 31, 49, 70,
    ]
    static let elementwiseOutput: [Int8] = [
        7, 7, 7, 1, 1, 7, 7, 1, 7, 1, 1, 1, 1, 1, 7, 4, 7, 7, 7, 7, 7,
    ]
}

// int16 and int32 MUL (issue 11): pip tflite-micro cases from tools/vectors/int16_vectors.py
// (`mul 11 24`; WideBinaryCase and the command line in AddTests.swift).
@Suite struct WideMulTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in wideMulCases.enumerated() {
            let output: [Int]
            if let q = c.q {
                let op = try Mul(
                    input1Shape: sliceShape(c.a), input1Scale: Float(bitPattern: q.0), input1ZeroPoint: q.1,
                    input2Shape: sliceShape(c.b), input2Scale: Float(bitPattern: q.2), input2ZeroPoint: q.3,
                    outputShape: sliceShape(c.o), outputScale: Float(bitPattern: q.4), outputZeroPoint: q.5,
                    activation: activationsByFlatbufferValue[c.activation], int16: true)
                output = runWideBinary(c, as: Int16.self) { op.invoke(input1: $0, input2: $1, output: $2) }
            } else {
                let op = try Int32Mul(
                    input1Shape: sliceShape(c.a), input2Shape: sliceShape(c.b), outputShape: sliceShape(c.o),
                    activation: activationsByFlatbufferValue[c.activation])
                output = runWideBinary(c, as: Int32.self) { op.invoke(input1: $0, input2: $1, output: $2) }
            }
            #expect(output == c.expected, "case \(index)")
        }
    }

    @Test func int16RequiresZeroPointsZero() {
        // CalculateOpDataMul: TF_LITE_ENSURE_EQ on all three int16 zero points.
        #expect(throws: KernelError.self) {
            try Mul(
                input1Shape: Shape(1), input1Scale: 0.5, input1ZeroPoint: 0, input2Shape: Shape(1), input2Scale: 0.5,
                input2ZeroPoint: 0, outputShape: Shape(1), outputScale: 0.5, outputZeroPoint: 3, activation: .none,
                int16: true)
        }
    }
}

let wideMulCases: [WideBinaryCase] = [
    .init(
        [1, 3], [-12, -9, 9], [1, 3], [-748029576, 1392561654, 4272724], [1, 3], q: nil, activation: 2,
        expected: [1, 1, 1]),
    .init(
        [1, 1, 1], [10502], [1, 2, 1], [671, 20224], [1, 2, 1], q: (0x3b77d75a, 0, 0x3d6236af, 0, 0x37fc6e99, 0),
        activation: 2,
        expected: [32767, 32767]),
    .init(
        [1, 2], [30444, -31659], [1, 1], [15720], [1, 2], q: (0x3b9bb9f0, 0, 0x3ee54cb2, 0, 0x39509e5a, 0),
        activation: 2,
        expected: [-5026, 5026]),
    .init(
        [2], [-19, -15], [2], [-360592718, -138709891], [2], q: nil, activation: 3,
        expected: [0, 6]),
    .init(
        [3, 1], [5975, 21717, 4486], [1, 2], [-11933, 32442], [3, 2], q: (0x3ba4c282, 0, 0x3deb1604, 0, 0x3c382825, 0),
        activation: 2,
        expected: [-89, 89, -89, 89, -89, 89]),
    .init(
        [1, 3, 2], [14, -2, 4, -10, 19, -9], [1, 3, 2], [19, -8, 13, 4, 15, -8], [1, 3, 2], q: nil, activation: 1,
        expected: [266, 16, 52, 0, 285, 72]),
    .init(
        [2], [7, 17], [2], [-20, 8], [2], q: nil, activation: 1,
        expected: [0, 136]),
    .init(
        [1, 1], [-363], [1, 1], [-13421], [1, 1], q: (0x39a39b2b, 0, 0x3b2bb9f5, 0, 0x3608c785, 0), activation: 1,
        expected: [32767]),
    .init(
        [1, 1, 3], [-17, 7, 8], [2, 2, 1], [-1099817832, 1093278051, 1455336663, -1251650840], [2, 2, 3], q: nil,
        activation: 1,
        expected: [1517033960, 891209768, 0, 0, 0, 156289816, 1029080505, 1597422049, 0, 0, 0, 0]),
    .init(
        [1, 1, 1], [-2262], [1, 1, 2], [13253, -21378], [1, 1, 2], q: (0x3c48122b, 0, 0x3c769fbb, 0, 0x3ccf06fb, 0),
        activation: 1,
        expected: [0, 32767]),
    .init(
        [3, 1], [-14, -16, 11], [3, 1], [-1011530274, -1963398867, -406685190], [3, 1], q: nil, activation: 1,
        expected: [1276521948, 1349610800, 0]),
    .init(
        [3, 2, 1], [-16651, -19440, 14146, 6407, 31424, 20924], [1, 2, 1], [7316, 3962], [3, 2, 1],
        q: (0x3c19e51c, 0, 0x399b1fb6, 0, 0x358be342, 0), activation: 2,
        expected: [-32768, -32768, 32767, 32767, 32767, 32767]),
    .init(
        [1, 1, 2, 2], [-6, -5, -13, 16], [2, 3, 1, 2],
        [
            -1345178809, 913683641, -159272451, -1046870536, 1342375790, -1266548627, 416385876, -174540117, -15508140,
            -6767487, -2061689767, 1647077647,
        ], [2, 3, 2, 2], q: nil, activation: 1,
        expected: [
            0, 0, 307455333, 1734036368, 955634706, 939385384, 2070541863, 429940608, 535679852, 2037775839, 0,
            1210058448, 1796652040, 872700585, 0, 1502325424, 93048840, 33837435, 201605820, 0, 0, 354546357,
            1032163195, 583438576,
        ]),
    .init(
        [1, 3, 1, 1], [-26386, -22560, -14883], [1, 1, 1, 3], [-21517, 31503, 10124], [1, 3, 1, 3],
        q: (0x3e3bb3f6, 0, 0x39e8b426, 0, 0x3b5de66e, 0), activation: 3,
        expected: [1772, 0, 0, 1772, 0, 0, 1772, 0, 0]),
    .init(
        [1], [-28886], [3], [12521, -29371, -16341], [3], q: (0x3b6e5a10, 0, 0x38abe141, 0, 0x3487c169, 0),
        activation: 2,
        expected: [-32768, 32767, 32767]),
    .init(
        [1], [15], [1], [-13], [1], q: nil, activation: 3,
        expected: [0]),
    .init(
        [2, 3], [2121, -17839, -16996, -19715, -21885, 4722], [2, 3], [454, 30650, 18270, 31208, 17698, -11847],
        [2, 3], q: (0x3eb6b3cb, 0, 0x39456cc6, 0, 0x388a697e, 0), activation: 2,
        expected: [15152, -15152, -15152, -15152, -15152, -15152]),
    .init(
        [1, 1], [7], [1, 2], [-14, 4], [1, 2], q: nil, activation: 2,
        expected: [-1, 1]),
    .init(
        [1, 3, 1], [-8, 17, 5], [1, 3, 3],
        [156460670, 1764879906, 279820244, 1938949567, -1082621152, 1295053111, 1260776840, 1352422488, 66414123],
        [1, 3, 3], q: nil, activation: 3,
        expected: [0, 0, 6, 0, 0, 6, 6, 0, 6]),
    .init(
        [1, 1, 2, 1], [596, -5251], [2, 1, 2, 3],
        [5259, 21713, -28667, -6120, -13607, 195, -18644, 23446, -18650, -27961, -360, 10854], [2, 1, 2, 3],
        q: (0x39cdca65, 0, 0x3a662c72, 0, 0x3496fa08, 0), activation: 0,
        expected: [32767, 32767, -32768, 32767, 32767, -32768, -32768, 32767, -32768, 32767, 32767, -32768]),
    .init(
        [1], [-28210], [2], [-28533, -28484], [2], q: (0x3cf01fd5, 0, 0x3a33af41, 0, 0x3b5ef28b, 0), activation: 2,
        expected: [294, 294]),
    .init(
        [2], [-24757, 15041], [2], [12721, -13207], [2], q: (0x399140d3, 0, 0x396bae13, 0, 0x36b29698, 0),
        activation: 0,
        expected: [-32768, -32768]),
    .init(
        [1, 1, 1], [-29697], [2, 1, 1], [-7043, -28214], [2, 1, 1], q: (0x39d19ca3, 0, 0x3ac7a97e, 0, 0x3599c2e4, 0),
        activation: 1,
        expected: [32767, 32767]),
    .init(
        [3], [-1716652934, 2028874570, -677497578], [3], [16, -12, -1], [3], q: nil, activation: 1,
        expected: [0, 1423308936, 677497578]),
]
