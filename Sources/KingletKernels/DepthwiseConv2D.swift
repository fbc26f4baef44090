// DEPTHWISE_CONV_2D, int8 (TFLM: micro/kernels/depthwise_conv*.cc,
// reference/integer_ops/depthwise_conv.h DepthwiseConvPerChannel).

public struct DepthwiseConv2D: BitwiseCopyable {
    public private(set) var inputOffset: Int32  // -input zero point (filter zero point is ignored)
    public private(set) var outputZeroPoint: Int32
    public private(set) var activationRange: QuantizedActivationRange
    /// Per-channel multipliers, recomputed into scratch at each invoke.
    public private(set) var channelMultipliers: ChannelMultipliers
    public private(set) var depthMultiplier: Int
    public private(set) var input: Dims4  // NHWC
    public private(set) var filter: Dims4  // 1, KH, KW, output depth
    public private(set) var output: Dims4  // NHWC
    public private(set) var rows: WindowAxis
    public private(set) var columns: WindowAxis

    /// Int32 scratch slots `invoke` needs: 2 per output channel (filter dimension 3).
    public static func scratchCount(filter: Dims4) -> Int { 2 * Swift.max(filter.d3, 0) }

    /// - Parameters:
    ///   - filterScales: 1 scale or one per output channel.
    ///   - depthMultiplier: the option value, verbatim (TFLM does not infer it).
    ///   - biasElementCount: nil when there is no bias.
    public init(
        inputScale: Float, inputZeroPoint: Int32,
        filterScales: ScaleList,
        outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding, depthMultiplier: Int,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?
    ) throws(KernelError) {
        guard inputScale.isFinite, inputScale > 0 else {
            throw .invalidScale(name: "depthwise_conv_2d input", value: inputScale)
        }
        guard outputScale.isFinite, outputScale > 0 else {
            throw .invalidScale(name: "depthwise_conv_2d output", value: outputScale)
        }
        guard input.isValid, filter.isValid, output.isValid else {
            throw .unsupportedParameter(name: "depthwise_conv_2d negative dimension", value: -1)
        }
        // Relations TFLM only DCHECKs (off in its release build); Kinglet needs them for memory safety.
        guard depthMultiplier > 0 else {
            throw .unsupportedParameter(name: "depthwise_conv_2d depth_multiplier", value: depthMultiplier)
        }
        guard output.d0 == input.d0 else {
            throw .shapeMismatch(name: "depthwise_conv_2d batches", expected: input.d0, actual: output.d0)
        }
        guard output.d3 == filter.d3 else {
            throw .shapeMismatch(name: "depthwise_conv_2d filter depth", expected: output.d3, actual: filter.d3)
        }
        // Overflow-checked: a hostile depth_multiplier must not trap on a 32-bit target.
        let (expectedDepth, depthOverflow) = input.d3.multipliedReportingOverflow(by: depthMultiplier)
        guard !depthOverflow, output.d3 == expectedDepth else {
            throw .shapeMismatch(name: "depthwise_conv_2d output depth", expected: expectedDepth, actual: output.d3)
        }
        if let biasElementCount, biasElementCount < output.d3 {
            throw .shapeMismatch(name: "depthwise_conv_2d bias elements", expected: output.d3, actual: biasElementCount)
        }

        let rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filter.d1, stride: strideHeight,
            dilation: dilationHeight, name: "depthwise_conv_2d height")
        let columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filter.d2, stride: strideWidth,
            dilation: dilationWidth, name: "depthwise_conv_2d width")
        try rows.checkOutputSize(output.d1, name: "depthwise_conv_2d output height")
        try columns.checkOutputSize(output.d2, name: "depthwise_conv_2d output width")

        // DepthwiseConvPrepare: 1 scale or one per output channel; per-channel scales must also
        // match the quantized dimension's size. (Its zero-point-count check always passes: TFLM's
        // allocator expands a single zero point to one per scale.)
        let channels = filter.d3
        guard filterScales.count == 1 || filterScales.count == channels else {
            throw .shapeMismatch(
                name: "depthwise_conv_2d filter scales", expected: channels, actual: filterScales.count)
        }
        if filterScales.count > 1 {
            let axis = filterScales.quantizedDimension
            guard filter.dimension(axis) == channels else {
                throw .unsupportedParameter(name: "depthwise_conv_2d quantized dimension", value: axis)
            }
        }
        self.channelMultipliers = try ChannelMultipliers(
            filterScales: filterScales, channels: channels, inputScale: inputScale, outputScale: outputScale,
            name: "depthwise_conv_2d per-channel")

        self.inputOffset = 0 &- inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint)
        self.depthMultiplier = depthMultiplier
        self.input = input
        self.filter = filter
        self.output = output
        self.rows = rows
        self.columns = columns
    }

    /// input NHWC, filter [1, KH, KW, output depth], bias (output depth values) or nil, output NHWC;
    /// `scratch` holds `scratchCount(filter:)` Int32 slots for the per-channel multipliers.
    public func invoke(
        input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>,
        bias: UnsafePointer<Int32>?, output outputData: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutablePointer<Int32>
    ) {
        self.channelMultipliers.compute(into: scratch)
        let channelShifts = scratch + self.channelMultipliers.count
        let channelMultipliers = scratch
        let inputHeight = input.d1, inputWidth = input.d2, inputDepth = input.d3
        let filterWidth = filter.d2
        let outputDepth = output.d3
        var outputPixel = outputData
        for batch in 0..<output.d0 {
            let inputBatch = inputData + batch * inputHeight * inputWidth * inputDepth
            for outY in 0..<output.d1 {
                let inYOrigin = outY * rows.stride - rows.paddingBefore
                for outX in 0..<output.d2 {
                    let inXOrigin = outX * columns.stride - columns.paddingBefore
                    for inChannel in 0..<inputDepth {
                        for multiplierIndex in 0..<depthMultiplier {
                            let outChannel = inChannel * depthMultiplier + multiplierIndex
                            // int32 accumulator; TFLM's overflows wrap, hence &+ / &*.
                            var accumulator: Int32 = 0
                            for filterY in 0..<filter.d1 {
                                let inY = inYOrigin + rows.dilation * filterY
                                if inY < 0 || inY >= inputHeight { continue }
                                for filterX in 0..<filterWidth {
                                    let inX = inXOrigin + columns.dilation * filterX
                                    if inX < 0 || inX >= inputWidth { continue }  // zero padding: skip the tap
                                    let inputValue = Int32(
                                        inputBatch[(inY * inputWidth + inX) * inputDepth + inChannel])
                                    let filterValue = Int32(
                                        filterData[(filterY * filterWidth + filterX) * outputDepth + outChannel])
                                    accumulator &+= filterValue &* (inputValue &+ inputOffset)
                                }
                            }
                            if let bias { accumulator &+= bias[outChannel] }
                            accumulator = multiplyByQuantizedMultiplier(
                                accumulator, channelMultipliers[outChannel], channelShifts[outChannel])
                            outputPixel[outChannel] = Int8(
                                truncatingIfNeeded: activationRange.clamp(accumulator &+ outputZeroPoint))
                        }
                    }
                    outputPixel += outputDepth
                }
            }
        }
    }
}
