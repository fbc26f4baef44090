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
        self.reference = reference
        self.channelTable = channelTable
    }

    /// Filter 1HWO: a channel's values are one per tap, `channels` apart.
    public static func channelLayout(
        _ reference: DepthwiseConv2D
    ) -> (quantization: ConvolutionQuantization, channels: Int, channelStride: Int, tapStride: Int, taps: Int) {
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
        #if !arch(arm)
            // Host only: channels innermost in SIMD lanes (HostDepthwiseConv2D.swift).
            if hostApplies {
                hostInvoke(input: inputData, filter: filterData, bias: bias, output: outputData, scratch: scratch)
                return
            }
        #endif
        let quantization = reference.quantization, geometry = reference.geometry
        let depthMultiplier = reference.depthMultiplier
        let channels = geometry.output.d3
        let (multipliers, shifts, folded) = channelTable.begin(filter: filterData, bias: bias, scratch: scratch)
        let input = geometry.input, filter = geometry.filter
        let rows = geometry.rows, columns = geometry.columns, inputOffset = quantization.inputOffset
        let inputWidth = input.d2, inputDepth = input.d3
        let filterHeight = filter.d1, filterWidth = filter.d2
        let inputRowBytes = inputWidth &* inputDepth
        // Steps between taps: in the input (one dilated row or column), in the filter.
        let rowStep = rows.dilation &* inputRowBytes, columnStep = columns.dilation &* inputDepth
        let filterRowStep = filterWidth &* channels
        let unrolled3x3 = filterHeight == 3 && filterWidth == 3

        var outputPixel = outputData
        geometry.forEachWindow { window in
            let (firstY, endY) = window.rows, (firstX, endX) = window.columns
            // The first valid tap, in the input (channel 0) and the filter (channel 0).
            let origin = inputData + (window.origin &+ firstY &* rowStep &+ firstX &* columnStep)
            let filterOrigin = filterData + (firstY &* filterRowStep &+ firstX &* channels)
            // Inside the input the offset is in the folded bias; over the padding it is applied per value.
            let inside = window.inside
            let offset = inside ? 0 : inputOffset
            var inChannel = 0, channel = 0
            while inChannel < inputDepth {
                let x = origin + inChannel
                var m = 0
                while m < depthMultiplier {
                    let w = filterOrigin + channel
                    var sum: Int32
                    if inside && unrolled3x3 {
                        sum = folded[channel]
                        sum &+= tapRow3(x, w, columnStep, channels)
                        sum &+= tapRow3(x + rowStep, w + filterRowStep, columnStep, channels)
                        sum &+= tapRow3(x + 2 &* rowStep, w + 2 &* filterRowStep, columnStep, channels)
                    } else {
                        sum = inside ? folded[channel] : (bias?[channel] ?? 0)
                        var inputRow = x, filterRow = w
                        var filterY = firstY
                        while filterY < endY {
                            var xTap = inputRow, wTap = filterRow
                            var filterX = firstX
                            while filterX < endX {
                                sum &+= Int32(wTap.pointee) &* (Int32(xTap.pointee) &+ offset)
                                xTap += columnStep
                                wTap += channels
                                filterX &+= 1
                            }
                            inputRow += rowStep
                            filterRow += filterRowStep
                            filterY &+= 1
                        }
                    }
                    outputPixel[channel] = quantization.requantizeFast(
                        sum, multiplier: multipliers[channel], shift: shifts[channel])
                    channel &+= 1
                    m &+= 1
                }
                inChannel &+= 1
            }
            outputPixel += channels
        }
    }
}

/// One filter row of a 3-wide window inside the input: Σ w · x over its three taps.
@inline(__always)
private func tapRow3(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, _ xStep: Int, _ wStep: Int) -> Int32 {
    Int32(w[0]) &* Int32(x[0]) &+ Int32(w[wStep]) &* Int32(x[xStep])
        &+ Int32(w[2 &* wStep]) &* Int32(x[2 &* xStep])
}
