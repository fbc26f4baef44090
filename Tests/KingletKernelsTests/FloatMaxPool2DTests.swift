import Testing

@testable import KingletKernels

// Vectors: FloatPoolingVectors in FloatPoolingTests.swift (TFLM reference_ops::MaxPool(float)).

@Suite struct FloatMaxPool2DTests {
    typealias V = FloatPoolingVectors

    @Test func sameStride2Relu6() throws {
        #expect(
            try runFloatPool(
                max: true, input: Shape(1, 5, 7, 3), output: Shape(1, 3, 4, 3), filter: (3, 3), stride: (2, 2),
                padding: .same, activation: .relu6, x: V.maxInput) == V.maxOutput)
    }

    @Test func valid() throws {
        #expect(
            try runFloatPool(
                max: true, input: Shape(2, 6, 6, 2), output: Shape(2, 3, 4, 2), filter: (2, 3), stride: (2, 1),
                padding: .valid, activation: .none, x: V.maxValidInput) == V.maxValidOutput)
    }

    @Test func nanIsSkipped() throws {
        // std::max(m, x) keeps m when x is NaN.
        let output = try runFloatPool(
            max: true, input: Shape(1, 1, 3, 1), output: Shape(1, 1, 1, 1), filter: (1, 3),
            stride: (1, 1), padding: .valid, activation: .none,
            x: [Float(1), .nan, -2].map(\.bitPattern))
        #expect(Float(bitPattern: output[0]) == 1)
    }
}
