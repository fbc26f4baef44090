import Testing

@testable import KingletKernels

// LceBconv2d's accumulator against its definition, on seeded random cases: for output (n, oy, ox,
// o), the number of channels of the group where the input bit and the filter bit differ, over the
// taps of the window, a tap outside the input reading bit 0 (+1, "one padding"). The kernel's
// window walk (interior runs, border taps, groups, dilation) must give that count exactly. The
// zoo (BNNZooTests) and the live check (tools/bnn/conformance.py) compare whole operators with
// LCE; this covers shapes the zoo lacks: groups, several words, dilation with stride, batches.

/// One drawn bconv: shapes, options and bitpacked data with every row's padding bits clear.
private struct BconvDraw {
    var batches = 1, height = 1, width = 1, channelsIn = 1, groups = 1, channels = 1
    var kernelHeight = 1, kernelWidth = 1, strideHeight = 1, strideWidth = 1
    var dilationHeight = 1, dilationWidth = 1, padding = Padding.same
    var input: [Int32] = [], filter: [Int32] = []

    var inputWords: Int { (channelsIn + 31) / 32 }
    var filterWords: Int { inputWords / groups }
    var channelsPerGroup: Int { channelsIn / groups }

    init(_ random: inout SplitMix64) {
        batches = Int(random.range(1, 2))
        height = Int(random.range(1, 9))
        width = Int(random.range(1, 9))
        groups = random.range(0, 3) == 0 ? Int(random.range(2, 3)) : 1
        // Grouped: whole words per group (LCE's constraint); else any count, odd tails included.
        channelsIn = groups > 1 ? groups * 32 * Int(random.range(1, 2)) : Int(random.range(1, 100))
        channels = groups * Int(random.range(1, 6))
        kernelHeight = Int(random.range(1, 4))
        kernelWidth = Int(random.range(1, 4))
        strideHeight = Int(random.range(1, 3))
        strideWidth = Int(random.range(1, 3))
        dilationHeight = random.range(0, 3) == 0 ? 2 : 1
        dilationWidth = random.range(0, 3) == 0 ? 2 : 1
        padding = random.range(0, 1) == 0 ? .same : .valid
        input = Self.packed(rows: batches * height * width, channels: channelsIn, &random)
        filter = (0..<channels * kernelHeight * kernelWidth).flatMap { _ in
            Self.packed(rows: groups, channels: channelsPerGroup, &random)
        }
    }

    static func packed(rows: Int, channels: Int, _ random: inout SplitMix64) -> [Int32] {
        let words = (channels + 31) / 32
        return (0..<rows * words).map { index in
            let valid = min(32, channels - (index % words) * 32)
            let mask: UInt32 = valid == 32 ? ~0 : (1 << UInt32(valid)) - 1
            return Int32(bitPattern: UInt32(truncatingIfNeeded: random.next()) & mask)
        }
    }

    func bit(_ words: [Int32], _ word: Int, _ channel: Int) -> Bool {
        (UInt32(bitPattern: words[word + channel / 32]) >> UInt32(channel % 32)) & 1 == 1
    }

    /// The accumulator from the definition, channel by channel, and (for zero padding) the sum over
    /// the taps outside the input of the filter's +-1 values.
    func accumulator(
        _ n: Int, _ oy: Int, _ ox: Int, _ o: Int, rows: WindowAxis, columns: WindowAxis
    ) -> (count: Int32, outside: Int32) {
        let group = o / (channels / groups)
        var count: Int32 = 0, outside: Int32 = 0
        for fy in 0..<kernelHeight {
            for fx in 0..<kernelWidth {
                let y = oy * rows.stride - rows.paddingBefore + fy * rows.dilation
                let x = ox * columns.stride - columns.paddingBefore + fx * columns.dilation
                let inside = y >= 0 && y < height && x >= 0 && x < width
                let filterWord = ((o * kernelHeight + fy) * kernelWidth + fx) * filterWords
                let inputWord = ((n * height + y) * width + x) * inputWords
                for c in 0..<channelsPerGroup {
                    let inputBit = inside && bit(input, inputWord, group * channelsPerGroup + c)
                    if inputBit != bit(filter, filterWord, c) { count += 1 }
                    if !inside { outside += bit(filter, filterWord, c) ? -1 : 1 }
                }
            }
        }
        return (count, outside)
    }
}

