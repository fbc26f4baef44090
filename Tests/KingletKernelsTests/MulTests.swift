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
