// CONV_2D int8, optimized; the oracle is Conv2D.invoke (OptimizedConv2DTests compare the two on
// seeded random cases). Same arithmetic: int32 sums of w · (x - input zp) wrapping, + bias,
// MultiplyByQuantizedMultiplier, + output zp, clamp. What differs is the order of the work:
// - prepare keeps per channel the multiplier, shift and `bias + input offset · Σw` (ChannelTable);
// - a window inside the input sums w · x from that folded bias (mod 2^32 the same sum), two
//   output channels at a time; a window that overlaps the padding sums w · (x + offset) over
//   the valid taps only, as the reference does;
// - 1x1 filters (no padding by construction) take two pixels by two channels per step;
// - indices wrap (&+ &*): prepare proved every offset inside the tensors, so the loops carry no
//   overflow checks.
// Grouped convolutions stay with the reference (`isApplicable`).

public struct OptimizedConv2D: BitwiseCopyable {
    public private(set) var reference: Conv2D
    let channelTable: ChannelTable

    /// Int8 with one group only.
    public static func isApplicable(_ reference: Conv2D) -> Bool {
        reference.geometry.input.d3 == reference.geometry.filter.d3
    }

    /// Int32 slots of `table`.
    public static func tableCount(_ reference: Conv2D) -> Int {
        ChannelTable.count(channels: reference.geometry.output.d3)
    }

    /// `table` holds `tableCount` slots that live as long as the op data; `filter` and `bias` are
    /// the constant tensors (filter nil when it is not constant: each invoke then folds).
    public init(
        _ reference: Conv2D, table: UnsafeMutablePointer<Int32>, filter: UnsafePointer<Int8>?,
        bias: UnsafePointer<Int32>?
    ) {
        self.reference = reference
        let shape = reference.geometry.filter, taps = shape.d1 &* shape.d2 &* shape.d3
        channelTable = ChannelTable(
            base: table, quantization: reference.quantization, channelStride: taps, tapStride: 1, taps: taps,
            filter: filter, bias: bias)
    }

    /// As Conv2D.invoke; `scratch` (Conv2D.scratchCount slots) is read only when multipliers are
    /// recomputed per invoke (`ChannelTable.precomputesMultipliers` false), else it may be nil.
    public func invoke(
        input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>,
        bias: UnsafePointer<Int32>?, output outputData: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutablePointer<Int32>?
    ) {
        let quantization = reference.quantization, geometry = reference.geometry
        let channels = geometry.output.d3
        let (multipliers, shifts, folded) = channelTable.begin(filter: filterData, bias: bias, scratch: scratch)
        let input = geometry.input, filter = geometry.filter, output = geometry.output
        let rows = geometry.rows, columns = geometry.columns, inputOffset = quantization.inputOffset
        let inputHeight = input.d1, inputWidth = input.d2, depth = input.d3
        let filterHeight = filter.d1, filterWidth = filter.d2
        let filterSize = filterHeight &* filterWidth &* depth
        let inputRowBytes = inputWidth &* depth
        // Within a filter row, taps are contiguous in the input when the columns are not dilated.
        let runLength = columns.dilation == 1 ? filterWidth &* depth : depth
        let runsPerRow = columns.dilation == 1 ? 1 : filterWidth
        let runStep = columns.dilation &* depth
        let pointwise = filterHeight == 1 && filterWidth == 1

        @inline(__always) func store(_ accumulator: Int32, _ channel: Int, _ pixel: UnsafeMutablePointer<Int8>) {
            pixel[channel] = quantization.requantize(
                accumulator, multiplier: multipliers[channel], shift: shifts[channel])
        }

        var outputPixel = outputData
        var batch = 0
        while batch < output.d0 {
            let inputBatch = inputData + batch &* inputHeight &* inputRowBytes
            var outY = 0
            while outY < output.d1 {
                let inYOrigin = outY &* rows.stride &- rows.paddingBefore
                let (firstY, endY) = validTaps(
                    origin: inYOrigin, size: inputHeight, filterSize: filterHeight, dilation: rows.dilation)
                var outX = 0
                if pointwise {
                    // 1x1: no padding (SAME with a 1-tap filter pads nothing); two pixels at a time.
                    let row = inputBatch + inYOrigin &* inputRowBytes
                    let pixelStep = columns.stride &* depth
                    while outX &+ 1 < output.d2 {
                        let x0 = row + outX &* pixelStep
                        pointwisePair(
                            x0, x0 + pixelStep, filterData, folded, depth, channels, outputPixel,
                            outputPixel + channels, store)
                        outputPixel += 2 &* channels
                        outX &+= 2
                    }
                }
                while outX < output.d2 {
                    let inXOrigin = outX &* columns.stride &- columns.paddingBefore
                    let (firstX, endX) = validTaps(
                        origin: inXOrigin, size: inputWidth, filterSize: filterWidth, dilation: columns.dilation)
                    let origin = inputBatch + (inYOrigin &* inputRowBytes &+ inXOrigin &* depth)
                    if firstY == 0 && endY == filterHeight && firstX == 0 && endX == filterWidth {
                        // Inside the input: every tap, from the folded bias, two channels at a time
                        // (an odd last channel pairs with itself).
                        var channel = 0
                        while channel < channels {
                            let pair = channel &+ 1 < channels
                            let filter0 = filterData + channel &* filterSize
                            let filter1 = pair ? filter0 + filterSize : filter0
                            var sum0 = folded[channel], sum1 = pair ? folded[channel &+ 1] : sum0
                            var inputRow = origin, filterRow = 0
                            var filterY = 0
                            while filterY < filterHeight {
                                var run = 0, inputRun = inputRow
                                while run < runsPerRow {
                                    dotPair(inputRun, filter0 + filterRow, filter1 + filterRow, runLength, &sum0, &sum1)
                                    inputRun += runStep
                                    filterRow &+= runLength
                                    run &+= 1
                                }
                                inputRow += rows.dilation &* inputRowBytes
                                filterY &+= 1
                            }
                            store(sum0, channel, outputPixel)
                            if pair { store(sum1, channel &+ 1, outputPixel) }
                            channel &+= 2
                        }
                    } else {
                        // Over the padding: the valid taps only, with the offset applied per value.
                        var channel = 0
                        while channel < channels {
                            let filterChannel = filterData + channel &* filterSize
                            var sum = bias?[channel] ?? 0
                            var filterY = firstY
                            while filterY < endY {
                                let inputRow = origin + rows.dilation &* filterY &* inputRowBytes
                                let filterRow = filterChannel + filterY &* filterWidth &* depth
                                var filterX = firstX
                                while filterX < endX {
                                    let x = inputRow + columns.dilation &* filterX &* depth
                                    let w = filterRow + filterX &* depth
                                    var k = 0
                                    while k < depth {
                                        sum &+= Int32(w[k]) &* (Int32(x[k]) &+ inputOffset)
                                        k &+= 1
                                    }
                                    filterX &+= 1
                                }
                                filterY &+= 1
                            }
                            store(sum, channel, outputPixel)
                            channel &+= 1
                        }
                    }
                    outputPixel += channels
                    outX &+= 1
                }
                outY &+= 1
            }
            batch &+= 1
        }
    }
}

