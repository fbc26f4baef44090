import Testing

@testable import KingletKernels

#if canImport(KingletKernelsX86V4)
    import KingletHostCPU
    import KingletKernelsX86V4
#endif

// HostConv2D (the host's im2col + int16 GEMM CONV_2D) against its oracle Conv2D.invoke, on seeded
// random cases; every case must give the same bytes. The seed is printed; a failure names the case.
// Every host SIMD tier the CPU has runs each case (the AVX-512 tier, KingletKernelsX86V4, beside
// the baseline); `HostSIMDTiers.report` prints which tiers were skipped.

#if !arch(arm)

    extension ConvolutionDraw {
        /// Redraws the depths wider (up to 80 input, 40 output channels): several 8-tap steps,
        /// channel tails past a multiple of 4, im2col blocks of a few pixels.
        mutating func widen(_ random: inout SplitMix64) {
            inputDepth = Int(random.range(1, 80))
            filterDepth = inputDepth
            outputDepth = Int(random.range(1, 40))
            let perChannel = filterScales.count > 1
            filterScales = (0..<(perChannel ? outputDepth : 1)).map { _ in random.scale(-10, -4) }
            inputData = random.int8s(batches * height * width * inputDepth)
            filterData = random.int8s(kernelHeight * kernelWidth * outputDepth * filterDepth, -128, 127)
            if bias != nil { bias = (0..<outputDepth).map { _ in random.range(-50000, 50000) } }
        }

        /// Reference and host outputs of CONV_2D (nil when grouped: HostConv2D does not take it).
        func hostConv2D() throws -> (reference: [Int8], host: [Int8], shortcut: Bool, tiers: [[Int8]])? {
            let filter = Dims4(outputDepth, kernelHeight, kernelWidth, filterDepth)
            return try withScaleList(filterScales) { scales in
                let op = try Conv2D(
                    inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: scales,
                    outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation,
                    padding: padding, strideHeight: strideHeight, strideWidth: strideWidth,
                    dilationHeight: dilationHeight, dilationWidth: dilationWidth, input: input, filter: filter,
                    output: output, biasElementCount: bias?.count)
                guard HostConv2D.supports(op) else { return nil }
                var scratch = [Int32](repeating: 0, count: max(Conv2D.scratchCount(filter: filter), 1))
                let hostBytes = HostConv2D.hostBytes(op)
                let host = UnsafeMutableRawPointer.allocate(byteCount: hostBytes, alignment: 16)
                defer { host.deallocate() }
                // Garbage in the block: the kernel must zero what it relies on.
                host.initializeMemory(as: UInt8.self, repeating: 0xA5, count: hostBytes)
                var reference = [Int8](repeating: 0, count: outputCount)
                var fast = [Int8](repeating: 0, count: outputCount)
                var shortcut = true
                var tiers: [[Int8]] = []
                scratch.withUnsafeMutableBufferPointer { slots in
                    withPointers(inputData, filterData, bias, &reference) { x, w, b, y in
                        op.invoke(input: x, filter: w, bias: b, output: y, scratch: slots.baseAddress!)
                    }
                }
                withPointers(inputData, filterData, bias, &fast) { x, w, b, y in
                    let optimized = OptimizedConv2D(op, table: nil, filter: nil, bias: nil)
                    let kernel = HostConv2D(optimized: optimized, filter: w, host: host)
                    shortcut = kernel.shortcut
                    // Twice: the second run starts from the first's im2col block.
                    kernel.invoke(input: x, bias: b, output: y)
                    kernel.invoke(input: x, bias: b, output: y)
                }
                #if canImport(KingletKernelsX86V4)
                    if HostSIMDTiers.avx512 {
                        let tierBytes = HostConv2DAVX512.hostBytes(op)
                        let tierHost = UnsafeMutableRawPointer.allocate(byteCount: tierBytes, alignment: 64)
                        defer { tierHost.deallocate() }
                        tierHost.initializeMemory(as: UInt8.self, repeating: 0xA5, count: tierBytes)
                        var wide = [Int8](repeating: 0, count: outputCount)
                        withPointers(inputData, filterData, bias, &wide) { x, w, b, y in
                            host.initializeMemory(as: UInt8.self, repeating: 0xA5, count: hostBytes)
                            let optimized = OptimizedConv2D(op, table: nil, filter: nil, bias: nil)
                            let baseline = HostConv2D(optimized: optimized, filter: w, host: host)
                            let kernel = HostConv2DAVX512(base: baseline, host: tierHost)
                            kernel.invoke(input: x, bias: b, output: y)
                            kernel.invoke(input: x, bias: b, output: y)
                        }
                        tiers.append(wide)
                    }
                #endif
                return (reference, fast, shortcut, tiers)
            }
        }
    }

    /// The host SIMD tiers this CPU runs, beside the baseline.
    enum HostSIMDTiers {
        static var avx512: Bool {
            #if canImport(KingletKernelsX86V4)
                return kinglet_host_isa_supported() >= KINGLET_HOST_ISA_AVX512
            #else
                return false
            #endif
        }

        static var report: String {
            avx512 ? "tiers run: baseline, avx512" : "tiers run: baseline (avx512 skipped: the CPU lacks it)"
        }
    }

    @Suite struct HostConv2DTests {
        static let seed: UInt64 = 0x5EED_C0DE_0020

        @Test func matchesReference() throws {
            print("HostConv2DTests.matchesReference seed \(Self.seed); \(HostSIMDTiers.report)")
            var random = SplitMix64(seed: Self.seed)
            var ran = 0
            for index in 0..<800 {
                var draw = ConvolutionDraw(&random, depthwise: false)
                if index % 2 == 1 { draw.widen(&random) }
                guard draw.isRunnable, let (reference, host, _, tiers) = try draw.hostConv2D() else { continue }
                ran += 1
                #expect(host == reference, "case \(index): \(draw.summary)")
                for (tier, output) in tiers.enumerated() {
                    #expect(output == reference, "tier \(tier + 1), case \(index): \(draw.summary)")
                }
            }
            #expect(ran > 400)
        }

        /// The requantization shortcut against fastMultiplyByQuantizedMultiplier (itself checked
        /// against multiplyByQuantizedMultiplier): random and extreme accumulators, multipliers
        /// other than Int32.min, every shift in -31...30.
        @Test func requantizerMatchesFastRequantization() {
            print("HostConv2DTests.requantizerMatchesFastRequantization seed \(Self.seed + 2)")
            var random = SplitMix64(seed: Self.seed + 2)
            let extremes: [Int32] = [0, 1, -1, 2, -2, .max, .min, .max - 1, .min + 1, 1 << 30, -(1 << 30)]
            for _ in 0..<40000 {
                let x = random.range(0, 3) == 0 ? extremes[Int(random.range(0, 10))] : random.int32()
                let draw = random.range(0, 3)
                var multiplier =
                    draw == 0
                    ? extremes[Int(random.range(0, 10))] : draw == 1 ? random.range(1 << 30, .max) : random.int32()
                if multiplier == .min { multiplier = .max }
                let shift = random.range(-31, 30)
                #expect(
                    Requantizer(multiplier: multiplier, shift: shift).scale(x)
                        == fastMultiplyByQuantizedMultiplier(x, multiplier, shift),
                    "x \(x) multiplier \(multiplier) shift \(shift)")
            }
        }

        /// Output scales so small that multipliers reach shifts above 30: those layers requantize
        /// through the reference's requantize (no shortcut), with the same bytes.
        @Test func largeMultipliersMatchReference() throws {
            print("HostConv2DTests.largeMultipliersMatchReference seed \(Self.seed + 3)")
            var random = SplitMix64(seed: Self.seed + 3)
            var ran = 0, referenceRequantized = 0
            for index in 0..<240 {
                var draw = ConvolutionDraw(&random, depthwise: false)
                draw.outputScale = Float(1e-14) * Float(random.range(1, 100))
                guard draw.isRunnable, let (reference, host, shortcut, tiers) = try? draw.hostConv2D() else { continue }
                ran += 1
                if !shortcut { referenceRequantized += 1 }
                #expect(host == reference, "case \(index): \(draw.summary)")
                for output in tiers { #expect(output == reference, "tier, case \(index): \(draw.summary)") }
            }
            #expect(ran > 30)
            #expect(referenceRequantized > 5)
        }

        /// Extremes: every input at -128 or 127 with zero point 127 or -128 (|x + offset| = 255),
        /// every weight -128: the largest products pmaddwd pairs.
        @Test func extremeValuesMatchReference() throws {
            print("HostConv2DTests.extremeValuesMatchReference seed \(Self.seed + 1)")
            var random = SplitMix64(seed: Self.seed + 1)
            for index in 0..<40 {
                var draw = ConvolutionDraw(&random, depthwise: false)
                draw.widen(&random)
                let low = index % 2 == 0
                draw.inputZeroPoint = low ? 127 : -128
                draw.inputData = draw.inputData.map { _ in low ? -128 : 127 }
                draw.filterData = draw.filterData.map { _ in -128 }
                guard draw.isRunnable, let (reference, host, _, tiers) = try draw.hostConv2D() else { continue }
                #expect(host == reference, "case \(index): \(draw.summary)")
                for output in tiers { #expect(output == reference, "tier, case \(index): \(draw.summary)") }
            }
        }
    }

#endif
