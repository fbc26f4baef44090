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
        #expect(op.arithmetic.input1Multiplier == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(op.arithmetic.input2Multiplier == QuantizedMultiplier(multiplier: 1 << 30, shift: -1))
        #expect(op.arithmetic.outputMultiplier == QuantizedMultiplier(multiplier: 1_431_655_765, shift: -19))
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

// int16 and int32 ADD and MUL (issue 11). Vectors: pip tflite-micro, one-operator models from
// tools/vectors/int16_vectors.py (`cd tools/vectors && /tmp/venv-vectors/bin/python int16_vectors.py
// add 11 24`, and `mul 11 24` for MulTests): `q` is (s1, z1, s2, z2, so, zo) with scales as float32
// bits for int16 tensors, nil for unquantized int32 ones.

struct WideBinaryCase {
    var a: [Int], x1: [Int], b: [Int], x2: [Int], o: [Int]
    var q: (UInt32, Int32, UInt32, Int32, UInt32, Int32)?
    var activation: Int, expected: [Int]
    init(
        _ a: [Int], _ x1: [Int], _ b: [Int], _ x2: [Int], _ o: [Int], q: (UInt32, Int32, UInt32, Int32, UInt32, Int32)?,
        activation: Int, expected: [Int]
    ) {
        self.a = a; self.x1 = x1; self.b = b; self.x2 = x2; self.o = o; self.q = q; self.activation = activation
        self.expected = expected
    }
}

/// Runs `invoke` on the case's inputs as `T` and returns the output widened to Int.
func runWideBinary<T: FixedWidthInteger>(
    _ c: WideBinaryCase, as _: T.Type,
    _ invoke: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
) -> [Int] {
    let x1 = c.x1.map { T(truncatingIfNeeded: $0) }, x2 = c.x2.map { T(truncatingIfNeeded: $0) }
    var output = [T](repeating: 0, count: c.expected.count)
    x1.withUnsafeBufferPointer { a in
        x2.withUnsafeBufferPointer { b in
            output.withUnsafeMutableBufferPointer { y in invoke(a.baseAddress!, b.baseAddress!, y.baseAddress!) }
        }
    }
    return output.map { Int($0) }
}

@Suite struct WideAddTests {
    @Test func matchesPipTFLM() throws {
        for (index, c) in wideAddCases.enumerated() {
            let output: [Int]
            if let q = c.q {
                let op = try Add(
                    input1Shape: sliceShape(c.a), input1Scale: Float(bitPattern: q.0), input1ZeroPoint: q.1,
                    input2Shape: sliceShape(c.b), input2Scale: Float(bitPattern: q.2), input2ZeroPoint: q.3,
                    outputShape: sliceShape(c.o), outputScale: Float(bitPattern: q.4), outputZeroPoint: q.5,
                    activation: activationsByFlatbufferValue[c.activation], int16: true)
                #expect(op.arithmetic.leftShift == 15)
                output = runWideBinary(c, as: Int16.self) { op.invoke(input1: $0, input2: $1, output: $2) }
            } else {
                let op = try Int32Add(
                    input1Shape: sliceShape(c.a), input2Shape: sliceShape(c.b), outputShape: sliceShape(c.o))
                output = runWideBinary(c, as: Int32.self) { op.invoke(input1: $0, input2: $1, output: $2) }
            }
            #expect(output == c.expected, "case \(index)")
        }
    }

    @Test func int32IgnoresTheFusedActivation() throws {
        // TFLM's EvalAdd clamps int32 to [lowest, max] whatever the options say; the generator's
        // cases include RELU_N1_TO_1 ones whose outputs pass -1...1 (pip's outputs above).
        #expect(wideAddCases.contains { $0.q == nil && $0.activation == 2 && $0.expected.contains { abs($0) > 1 } })
    }
}

