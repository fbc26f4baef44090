// What CONV_2D and DEPTHWISE_CONV_2D prepare alike (TFLM: micro/kernels/conv_common.cc ConvPrepare,
// depthwise_conv_common.cc DepthwiseConvPrepare, PopulateConvolutionQuantizationParams): the window
// geometry over NHWC tensors and the per-channel requantization (int8, or 16x8: int16 activations,
// int8 weights). Each operator checks its own depth relations between the shared steps, so the
// order of the checks is TFLM's.

/// The names one convolution's errors carry (each operator names its own parameters).
public struct ConvolutionNames: Sendable {
    var input, output, negativeDimension, bias, height, width, outputHeight, outputWidth: KernelErrorName
    var filterScales, quantizedDimension, perChannel: KernelErrorName
    var inputRank, filterRank, outputRank: KernelErrorName

    static var conv2D: ConvolutionNames {
        ConvolutionNames(
            input: "conv_2d input", output: "conv_2d output", negativeDimension: "conv_2d negative dimension",
            bias: "conv_2d bias elements", height: "conv_2d height", width: "conv_2d width",
            outputHeight: "conv_2d output height", outputWidth: "conv_2d output width",
            filterScales: "conv_2d filter scales", quantizedDimension: "conv_2d quantized dimension",
            perChannel: "conv_2d per-channel", inputRank: "conv_2d input rank", filterRank: "conv_2d filter rank",
            outputRank: "conv_2d output rank")
    }

    static var depthwiseConv2D: ConvolutionNames {
        ConvolutionNames(
            input: "depthwise_conv_2d input", output: "depthwise_conv_2d output",
            negativeDimension: "depthwise_conv_2d negative dimension", bias: "depthwise_conv_2d bias elements",
            height: "depthwise_conv_2d height", width: "depthwise_conv_2d width",
            outputHeight: "depthwise_conv_2d output height", outputWidth: "depthwise_conv_2d output width",
            filterScales: "depthwise_conv_2d filter scales",
            quantizedDimension: "depthwise_conv_2d quantized dimension",
            perChannel: "depthwise_conv_2d per-channel", inputRank: "depthwise_conv_2d input rank",
            filterRank: "depthwise_conv_2d filter rank", outputRank: "depthwise_conv_2d output rank")
    }
}

/// A 2-D convolution's window geometry: NHWC input and output; the filter's spatial dimensions
/// are 1 and 2 (OHWI for CONV_2D, 1HWO for DEPTHWISE_CONV_2D).
public struct ConvolutionGeometry: BitwiseCopyable {
    public private(set) var input, filter, output: Dims4
    public private(set) var rows, columns: WindowAxis

    /// The step after the operator's depth checks: the bias needs a value per output channel (the
    /// kernel reads that many), then ComputePaddingHeightWidth; TFLM computes padding from its own
    /// output size, and Kinglet requires the model's to match it.
    init(
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?, padding: Padding,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int, names: ConvolutionNames
    ) throws(KernelError) {
        if let biasElementCount, biasElementCount < output.d3 {
            throw .shapeMismatch(name: names.bias, expected: output.d3, actual: biasElementCount)
        }
        rows = try WindowAxis(
            padding: padding, inputSize: input.d1, filterSize: filter.d1, stride: strideHeight,
            dilation: dilationHeight, name: names.height)
        columns = try WindowAxis(
            padding: padding, inputSize: input.d2, filterSize: filter.d2, stride: strideWidth,
            dilation: dilationWidth, name: names.width)
        try rows.checkOutputSize(output.d1, name: names.outputHeight)
        try columns.checkOutputSize(output.d2, name: names.outputWidth)
        self.input = input
        self.filter = filter
        self.output = output
    }
}

/// A quantized convolution's requantization: offsets, activation bounds and per-channel
/// multipliers. TFLM's 16x8 convolution kernels read neither zero point (the quantizer makes them
/// 0); the activation range still uses the output's.
public struct ConvolutionQuantization: BitwiseCopyable {
    public private(set) var inputOffset: Int32  // -input zero point (filter zero point is ignored); int8 only
    public private(set) var outputZeroPoint: Int32  // int8 only
    public private(set) var activationRange: QuantizedActivationRange
    /// Per-channel multipliers, recomputed into scratch at each invoke.
    public private(set) var channelMultipliers: ChannelMultipliers

    /// The checks before the operator's depth checks: usable scales, no negative dimension.
    static func checkScales(
        inputScale: Float, outputScale: Float, _ input: Dims4, _ filter: Dims4, _ output: Dims4,
        names: ConvolutionNames
    ) throws(KernelError) {
        try checkScale(inputScale, names.input)
        try checkScale(outputScale, names.output)
        guard input.isValid, filter.isValid, output.isValid else {
            throw .unsupportedParameter(name: names.negativeDimension, value: -1)
        }
    }

