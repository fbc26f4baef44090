// DEPTHWISE_CONV_2D, int8 and 16x8 (TFLM: micro/kernels/depthwise_conv*.cc,
// reference/integer_ops/depthwise_conv.h DepthwiseConvPerChannel, both overloads).
// - int8: int32 sums of w · (x - input zp), wrapping; + bias; MultiplyByQuantizedMultiplier;
//   + output zp; clamp.
// - 16x8: int64 sums of w · x (no zero points); + bias (TFLM reads it as int64 whatever its
//   type, so only int64 is accepted); the int64 MultiplyByQuantizedMultiplier; clamp.

public struct DepthwiseConv2D: BitwiseCopyable {
    public private(set) var quantization: ConvolutionQuantization
    public private(set) var depthMultiplier: Int
    public private(set) var geometry: ConvolutionGeometry  // filter 1, KH, KW, output depth

    /// Int32 scratch slots `invoke` needs: 2 per output channel (filter dimension 3).
    public static func scratchCount(filter: Dims4) -> Int { 2 * Swift.max(filter.d3, 0) }

    /// - Parameters:
    ///   - filterScales: 1 scale or one per output channel.
    ///   - depthMultiplier: the option value, verbatim (TFLM does not infer it).
    ///   - biasElementCount: nil when there is no bias.
    ///   - arithmetic: int8, or 16x8 (int64 sums: TFLM has no int32 variant).
    public init(
        inputScale: Float, inputZeroPoint: Int32,
        filterScales: ScaleList,
        outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding, depthMultiplier: Int,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?,
        arithmetic: QuantizedArithmetic = .int8
    ) throws(KernelError) {
        let names = ConvolutionNames.depthwiseConv2D
        try ConvolutionQuantization.checkScales(
            inputScale: inputScale, outputScale: outputScale, input, filter, output, names: names)
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
        geometry = try ConvolutionGeometry(
            input: input, filter: filter, output: output, biasElementCount: biasElementCount, padding: padding,
            strideHeight: strideHeight, strideWidth: strideWidth, dilationHeight: dilationHeight,
            dilationWidth: dilationWidth, names: names)
        // (DepthwiseConvPrepare's zero-point-count check always passes: TFLM's allocator expands a
        // single zero point to one per scale.)
        quantization = try ConvolutionQuantization(
            inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: filterScales, filter: filter,
            channels: filter.d3, outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation,
            arithmetic: arithmetic, names: names)
        self.depthMultiplier = depthMultiplier
    }

    /// input NHWC, filter [1, KH, KW, output depth], bias (output depth values) or nil, output NHWC;
    /// `scratch` holds `scratchCount(filter:)` Int32 slots for the per-channel multipliers.
    public func invoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>
    ) {
        let (multipliers, shifts) = quantization.multipliers(in: scratch)
        let inputOffset = quantization.inputOffset
        // int32 accumulator; TFLM's overflows wrap, hence &+ / &*.
        convolve(input: input, filter: filter, output: output) { weight, value in
            weight &* (value &+ inputOffset)
        } finish: { (accumulator: Int32, channel) in
            quantization.requantize(
                bias.map { accumulator &+ $0[channel] } ?? accumulator, multiplier: multipliers[channel],
                shift: shifts[channel])
        }
    }

    /// 16x8: input and output Int16, bias Int64 (read unaligned) or nil; `scratch` as for int8.
    public func invoke(
        input: UnsafePointer<Int16>, filter: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output: UnsafeMutablePointer<Int16>, scratch: UnsafeMutablePointer<Int32>
    ) {
        let (multipliers, shifts) = quantization.multipliers(in: scratch)
        convolve(input: input, filter: filter, output: output) { weight, value in
            Int64(weight &* value)
        } finish: { (accumulator: Int64, channel) in
            quantization.requantize(
                bias.map { accumulator &+ .bias($0, channel) } ?? accumulator, multiplier: multipliers[channel],
                shift: shifts[channel])
        }
    }

    /// The reference loop of both: every output value sums `tap(weight, input)` over the in-image
    /// taps of its input channel (zero padding skips a tap), then `finish(sum, output channel)`.
    @inline(__always)
    func convolve<Element: FixedWidthInteger, Sum: FixedWidthInteger>(
        input inputData: UnsafePointer<Element>, filter filterData: UnsafePointer<Int8>,
        output outputData: UnsafeMutablePointer<Element>, tap: (Int32, Int32) -> Sum, finish: (Sum, Int) -> Element
    ) {
        let input = geometry.input, filter = geometry.filter, output = geometry.output
        let rows = geometry.rows, columns = geometry.columns
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
                            var sum: Sum = 0
                            for filterY in 0..<filter.d1 {
                                let inY = inYOrigin + rows.dilation * filterY
                                if inY < 0 || inY >= inputHeight { continue }
                                for filterX in 0..<filterWidth {
                                    let inX = inXOrigin + columns.dilation * filterX
                                    if inX < 0 || inX >= inputWidth { continue }
                                    let value = Int32(inputBatch[(inY * inputWidth + inX) * inputDepth + inChannel])
                                    let weight = Int32(
                                        filterData[(filterY * filterWidth + filterX) * outputDepth + outChannel])
                                    sum &+= tap(weight, value)
                                }
                            }
                            outputPixel[outChannel] = finish(sum, outChannel)
                        }
                    }
                    outputPixel += outputDepth
                }
            }
        }
    }
}
