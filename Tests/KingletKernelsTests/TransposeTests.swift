import Testing

@testable import KingletKernels

// Vectors: single-TRANSPOSE models built and run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/move_vectors.py (SplitMix64 seed 7: rank 1-5 shapes, random permutations; input
// arange(n) for int16/float32 and arange(n) % 256 - 128 for int8). Each case's last value is the
// FNV-1a digest of TFLM's output (moveDigest in SplitTests.swift); the generator prints the table
// whole (see tools/vectors/README.md):
//   cd tools/vectors && python move_vectors.py transpose

struct TransposeCase {
    var type: MoveElement, input: [Int], perm: [Int32], digest: UInt64
    init(_ type: MoveElement, _ input: [Int], _ perm: [Int32], _ digest: UInt64) {
        self.type = type; self.input = input; self.perm = perm; self.digest = digest
    }
}

let transposeCases: [TransposeCase] = [
    .init(.int8, [3, 4, 3, 2, 3], [0, 3, 4, 1, 2], 0x9b0342b54e81e215),
    .init(.int16, [1], [0], 0xaf63bd4c8601b7df),
    .init(.int8, [4], [0], 0x7bd611a6f893a911),
    .init(.float32, [1, 4, 2], [0, 1, 2], 0xa4dc49e2b28ecb7d),
    .init(.float32, [3], [0], 0xd949aa186c0c4928),
    .init(.int8, [2], [0], 0x04c2ef3db587c23a),
    .init(.int16, [1], [0], 0xaf63bd4c8601b7df),
    .init(.int8, [4, 1], [0, 1], 0x7bd611a6f893a911),
    .init(.int16, [2, 2], [1, 0], 0x3bcf197f93fb31c3),
    .init(.float32, [3, 4, 3], [1, 2, 0], 0xe243c8808a915371),
    .init(.int8, [3], [0], 0x8f7a3d258a50dfa8),
    .init(.float32, [4, 3, 4, 3, 3], [3, 0, 1, 4, 2], 0x4329349439eaa8c5),
    .init(.int8, [2, 4, 4], [1, 0, 2], 0x8c9c175750262cc5),
    .init(.float32, [2, 1], [0, 1], 0x08328707b4eb6e3a),
    .init(.int8, [1, 4, 4, 3, 4], [1, 0, 3, 2, 4], 0xe49ab21d3282e865),
    .init(.int16, [2], [0], 0x08328707b4eb6e3a),
    .init(.float32, [2, 3, 4], [1, 2, 0], 0x15649dc9eb1fec75),
    .init(.int8, [2, 4, 4, 1], [3, 2, 0, 1], 0x917c388dc91bbbc5),
    .init(.int16, [3, 1, 3, 3, 1], [2, 3, 4, 1, 0], 0x9bf01a5478c07610),
    .init(.int16, [4, 1], [0, 1], 0x4475327f98e05411),
    .init(.float32, [1, 4, 3], [1, 0, 2], 0x2d7d4819416d7fb9),
    .init(.float32, [2, 1, 1], [1, 0, 2], 0x08328707b4eb6e3a),
    .init(.int16, [1, 4, 3], [0, 1, 2], 0x2d7d4819416d7fb9),
    .init(.int8, [4, 4, 1], [1, 2, 0], 0x9ea0e63c36fc7fe5),
    .init(.int8, [1, 4], [1, 0], 0x7bd611a6f893a911),
    .init(.float32, [3, 2], [1, 0], 0x35fd4083d1485a1c),
    .init(.float32, [3, 1, 3, 4], [3, 2, 1, 0], 0x695c09062c6703c1),
    .init(.float32, [4], [0], 0x4475327f98e05411),
    .init(.float32, [2, 4, 2, 3], [1, 0, 2, 3], 0x2e5cd0ccd1628c25),
    .init(.int8, [4], [0], 0x7bd611a6f893a911),
    .init(.int16, [1], [0], 0xaf63bd4c8601b7df),
    .init(.int16, [4, 1, 4, 2, 1], [4, 2, 0, 3, 1], 0xe4b3d9219e5a5365),
    .init(.int8, [3, 4, 4, 1, 4], [0, 2, 1, 4, 3], 0x8681fbb73ed38a25),
    .init(.int8, [4], [0], 0x7bd611a6f893a911),
    .init(.int8, [4, 3, 1, 1], [1, 2, 3, 0], 0x783e2154672a6fa1),
    .init(.float32, [1, 2, 3, 4, 3], [2, 0, 1, 4, 3], 0xac5a46345e29db65),
    .init(.int16, [3, 3, 4, 4, 3], [1, 2, 4, 0, 3], 0x7f178adf132e7f25),
    .init(.float32, [1, 2, 3, 2], [0, 2, 3, 1], 0x05b3b7b58ca63a03),
    .init(.float32, [4, 2], [1, 0], 0x71d3914874fbd505),
    .init(.int16, [3], [0], 0xd949aa186c0c4928),
]

func prepareTranspose(_ input: [Int], _ perm: [Int32], _ output: [Int], elementByteSize: Int) throws -> Transpose {
    try int32Bytes(perm).withUnsafeBytes { p in
        try Transpose(input: sliceShape(input), perm: p, output: sliceShape(output), elementByteSize: elementByteSize)
    }
}

@Suite struct TransposeTests {
    @Test func matchesPipTFLM() throws {
        for c in transposeCases {
            let output = c.perm.map { c.input[Int($0)] }
            let op = try prepareTranspose(c.input, c.perm, output, elementByteSize: c.type.byteSize)
            let n = c.input.reduce(1, *)
            let values = c.type == .int8 ? (0..<n).map { $0 % 256 - 128 } : Array(0..<n)
            let input = c.type.encode(values)
            var result = [UInt8](repeating: 0, count: n * c.type.byteSize)
            input.withUnsafeBytes { i in
                result.withUnsafeMutableBytes { op.invoke(input: i.baseAddress!, output: $0.baseAddress!) }
            }
            #expect(moveDigest([c.type.decode(result)], c.type) == c.digest, "\(c)")
        }
    }

    @Test func typedInvoke() throws {
        let op = try prepareTranspose([2, 3], [1, 0], [3, 2], elementByteSize: 4)
        let input: [Float] = [0, 1, 2, 3, 4, 5]
        var output = [Float](repeating: 0, count: 6)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { op.invoke(input: i.baseAddress!, output: $0.baseAddress!) }
        }
        #expect(output == [0, 3, 1, 4, 2, 5])
    }

    @Test func prepareErrors() {
        // repeat
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [1, 1], [3, 3], elementByteSize: 1) }
        // out of range
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [0, 2], [2, 3], elementByteSize: 1) }
        // output dims
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [1, 0], [2, 3], elementByteSize: 1) }
        #expect(throws: KernelError.self) { try prepareTranspose([2, 3], [1], [3], elementByteSize: 1) }  // perm count
        #expect(throws: KernelError.self) { try prepareTranspose([], [], [], elementByteSize: 1) }  // rank 0
        #expect(throws: KernelError.self) {  // rank 6 (TFLM: <= 5)
            try prepareTranspose([1, 1, 1, 1, 1, 2], [0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 2], elementByteSize: 1)
        }
    }
}
