import Testing

@testable import KingletKernels

// Vectors: TFLM reference float kernels run by the g++ harness described in AddTests.swift,
// compiled for plain x86-64 and linked against glibc 2.36 (whose expf is what std::exp(float)
// calls), on an FMA-capable CPU:
//   ./gen softmax   (reference_ops::Softmax(float), beta as SoftmaxParams' double)

func runFloatSoftmax(_ shape: Shape, beta: Float, _ input: [UInt32]) throws -> [UInt32] {
    let op = try FloatSoftmax(shape: shape, outputShape: shape, beta: beta)
    var output = [Float](repeating: .nan, count: shape.elementCount)
    floats(input).withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
    }
    return output.map(\.bitPattern)
}

// Random models drawn with SplitMix64 and run on pip tflite-micro (whose std::exp is the host
// glibc's expf) by /tmp/gen/pipdigest.py (see AddTests.swift):  pipdigest.py SOFTMAX 11 400
/// Float32(range(-2e6, 2e6)) * Float32(magnitude * 5e-7), as pipdigest.py draws floats.
func pipFloat(_ r: inout SplitMix64, _ magnitude: Double) -> Float {
    Float(r.range(-2_000_000, 2_000_000)) * Float(magnitude * 5e-7)
}

@Suite struct FloatSoftmaxTests {
    @Test func matchesPipTFLMDigest() throws {
        var r = SplitMix64(seed: 11)
        var digest = Fnv()
        for _ in 0..<400 {
            var shape = Shape()
            for _ in 0..<Int(r.range(1, 3)) { try shape.append(Int(r.range(1, 12))) }
            let beta: Float = r.range(0, 1) == 0 ? 1 : r.scale(-2, 1)
            let x = (0..<shape.elementCount).map { _ in pipFloat(&r, 20).bitPattern }
            for v in try runFloatSoftmax(shape, beta: beta, x) { digest.mix(v) }
        }
        #expect(digest.hash == 0x11b4_1ee5_6c56_598d)
    }

    @Test func beta1() throws {
        #expect(
            try runFloatSoftmax(Shape(3, 11), beta: 1, FloatSoftmaxVectors.beta1Input)
                == FloatSoftmaxVectors.beta1Output)
    }

    @Test func beta037() throws {
        #expect(
            try runFloatSoftmax(Shape(3, 11), beta: 0.37, FloatSoftmaxVectors.beta1Input)
                == FloatSoftmaxVectors.beta037Output)
    }

    @Test func rowsAreTheLastDimension() throws {
        let output = try runFloatSoftmax(Shape(2, 1, 2), beta: 1, [Float(0), 0, 5, 5].map(\.bitPattern))
        #expect(output.map { Float(bitPattern: $0) } == [0.5, 0.5, 0.5, 0.5])
    }

    @Test func rejectsScalarsAndMismatchedOutputs() {
        #expect(throws: KernelError.self) { try FloatSoftmax(shape: Shape(), outputShape: Shape(), beta: 1) }
        #expect(throws: KernelError.self) { try FloatSoftmax(shape: Shape(2, 3), outputShape: Shape(3, 2), beta: 1) }
    }
}
enum FloatSoftmaxVectors {
    static let beta1Input: [UInt32] = [
        0xbee46c60, 0xc09134b0, 0x40c310de, 0x3fe1d240, 0x40c1f2f0, 0xc0183edc, 0xc01b0e84, 0xc0ffa950,
        0x40c7aaee, 0xc0e5e72c, 0xc0317ba0, 0xc007ab38, 0xc0188098, 0xc06569a8, 0xbf33fde0, 0x40c319e0,
        0x40869286, 0x40171770, 0x40a2c840, 0x4000268c, 0x40e2c298, 0x4049b9c0, 0xbfad4ba8, 0xc08f7ee8,
        0xbf173310, 0x40af3dd0, 0x3fc1f088, 0xbfa3d5d8, 0xbffea488, 0xc0359588, 0xc0ae8e0e, 0xbf23e4c0,
        0x3ffd0688,
    ]
    static let beta1Output: [UInt32] = [
        0x39f10fbd, 0x3700ed4a, 0x3ea34a46, 0x3b89641d, 0x3e9db065, 0x388b94e1, 0x3885954f, 0x3482be98,
        0x3ebc8b70, 0x351235dd, 0x383c3123, 0x3883bfd1, 0x384a8ec3, 0x37739dbe, 0x3987d239, 0x3e6e2d69,
        0x3d0fb567, 0x3bb5c0c5, 0x3dad80f2, 0x3b7e0091, 0x3f202499, 0x3c4877fd, 0x3a860531, 0x383b6bc0,
        0x3b0fc09d, 0x3f723781, 0x3c93969b, 0x3a904cf7, 0x3a0df83d, 0x39733dac, 0x378e02d4, 0x3b08cc4f,
        0x3cea2ad0,
    ]
    static let beta037Output: [UInt32] = [
        0x3cd0b8b1, 0x3bb7b8dd, 0x3e92c79a, 0x3d6c7059, 0x3e90e576, 0x3c4c3094, 0x3c48e5ea, 0x3acce93e,
        0x3e9acd16, 0x3b0a003a, 0x3c30781c, 0x3c291950, 0x3c196af5, 0x3bc4b2e9, 0x3c8ecfd1, 0x3e5cfbb1,
        0x3ddb8106, 0x3d5ddace, 0x3e181437, 0x3d424c65, 0x3e9f5549, 0x3d94a6bf, 0x3d2149a8, 0x3c4a9a50,
        0x3d55eaf7, 0x3efc5f9f, 0x3de9206b, 0x3d25c258, 0x3cfefb65, 0x3cba52eb, 0x3c0d79b3, 0x3d520763,
        0x3e0a45e3,
    ]
}