/// Two dot products over `count` int8 pairs sharing the input: sum0 += Σ w0·x, sum1 += Σ w1·x.
@inline(__always)
func dotPair(
    _ x: UnsafePointer<Int8>, _ w0: UnsafePointer<Int8>, _ w1: UnsafePointer<Int8>, _ count: Int,
    _ sum0: inout Int32, _ sum1: inout Int32
) {
    var a = sum0, b = sum1
    var k = 0
    while k < count {
        let value = Int32(x[k])
        a &+= Int32(w0[k]) &* value
        b &+= Int32(w1[k]) &* value
        k &+= 1
    }
    sum0 = a
    sum1 = b
}

/// 1x1 convolution of two pixels (inputs x0, x1; outputs y0, y1) over every channel: two pixels
/// by two channels per step, from the folded biases.
@inline(__always)
func pointwisePair(
    _ x0: UnsafePointer<Int8>, _ x1: UnsafePointer<Int8>, _ filter: UnsafePointer<Int8>,
    _ folded: UnsafePointer<Int32>, _ depth: Int, _ channels: Int,
    _ y0: UnsafeMutablePointer<Int8>, _ y1: UnsafeMutablePointer<Int8>,
    _ store: (Int32, Int, UnsafeMutablePointer<Int8>) -> Void
) {
    var channel = 0
    while channel < channels {
        let w0 = filter + channel &* depth
        // An odd last channel pairs with itself.
        let pair = channel &+ 1 < channels
        let w1 = pair ? w0 + depth : w0
        var s00 = folded[channel], s10 = s00
        var s01 = pair ? folded[channel &+ 1] : s00, s11 = s01
        var k = 0
        while k < depth {
            let a = Int32(x0[k]), b = Int32(x1[k])
            let p = Int32(w0[k]), q = Int32(w1[k])
            s00 &+= p &* a
            s10 &+= p &* b
            s01 &+= q &* a
            s11 &+= q &* b
            k &+= 1
        }
        store(s00, channel, y0)
        store(s10, channel, y1)
        if pair {
            store(s01, channel &+ 1, y0)
            store(s11, channel &+ 1, y1)
        }
        channel &+= 2
    }
}
