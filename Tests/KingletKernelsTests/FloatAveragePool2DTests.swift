import Testing

@testable import KingletKernels

// Vectors: FloatPoolingVectors in FloatPoolingTests.swift (TFLM reference_ops::AveragePool(float)).

@Suite struct FloatAveragePool2DTests {
    typealias V = FloatPoolingVectors

    @Test func sameStride2() throws {
        #expect(
            try runFloatPool(
                max: false, input: Shape(1, 5, 7, 3), output: Shape(1, 3, 4, 3), filter: (3, 3), stride: (2, 2),
                padding: .same, activation: .none, x: V.averageInput) == V.averageOutput)
    }

    @Test func validRelu() throws {
        #expect(
            try runFloatPool(
                max: false, input: Shape(2, 6, 6, 2), output: Shape(2, 3, 4, 2), filter: (2, 3), stride: (2, 1),
                padding: .valid, activation: .relu, x: V.averageValidInput) == V.averageValidOutput)
    }

    @Test func dividesByTheClippedCount() throws {
        // 2x2 input, 3x3 SAME window, stride 1: every window is clipped to the whole image.
        let output = try runFloatPool(
            max: false, input: Shape(1, 2, 2, 1), output: Shape(1, 2, 2, 1), filter: (3, 3),
            stride: (1, 1), padding: .same, activation: .none, x: [1, 2, 3, 4].map { Float($0).bitPattern })
        #expect(output.map { Float(bitPattern: $0) } == [2.5, 2.5, 2.5, 2.5])
    }
}
