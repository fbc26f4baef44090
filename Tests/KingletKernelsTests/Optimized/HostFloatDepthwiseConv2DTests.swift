import Testing

@testable import KingletKernels

// Differential test of the host-only float32 DEPTHWISE_CONV_2D (HostFloatDepthwiseConv2D.swift)
// against FloatDepthwiseConv2D.invoke, bit for bit, on seeded random cases: SAME and VALID
// padding, strides, dilations, channel counts below, at and past multiples of 8, with and without
// bias, every activation; inputs with zeros and negative zeros. The seed is printed; a failure
// names the case.

#if !arch(arm)
    @Suite struct HostFloatDepthwiseConv2DTests {
        static let seed: UInt64 = 0x5EED_F10A_D0_2D

        @Test func matchesReference() throws {
            print("HostFloatDepthwiseConv2DTests.matchesReference seed \(Self.seed)")
            var random = SplitMix64(seed: Self.seed)
            var vectorized = 0
            for index in 0..<300 {
                let batches = Int(random.range(1, 2))
                let inputHeight = Int(random.range(1, 9)), inputWidth = Int(random.range(1, 9))
                let depth = Int(random.range(1, 27))
                let filterHeight = Int(random.range(1, 3)), filterWidth = Int(random.range(1, 3))
                let stride = (Int(random.range(1, 2)), Int(random.range(1, 2)))
                let dilation = (Int(random.range(1, 2)), Int(random.range(1, 2)))
                let padding: Padding = random.range(0, 1) == 0 ? .same : .valid
                func outputSize(_ size: Int, _ filter: Int, _ stride: Int, _ dilation: Int) -> Int {
                    let span = (filter - 1) * dilation + 1
                    return padding == .same
                        ? (size + stride - 1) / stride : size < span ? 0 : (size - span) / stride + 1
                }
                let outputHeight = outputSize(inputHeight, filterHeight, stride.0, dilation.0)
                let outputWidth = outputSize(inputWidth, filterWidth, stride.1, dilation.1)
                guard outputHeight > 0, outputWidth > 0 else { continue }
                let withBias = random.range(0, 2) != 0
                let activation = activationsByFlatbufferValue[Int(random.range(0, 3))]
                let kernel = try FloatDepthwiseConv2D(
                    inputShape: Shape(batches, inputHeight, inputWidth, depth),
                    filterShape: Shape(1, filterHeight, filterWidth, depth),
                    biasElementCount: withBias ? depth : nil,
                    outputShape: Shape(batches, outputHeight, outputWidth, depth), padding: padding,
                    strideHeight: stride.0, strideWidth: stride.1, dilationHeight: dilation.0,
                    dilationWidth: dilation.1,
                    depthMultiplier: 1, activation: activation)
                #expect(kernel.hostApplies)
                func value() -> Float {
                    switch random.range(0, 9) {
                    case 0: return 0
                    case 1: return -0.0
                    default: return Float(random.range(-1000, 1000)) / 97
                    }
                }
                let input = (0..<batches * inputHeight * inputWidth * depth).map { _ in value() }
                let filter = (0..<filterHeight * filterWidth * depth).map { _ in value() }
                let bias = (0..<depth).map { _ in value() }
                var expected = [Float](repeating: .nan, count: batches * outputHeight * outputWidth * depth)
                var actual = expected
                input.withUnsafeBufferPointer { x in
                    filter.withUnsafeBufferPointer { w in
                        bias.withUnsafeBufferPointer { b in
                            let biasPointer = withBias ? b.baseAddress : nil
                            expected.withUnsafeMutableBufferPointer { y in
                                kernel.invoke(
                                    input: x.baseAddress!, filter: w.baseAddress!, bias: biasPointer,
                                    output: y.baseAddress!)
                            }
                            actual.withUnsafeMutableBufferPointer { y in
                                kernel.hostInvoke(
                                    input: x.baseAddress!, filter: w.baseAddress!, bias: biasPointer,
                                    output: y.baseAddress!)
                            }
                        }
                    }
                }
                if depth >= 8 { vectorized += 1 }
                #expect(
                    actual.map(\.bitPattern) == expected.map(\.bitPattern),
                    "case \(index): in \(inputHeight)x\(inputWidth)x\(depth) k \(filterHeight)x\(filterWidth) s \(stride) d \(dilation) \(padding)"
                )
            }
            #expect(vectorized > 100)
        }
    }
#endif
