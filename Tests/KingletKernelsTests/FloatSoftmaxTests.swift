import Testing

@testable import KingletKernels

// Vectors: single-SOFTMAX float32 models run on pip tflite-micro 0.dev20261023182759 (x86-64
// Linux, whose std::exp(float) is glibc 2.36's expf) by tools/vectors/float_vectors.py, which
// prints enum FloatSoftmaxVectors whole (33 inputs drawn with pipFloat(_:8) from
// SplitMix64(seed: 1); see tools/vectors/README.md):
//   cd tools/vectors && python float_vectors.py softmax-cases

func runFloatSoftmax(_ shape: Shape, beta: Float, _ input: [UInt32]) throws -> [UInt32] {
    let op = try FloatSoftmax(shape: shape, outputShape: shape, beta: beta)
    var output = [Float](repeating: .nan, count: shape.elementCount)
    floats(input).withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { op.invoke(input: x.baseAddress!, output: $0.baseAddress!) }
    }
    return output.map(\.bitPattern)
}

// Random models drawn with SplitMix64 and run on pip tflite-micro (whose std::exp is the host
// glibc's expf) by tools/vectors/float_vectors.py (seed 11, 400 cases):
//   float_vectors.py softmax 11 400
/// Float32(range(-2e6, 2e6)) * Float32(magnitude * 5e-7), as float_vectors.py (pip_float) draws floats.
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
        0xc01e7f91, 0x40fe2785, 0xc0e7ffb4, 0xc0655a4b, 0x3f2fcd68, 0xc0fedcba, 0xc0e590a7, 0x40882321, 0xc0dc73cd,
        0xc0bf0f06, 0x4086af04, 0x40404168, 0x40906784, 0x4085ea9a, 0xc0efac1d, 0xbf06d9be, 0xc0aabe49, 0xc0533d9f,
        0x3f4421c0, 0x4099835a, 0xc039171e, 0xc0a2d2aa, 0x40bc1cf7, 0x3ed2e48f, 0x3e0f3344, 0x4006f662, 0xc0d320d1,
        0xbef5f783, 0x40ce4324, 0x40d25964, 0xc0400da2, 0xc0934678, 0xc0ccc9eb,
    ]
    static let beta1Output: [UInt32] = [
        0x37eea8fd, 0x3f73e254, 0x34811699, 0x371dc317, 0x3a305e08, 0x33fcba16, 0x348b4a05, 0x3cc3459d, 0x34b92dde,
        0x3567ff74, 0x3cba99b0, 0x3d89309d, 0x3e9b0b89, 0x3e5f6f07, 0x35f920e0, 0x3b008dd9, 0x378635f6, 0x39006382,
        0x3bea2ed7, 0x3ece19b8, 0x39413012, 0x37abe6e7, 0x3e555f51, 0x3a66ce82, 0x3a2fd4c8, 0x3b9d6fef, 0x355572e1,
        0x39bd20c0, 0x3ebc1d5a, 0x3ed5bdd8, 0x37f35ed5, 0x36c43e74, 0x35821b5d,
    ]
    static let beta037Output: [UInt32] = [
        0x3c54cbaf, 0x3f1d074d, 0x3b118a87, 0x3c0d464c, 0x3d2b79f6, 0x3adf769e, 0x3b15b1e6, 0x3e207a06, 0x3b265416,
        0x3b69a6ac, 0x3e1dcd55, 0x3e0cd4fb, 0x3e761b59, 0x3e5a0035, 0x3b39a198, 0x3d188c72, 0x3bcdf1c7, 0x3c5aa4cb,
        0x3d762110, 0x3e88b86f, 0x3c7e5408, 0x3be1b206, 0x3e73cb97, 0x3d010523, 0x3ce95484, 0x3d71ba94, 0x3b1a502b,
        0x3cb97b9f, 0x3e965c1a, 0x3e9da2b4, 0x3c11fdf1, 0x3ba170c0, 0x3b260c91,
    ]
}
