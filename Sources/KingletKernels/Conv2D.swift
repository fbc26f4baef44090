// CONV_2D, int8 (TFLM: micro/kernels/conv*.cc, reference/integer_ops/conv.h ConvPerChannel).
// TFLM always runs the per-channel kernel; a single filter scale is broadcast to every channel.

public struct Conv2D: BitwiseCopyable {
    public private(set) var inputOffset: Int32  // -input zero point (filter zero point is ignored)
    public private(set) var outputZeroPoint: Int32
    public private(set) var activationRange: QuantizedActivationRange
    /// Per-channel multipliers, recomputed into scratch at each invoke.
    public private(set) var channelMultipliers: ChannelMultipliers
    public private(set) var input: Dims4  // NHWC
    public private(set) var filter: Dims4  // OHWI, I = input depth / groups
    public private(set) var output: Dims4  // NHWC
    public private(set) var rows: WindowAxis
    public private(set) var columns: WindowAxis

    /// Int32 scratch slots `invoke` needs: 2 per output channel (filter dimension 0).
    public static func scratchCount(filter: Dims4) -> Int { 2 * Swift.max(filter.d0, 0) }

    /// - Parameters:
    ///   - filterScales: 1 scale, or one per output channel (TFLM rejects a filter without scales).
    ///   - biasElementCount: nil when there is no bias.
    public init(
        inputScale: Float, inputZeroPoint: Int32,
        filterScales: ScaleList,
        outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?
    ) throws(KernelError) {
        guard inputScale.isFinite, inputScale > 0 else { throw .invalidScale(name: "conv_2d input", value: inputScale) }
        guard outputScale.isFinite, outputScale > 0 else {
            throw .invalidScale(name: "conv_2d output", value: outputScale)
        }
        guard input.isValid, filter.isValid, output.isValid else {
            throw .unsupportedParameter(name: "conv_2d negative dimension", value: -1)
        }
        // Relations TFLM only DCHECKs (off in its release build); Kinglet needs them for memory safety.
        guard output.d0 == input.d0 else {
            throw .shapeMismatch(name: "conv_2d batches", expected: input.d0, actual: output.d0)
        }
        guard output.d3 == filter.d0 else {
            throw .shapeMismatch(name: "conv_2d output depth", expected: filter.d0, actual: output.d3)
        }
        guard filter.d3 > 0, input.d3 % filter.d3 == 0, input.d3 > 0 else {
            throw .shapeMismatch(name: "conv_2d filter input depth", expected: input.d3, actual: filter.d3)
        }
        let groups = input.d3 / filter.d3
        guard output.d3 % groups == 0, output.d3 > 0 else {
            throw .shapeMismatch(name: "conv_2d output depth per group", expected: groups, actual: output.d3)
        }
        if let biasElementCount, biasElementCount < output.d3 {
            throw .shapeMismatch(name: "conv_2d bias elements", expected: output.d3, actual: biasElementCount)
        }

        // ComputePaddingHeightWidth; TFLM computes padding from its own output size.
        let rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filter.d1, stride: strideHeight,
            dilation: dilationHeight, name: "conv_2d height")
        let columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filter.d2, stride: strideWidth,
            dilation: dilationWidth, name: "conv_2d width")
        try rows.checkOutputSize(output.d1, name: "conv_2d output height")
        try columns.checkOutputSize(output.d2, name: "conv_2d output width")

        // ConvPrepare: 1 scale or one per output channel; PopulateConvolutionQuantizationParams:
        // per-channel scales must also match the quantized dimension's size.
        let channels = filter.d0
        guard filterScales.count == 1 || filterScales.count == channels else {
            throw .shapeMismatch(name: "conv_2d filter scales", expected: channels, actual: filterScales.count)
        }
        if filterScales.count > 1 {
            let axis = filterScales.quantizedDimension
            guard filter.dimension(axis) == channels else {
                throw .unsupportedParameter(name: "conv_2d quantized dimension", value: axis)
            }
        }
        self.channelMultipliers = try ChannelMultipliers(
            filterScales: filterScales, channels: channels, inputScale: inputScale, outputScale: outputScale,
            name: "conv_2d per-channel")

        self.inputOffset = 0 &- inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint)
        self.input = input
        self.filter = filter
        self.output = output
        self.rows = rows
        self.columns = columns
    }

    /// input NHWC, filter OHWI, bias (output depth values) or nil, output NHWC; `scratch` holds
    /// `scratchCount(filter:)` Int32 slots for the per-channel multipliers.
    public func invoke(
        input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>,
        bias: UnsafePointer<Int32>?, output outputData: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutablePointer<Int32>
    ) {
        self.channelMultipliers.compute(into: scratch)
        let channelShifts = scratch + self.channelMultipliers.count
        let channelMultipliers = scratch
        let inputHeight = input.d1, inputWidth = input.d2, inputDepth = input.d3
        let filterHeight = filter.d1, filterWidth = filter.d2, filterDepth = filter.d3
        let outputDepth = output.d3
        let filtersPerGroup = outputDepth / (inputDepth / filterDepth)
        var outputIndex = 0
        for batch in 0..<output.d0 {
            let inputBatch = inputData + batch * inputHeight * inputWidth * inputDepth
            for outY in 0..<output.d1 {
                let inYOrigin = outY * rows.stride - rows.paddingBefore
                for outX in 0..<output.d2 {
                    let inXOrigin = outX * columns.stride - columns.paddingBefore
                    for outChannel in 0..<outputDepth {
                        let inputChannelBase = (outChannel / filtersPerGroup) * filterDepth
                        let filterChannel = filterData + outChannel * filterHeight * filterWidth * filterDepth
                        // int32 accumulator; TFLM's overflows wrap, hence &+ / &*.
                        var accumulator: Int32 = 0
                        for filterY in 0..<filterHeight {
                            let inY = inYOrigin + rows.dilation * filterY
                            if inY < 0 || inY >= inputHeight { continue }
                            for filterX in 0..<filterWidth {
                                let inX = inXOrigin + columns.dilation * filterX
                                if inX < 0 || inX >= inputWidth { continue }  // zero padding: skip the tap
                                let inputPixel = inputBatch + (inY * inputWidth + inX) * inputDepth + inputChannelBase
                                let filterPixel = filterChannel + (filterY * filterWidth + filterX) * filterDepth
                                for channel in 0..<filterDepth {
                                    accumulator &+=
                                        Int32(filterPixel[channel]) &* (Int32(inputPixel[channel]) &+ inputOffset)
                                }
                            }
                        }
                        if let bias { accumulator &+= bias[outChannel] }
                        accumulator = multiplyByQuantizedMultiplier(
                            accumulator, channelMultipliers[outChannel], channelShifts[outChannel])
                        outputData[outputIndex] = Int8(
                            truncatingIfNeeded: activationRange.clamp(accumulator &+ outputZeroPoint))
                        outputIndex += 1
                    }
                }
            }
        }
    }
}
