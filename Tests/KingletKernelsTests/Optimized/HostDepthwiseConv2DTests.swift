import Testing

@testable import KingletKernels

#if canImport(KingletKernelsX86V4)
    import KingletKernelsX86V4
#endif

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

#if canImport(KingletKernelsX86V4)
    /// The AVX-512 tier (HostDepthwiseConv2DAVX512) against the reference, when the CPU has it:
    /// depth multiplier 1, depths a multiple of 8 up to 64 (16-channel blocks and an 8-channel
    /// tail), filters over the whole int8 range, extreme zero points, tiny output scales (the
    /// baseline fallback). The seed is printed, with the tiers run.
    @Suite struct HostDepthwiseConv2DAVX512Tests {
        static let seed: UInt64 = 0x5EED_C0DE_0D02

        @Test func matchesReference() throws {
            print("HostDepthwiseConv2DAVX512Tests.matchesReference seed \(Self.seed); \(HostSIMDTiers.report)")
            guard HostSIMDTiers.avx512 else { return }
            var random = SplitMix64(seed: Self.seed)
            var ran = 0
            for index in 0..<400 {
                var draw = ConvolutionDraw(&random, depthwise: true)
                guard draw.isRunnable else { continue }
                draw.depthMultiplier = 1
                draw.inputDepth = 8 * Int(random.range(1, 8))
                draw.outputDepth = draw.inputDepth
                let zeroPoints: [Int32] = [-128, 127, 0]
                draw.inputZeroPoint =
                    random.range(0, 2) == 0 ? zeroPoints[Int(random.range(0, 2))] : random.range(-128, 127)
                let perChannel = random.range(0, 1) == 1
                draw.filterScales = (0..<(perChannel ? draw.outputDepth : 1)).map { _ in random.scale(-10, -4) }
                if index % 10 == 9 { draw.outputScale = Float(1e-14) * Float(random.range(1, 100)) }
                draw.inputData = random.int8s(draw.batches * draw.height * draw.width * draw.inputDepth)
                draw.filterData = random.int8s(draw.kernelHeight * draw.kernelWidth * draw.outputDepth)
                if draw.bias != nil { draw.bias = (0..<draw.outputDepth).map { _ in random.range(-50000, 50000) } }
                guard let (reference, tier) = try? draw.depthwiseAVX512() else { continue }
                ran += 1
                #expect(firstDifference(tier, reference) == nil, "case \(index): \(draw.summary)")
            }
            #expect(ran > 250)
        }
    }

    extension ConvolutionDraw {
        /// Reference and AVX-512 tier outputs (the tier's baseline fallback when not `shortcut`).
        func depthwiseAVX512() throws -> (reference: [Int8], tier: [Int8]) {
            let filter = Dims4(1, kernelHeight, kernelWidth, outputDepth)
            return try withScaleList(filterScales, quantizedDimension: 3) { scales in
                let op = try DepthwiseConv2D(
                    inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                    outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation,
                    padding: padding, depthMultiplier: depthMultiplier, strideHeight: strideHeight,
                    strideWidth: strideWidth, dilationHeight: dilationHeight, dilationWidth: dilationWidth,
                    input: input, filter: filter, output: output, biasElementCount: bias?.count)
                var scratch = [Int32](repeating: 0, count: max(DepthwiseConv2D.scratchCount(filter: filter), 1))
                var reference = [Int8](repeating: 0, count: outputCount)
                var tier = [Int8](repeating: 0, count: outputCount)
                scratch.withUnsafeMutableBufferPointer { slots in
                    withPointers(inputData, filterData, bias, &reference) { x, w, b, y in
                        op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                    }
                }
                #expect(HostDepthwiseConv2DAVX512.applies(op))
                let bytes = HostDepthwiseConv2DAVX512.hostBytes(op)
                let host = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
                defer { host.deallocate() }
                host.initializeMemory(as: UInt8.self, repeating: 0xA5, count: bytes)
                withPointers(inputData, filterData, bias, &tier) { x, w, b, y in
                    let kernel = HostDepthwiseConv2DAVX512(reference: op, filter: w, host: host)
                    if kernel.shortcut {
                        kernel.invoke(input: x, bias: b, output: y)
                    } else {
                        scratch.withUnsafeMutableBufferPointer { slots in
                            op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                        }
                    }
                }
                return (reference, tier)
            }
        }
    }
#endif

/// The first index where two outputs differ (nil when equal), so a failing case prints one
/// index rather than both arrays.
func firstDifference(_ a: [Int8], _ b: [Int8]) -> Int? {
    if a.count != b.count { return min(a.count, b.count) }
    return a.indices.first { a[$0] != b[$0] }
}
