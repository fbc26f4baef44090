// DEPTHWISE_CONV_2D int8, optimized; the oracle is DepthwiseConv2D.invoke
// (OptimizedConvolutionTests compare the two on seeded random cases). Same arithmetic: int32
// sums of w · (x - input zp) wrapping, + bias, MultiplyByQuantizedMultiplier, + output zp, clamp.
// What differs:
// - per channel the multiplier, shift and `bias + input offset · Σw` are computed once per
//   invoke (ChannelTable);
// - the valid taps are found once per output row and column (no bounds test per tap);
// - a window inside the input sums w · x from the folded bias (mod 2^32 the same sum); a window
//   over the padding sums w · (x + offset) over its valid taps, as the reference does;
// - a 3x3 window inside the input is unrolled;
// - indices wrap (&+ &*): prepare proved every offset inside the tensors.

public struct OptimizedDepthwiseConv2D: OptimizedConvolution, BitwiseCopyable {
    public private(set) var reference: DepthwiseConv2D
    let channelTable: ChannelTable

    public init(reference: DepthwiseConv2D, channelTable: ChannelTable) {
        (self.reference, self.channelTable) = (reference, channelTable)
    }

    /// Filter 1HWO: a channel's values are one per tap, `channels` apart.
    public static func channelLayout(_ reference: DepthwiseConv2D) -> ChannelLayout {
        let shape = reference.geometry.filter
        return (reference.quantization, shape.d3, 1, shape.d3, shape.d1 &* shape.d2)
    }

    /// As DepthwiseConv2D.invoke; `scratch` (`scratchCount` slots) takes the channel table,
    /// unless it persists (`ChannelTable.persistent`: then it may be nil).
    public func invoke(
        input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>,
        bias: UnsafePointer<Int32>?, output outputData: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutablePointer<Int32>?
    ) {
        let (multipliers, shifts, folded) = channelTable.begin(filter: filterData, bias: bias, scratch: scratch)
        #if !arch(arm)
            // Host only: channels innermost in SIMD lanes (HostDepthwiseConv2D.swift).
            if hostApplies {
                hostInvoke(
                    input: inputData, filter: filterData, bias: bias, output: outputData, multipliers, shifts, folded)
                return
            }
        #endif
        let quantization = reference.quantization, depthMultiplier = reference.depthMultiplier
        let inputDepth = reference.geometry.input.d3, filter = reference.geometry.filter
        let unrolled3x3 = filter.d1 == 3 && filter.d2 == 3

        forEachPixel(input: inputData, filter: filterData, output: outputData) { taps, outputPixel in
            var inChannel = 0, channel = 0
            while inChannel < inputDepth {
                var m = 0
                while m < depthMultiplier {
                    var sum: Int32
                    if taps.inside && unrolled3x3 {
                        let x = taps.input + inChannel, w = taps.filter + channel
                        let xStep = taps.columnStep, wStep = taps.filterColumnStep
                        let xRow = taps.rowStep, wRow = taps.filterRowStep
                        sum = folded[channel]
                        sum &+= tapRow3(x, w, xStep, wStep)
                        sum &+= tapRow3(x + xRow, w + wRow, xStep, wStep)
                        sum &+= tapRow3(x + 2 &* xRow, w + 2 &* wRow, xStep, wStep)
                    } else {
                        sum = taps.sum(
                            taps.inside ? folded[channel] : (bias?[channel] ?? 0), inputChannel: inChannel,
                            channel: channel)
                    }
                    outputPixel[channel] = quantization.requantizeFast(
                        sum, multiplier: multipliers[channel], shift: shifts[channel])
                    channel &+= 1
                    m &+= 1
                }
                inChannel &+= 1
            }
        }
    }

    /// Calls `body` for every output pixel, in NHWC order, with its window's valid taps and the
    /// pixel's output (channel 0).
    @inline(__always)
    func forEachPixel(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        _ body: (DepthwiseTaps, UnsafeMutablePointer<Int8>) -> Void
    ) {
        let geometry = reference.geometry, channels = geometry.output.d3, inputDepth = geometry.input.d3
        // Steps between taps: in the input (one dilated row or column), in the filter.
        let rowStep = geometry.rows.dilation &* geometry.input.d2 &* inputDepth
        let columnStep = geometry.columns.dilation &* inputDepth
        let filterRowStep = geometry.filter.d2 &* channels
        let inputOffset = reference.quantization.inputOffset
        var outputPixel = output
        geometry.forEachWindow { window in
            let (firstY, endY) = window.rows, (firstX, endX) = window.columns
            let taps = DepthwiseTaps(
                input: input + (window.origin &+ firstY &* rowStep &+ firstX &* columnStep),
                filter: filter + (firstY &* filterRowStep &+ firstX &* channels), rows: endY &- firstY,
                columns: endX &- firstX, rowStep: rowStep, columnStep: columnStep, filterRowStep: filterRowStep,
                filterColumnStep: channels, inside: window.inside, offset: window.inside ? 0 : inputOffset)
            body(taps, outputPixel)
            outputPixel += channels
        }
    }
}

/// One window's valid taps: the first one's input and filter values (channel 0), how many rows
/// and columns, the steps between them, and the offset added to each input value (inside the
/// input it is in the folded bias; over the padding it is applied per value).
struct DepthwiseTaps {
    let input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>
    let rows: Int, columns: Int
    let rowStep: Int, columnStep: Int, filterRowStep: Int, filterColumnStep: Int
    let inside: Bool
    let offset: Int32

    /// Calls `body(x, w)` for every tap in row, then column order: the input value of channel
    /// `inputChannel`, the filter value of output channel `channel`.
    @inline(__always)
    func forEach(inputChannel: Int, channel: Int, _ body: (UnsafePointer<Int8>, UnsafePointer<Int8>) -> Void) {
        var inputRow = input + inputChannel, filterRow = filter + channel
        var row = 0
        while row < rows {
            var x = inputRow, w = filterRow
            var column = 0
            while column < columns {
                body(x, w)
                x += columnStep
                w += filterColumnStep
                column &+= 1
            }
            inputRow += rowStep
            filterRow += filterRowStep
            row &+= 1
        }
    }

    /// `start` + Σ w · (x + offset) over the taps of one channel, wrapping.
    @inline(__always)
    func sum(_ start: Int32, inputChannel: Int, channel: Int) -> Int32 {
        var sum = start
        forEach(inputChannel: inputChannel, channel: channel) { x, w in
            sum &+= Int32(w.pointee) &* (Int32(x.pointee) &+ offset)
        }
        return sum
    }
}

/// One filter row of a 3-wide window inside the input: Σ w · x over its three taps.
@inline(__always)
private func tapRow3(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, _ xStep: Int, _ wStep: Int) -> Int32 {
    Int32(w[0]) &* Int32(x[0]) &+ Int32(w[wStep]) &* Int32(x[xStep])
        &+ Int32(w[2 &* wStep]) &* Int32(x[2 &* xStep])
}
