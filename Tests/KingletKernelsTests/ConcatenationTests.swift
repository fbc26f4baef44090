import Testing

@testable import KingletKernels

// CONCATENATION is a byte copy (R/concatenation.h): expected outputs are written out by hand.

func runConcatenation<T: BitwiseCopyable>(
    _ inputs: [[T]], shapes: [Shape], output outputShape: Shape, axis: Int32, fill: T,
    quantized: Bool = false, scales: [Float]? = nil, zeroPoints: [Int32]? = nil
) throws -> [T] {
    var op = try Concatenation(
        outputShape: outputShape, axis: axis, elementByteSize: MemoryLayout<T>.stride,
        quantized: quantized, outputScale: 0.5, outputZeroPoint: 3)
    for (index, shape) in shapes.enumerated() {
        try op.appendInput(shape: shape, scale: scales?[index] ?? 0.5, zeroPoint: zeroPoints?[index] ?? 3)
    }
    try op.finish()
    var output = [T](repeating: fill, count: outputShape.elementCount)
    output.withUnsafeMutableBytes { y in
        // Copy in reverse order to show the slices are independent.
        for index in inputs.indices.reversed() {
            inputs[index].withUnsafeBytes { x in op.copyInput(index, from: x.baseAddress!, to: y.baseAddress!) }
        }
    }
    return output
}

@Suite struct ConcatenationTests {
    @Test func int8InnerAxis() throws {
        let output = try runConcatenation(
            [[1, 2, 3, 4], [5, 6, 7, 8, 9, 10]] as [[Int8]], shapes: [Shape(2, 2), Shape(2, 3)],
            output: Shape(2, 5), axis: 1, fill: 0, quantized: true)
        #expect(output == [1, 2, 5, 6, 7, 3, 4, 8, 9, 10])
    }

    @Test func int8OuterAxisNegative() throws {
        let output = try runConcatenation(
            [[1, 2], [3, 4, 5, 6]] as [[Int8]], shapes: [Shape(1, 2), Shape(2, 2)],
            output: Shape(3, 2), axis: -2, fill: 0, quantized: true)
        #expect(output == [1, 2, 3, 4, 5, 6])
    }

    @Test func floatMiddleAxisThreeInputs() throws {
        // [2, a, 2] pieces along axis 1 (given as -2) with a = 1, 2, 1.
        let a: [Float] = [1, 2, 3, 4]
        let b: [Float] = [10, 11, 12, 13, 14, 15, 16, 17]
        let c: [Float] = [-1, -2, -3, -4]
        let output = try runConcatenation(
            [a, b, c], shapes: [Shape(2, 1, 2), Shape(2, 2, 2), Shape(2, 1, 2)],
            output: Shape(2, 4, 2), axis: -2, fill: 0)
        #expect(output == [1, 2, 10, 11, 12, 13, -1, -2, 3, 4, 14, 15, 16, 17, -3, -4])
    }

    @Test func emptyInputContributesNothing() throws {
        let output = try runConcatenation(
            [[], [7, 8]] as [[Int8]], shapes: [Shape(0, 2), Shape(1, 2)], output: Shape(1, 2),
            axis: 0, fill: 0)
        #expect(output == [7, 8])
    }

    @Test func rejectsWhatTFLMRejectsOrAbortsOn() {
        func attempt(
            _ shapes: [Shape], output: Shape, axis: Int32 = 1, scales: [Float]? = nil, zeroPoints: [Int32]? = nil
        ) throws {
            let inputs = shapes.map { [Int8](repeating: 0, count: $0.elementCount) }
            _ = try runConcatenation(
                inputs, shapes: shapes, output: output, axis: axis, fill: 0, quantized: true,
                scales: scales, zeroPoints: zeroPoints)
        }
        #expect(throws: KernelError.self) {
            try attempt([Shape(2, 2), Shape(2, 2)], output: Shape(2, 4), scales: [0.5, 0.25])
        }
        #expect(throws: KernelError.self) {
            try attempt([Shape(2, 2), Shape(2, 2)], output: Shape(2, 4), zeroPoints: [3, 4])
        }
        // non-axis dim
        #expect(throws: KernelError.self) { try attempt([Shape(2, 2), Shape(3, 2)], output: Shape(2, 4)) }
        // axis total
        #expect(throws: KernelError.self) { try attempt([Shape(2, 2), Shape(2, 2)], output: Shape(2, 5)) }
        #expect(throws: KernelError.self) { try attempt([Shape(2, 2), Shape(2, 2, 1)], output: Shape(2, 4)) }  // rank
        #expect(throws: KernelError.self) { try attempt([Shape(2, 2)], output: Shape(2, 2), axis: 2) }
        #expect(throws: KernelError.self) { try attempt([Shape(2, 2)], output: Shape(2, 2), axis: -3) }
        #expect(throws: KernelError.self) {
            try attempt([Shape](repeating: Shape(1, 1), count: 11), output: Shape(1, 11))
        }
        #expect(throws: Never.self) { try attempt([Shape](repeating: Shape(1, 1), count: 10), output: Shape(1, 10)) }
        #expect(throws: KernelError.self) {
            _ = try Concatenation(
                outputShape: Shape(2), axis: 0, activation: .relu, elementByteSize: 1, quantized: false)
        }
        #expect(throws: KernelError.self) {
            let op = try Concatenation(outputShape: Shape(2), axis: 0, elementByteSize: 1, quantized: false)
            try op.finish()  // no inputs
        }
    }
}