    /// The last step: 1 filter scale or one per output channel (`channels`, filter dimension
    /// `channelAxis`); per-channel scales must also sit on a dimension of that size. With int64
    /// sums every shift must be below 8 (TFLM's int64 MultiplyByQuantizedMultiplier asserts it).
    init(
        inputScale: Float, inputZeroPoint: Int32, filterScales: ScaleList, filter: Dims4, channels: Int,
        outputScale: Float, outputZeroPoint: Int32, activation: FusedActivation, arithmetic: QuantizedArithmetic,
        names: ConvolutionNames
    ) throws(KernelError) {
        guard filterScales.count == 1 || filterScales.count == channels else {
            throw .shapeMismatch(name: names.filterScales, expected: channels, actual: filterScales.count)
        }
        if filterScales.count > 1 {
            let axis = filterScales.quantizedDimension
            guard filter.dimension(axis) == channels else {
                throw .unsupportedParameter(name: names.quantizedDimension, value: axis)
            }
        }
        channelMultipliers = try ChannelMultipliers(
            filterScales: filterScales, channels: channels, inputScale: inputScale, outputScale: outputScale,
            name: names.perChannel)
        if arithmetic == .int16x8Wide { try channelMultipliers.checkShifts(below: 8, name: names.perChannel) }
        inputOffset = 0 &- inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint, typeRange: arithmetic.typeRange)
    }

    /// Fills `scratch` (2 slots per channel) with the multipliers, then the shifts.
    @inline(__always)
    func multipliers(
        in scratch: UnsafeMutablePointer<Int32>
    ) -> (multipliers: UnsafeMutablePointer<Int32>, shifts: UnsafeMutablePointer<Int32>) {
        channelMultipliers.compute(into: scratch)
        return (scratch, scratch + channelMultipliers.count)
    }

    /// One output value from its int32 accumulator (bias included).
    @inline(__always)
    func requantize(_ accumulator: Int32, multiplier: Int32, shift: Int32) -> Int8 {
        let scaled = multiplyByQuantizedMultiplier(accumulator, multiplier, shift)
        return Int8(truncatingIfNeeded: activationRange.clamp(scaled &+ outputZeroPoint))
    }

    /// 16x8: one output value from its accumulator (bias included); no output zero point.
    @inline(__always)
    func requantize<Accumulator: Accumulator16x8>(
        _ accumulator: Accumulator, multiplier: Int32, shift: Int32
    ) -> Int16 {
        Int16(truncatingIfNeeded: activationRange.clamp(accumulator.scaled(multiplier, shift)))
    }
}

/// The reference CONV_2D and DEPTHWISE_CONV_2D: their int8 and 16x8 arithmetic around each one's
/// loop, `convolve`, which sums `tap(weight, input value)` over every output value's in-image taps
/// and stores `finish(sum, output channel)`.
protocol ReferenceConvolution {
    var quantization: ConvolutionQuantization { get }
    func convolve<Element: FixedWidthInteger, Sum: FixedWidthInteger>(
        input: UnsafePointer<Element>, filter: UnsafePointer<Int8>, output: UnsafeMutablePointer<Element>,
        tap: (Int32, Int32) -> Sum, finish: (Sum, Int) -> Element)
}

extension ReferenceConvolution {
    /// int8: int32 sums of w · (x + input offset), wrapping (TFLM's overflows wrap, hence &+ / &*);
    /// + bias; requantized. `scratch` takes the per-channel multipliers.
    @inline(__always)
    func invokeInt8(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>
    ) {
        let (multipliers, shifts) = quantization.multipliers(in: scratch)
        let inputOffset = quantization.inputOffset
        convolve(input: input, filter: filter, output: output) { weight, value in
            weight &* (value &+ inputOffset)
        } finish: { (accumulator: Int32, channel) in
            quantization.requantize(
                bias.map { accumulator &+ $0[channel] } ?? accumulator, multiplier: multipliers[channel],
                shift: shifts[channel])
        }
    }

    /// 16x8: sums of int32 products w · x in `Accumulator`; + bias (`Accumulator` values);
    /// requantized. `scratch` as for int8.
    @inline(__always)
    func invoke16x8<Accumulator: Accumulator16x8>(
        input: UnsafePointer<Int16>, filter: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output: UnsafeMutablePointer<Int16>, scratch: UnsafeMutablePointer<Int32>, accumulator _: Accumulator.Type
    ) {
        let (multipliers, shifts) = quantization.multipliers(in: scratch)
        convolve(input: input, filter: filter, output: output) { weight, value in
            Accumulator.widen(weight &* value)
        } finish: { (accumulator: Accumulator, channel) in
            quantization.requantize(
                bias.map { accumulator &+ .bias($0, channel) } ?? accumulator, multiplier: multipliers[channel],
                shift: shifts[channel])
        }
    }
}

