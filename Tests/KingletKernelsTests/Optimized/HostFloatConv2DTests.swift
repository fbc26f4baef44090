import Testing

@testable import KingletKernels

// Differential test of the host-only float32 CONV_2D (HostFloatConv2D.swift) against
// FloatConv2D.invoke, bit for bit, on seeded random cases: SAME and VALID padding, strides,
// dilations, output depths that are not multiples of 8, widths that take the four-pixel path and
// its edges, with and without bias, every activation; inputs with zeros and negative zeros (the
// sums' signs of zero must agree too). The seed is printed; a failure names the case.

#if !arch(arm)
    @Suite struct HostFloatConv2DTests {
        static let seed: UInt64 = 0x5EED_F10A_C0_2D

        @Test func matchesReference() throws {
            print("HostFloatConv2DTests.matchesReference seed \(Self.seed)")
            var random = SplitMix64(seed: Self.seed)
            var tiled = 0
            for index in 0..<300 {
                let batches = Int(random.range(1, 2))
                let inputHeight = Int(random.range(1, 9)), inputWidth = Int(random.range(1, 13))
                let depth = Int(random.range(1, 11)), outputDepth = Int(random.range(1, 20))
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
                let reference = try FloatConv2D(
                    inputShape: Shape(batches, inputHeight, inputWidth, depth),
                    filterShape: Shape(outputDepth, filterHeight, filterWidth, depth),
                    biasElementCount: withBias ? outputDepth : nil,
                    outputShape: Shape(batches, outputHeight, outputWidth, outputDepth), padding: padding,
                    strideHeight: stride.0, strideWidth: stride.1, dilationHeight: dilation.0,
                    dilationWidth: dilation.1,
                    activation: activation)
                #expect(HostFloatConv2D.supports(reference))
                func value() -> Float {
                    switch random.range(0, 9) {
                    case 0: return 0
                    case 1: return -0.0
                    default: return Float(random.range(-1000, 1000)) / 97
                    }
                }
                let input = (0..<batches * inputHeight * inputWidth * depth).map { _ in value() }
                let filter = (0..<outputDepth * filterHeight * filterWidth * depth).map { _ in value() }
                let bias = (0..<outputDepth).map { _ in value() }
                let count = batches * outputHeight * outputWidth * outputDepth
                var expected = [Float](repeating: .nan, count: count)
                var actual = expected
                let host = UnsafeMutableRawPointer.allocate(
                    byteCount: max(HostFloatConv2D.hostBytes(reference), 1), alignment: 16)
                defer { host.deallocate() }
                host.initializeMemory(as: UInt8.self, repeating: 0, count: HostFloatConv2D.hostBytes(reference))
                filter.withUnsafeBufferPointer { w in
                    let kernel = HostFloatConv2D(reference: reference, filter: w.baseAddress!, host: host)
                    input.withUnsafeBufferPointer { x in
                        bias.withUnsafeBufferPointer { b in
                            let biasPointer = withBias ? b.baseAddress : nil
                            expected.withUnsafeMutableBufferPointer { y in
                                reference.invoke(
                                    input: x.baseAddress!, filter: w.baseAddress!, bias: biasPointer,
                                    output: y.baseAddress!)
                            }
                            actual.withUnsafeMutableBufferPointer { y in
                                kernel.invoke(input: x.baseAddress!, bias: biasPointer, output: y.baseAddress!)
                            }
                        }
                    }
                }
                if outputWidth >= 4 { tiled += 1 }
                #expect(
                    actual.map(\.bitPattern) == expected.map(\.bitPattern),
                    "case \(index): in \(inputHeight)x\(inputWidth)x\(depth) out \(outputDepth) k \(filterHeight)x\(filterWidth) s \(stride) d \(dilation) \(padding)"
                )
            }
            #expect(tiled > 50)
        }
    }
#endif
