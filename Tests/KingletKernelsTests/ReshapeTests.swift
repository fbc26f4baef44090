import Testing

@testable import KingletKernels

// RESHAPE / SQUEEZE / EXPAND_DIMS shape rules, following M/reshape_common.cc, M/squeeze.cc and
// M/expand_dims.cc; expected shapes are written out by hand.

func reshaped(_ input: Shape, _ stored: [Int32], inputs: Int = 2) throws -> Shape {
    try stored.withUnsafeBufferPointer { try Reshape.outputShape(input: input, storedOutput: $0, inputCount: inputs) }
}

@Suite struct ReshapeTests {
    @Test func reshapeResolvesStretchDimension() throws {
        #expect(try reshaped(Shape(2, 3, 4), [-1, 4]) == Shape(6, 4))
        #expect(try reshaped(Shape(2, 3, 4), [4, -1, 2]) == Shape(4, 3, 2))
        #expect(try reshaped(Shape(2, 3, 4), [24]) == Shape(24))
        #expect(try reshaped(Shape(1), [0], inputs: 1) == Shape())  // legacy scalar
        #expect(throws: KernelError.self) { try reshaped(Shape(1), [0], inputs: 2) }
        #expect(throws: KernelError.self) { try reshaped(Shape(2, 3, 4), [-1, -1]) }
        #expect(throws: KernelError.self) { try reshaped(Shape(2, 3, 4), [5, -1]) }  // 24 / 5 * 5 != 24
        #expect(throws: KernelError.self) { try reshaped(Shape(2, 3, 4), [25]) }
        #expect(throws: KernelError.self) { try reshaped(Shape(2, 3, 4), [0, -1]) }
        #expect(throws: KernelError.self) { try reshaped(Shape(2, 3, 4), [1, 1, 1, 1, 1, 2, 12]) }
    }

    @Test func squeeze() throws {
        func squeezed(_ input: Shape, _ dims: [Int32], stored: Shape) throws -> Shape {
            try dims.withUnsafeBufferPointer {
                try Reshape.squeezedShape(input: input, squeezeDims: $0, storedOutput: stored)
            }
        }
        #expect(try squeezed(Shape(1, 3, 1, 2), [], stored: Shape(3, 2)) == Shape(3, 2))
        #expect(try squeezed(Shape(1, 3, 1, 2), [-2], stored: Shape(1, 3, 2)) == Shape(1, 3, 2))
        #expect(try squeezed(Shape(1, 3, 1, 2), [0, 2, 0], stored: Shape(3, 2)) == Shape(3, 2))
        #expect(throws: KernelError.self) { try squeezed(Shape(1, 3, 1, 2), [1], stored: Shape(1, 1, 2)) }  // dim is 3
        #expect(throws: KernelError.self) { try squeezed(Shape(1, 3, 1, 2), [4], stored: Shape(3, 1, 2)) }
        #expect(throws: KernelError.self) { try squeezed(Shape(1, 3, 1, 2), [], stored: Shape(3, 1)) }
    }

    @Test func expandDims() throws {
        #expect(try Reshape.expandedShape(input: Shape(2, 3), axis: 0, storedOutput: Shape(1, 2, 3)) == Shape(1, 2, 3))
        #expect(try Reshape.expandedShape(input: Shape(2, 3), axis: -1, storedOutput: Shape(2, 3, 1)) == Shape(2, 3, 1))
        #expect(try Reshape.expandedShape(input: Shape(2, 3), axis: 1, storedOutput: Shape(2, 1, 3)) == Shape(2, 1, 3))
        #expect(throws: KernelError.self) {
            try Reshape.expandedShape(input: Shape(2, 3), axis: 3, storedOutput: Shape(2, 3, 1))
        }
        #expect(throws: KernelError.self) {
            try Reshape.expandedShape(input: Shape(2, 3), axis: -4, storedOutput: Shape(1, 2, 3))
        }
        #expect(throws: KernelError.self) {
            try Reshape.expandedShape(input: Shape(2, 3), axis: 1, storedOutput: Shape(2, 3, 1))
        }
    }

    @Test func copySkipsInPlace() {
        var source: [UInt8] = [1, 2, 3, 4]
        var destination: [UInt8] = [0, 0, 0, 0]
        source.withUnsafeBytes { x in
            destination.withUnsafeMutableBytes { Reshape.copy(from: x.baseAddress!, to: $0.baseAddress!, byteCount: 4) }
        }
        #expect(destination == [1, 2, 3, 4])
        source.withUnsafeMutableBytes { buffer in
            Reshape.copy(from: UnsafeRawPointer(buffer.baseAddress!), to: buffer.baseAddress!, byteCount: 4)
        }
        #expect(source == [1, 2, 3, 4])
    }
}
