import Testing

@testable import KingletKernels

// Differential test of the host-only channels-innermost DEPTHWISE_CONV_2D
// (HostDepthwiseConv2D.swift, reached through OptimizedDepthwiseConv2D.invoke on non-ARM
// targets) against the reference kernel: ConvolutionDraw's cases re-drawn with depths to 48, so
// the 16- and 8-channel blocks and the scalar tail all run, filters over the whole int8 range
// (-128 too: the largest Int16 product), extreme zero points (128 and 200, outside int8: the
// scalar path), depth multiplier mostly 1, or any with one input channel (micro_speech's shape),
// else the scalar path. The seed is printed; a failure names the case.

@Suite struct HostDepthwiseConv2DTests {
    static let seed: UInt64 = 0x5EED_C0DE_0D01

    @Test func matchesReference() throws {
        print("HostDepthwiseConv2DTests.matchesReference seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        var ran = 0, wide = 0, single = 0
        for index in 0..<500 {
            var draw = ConvolutionDraw(&random, depthwise: true)
            guard draw.isRunnable else { continue }
            let shape = random.range(0, 5)
            draw.depthMultiplier = shape == 0 ? Int(random.range(2, 3)) : shape == 1 ? Int(random.range(2, 40)) : 1
            draw.inputDepth = shape == 1 ? 1 : Int(random.range(1, 48))
            draw.outputDepth = draw.inputDepth * draw.depthMultiplier
            let zeroPoints: [Int32] = [-128, 127, 0, 128, 200]
            draw.inputZeroPoint =
                random.range(0, 2) == 0 ? zeroPoints[Int(random.range(0, 4))] : random.range(-128, 127)
            let perChannel = random.range(0, 1) == 1
            draw.filterScales = (0..<(perChannel ? draw.outputDepth : 1)).map { _ in random.scale(-10, -4) }
            draw.inputData = random.int8s(draw.batches * draw.height * draw.width * draw.inputDepth)
            draw.filterData = random.int8s(draw.kernelHeight * draw.kernelWidth * draw.outputDepth)
            if draw.bias != nil { draw.bias = (0..<draw.outputDepth).map { _ in random.range(-50000, 50000) } }
            ran += 1
            if draw.outputDepth >= 16 && (draw.depthMultiplier == 1 || draw.inputDepth == 1) { wide += 1 }
            if draw.inputDepth == 1 && draw.depthMultiplier > 1 { single += 1 }
            let (reference, optimized) = try draw.depthwiseConv2D(foldAtPrepare: index % 5 != 0)
            #expect(firstDifference(optimized, reference) == nil, "case \(index): \(draw.summary)")
        }
        #expect(ran > 300)
        #expect(wide > 100)
        #expect(single > 40)
    }
}

/// The first index where two outputs differ (nil when equal), so a failing case prints one
/// index rather than both arrays.
func firstDifference(_ a: [Int8], _ b: [Int8]) -> Int? {
    if a.count != b.count { return min(a.count, b.count) }
    return a.indices.first { a[$0] != b[$0] }
}