@Suite struct LceBconv2dTests {
    static let seed: UInt64 = 0x5EED_0B_C02D

    /// Float output with post multiplier -1 and post bias Kd: the transform maps the accumulator to
    /// 2 * accumulator exactly (integers below 2^24), plus the outside sum under zero padding, so
    /// every output value pins the kernel's window walk to the definition.
    @Test func accumulatorMatchesTheDefinition() throws {
        print("LceBconv2dTests.accumulatorMatchesTheDefinition seed \(Self.seed)")
        var random = SplitMix64(seed: Self.seed)
        var checked = 0, zeroPadded = 0
        for index in 0..<400 {
            let draw = BconvDraw(&random)
            // VALID windows larger than the input have no output: drawn again.
            guard
                let rows = try? WindowAxis(
                    padding: draw.padding, inputSize: draw.height, filterSize: draw.kernelHeight,
                    stride: draw.strideHeight, dilation: draw.dilationHeight),
                let columns = try? WindowAxis(
                    padding: draw.padding, inputSize: draw.width, filterSize: draw.kernelWidth,
                    stride: draw.strideWidth, dilation: draw.dilationWidth),
                rows.outputSize > 0, columns.outputSize > 0
            else { continue }
            // Zero padding: LCE's default kernels allow it for ungrouped SAME convolutions only.
            let zeroPadding = draw.padding == .same && draw.groups == 1 && index % 2 == 0
            var kernel = try LceBconv2d(
                input: Dims4(draw.batches, draw.height, draw.width, draw.inputWords),
                filter: Dims4(draw.channels, draw.kernelHeight, draw.kernelWidth, draw.filterWords),
                output: Dims4(draw.batches, rows.outputSize, columns.outputSize, draw.channels),
                channelsIn: draw.channelsIn, mode: .float32, padding: draw.padding, padValues: zeroPadding ? 0 : 1,
                strideHeight: draw.strideHeight, strideWidth: draw.strideWidth,
                dilationHeight: draw.dilationHeight, dilationWidth: draw.dilationWidth, activation: 0)
            let multipliers = [Float](repeating: -1, count: draw.channels)
            let biases = [Float](repeating: Float(kernel.kd), count: draw.channels)
            var table = [Float](repeating: 0, count: kernel.transformCount)
            try table.withUnsafeMutableBufferPointer { table in
                try kernel.writeTransform(
                    into: table.baseAddress!, multiplier: multipliers.withUnsafeBytes { $0.baseAddress! },
                    bias: biases.withUnsafeBytes { $0.baseAddress! })
            }
            let pixels = draw.batches * rows.outputSize * columns.outputSize
            var output = [Float](repeating: .nan, count: pixels * draw.channels)
            table.withUnsafeBufferPointer { table in
                kernel.transform = table.baseAddress
                draw.input.withUnsafeBufferPointer { input in
                    draw.filter.withUnsafeBufferPointer { filter in
                        output.withUnsafeMutableBytes { output in
                            kernel.invoke(
                                input: input.baseAddress!, filter: filter.baseAddress!, output: output.baseAddress!)
                        }
                    }
                }
            }
            var position = 0
            for n in 0..<draw.batches {
                for oy in 0..<rows.outputSize {
                    for ox in 0..<columns.outputSize {
                        for o in 0..<draw.channels {
                            let (count, outside) = draw.accumulator(n, oy, ox, o, rows: rows, columns: columns)
                            let expected = Float(2 * count) + (zeroPadding ? Float(outside) : 0)
                            #expect(output[position] == expected, "case \(index) (n \(n), y \(oy), x \(ox), o \(o))")
                            position += 1
                        }
                    }
                }
            }
            checked += 1
            if zeroPadding { zeroPadded += 1 }
        }
        #expect(checked > 300 && zeroPadded > 50)
    }
}
