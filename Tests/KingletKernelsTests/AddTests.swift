import Testing

@testable import KingletKernels

// Vectors: the notes' hand-verified ADD cases, plus pip tflite-micro's outputs for single-ADD
// models (enum AddVectors, inputs drawn with SplitMix64(seed: 1) in the enum's order), printed
// whole by tools/vectors/binary_vectors.py (see tools/vectors/README.md):
//   cd tools/vectors && python binary_vectors.py add-cases

func runAdd(
    _ shape1: Shape, _ scale1: Float, _ zero1: Int32, _ input1: [Int8],
    _ shape2: Shape, _ scale2: Float, _ zero2: Int32, _ input2: [Int8],
    _ outputShape: Shape, _ outputScale: Float, _ outputZero: Int32, _ activation: FusedActivation
) throws -> [Int8] {
    let op = try Add(
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

// Random single-operator models drawn with SplitMix64 (VectorSupport.swift) and run on the
// reference, pip tflite-micro 0.dev20261023182759, by tools/vectors/binary_vectors.py (not run
// in CI; one .tflite per case; draw order mirrored below; seed 11, 400 cases):
//   binary_vectors.py add 11 400  and  binary_vectors.py mul 11 400
struct PipBinaryCase {
    var a = Shape(), b = Shape(), o = Shape()
    var s1: Float = 0, s2: Float = 0, so: Float = 0
    var z1: Int32 = 0, z2: Int32 = 0, zo: Int32 = 0
    var activation = FusedActivation.none
    var x1: [Int8] = [], x2: [Int8] = []

    init(_ r: inout SplitMix64, isAdd: Bool) {
        let rank = Int(r.range(1, 6))
        let out = (0..<rank).map { _ in Int(r.range(1, 4)) }
        func side(_ r: inout SplitMix64) -> [Int] {
            let dims = out.map { r.range(0, 2) != 0 ? $0 : 1 }
            let drop = r.range(0, 3) == 0 ? Int(r.range(0, Int32(rank - 1))) : 0
            return Array(dims[drop...])
        }
        let da = side(&r), db = side(&r)
        let n = max(da.count, db.count)
        let ea = [Int](repeating: 1, count: n - da.count) + da, eb = [Int](repeating: 1, count: n - db.count) + db
        a = Shape(); b = Shape(); o = Shape()
        for d in da { try! a.append(d) }
        for d in db { try! b.append(d) }
        for (x, y) in zip(ea, eb) { try! o.append(max(x, y)) }
        s1 = r.scale(-8, -2)
        s2 = r.scale(-8, -2)
        so = isAdd ? r.scale(-7, -1) : r.scale(-8, 0)
        if isAdd && 2.0 * Double(max(s1, s2)) / (1_048_576.0 * Double(so)) >= 0.99 { so = max(s1, s2) }
        z1 = r.range(-128, 127)
        z2 = r.range(-128, 127)
        zo = r.range(-128, 127)
        activation = activationsByFlatbufferValue[Int(r.range(0, 3))]
        x1 = r.int8s(a.elementCount)
        x2 = r.int8s(b.elementCount)
    }
}

@Suite struct AddTests {
    @Test func matchesPipTFLMDigest() throws {
        var r = SplitMix64(seed: 11)
        var digest = Fnv()
        for _ in 0..<400 {
            let c = PipBinaryCase(&r, isAdd: true)
            for v in try runAdd(c.a, c.s1, c.z1, c.x1, c.b, c.s2, c.z2, c.x2, c.o, c.so, c.zo, c.activation) {
                digest.mix(Int32(v))
            }
        }
        #expect(digest.hash == 0x3862_9064_1d91_4c6f)
    }

    @Test func notesVectors() throws {
        // (s1,z1)=(0.5,-1), (s2,z2)=(0.25,3), (so,zo)=(0.75,2).
        let output = try runAdd(
            Shape(4), 0.5, -1, [-128, 0, 5, 127], Shape(4), 0.25, 3, [-128, 7, -9, 127],
            Shape(4), 0.75, 2, .none)
        #expect(output == [-126, 4, 2, 127])
    }

    @Test func multipliers() throws {
        let op = try Add(
            input1Shape: Shape(1), input1Scale: 0.5, input1ZeroPoint: -1,
            input2Shape: Shape(1), input2Scale: 0.25, input2ZeroPoint: 3,
            outputShape: Shape(1), outputScale: 0.75, outputZeroPoint: 2, activation: .none)
        // 0.5 / 1.0 and 0.25 / 1.0 and 1.0 / (2^20 * 0.75).
        #expect(op.input1Multiplier == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(op.input2Multiplier == QuantizedMultiplier(multiplier: 1 << 30, shift: -1))
        #expect(op.outputMultiplier == QuantizedMultiplier(multiplier: 1_431_655_765, shift: -19))
    }

    @Test func broadcast4D() throws {
        let output = try runAdd(
            Shape(2, 1, 3, 4), 0.05, -3, AddVectors.broadcast4DInput1,
            Shape(1, 5, 1, 4), 0.11, 7, AddVectors.broadcast4DInput2,
            Shape(2, 5, 3, 4), 0.15, -12, .none)
        #expect(output == AddVectors.broadcast4DOutput)
    }

    @Test func relu6() throws {
        let output = try runAdd(
            Shape(4, 5), 0.02, -3, AddVectors.relu6Input1, Shape(4, 1), 0.03, 7, AddVectors.relu6Input2,
            Shape(4, 5), 0.025, -30, .relu6)
        #expect(output == AddVectors.relu6Output)
    }

    @Test func broadcast6D() throws {
        let output = try runAdd(
            Shape(2, 1, 2, 1, 3, 1), 0.02, 0, AddVectors.broadcast6DInput1,
            Shape(1, 2, 1, 2, 1, 2), 0.0123, -128, AddVectors.broadcast6DInput2,
            Shape(2, 2, 2, 2, 3, 2), 0.03, 5, .none)
        #expect(output == AddVectors.broadcast6DOutput)
    }

    @Test func scalarAgainstTensor() throws {
        let output = try runAdd(
            Shape(1), 0.7, 20, AddVectors.scalarInput1, Shape(2, 3, 5), 0.013, -4, AddVectors.scalarInput2,
            Shape(2, 3, 5), 0.5, -100, .relu)
        #expect(output == AddVectors.scalarOutput)
        // Operand order does not matter for ADD's arithmetic (the bigger scale gets 0.5).
        let swapped = try runAdd(
            Shape(2, 3, 5), 0.013, -4, AddVectors.scalarInput2, Shape(1), 0.7, 20, AddVectors.scalarInput1,
            Shape(2, 3, 5), 0.5, -100, .relu)
        #expect(swapped == AddVectors.scalarOutput)
    }

    @Test func elementwiseReluN1To1() throws {
        let output = try runAdd(
            Shape(3, 7), 0.01, 1, AddVectors.elementwiseInput1, Shape(3, 7), 0.01, 1,
            AddVectors.elementwiseInput2, Shape(3, 7), 0.004, 0, .reluN1To1)
        #expect(output == AddVectors.elementwiseOutput)
    }

    @Test func outOfRangeZeroPointComputesLikeThePipBuild() throws {
        // pip tflite-micro (DCHECKs off) on ADD(x, x), x = [1, 2, 3], scales 0.5, input zero point
        // 200 for the first operand only, output zero point 0: [-128, -128, -128].
        #expect(
            try runAdd(Shape(3), 0.5, 200, [1, 2, 3], Shape(3), 0.5, 0, [1, 2, 3], Shape(3), 0.5, 0, .none)
                == [-128, -128, -128])
    }

    @Test func rejectsWhatTFLMAbortsOn() {
        func make(
            _ s1: Float, _ z1: Int32, _ s2: Float, _ so: Float, shape2: Shape = Shape(3), out: Shape = Shape(3)
        ) throws {
            _ = try Add(
                input1Shape: Shape(3), input1Scale: s1, input1ZeroPoint: z1,
                input2Shape: shape2, input2Scale: s2, input2ZeroPoint: 0,
                outputShape: out, outputScale: so, outputZeroPoint: 0, activation: .none)
        }
        // Output multiplier 2*s/(2^20*so) >= 1: QuantizeMultiplierSmallerThanOneExp CHECK-fails.
        #expect(throws: KernelError.self) { try make(1, 0, 1, 1e-7) }
        #expect(throws: KernelError.self) { try make(0, 0, 1, 1) }
        #expect(throws: KernelError.self) { try make(.nan, 0, 1, 1) }
        #expect(throws: KernelError.self) { try make(1, 0, .infinity, 1) }
        #expect(throws: KernelError.self) { try make(1, 0, 1, 0) }
        #expect(throws: Never.self) { try make(1, 200, 1, 1) }  // a DCHECK only: compiled out of pip's build
        #expect(throws: KernelError.self) { try make(1, 0, 1, 1, shape2: Shape(2)) }  // not broadcastable
        #expect(throws: KernelError.self) { try make(1, 0, 1, 1, out: Shape(1, 4)) }  // wrong output shape
        #expect(throws: Never.self) { try make(1, 0, 1, 1, shape2: Shape(2, 1), out: Shape(2, 3)) }
        // Output multiplier just below 1 is fine: 2/(2^20 * so) with so slightly above 2^-19.
        #expect(throws: Never.self) { try make(1, 0, 1, Float(bitPattern: (Float(1.0 / 524_288)).bitPattern + 1)) }
        // so exactly 2^-19 makes it exactly 1: rejected.
        #expect(throws: KernelError.self) { try make(1, 0, 1, 1.0 / 524_288) }
    }
}
enum AddVectors {
    static let broadcast4DInput1: [Int8] = [
        65, -25, -34, -117, 57, 0, 37, -11, 40, 22, -31, 126, 64, 10, 40, -69, -29, 113, 110, -120, -58, 28, 77, 44,
    ]
    static let broadcast4DInput2: [Int8] = [
        31, 119, -75, 43, -89, 10, 4, 58, -19, -100, -105, -116, 117, 65, -104, -68, 6, -121, -29, 50,
    ]
    static let broadcast4DOutput: [Int8] = [
        28, 63, -82, -24, 26, 71, -59, 12, 20, 78, -81, 57, -60, -17, -25, -13, -62, -9, -1, 23, -68, -1, -24, 68, -8,
        -98, -104, -128, -11, -89, -81, -105, -17, -82, -103, -59, 91, 23, -104, -105, 89, 32, -80, -70, 83, 39, -103,
        -24, 10, -113, -49, -18, 7, -105, -25, 17, 2, -98, -48, 63, 28, 74, -58, -8, -3, 109, -34, -25, -13, 80, -45,
        30, -60, -5, 0, 3, -91, 29, 23, -14, -101, 1, 12, 41, -9, -86, -80, -124, -40, -52, -56, -128, -49, -80, -67,
        -87, 91, 35, -79, -89, 60, 69, -56, -106, 50, 41, -67, -51, 10, -102, -24, -2, -21, -67, -1, -19, -31, -96, -12,
        35,
    ]
    static let relu6Input1: [Int8] = [
        1, -72, -34, 22, -13, -6, -12, 101, 120, 16, 15, 47, 47, 76, -46, -46, -108, -1, 60, -37,
    ]
    static let relu6Input2: [Int8] = [
        -30, 44, 115, -21,
    ]
    static let relu6Output: [Int8] = [
        -30, -30, -30, -30, -30, 12, 7, 98, 113, 30, 114, 127, 127, 127, 65, -30, -30, -30, -13, -30,
    ]
    static let broadcast6DInput1: [Int8] = [
        41, 59, -31, 7, -11, -13, -114, -61, -45, 62, -43, 29,
    ]
    static let broadcast6DInput2: [Int8] = [
        -71, 97, 87, 114, -119, 49, -7, -18,
    ]
    static let broadcast6DOutput: [Int8] = [
        56, 125, 68, 127, 8, 77, 120, 127, 127, 127, 72, 84, 33, 102, 21, 90, 20, 89, 98, 109, 86, 97, 84, 96, 36, 105,
        48, 117, -12, 57, 82, 77, 94, 89, 34, 29, 13, 82, 1, 70, 0, 69, 59, 55, 47, 43, 46, 41, -48, 21, -12, 57, -2,
        67, 17, 28, 52, 64, 63, 74, 70, 127, 0, 69, 48, 117, 127, 127, 64, 76, 112, 124, -67, 2, -32, 37, -21, 48, -21,
        -26, 14, 9, 25, 20, 50, 119, -20, 49, 28, 97, 96, 91, 26, 21, 74, 69,
    ]
    static let scalarInput1: [Int8] = [
        -36
    ]
    static let scalarInput2: [Int8] = [
        -64, 40, -66, 66, -53, 46, 120, 1, 16, 114, -47, -127, -45, -37, 18, -91, -117, -17, 86, -20, -5, -38, -90, -34,
        34, -105, -110, -81, 68, -126,
    ]
    static let scalarOutput: [Int8] = [
        -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100,
        -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100, -100,
    ]
    static let elementwiseInput1: [Int8] = [
        59, -94, 94, 31, -16, -16, 83, 29, -60, 5, 120, 109, 22, -16, -64, 21, 86, 82, -109, 108, 114,
    ]
    static let elementwiseInput2: [Int8] = [
        106, 51, -93, -107, 13, 100, 61, -1, -124, 22, 31, 49, 70, 108, -24, 22, -51, 41, 116, -92, 80,
    ]
    static let elementwiseOutput: [Int8] = [
        127, -112, -3, -128, -13, 127, 127, 65, -128, 62, 127, 127, 127, 127, -128, 102, 82, 127, 13, 35, 127,
    ]
}
