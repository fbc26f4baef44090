// CONV_2D int8, optimized; the oracle is Conv2D.invoke (OptimizedConvolutionTests compare the two on
// seeded random cases). Same arithmetic: int32 sums of w · (x - input zp) wrapping, + bias,
// MultiplyByQuantizedMultiplier, + output zp, clamp. What differs is the order of the work:
// - per channel the multiplier, shift and `bias + input offset · Σw` are computed once per
//   invoke (ChannelTable);
// - a window inside the input sums w · x from that folded bias (mod 2^32 the same sum), two
//   output channels at a time; a window that overlaps the padding sums w · (x + offset) over
//   the valid taps only, as the reference does;
// - 1x1 filters (no padding by construction) take two pixels by two channels per step;
// - indices wrap (&+ &*): prepare proved every offset inside the tensors, so the loops carry no
//   overflow checks.
// Grouped convolutions take the valid-taps path for every window.

public struct OptimizedConv2D: OptimizedConvolution, BitwiseCopyable {
    public private(set) var reference: Conv2D
    let channelTable: ChannelTable

    public init(reference: Conv2D, channelTable: ChannelTable) {
        (self.reference, self.channelTable) = (reference, channelTable)
    }

    /// Filter OHWI: a channel's values are contiguous.
    public static func channelLayout(_ reference: Conv2D) -> ChannelLayout {
        let shape = reference.geometry.filter, taps = shape.d1 &* shape.d2 &* shape.d3
        return (reference.quantization, shape.d0, taps, 1, taps)
    }

    /// As Conv2D.invoke; `scratch` (`scratchCount` slots) takes the channel table, unless it
    /// persists (`ChannelTable.persistent`: then it may be nil).
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
        let inputHeight = input.d1, inputWidth = input.d2, inputDepth = input.d3
        let filterHeight = filter.d1, filterWidth = filter.d2, depth = filter.d3
        let filterSize = filterHeight &* filterWidth &* depth
        let inputRowBytes = inputWidth &* inputDepth
        let grouped = inputDepth != depth
        let filtersPerGroup = channels / (inputDepth / depth)
        // Within a filter row, taps are contiguous in the input when the columns are not dilated.
        let runLength = columns.dilation == 1 ? filterWidth &* depth : depth
        let runsPerRow = columns.dilation == 1 ? 1 : filterWidth
        let runStep = columns.dilation &* depth
        let pointwise = filterHeight == 1 && filterWidth == 1 && !grouped

        @inline(__always) func store(_ accumulator: Int32, _ channel: Int, _ pixel: UnsafeMutablePointer<Int8>) {
            pixel[channel] = quantization.requantizeFast(
                accumulator, multiplier: multipliers[channel], shift: shifts[channel])
        }

        var outputPixel = outputData
        if pointwise {
            // 1x1: no padding (SAME with a 1-tap filter pads nothing); two pixels at a time, an odd
            // last pixel paired with itself. At stride 1 the whole tensor is one run of pixels.
            let dense = rows.stride == 1 && columns.stride == 1
            let runs = dense ? 1 : output.d0 &* output.d1
            let pixels = dense ? output.d0 &* output.d1 &* output.d2 : output.d2
            let pixelStep = columns.stride &* depth
            var row = 0
            while row < runs {
                let batch = row / output.d1, outY = row &- batch &* output.d1
                let start = inputData + (batch &* inputHeight &+ outY &* rows.stride) &* inputRowBytes
                var pixel = 0
                while pixel < pixels {
                    let pair = pixel &+ 1 < pixels
                    let x0 = start + pixel &* pixelStep
                    pointwisePair(
                        x0, pair ? x0 + pixelStep : x0, filterData, folded, depth, channels, outputPixel,
                        pair ? outputPixel + channels : outputPixel, store)
                    outputPixel += (pair ? 2 : 1) &* channels
                    pixel &+= 2
                }
                row &+= 1
            }
            return
        }
        geometry.forEachWindow { window in
            let origin = inputData + window.origin
            if !grouped && window.inside {
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
                // Over the padding (or grouped): the valid taps only, the offset applied per value.
                var channel = 0
                while channel < channels {
                    let filterChannel = filterData + channel &* filterSize
                    let groupOrigin = origin + (channel / filtersPerGroup) &* depth
                    var sum = bias?[channel] ?? 0
                    var filterY = window.rows.first
                    while filterY < window.rows.end {
                        let inputRow = groupOrigin + rows.dilation &* filterY &* inputRowBytes
                        let filterRow = filterChannel + filterY &* filterWidth &* depth
                        var filterX = window.columns.first
                        while filterX < window.columns.end {
                            let x = inputRow + columns.dilation &* filterX &* inputDepth
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
