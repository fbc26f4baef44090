import Testing

@testable import KingletKernels

// Vectors: single-UNPACK models built and run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/move_vectors.py (SplitMix64 seed 9: rank 1-4 shapes, num = the axis extent, axes
// (negative ones too), input arange(n)). Each case's last value is the FNV-1a digest of TFLM's
// outputs (moveDigest in SplitTests.swift); the generator prints the table whole (see
// tools/vectors/README.md):
//   cd tools/vectors && python move_vectors.py unpack

struct UnpackCase {
    var type: MoveElement, input: [Int], axis: Int32, num: Int, output: [Int], digest: UInt64
    init(_ type: MoveElement, _ input: [Int], _ axis: Int32, _ num: Int, _ output: [Int], _ digest: UInt64) {
        self.type = type; self.input = input; self.axis = axis; self.num = num; self.output = output
        self.digest = digest
    }
}

let unpackCases: [UnpackCase] = [
    .init(.int8, [3, 1, 2], -3, 3, [1, 2], 0xa54ac5bf0ea60dde),
    .init(.int8, [2, 4], -2, 2, [4], 0xa4dc49e2b28ecb7d),
    .init(.int16, [1, 2], -1, 2, [1], 0x08328707b4eb6e3a),
    .init(.int16, [4], -1, 4, [], 0x4475327f98e05411),
    .init(.int8, [2, 3], -1, 3, [2], 0x2f33e282f44abf64),
    .init(.int16, [3, 1], 1, 1, [3], 0xd949aa186c0c4928),
    .init(.int16, [3], -1, 3, [], 0xd949aa186c0c4928),
    .init(.int32, [1], -1, 1, [], 0xaf63bd4c8601b7df),
    .init(.int16, [4, 3], -2, 4, [3], 0x2d7d4819416d7fb9),
    .init(.float32, [1, 3], -2, 1, [3], 0xd949aa186c0c4928),
    .init(.int8, [3, 4], 0, 3, [4], 0x2d7d4819416d7fb9),
    .init(.int32, [4], -1, 4, [], 0x4475327f98e05411),
    .init(.int8, [3, 4], -1, 4, [3], 0x70040a9a1c12c3a9),
    .init(.int16, [3, 4, 2, 3], -3, 4, [3, 2, 3], 0x5888c767819240cd),
    .init(.int32, [3], -1, 3, [], 0xd949aa186c0c4928),
    .init(.float32, [4, 4, 2, 1], -4, 4, [4, 2, 1], 0xe6cb594c1a148ac5),
    .init(.int16, [3, 4, 2, 2], -3, 4, [3, 2, 2], 0x5c94a52f50d60dd5),
    .init(.int32, [1, 4, 2], 1, 4, [1, 2], 0xa4dc49e2b28ecb7d),
    .init(.int8, [2], 0, 2, [], 0x08328707b4eb6e3a),
    .init(.int8, [2, 3], -2, 2, [3], 0xa54ac5bf0ea60dde),
    .init(.int8, [3, 4], 1, 4, [3], 0x70040a9a1c12c3a9),
    .init(.float32, [1, 1], 1, 1, [1], 0xaf63bd4c8601b7df),
    .init(.int16, [3, 1, 1, 1], -4, 3, [1, 1, 1], 0xd949aa186c0c4928),
    .init(.int8, [1], 0, 1, [], 0xaf63bd4c8601b7df),
    .init(.float32, [1, 1, 2], 2, 2, [1, 1], 0x08328707b4eb6e3a),
    .init(.int8, [3, 3, 2, 3], 1, 3, [3, 2, 3], 0x969e41bc11d71ace),
    .init(.int8, [2], 0, 2, [], 0x08328707b4eb6e3a),
    .init(.int32, [3, 4, 3, 2], 2, 3, [3, 4, 2], 0xab819d30f2eefb4d),
    .init(.int8, [1], -1, 1, [], 0xaf63bd4c8601b7df),
    .init(.float32, [2], -1, 2, [], 0x08328707b4eb6e3a),
    .init(.int16, [4, 4, 1, 2], -1, 2, [4, 4, 1], 0xd6c0ee8acab6ec45),
    .init(.float32, [3, 2], 0, 3, [2], 0xa54ac5bf0ea60dde),
]

@Suite struct UnpackTests {
    @Test func matchesPipTFLM() throws {
        for c in unpackCases {
            let count = c.num
            let op = try Unpack(
                input: sliceShape(c.input), output: sliceShape(c.output), axis: c.axis,
                num: Int32(count), outputCount: count, elementByteSize: c.type.byteSize)
            try op.checkOutput(sliceShape(c.output), input: sliceShape(c.input))
            let input = c.type.encode(Array(0..<c.input.reduce(1, *)))
            let size = c.output.reduce(1, *) * c.type.byteSize
            let buffers = (0..<count).map { _ in UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 8)
            }
            defer { buffers.forEach { $0.deallocate() } }
            let slots: [UnsafeMutableRawPointer?] = buffers
            input.withUnsafeBytes { i in
                slots.withUnsafeBufferPointer { op.invoke(input: i.baseAddress!, outputs: $0.baseAddress!) }
            }
            let got = buffers.map { c.type.decode(Array(UnsafeRawBufferPointer(start: $0, count: size))) }
            #expect(moveDigest(got, c.type) == c.digest, "\(c)")
        }
    }

    @Test func prepareErrors() throws {
        #expect(throws: KernelError.self) {  // num != outputs
            try Unpack(input: Shape(2, 3), output: Shape(3), axis: 0, num: 3, outputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {  // num != axis extent
            try Unpack(input: Shape(2, 3), output: Shape(2), axis: 1, num: 2, outputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {  // axis out of range
            try Unpack(input: Shape(2, 3), output: Shape(3), axis: 2, num: 2, outputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {  // output shape
            try Unpack(input: Shape(2, 3), output: Shape(2), axis: 0, num: 2, outputCount: 2, elementByteSize: 1)
        }
        let op = try Unpack(input: Shape(2, 3), output: Shape(2), axis: -1, num: 3, outputCount: 3, elementByteSize: 2)
        #expect(op.axis == 1)
        #expect(throws: KernelError.self) { try op.checkOutput(Shape(3), input: Shape(2, 3)) }
    }
}