extension ConvolutionGeometry {
    /// The reference kernels' walk: calls `body(batch pixel, inYOrigin, inXOrigin)` for every
    /// output position in NHWC order, with the input pixel index of its batch's first pixel and
    /// the input position of tap (0, 0) (it may lie outside the input).
    @inline(__always)
    func forEachOutputPosition(_ body: (_ inputBatch: Int, _ inYOrigin: Int, _ inXOrigin: Int) -> Void) {
        for batch in 0..<output.d0 {
            let inputBatch = batch * input.d1 * input.d2
            for outY in 0..<output.d1 {
                let inYOrigin = outY * rows.stride - rows.paddingBefore
                for outX in 0..<output.d2 {
                    body(inputBatch, inYOrigin, outX * columns.stride - columns.paddingBefore)
                }
            }
        }
    }

    /// Calls `body(filterY, filterX, input pixel)` for the filter taps, in row then column order,
    /// whose input position (`inYOrigin + dilation · filterY`, likewise x) lies in the input: a tap
    /// over the zero padding adds nothing. The input pixel is `inY · input width + inX`.
    @inline(__always)
    func forEachInImageTap(_ inYOrigin: Int, _ inXOrigin: Int, _ body: (Int, Int, Int) -> Void) {
        let inputHeight = input.d1, inputWidth = input.d2
        for filterY in 0..<filter.d1 {
            let inY = inYOrigin + rows.dilation * filterY
            if inY < 0 || inY >= inputHeight { continue }
            for filterX in 0..<filter.d2 {
                let inX = inXOrigin + columns.dilation * filterX
                if inX < 0 || inX >= inputWidth { continue }
                body(filterY, filterX, inY * inputWidth + inX)
            }
        }
    }
}

extension ConvolutionGeometry {
    /// float32: the input, filter and output must be rank 4 with countable elements.
    static func checkFloatShapes(
        _ inputShape: Shape, _ filterShape: Shape, _ outputShape: Shape, names: ConvolutionNames
    ) throws(KernelError) {
        guard inputShape.rank == 4 else { throw .unsupportedParameter(name: names.inputRank, value: inputShape.rank) }
        guard filterShape.rank == 4 else {
            throw .unsupportedParameter(name: names.filterRank, value: filterShape.rank)
        }
        guard outputShape.rank == 4 else {
            throw .unsupportedParameter(name: names.outputRank, value: outputShape.rank)
        }
        _ = try inputShape.checkedElementCount()
        _ = try filterShape.checkedElementCount()
        _ = try outputShape.checkedElementCount()
    }

    /// float32, after the operator's depth checks: exactly one bias value per output channel,
    /// then the windows (SAME/VALID with dilation), checked against the model's output size
    /// (returned with them).
    static func floatWindows(
        inputShape: Shape, filterHeight: Int, filterWidth: Int, outputShape: Shape, biasElementCount: Int?,
        padding: Padding, strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        names: ConvolutionNames
    ) throws(KernelError) -> (height: WindowAxis, width: WindowAxis, outputHeight: Int, outputWidth: Int) {
        let outputDepth = outputShape[3]
        if let biasElementCount, biasElementCount != outputDepth {
            throw .shapeMismatch(name: names.bias, expected: outputDepth, actual: biasElementCount)
        }
        let height = try WindowAxis(
            padding: padding, inputSize: inputShape[1], filterSize: filterHeight, stride: strideHeight,
            dilation: dilationHeight, name: names.outputHeight)
        let width = try WindowAxis(
            padding: padding, inputSize: inputShape[2], filterSize: filterWidth, stride: strideWidth,
            dilation: dilationWidth, name: names.outputWidth)
        try height.checkOutputSize(outputShape[1], name: names.outputHeight)
        try width.checkOutputSize(outputShape[2], name: names.outputWidth)
        return (height, width, outputShape[1], outputShape[2])
    }
}

/// The window walk of the float32 convolutions (FloatConv2D, FloatDepthwiseConv2D, both with the
/// reference's or LiteRT's arithmetic): NHWC sizes and the two window axes.
@usableFromInline
protocol FloatConvolutionWindows {
    var batches: Int { get }
    var inputHeight: Int { get }
    var inputWidth: Int { get }
    var outputHeight: Int { get }
    var outputWidth: Int { get }
    var height: WindowAxis { get }
    var width: WindowAxis { get }
}

extension FloatConvolutionWindows {
    /// Calls `body(pixel, b, originY, originX)` for every output pixel (b, y, x) in NHWC order:
    /// `pixel` = (b · output height + y) · output width + x; the origin (out · stride - padding
    /// before, per axis) is the input position of tap 0.
    @inlinable @inline(__always)
    func forEachOutputPixel(_ body: (_ pixel: Int, _ b: Int, _ originY: Int, _ originX: Int) -> Void) {
        var pixel = 0
        for b in 0..<batches {
            for outY in 0..<outputHeight {
                let originY = outY &* height.stride &- height.paddingBefore
                for outX in 0..<outputWidth {
                    body(pixel, b, originY, outX &* width.stride &- width.paddingBefore)
                    pixel &+= 1
                }
            }
        }
    }

    /// Whether input position (iy, ix) lies in the image (a tap outside reads the padding).
    @inlinable @inline(__always)
    func inImage(_ iy: Int, _ ix: Int) -> Bool { iy >= 0 && iy < inputHeight && ix >= 0 && ix < inputWidth }
}
