import Testing

@testable import KingletKernels

/// Little-endian int32 bytes, as constant int32 tensors (axes, paddings) sit in a flatbuffer.
func int32Bytes(_ values: [Int32]) -> [UInt8] {
    var bytes: [UInt8] = []
    for value in values {
        let bits = UInt32(bitPattern: value)
        bytes += [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
    }
    return bytes
}

/// Calls `body` with the raw bytes of `values`, starting at an odd address to prove the readers
/// cope with unaligned flatbuffer data.
func withUnalignedInt32Bytes<R>(_ values: [Int32], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let bytes = [0xAA] + int32Bytes(values)
    return try bytes.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[1...])) }
}

@Suite struct ShapeTests {
    @Test func basics() throws {
        let shape = Shape(2, 3, 4)
        #expect(shape.rank == 3 && shape[0] == 2 && shape[2] == 4)
        #expect(shape.elementCount == 24)
        #expect(Shape().rank == 0 && Shape().elementCount == 1)
        #expect(shape.extendedDimension(0, toRank: 5) == 1)
        #expect(shape.extendedDimension(2, toRank: 5) == 2)
        #expect(shape.extendedDimension(4, toRank: 5) == 4)
        #expect(Shape(2, 3) != Shape(2, 3, 1))
        #expect(Shape(2, 3) == Shape(2, 3))
        #expect(MemoryLayout<Shape>.size <= 40)
    }

    @Test func fromModelData() throws {
        let dims: [Int32] = [1, 2, 3, 4, 5, 6]
        let shape = try dims.withUnsafeBufferPointer { try Shape(dimensions: $0) }
        #expect(shape == Shape(1, 2, 3, 4, 5, 6))
        #expect(throws: KernelError.self) {
            try [Int32](repeating: 1, count: 7).withUnsafeBufferPointer { try Shape(dimensions: $0) }
        }
        #expect(throws: KernelError.self) { try [Int32(2), -1].withUnsafeBufferPointer { try Shape(dimensions: $0) } }
        // 65536 * 65536 elements: above Int32.max even though it fits Int64.
        #expect(throws: KernelError.self) {
            try [Int32(65536), 65536].withUnsafeBufferPointer { try Shape(dimensions: $0) }
        }
        var growing = Shape(1, 1, 1, 1, 1, 1)
        #expect(throws: KernelError.self) { try growing.append(1) }
    }
}
