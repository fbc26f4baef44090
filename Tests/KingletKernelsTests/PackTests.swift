import Testing

@testable import KingletKernels

// Vectors: single-PACK models built and run on pip tflite-micro 0.dev20261023182759 by
// tools/vectors/move_vectors.py (SplitMix64 seed 8: rank 0-3 input shapes, 1-4 inputs, axes in
// output coordinates (negative ones too), input i = arange(n) + 100 i (int8: + 30 i, wrapping),
// types including int64). Each case's last value is the FNV-1a digest of TFLM's output (moveDigest
// in SplitTests.swift); the generator prints the table whole (see tools/vectors/README.md):
//   cd tools/vectors && python move_vectors.py pack

struct PackCase {
    var type: MoveElement, input: [Int], count: Int, axis: Int32, output: [Int], digest: UInt64
    init(_ type: MoveElement, _ input: [Int], _ count: Int, _ axis: Int32, _ output: [Int], _ digest: UInt64) {
        self.type = type; self.input = input; self.count = count; self.axis = axis; self.output = output
        self.digest = digest
    }
}

let packCases: [PackCase] = [
    .init(.float32, [2], 1, 0, [1, 2], 0x08328707b4eb6e3a),
    .init(.float32, [3, 4, 1], 4, 0, [4, 3, 4, 1], 0x6f46b0146ecb6535),
    .init(.int8, [3, 1], 2, 2, [3, 1, 2], 0x4ac986f6e44b51b1),
    .init(.int8, [1, 4, 2], 1, 1, [1, 1, 4, 2], 0xa4dc49e2b28ecb7d),
    .init(.float32, [], 2, 0, [2], 0x08326407b4eb32c1),
    .init(.float32, [2, 4, 1], 4, -4, [4, 2, 4, 1], 0xd134472194f1e205),
    .init(.int64, [], 4, -1, [4], 0x7e33364f3bec5b15),
    .init(.int16, [1, 3, 3], 1, 2, [1, 3, 1, 3], 0xb11d013568a3b7cf),
    .init(.int32, [3, 2, 1], 2, 2, [3, 2, 2, 1], 0x7dd095208f112c8f),
    .init(.int64, [4], 1, 1, [4, 1], 0x0c23860fe6910985),
    .init(.int64, [3, 4], 1, 2, [3, 4, 1], 0xfdfdccbdb0931495),
    .init(.int8, [3], 2, -1, [3, 2], 0x4ac986f6e44b51b1),
    .init(.int32, [4, 2, 4], 3, -4, [3, 4, 2, 4], 0x3af76942ffdf44c5),
    .init(.int16, [2, 3, 4], 2, -3, [2, 2, 3, 4], 0x97cc97b5d15df765),
    .init(.int8, [], 1, -1, [1], 0xaf63bd4c8601b7df),
    .init(.int16, [], 2, 0, [2], 0x08326407b4eb32c1),
    .init(.int32, [], 3, -1, [3], 0xd8d202186ba6054b),
    .init(.float32, [4], 4, 1, [4, 4], 0xf25d9396719efb65),
    .init(.int8, [1, 4], 2, -2, [1, 2, 4], 0x26ecedb041ca61a9),
    .init(.int64, [3], 1, 0, [1, 3], 0x37f11cf1d36d7afe),
    .init(.int32, [1, 2, 4], 1, 2, [1, 2, 1, 4], 0xa4dc49e2b28ecb7d),
    .init(.float32, [4, 4], 2, -1, [4, 4, 2], 0x134123dd2696df25),
    .init(.int64, [1], 1, -2, [1, 1], 0x08328807b4eb6fed),
    .init(.int16, [1, 4, 1], 4, -2, [1, 4, 4, 1], 0xf25d9396719efb65),
    .init(.int64, [4, 3, 3], 4, -2, [4, 3, 4, 3], 0x2cdaf340447ce025),
    .init(.float32, [3], 4, -1, [3, 4], 0xef7b393e2af98341),
    .init(.int16, [3, 3], 4, 0, [4, 3, 3], 0x6a9a12ab6ffd43c5),
    .init(.int8, [4, 1, 3], 3, -4, [3, 4, 1, 3], 0xda9fec3689b6d75d),
    .init(.int16, [4], 1, -2, [1, 4], 0x4475327f98e05411),
    .init(.int64, [3, 3, 1], 2, -2, [3, 3, 2, 1], 0x3b8d6f3ee6b1c721),
    .init(.int16, [], 3, 0, [3], 0xd8d202186ba6054b),
    .init(.int64, [1, 3], 3, 2, [1, 3, 3], 0x4c31a2a816863f8a),
]

@Suite struct PackTests {
    @Test func matchesPipTFLM() throws {
        for c in packCases {
            let op = try Pack(
                input: sliceShape(c.input), output: sliceShape(c.output), axis: c.axis,
                valuesCount: Int32(c.count), inputCount: c.count, elementByteSize: c.type.byteSize)
            let n = c.input.reduce(1, *)
            let inputs = (0..<c.count).map { i in c.type.encode((0..<n).map { $0 + (c.type == .int8 ? 30 : 100) * i }) }
            for _ in 1..<max(c.count, 1) { try op.checkInput(sliceShape(c.input), output: sliceShape(c.output)) }
            let buffers = inputs.map { bytes -> UnsafeMutableRawPointer in
                let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
                p.copyMemory(from: bytes, byteCount: bytes.count)
                return p
            }
            defer { buffers.forEach { $0.deallocate() } }
            let slots: [UnsafeMutableRawPointer?] = buffers
            var output = [UInt8](repeating: 0xEE, count: c.output.reduce(1, *) * c.type.byteSize)
            slots.withUnsafeBufferPointer { s in
                output.withUnsafeMutableBytes { op.invoke(inputs: s.baseAddress!, output: $0.baseAddress!) }
            }
            #expect(moveDigest([c.type.decode(output)], c.type) == c.digest, "\(c)")
        }
    }

    @Test func prepareErrors() throws {
        // values_count differing from the inputs or the output's axis extent; bad axis; shapes.
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(2, 3), axis: 0, valuesCount: 3, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(3, 3), axis: 0, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(2, 3), axis: 2, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(3), output: Shape(2, 3), axis: -3, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(input: Shape(4), output: Shape(2, 3), axis: 0, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        #expect(throws: KernelError.self) {
            try Pack(
                input: Shape(3), output: Shape(2, 3, 1), axis: 0, valuesCount: 2, inputCount: 2, elementByteSize: 1)
        }
        let op = try Pack(
            input: Shape(3), output: Shape(3, 2), axis: -1, valuesCount: 2, inputCount: 2, elementByteSize: 4)
        #expect(op.axis == 1)
        #expect(throws: KernelError.self) { try op.checkInput(Shape(2), output: Shape(3, 2)) }
    }
}
