import Testing

@testable import KingletKernels

// Vectors from tools/vectors/cc/padding_vectors.cc (not run in CI), which calls TFLM's
// tensorflow/lite/kernels/padding.h (ComputeOutSizeChecked, ComputePaddingWithOffsetChecked) from a
// TFLM checkout given with -I (commit in tools/vectors/README.md):
//   g++ -std=c++17 -O2 -I$TFLM tools/vectors/cc/padding_vectors.cc -o padding_vectors && ./padding_vectors

@Suite struct PaddingTests {
    @Test func spotValues() throws {
        let height = try WindowAxis(padding: .same, inputSize: 5, filterSize: 3, stride: 2)
        let width = try WindowAxis(padding: .same, inputSize: 6, filterSize: 3, stride: 2)
        #expect(height.outputSize == 3 && height.paddingBefore == 1)
        #expect(width.outputSize == 3 && width.paddingBefore == 0)  // the odd pixel goes after
        let dilated = try WindowAxis(padding: .same, inputSize: 7, filterSize: 3, stride: 1, dilation: 2)
        #expect(dilated.outputSize == 7 && dilated.paddingBefore == 2)
        let empty = try WindowAxis(padding: .valid, inputSize: 3, filterSize: 5, stride: 3)
        #expect(empty.outputSize == 0 && empty.paddingBefore == 0)
        #expect(throws: KernelError.self) { try WindowAxis(padding: .valid, inputSize: 1, filterSize: 5, stride: 1) }
        #expect(throws: KernelError.self) { try WindowAxis(padding: .same, inputSize: 4, filterSize: 3, stride: 0) }
        #expect(throws: KernelError.self) {
            try WindowAxis(padding: .same, inputSize: 4, filterSize: 3, stride: 1, dilation: 0)
        }
        #expect(throws: KernelError.self) { try height.checkOutputSize(4, name: "output height") }
        try height.checkOutputSize(3, name: "output height")
    }

    @Test func matchesTFLMDigest() {
        var random = SplitMix64(seed: 50)
        var digest = Fnv()
        for _ in 0..<100_000 {
            let input = Int(random.range(0, 300))
            let filter = Int(random.range(1, 12))
            let stride = Int(random.range(1, 5))
            let dilation = Int(random.range(1, 4))
            let padding: Padding = random.next() & 1 == 1 ? .same : .valid
            do {
                let axis = try WindowAxis(
                    padding: padding, inputSize: input, filterSize: filter, stride: stride, dilation: dilation)
                digest.mix(Int32(1))
                digest.mix(Int32(1))
                digest.mix(axis.outputSize)
                digest.mix(axis.paddingBefore)
            } catch {
                digest.mix(Int32(0))
            }
        }
        #expect(digest.hash == 0x3a55_7779_de30_45aa)
    }
}
