import Testing

@testable import KingletKernels

// Vectors: the notes' hand-verified MUL cases, plus TFLM reference outputs printed by the g++
// harness described in AddTests.swift (CalculateOpDataMul's QuantizeMultiplier, then
// reference_integer_ops::Mul / BroadcastMul4DSlow): ./gen mul

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

// Random pip tflite-micro cases: see PipBinaryCase in AddTests.swift (pipdigest.py MUL 11 400).

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
        // Harness printed: multiplier 2099761726 shift -4 and 1677721638 shift 4.
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
        120, 55, -31, -100, -32, 89, 89, 0, -29, 13, 83, 94, 89, 70, 116, -31, -61, -91, -47, -96, -15, -78, 106, 56,
    ]
    static let broadcast4DInput2: [Int8] = [
        118, -41, -104, 107, 96, 82, 40, 117, -97, -47, -73, 18, -10, 88, -96, -120, -57, 43, -63, 42,
    ]
    static let broadcast4DOutput: [Int8] = [
        127, -128, 127, -128, -128, -128, -128, 6, -128, -59, -128, 127, 127, 127, -68, -128, -128, 127, 127, 8, -128,
        61, 127, 127,
        -128, -128, 125, -77, 127, -128, -128, -10, 127, -65, -128, 53, -128, 127, 127, 127, 18, 127, -128, -35, 15, 67,
        -128, -128,
        -128, 116, 108, -128, 101, 127, -128, -6, 90, 23, -128, 127, 127, -128, -128, -128, -128, 127, 127, -128, -93,
        127, -128, 127,
        127, 127, 127, -128, -128, -128, -101, -128, -77, -128, 127, 127, -128, -128, -128, -31, 127, 127, 127, -75, 64,
        127, -128, 28,
        -108, 127, -128, 127, 48, -128, 127, 127, 0, -128, -128, -128, -128, 127, -128, -72, 127, -128, 127, -128, 35,
        -128, -128, 114,
    ]
    static let relu6Input1: [Int8] = [
        -107, -47, -111, -52, 76, 127, -57, 95, 18, -108, -24, 23, -120, 74, 75, 127, 48, 0, -30, 118,
    ]
    static let relu6Input2: [Int8] = [
        57, -24, 118, -97,
    ]
    static let relu6Output: [Int8] = [
        -100, -100, -100, -100, -53, -100, -80, -100, -100, -61, -100, -65, -100, 3, 4, -100, -100, -100, -66, -100,
    ]
    static let broadcast5DInput1: [Int8] = [
        -112, 71, -116, -85, 1, -84, 91, 5, -98, 10, -17, 10,
    ]
    static let broadcast5DInput2: [Int8] = [
        -46, 40, 51, 30, -14, 110,
    ]
    static let broadcast5DOutput: [Int8] = [
        -128, 127, -128, 127, -128, 127, -128, -128, -128, -128, -128, -128, -128, 127, -128, 127, -128, 127, -128,
        -128, -128, -128, -128, -128,
        127, -128, 127, -128, 127, -128, 127, 127, 127, 127, 127, 127, 127, -128, 127, -128, 127, -128, 127, 127, 127,
        127, 127, 127,
        -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127,
        -128, 127, -128, 127,
    ]
    static let largeMultiplierInput1: [Int8] = [
        -91, -91, 55, 71, 79, -57, 16, -125, -8, -18, -41, -32, 0, -66, 40, 82, 76, -96, -34, 95,
    ]
    static let largeMultiplierInput2: [Int8] = [
        73, -1, 48, -29, 44,
    ]
    static let largeMultiplierOutput: [Int8] = [
        1, 1, 127, 1, 127, 1, 127, 1, 127, 1, 1, 1, 1, 127, 127, 127, 127, 1, 127, 127,
    ]
    static let elementwiseInput1: [Int8] = [
        17, -91, -80, 95, 73, 74, -49, -74, -38, -94, -86, -49, -84, 74, 80, 54, -123, 16, -77, 87, 101,
    ]
    static let elementwiseInput2: [Int8] = [
        123, -30, 48, 108, 13, 31, 49, 3, 26, 24, -5, 65, -18, -88, -3, -98, 55, 91, -83, -90, 25,
    ]
    static let elementwiseOutput: [Int8] = [
        7, 7, 1, 7, 7, 7, 1, 1, 1, 1, 7, 1, 7, 1, 1, 1, 1, 7, 7, 1, 7,
    ]
}