let wideAddCases: [WideBinaryCase] = [
    .init(
        [1, 3], [-12, -9, 9], [1, 3], [-748029576, 1392561654, 4272724], [1, 3], q: nil, activation: 2,
        expected: [-748029588, 1392561645, 4272733]),
    .init(
        [1, 1, 1], [10502], [1, 2, 1], [671, 20224], [1, 2, 1], q: (0x3b77d75a, 0, 0x3d6236af, 0, 0x3f4ca844, 0),
        activation: 2,
        expected: [1, 1]),
    .init(
        [1, 1, 1, 1], [-4], [2, 1, 2, 1], [436300232, 215588655, 1263207533, 684839802], [2, 1, 2, 1], q: nil,
        activation: 0,
        expected: [436300228, 215588651, 1263207529, 684839798]),
    .init(
        [3, 1, 3, 3],
        [
            17645, -15612, 13724, -22946, 5975, 21717, 4486, -11933, 32442, 17026, -20835, -27132, -13281, 19479, 11410,
            -24171, 11770, -12494, -18434, 27890, 16088, 10784, -5058, -25945, 22981, 7618, -16957,
        ], [3, 3, 3, 3],
        [
            -12547, -15130, -29132, 25436, -27970, 15569, -23194, 13243, 30366, -18078, -17199, -6157, -11245, -23698,
            8480, 12512, 4972, -11254, -31757, 31384, -15403, 29365, 27444, 13249, 1570, 7264, 25653, -10661, -22262,
            18485, -30270, -20041, -4837, -32327, 30687, -1371, 21293, 13729, -363, -13421, 6955, 4856, 14837, 1076,
            1763, -13485, 11195, 17258, 26004, 3521, -14589, -6649, -21223, -19044, -12657, -8267, -23831, -25656,
            10208, 28729, -14462, 7896, -14969, -20975, 9955, -25448, -26269, 11479, -11544, 18848, 18694, -21003,
            29549, -12349, 16702, 28226, -12158, 8905, -6621, -10458, 14815,
        ], [3, 3, 3, 3], q: (0x3db63ad9, 0, 0x3d6db3c5, 0, 0x3d420ecb, 0), activation: 3,
        expected: [
            127, 0, 0, 0, 0, 127, 0, 0, 127, 127, 0, 127, 0, 0, 127, 127, 0, 127, 0, 127, 127, 0, 127, 127, 127, 0, 127,
            127, 0, 0, 0, 127, 127, 0, 127, 0, 127, 0, 0, 0, 127, 127, 0, 127, 0, 127, 0, 0, 127, 127, 127, 0, 0, 0, 0,
            127, 127, 0, 127, 0, 127, 127, 0, 0, 127, 0, 0, 127, 0, 127, 127, 0, 127, 127, 127, 127, 0, 0, 127, 127, 0,
        ]),
    .init(
        [1], [17461], [1], [12297], [1], q: (0x3b8c5975, -74, 0x3a8da557, 28, 0x3ef29d49, 75), activation: 2,
        expected: [77]),
    .init(
        [3, 1, 3], [1857, 12742, -16651, -19440, 14146, 6407, 31424, 20924, 7316], [3, 3, 1],
        [3962, 25884, 16916, -24650, -1490, -32035, -31322, 385, 25351], [3, 3, 3],
        q: (0x3bb5821f, 0, 0x3b42d945, 0, 0x39cadb2e, 0), activation: 2,
        expected: [
            2585, 2585, -2585, 2585, 2585, -2585, 2585, 2585, -2585, -2585, 2585, -2585, -2585, 2585, 2585, -2585,
            -2585, -2585, 2585, 2585, -2585, 2585, 2585, 2585, 2585, 2585, 2585,
        ]),
    .init(
        [2, 1, 1], [-19641, 13497], [2, 1, 1], [12797, -31240], [2, 1, 1],
        q: (0x3883076e, 69, 0x3b518b54, 85, 0x3b609d19, -52), activation: 1,
        expected: [11448, -52]),
    .init(
        [1, 3], [17, -2, 3], [1, 1], [0], [1, 3], q: nil, activation: 2,
        expected: [17, -2, 3]),
    .init(
        [3, 1], [-28886, 12521, -29371], [1, 1, 3, 1], [-16341, -9712, -7003], [1, 1, 3, 1],
        q: (0x38abe141, -68, 0x3a592ac2, 68, 0x3b05748e, -30), activation: 2,
        expected: [-521, -521, -521]),
    .init(
        [2, 1, 1], [-2122726526, -1729787831], [2, 2, 1], [1962491292, 231486205, -2013386109, 566334066], [2, 2, 1],
        q: nil, activation: 1,
        expected: [-160235234, -1891240321, 551793356, -1163453765]),
    .init(
        [3, 3, 2],
        [
            2897, -2864, 18016, 2167, -4254, 24370, 11426, -13655, 29306, -9392, 21161, 31306, -32069, -13686, -26575,
            -22442, 23555, 20010,
        ], [1, 3, 2], [20766, 21448, -32205, -8974, -17055, 2516], [3, 3, 2],
        q: (0x3a915bf0, 58, 0x39b994c1, -97, 0x3e95ee43, 84), activation: 0,
        expected: [120, 99, 113, 81, 47, 179, 152, 58, 156, 37, 143, 205, -12, 58, -56, -12, 152, 163]),
    .init(
        [3], [24950, 13559, -17509], [3], [9269, -16835, 2903], [3], q: (0x3bd52677, 0, 0x3b368df0, 0, 0x39e63260, 0),
        activation: 3,
        expected: [13665, 13665, 0]),
    .init(
        [1], [-18644], [1, 2], [23446, -18650], [1, 2], q: (0x388112c7, 0, 0x3b81aa66, 0, 0x3de62c72, 0), activation: 3,
        expected: [53, 0]),
    .init(
        [2, 1], [161878204, 401612757], [2, 1], [-147607743, -1165474684], [2, 1], q: nil, activation: 2,
        expected: [14270461, -763861927]),
    .init(
        [1], [-1797318728], [3], [-1293960511, -1575112271, -1560064919], [3], q: nil, activation: 1,
        expected: [1203688057, 922536297, 937583649]),
    .init(
        [2, 1], [-7826, 25905], [2, 1], [-26990, 5064], [2, 1], q: (0x389f08e2, 0, 0x3d876153, 0, 0x3cea647d, 0),
        activation: 3,
        expected: [0, 210]),
    .init(
        [1, 1, 2], [-12621, 29818], [1, 1, 2], [-21686, -19178], [1, 1, 2],
        q: (0x3e9cd368, 0, 0x39f89e78, 0, 0x3aa7bea5, 0), activation: 1,
        expected: [0, 32767]),
    .init(
        [2, 1, 1, 3], [11202, -16899, -25386, -17995, 2265, -17725], [2, 2, 3, 1],
        [1164, 32519, 9282, -11976, -11381, -10874, -6436, -7292, -4516, 14617, 25380, -23024], [2, 2, 3, 3],
        q: (0x3b6cefe6, 0, 0x3d49dbd5, 0, 0x3da771d9, 0), activation: 0,
        expected: [
            1197, -46, -421, 20097, 18854, 18479, 6090, 4848, 4472, -6723, -7966, -8341, -6365, -7607, -7983, -6059,
            -7302, -7677, -4675, -3779, -4663, -5191, -4295, -5179, -3518, -2622, -3506, 8015, 8911, 8027, 14502, 15398,
            14514, -14674, -13778, -14662,
        ]),
    .init(
        [1, 2, 1], [519075717, -1538357282], [1, 2, 3],
        [-246263155, 116665452, -1607176648, 1696438793, -1795055927, -604467117], [1, 2, 3], q: nil, activation: 1,
        expected: [272812562, 635741169, -1088100931, 158081511, 961554087, -2142824399]),
    .init(
        [1, 1, 3], [903802081, -283168891, -297719764], [1, 1, 1], [20], [1, 1, 3], q: nil, activation: 3,
        expected: [903802101, -283168871, -297719744]),
    .init(
        [1, 1, 2], [20304, 29299], [3, 1, 1], [-26985, -8799, -6364], [3, 1, 2],
        q: (0x3db228d4, 0, 0x3b35bc25, 0, 0x39e2e5d6, 0), activation: 2,
        expected: [2311, 2311, 2311, 2311, 2311, 2311]),
    .init(
        [1, 1, 1], [-14859], [1, 1, 1], [26014], [1, 1, 1], q: (0x390fc9cc, -85, 0x3935bed5, 53, 0x3a8c743c, -52),
        activation: 2,
        expected: [881]),
    .init(
        [1, 1, 2, 3], [26653, -30389, -28116, -24317, -8599, 26298], [1, 1, 1, 3], [-7047, 17303, -14481],
        [1, 1, 2, 3], q: (0x3e2eeb4a, -1, 0x3bb24c53, -35, 0x3bf44d2e, -57), activation: 0,
        expected: [32767, -32768, -32768, -32768, -32768, 32767]),
    .init(
        [1], [6933], [1], [25191], [1], q: (0x38d40bfa, -45, 0x3a7af82d, 61, 0x3ca64ff8, 26), activation: 2,
        expected: [75]),
]
