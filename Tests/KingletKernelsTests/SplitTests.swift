import Testing

@testable import KingletKernels

// Vectors: single-operator SPLIT / SPLIT_V models built and run on pip tflite-micro
// 0.dev20261023182759 by tools/vectors/move_vectors.py (SplitMix64 seeds 10 and 12: random rank
// 1-4 shapes, axes (negative ones too), piece counts and SPLIT_V sizes (size_splits with a -1 half
// the time), input arange(n) in the listed type). Each case's last value is the FNV-1a digest of
// TFLM's outputs (moveDigest below); the generator prints the two tables whole (see
// tools/vectors/README.md):
//   cd tools/vectors && python move_vectors.py split  and  python move_vectors.py split_v

/// Element types of the byte-moving kernels' tests; values travel as Int.
enum MoveElement {
    case int8, int16, float32, int32, int64

    var byteSize: Int {
        switch self {
        case .int8: return 1
        case .int16: return 2
        case .float32, .int32: return 4
        case .int64: return 8
        }
    }

    /// Little-endian bytes of `values` in this type (integers wrap like numpy's astype).
    func encode(_ values: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            let bits: UInt64
            switch self {
            case .float32: bits = UInt64(Float(value).bitPattern)
            default: bits = UInt64(bitPattern: Int64(value))
            }
            for index in 0..<byteSize { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))) }
        }
        return bytes
    }

    func decode(_ bytes: [UInt8]) -> [Int] {
        stride(from: 0, to: bytes.count, by: byteSize).map { start in
            var bits: UInt64 = 0
            for index in 0..<byteSize { bits |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
            switch self {
            case .int8: return Int(Int8(truncatingIfNeeded: bits))
            case .int16: return Int(Int16(truncatingIfNeeded: bits))
            case .int32: return Int(Int32(truncatingIfNeeded: bits))
            case .int64: return Int(Int64(bitPattern: bits))
            case .float32: return Int(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            }
        }
    }
}

/// FNV-1a (VectorSupport.swift) over the outputs' values in order, int64 as low then high 32 bits:
/// the digest tools/vectors/move_vectors.py prints for each case.
func moveDigest(_ outputs: [[Int]], _ type: MoveElement) -> UInt64 {
    var digest = Fnv()
    for output in outputs {
        for value in output {
            digest.mix(value)
            if type == .int64 { digest.mix(value >> 32) }
        }
    }
    return digest.hash
}

struct SplitCase {
    var type: MoveElement, input: [Int], axis: Int32, outputs: [[Int]], digest: UInt64
    init(_ type: MoveElement, _ input: [Int], _ axis: Int32, _ outputs: [[Int]], _ digest: UInt64) {
        self.type = type; self.input = input; self.axis = axis; self.outputs = outputs; self.digest = digest
    }
}

let splitCases: [SplitCase] = [
    .init(.float32, [2, 2, 1], 1, [[2, 1, 1], [2, 1, 1]], 0x3bcf197f93fb31c3),
    .init(.int16, [2], -1, [[2]], 0x08328707b4eb6e3a),
    .init(.int8, [4, 2, 1], 0, [[1, 2, 1], [1, 2, 1], [1, 2, 1], [1, 2, 1]], 0xa4dc49e2b28ecb7d),
    .init(.int8, [1, 2, 12], 2, [[1, 2, 4], [1, 2, 4], [1, 2, 4]], 0x5fa4db8e89c45b8d),
    .init(.int8, [1, 8], -1, [[1, 2], [1, 2], [1, 2], [1, 2]], 0xa4dc49e2b28ecb7d),
    .init(.int32, [3, 9, 2], -2, [[3, 3, 2], [3, 3, 2], [3, 3, 2]], 0x969e41bc11d71ace),
    .init(.int8, [1, 4], 1, [[1, 4]], 0x4475327f98e05411),
    .init(.int8, [16], 0, [[4], [4], [4], [4]], 0x7c84dc9477851775),
    .init(.float32, [2, 1, 2, 3], 0, [[1, 1, 2, 3], [1, 1, 2, 3]], 0x2d7d4819416d7fb9),
    .init(.float32, [1], -1, [[1]], 0xaf63bd4c8601b7df),
    .init(.int16, [4, 1, 6, 1], 2, [[4, 1, 3, 1], [4, 1, 3, 1]], 0xdf072263e63f582d),
    .init(.int8, [4, 2, 4, 3], 1, [[4, 2, 4, 3]], 0xc1bc4787857e7905),
    .init(.float32, [3, 1, 3, 2], 3, [[3, 1, 3, 1], [3, 1, 3, 1]], 0x9f3d6b6d005850fa),
    .init(.float32, [3, 4], 1, [[3, 2], [3, 2]], 0x923b64ea4ab8f955),
    .init(.int16, [1, 16, 3], -2, [[1, 4, 3], [1, 4, 3], [1, 4, 3], [1, 4, 3]], 0xdd7a5e9540df1b95),
    .init(.int32, [12], 0, [[4], [4], [4]], 0x2d7d4819416d7fb9),
    .init(.int16, [1, 6, 4, 3], -3, [[1, 3, 4, 3], [1, 3, 4, 3]], 0x48252b6b285e883d),
    .init(.int32, [4, 2], 1, [[4, 1], [4, 1]], 0x71d3914874fbd505),
    .init(.int8, [12, 4, 4], -3, [[3, 4, 4], [3, 4, 4], [3, 4, 4], [3, 4, 4]], 0xf1f22515f8f19d65),
    .init(.int32, [3, 6, 4], -2, [[3, 2, 4], [3, 2, 4], [3, 2, 4]], 0x18068a8aa568143d),
    .init(.int32, [1, 1, 1], -1, [[1, 1, 1]], 0xaf63bd4c8601b7df),
    .init(.int8, [4, 1], 0, [[1, 1], [1, 1], [1, 1], [1, 1]], 0x4475327f98e05411),
    .init(.int32, [1, 3], 0, [[1, 3]], 0xd949aa186c0c4928),
    .init(.int32, [2, 6, 2], 1, [[2, 3, 2], [2, 3, 2]], 0xabd94111dc94cf61),
    .init(.int16, [8], 0, [[2], [2], [2], [2]], 0xa4dc49e2b28ecb7d),
    .init(.float32, [9], 0, [[3], [3], [3]], 0xb11d013568a3b7cf),
    .init(.float32, [3, 12, 1], -2, [[3, 4, 1], [3, 4, 1], [3, 4, 1]], 0xc9a62de74c6e53f1),
    .init(.int32, [1, 3], 1, [[1, 3]], 0xd949aa186c0c4928),
    .init(.int16, [1, 3, 16], -1, [[1, 3, 4], [1, 3, 4], [1, 3, 4], [1, 3, 4]], 0x5c94a52f50d60dd5),
    .init(.int32, [4, 1], -2, [[2, 1], [2, 1]], 0x4475327f98e05411),
    .init(.int32, [2], -1, [[1], [1]], 0x08328707b4eb6e3a),
    .init(.int16, [1, 1], -1, [[1, 1]], 0xaf63bd4c8601b7df),
]

let splitVCases: [SplitCase] = [
    .init(.int32, [7, 4, 3], 0, [[3, 4, 3], [2, 4, 3], [1, 4, 3], [1, 4, 3]], 0xb09023609284a2a1),
    .init(.int16, [4, 1, 3, 2], 0, [[3, 1, 3, 2], [1, 1, 3, 2]], 0x4d6366cf7d8aa54d),
    .init(.int8, [2, 3], -1, [[2, 3]], 0xa54ac5bf0ea60dde),
    .init(.int32, [3, 3, 4, 3], -1, [[3, 3, 4, 3]], 0xd303d0d01a3ac9d9),
    .init(.float32, [2, 2, 1], 0, [[2, 2, 1]], 0x4475327f98e05411),
    .init(.float32, [9], -1, [[3], [3], [1], [2]], 0xb11d013568a3b7cf),
    .init(.int32, [5], -1, [[2], [3]], 0x3378e3d0c52edfaf),
    .init(.int32, [1, 6, 1], -2, [[1, 3, 1], [1, 2, 1], [1, 1, 1]], 0xa54ac5bf0ea60dde),
    .init(.float32, [3, 1], -2, [[3, 1]], 0xd949aa186c0c4928),
    .init(.int8, [6], -1, [[1], [3], [2]], 0xa54ac5bf0ea60dde),
    .init(.int16, [6, 2], -2, [[2, 2], [1, 2], [1, 2], [2, 2]], 0x2d7d4819416d7fb9),
    .init(.int8, [7, 2, 3, 4], -4, [[3, 2, 3, 4], [1, 2, 3, 4], [3, 2, 3, 4]], 0xafd85461602be49d),
    .init(.int16, [1, 2, 3, 1], 2, [[1, 2, 3, 1]], 0xa54ac5bf0ea60dde),
    .init(.int32, [6], 0, [[2], [3], [1]], 0xa54ac5bf0ea60dde),
    .init(.int32, [2, 4, 2], 0, [[2, 4, 2]], 0x7c84dc9477851775),
    .init(.float32, [3, 6, 1, 2], 1, [[3, 3, 1, 2], [3, 2, 1, 2], [3, 1, 1, 2]], 0x9ec381e29778c4d1),
    .init(.int8, [6, 2, 3, 1], 0, [[2, 2, 3, 1], [2, 2, 3, 1], [2, 2, 3, 1]], 0xa5c9b354237a1bf1),
    .init(.int8, [3, 3], -2, [[3, 3]], 0xb11d013568a3b7cf),
    .init(.int16, [1, 1], -1, [[1, 1]], 0xaf63bd4c8601b7df),
    .init(.float32, [6, 1, 2], -3, [[2, 1, 2], [1, 1, 2], [2, 1, 2], [1, 1, 2]], 0x2d7d4819416d7fb9),
    .init(.int32, [9], 0, [[3], [3], [3]], 0xb11d013568a3b7cf),
    .init(.float32, [5], 0, [[1], [1], [3]], 0x3378e3d0c52edfaf),
    .init(.int8, [1, 1, 2], 0, [[1, 1, 2]], 0x08328707b4eb6e3a),
    .init(.int16, [4, 8], -1, [[4, 1], [4, 3], [4, 3], [4, 1]], 0xb803a8b67c951be5),
    .init(.float32, [4, 4, 2, 1], 1, [[4, 2, 2, 1], [4, 1, 2, 1], [4, 1, 2, 1]], 0x3542235de33f584d),
    .init(.float32, [2, 5, 3, 4], 1, [[2, 2, 3, 4], [2, 1, 3, 4], [2, 2, 3, 4]], 0xdc3777b8d2ffbaed),
    .init(.float32, [2, 2, 3], -2, [[2, 1, 3], [2, 1, 3]], 0xcf93db808656fb2b),
    .init(.int8, [1, 4, 4], -2, [[1, 2, 4], [1, 2, 4]], 0x7c84dc9477851775),
    .init(.float32, [9], 0, [[3], [3], [3]], 0xb11d013568a3b7cf),
    .init(.int16, [7], 0, [[3], [3], [1]], 0x841bdba5e4298608),
    .init(.float32, [2, 4, 4], 1, [[2, 1, 4], [2, 1, 4], [2, 2, 4]], 0xdf53092dbcd84e85),
    .init(.int32, [1, 3, 6], 2, [[1, 3, 2], [1, 3, 3], [1, 3, 1]], 0x1b69d198b1796402),
]

/// Prepares (SPLIT when `storage` is nil, else SPLIT_V) and runs through the pointer-array invoke.
func runSplit(_ c: SplitCase, storage: UnsafeMutableBufferPointer<Int32>?) throws -> [[Int]] {
    var op = try Split(
        input: sliceShape(c.input), axis: c.axis, outputCount: c.outputs.count,
        elementByteSize: c.type.byteSize, axisExtentStorage: storage)
    for shape in c.outputs { try op.appendOutput(shape: sliceShape(shape)) }
    try op.finish()
    let input = c.type.encode(Array(0..<c.input.reduce(1, *)))
    let outputs = c.outputs.map {
        UnsafeMutableRawPointer.allocate(byteCount: max(1, $0.reduce(1, *) * c.type.byteSize), alignment: 8)
    }
    defer { outputs.forEach { $0.deallocate() } }
    let slots: [UnsafeMutableRawPointer?] = outputs
    input.withUnsafeBytes { i in
        slots.withUnsafeBufferPointer { op.invoke(input: i.baseAddress!, outputs: $0.baseAddress!) }
    }
    return zip(outputs, c.outputs).map { pointer, shape in
        c.type.decode(Array(UnsafeRawBufferPointer(start: pointer, count: shape.reduce(1, *) * c.type.byteSize)))
    }
}

@Suite struct SplitTests {
    @Test func splitMatchesPipTFLM() throws {
        for c in splitCases { #expect(try moveDigest(runSplit(c, storage: nil), c.type) == c.digest, "\(c)") }
    }

    @Test func splitVMatchesPipTFLM() throws {
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 8)
        defer { storage.deallocate() }
        for c in splitVCases { #expect(try moveDigest(runSplit(c, storage: storage), c.type) == c.digest, "\(c)") }
        // Equal pieces through the SPLIT_V path too.
        for c in splitCases { #expect(try moveDigest(runSplit(c, storage: storage), c.type) == c.digest, "\(c)") }
    }

    @Test func copyOutputSingly() throws {
        // [2, 5] split along axis 1 into 2 + 3: each output copied on its own.
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 2)
        defer { storage.deallocate() }
        var op = try Split(input: Shape(2, 5), axis: -1, outputCount: 2, elementByteSize: 1, axisExtentStorage: storage)
        try op.appendOutput(shape: Shape(2, 2))
        try op.appendOutput(shape: Shape(2, 3))
        try op.finish()
        let input: [Int8] = Array(0..<10)
        var second = [Int8](repeating: 0, count: 6)
        input.withUnsafeBytes { i in
            second.withUnsafeMutableBytes { op.copyOutput(1, from: i.baseAddress!, to: $0.baseAddress!) }
        }
        #expect(second == [2, 3, 4, 7, 8, 9])
    }

    @Test func prepareErrors() throws {
        #expect(throws: KernelError.self) { try Split(input: Shape(4), axis: 1, outputCount: 2, elementByteSize: 1) }
        #expect(throws: KernelError.self) { try Split(input: Shape(4), axis: -2, outputCount: 2, elementByteSize: 1) }
        #expect(throws: KernelError.self) { try Split(input: Shape(), axis: 0, outputCount: 1, elementByteSize: 1) }
        #expect(throws: KernelError.self) { try Split(input: Shape(4), axis: 0, outputCount: 0, elementByteSize: 1) }
        // Unequal SPLIT pieces (TFLM would copy output 0's extent into both).
        var op = try Split(input: Shape(2, 5), axis: 1, outputCount: 2, elementByteSize: 1)
        try op.appendOutput(shape: Shape(2, 2))
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(2, 3)) }
        // Wrong non-axis dimension, wrong rank, missing output, extents not adding up.
        op = try Split(input: Shape(2, 4), axis: 1, outputCount: 2, elementByteSize: 1)
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(3, 2)) }
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(2, 2, 1)) }
        try op.appendOutput(shape: Shape(2, 2))
        #expect(throws: KernelError.self) { try op.finish() }
        op = try Split(input: Shape(2, 4), axis: 1, outputCount: 2, elementByteSize: 1)
        try op.appendOutput(shape: Shape(2, 1))
        try op.appendOutput(shape: Shape(2, 1))
        #expect(throws: KernelError.self) { try op.finish() }
        #expect(throws: KernelError.self) { try op.appendOutput(shape: Shape(2, 1)) }  // one too many
        // SPLIT_V storage too small.
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1)
        defer { storage.deallocate() }
        #expect(throws: KernelError.self) {
            try Split(input: Shape(4), axis: 0, outputCount: 2, elementByteSize: 1, axisExtentStorage: storage)
        }
    }
}
