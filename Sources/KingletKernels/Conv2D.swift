// CONV_2D, int8 and 16x8 (TFLM: micro/kernels/conv*.cc, reference/integer_ops/conv.h ConvPerChannel
// and its int16 template). TFLM always runs the per-channel kernel; a single filter scale is
// broadcast to every channel.
// - int8: int32 sums of w · (x - input zp), wrapping; + bias; MultiplyByQuantizedMultiplier;
//   + output zp; clamp.
// - 16x8: sums of w · x (no zero points) in the bias's type (Accumulator16x8: int64, or int32
//   wrapping for an int32 bias); + bias; that type's MultiplyByQuantizedMultiplier; clamp.

public struct Conv2D: BitwiseCopyable {
    public private(set) var quantization: ConvolutionQuantization
    public private(set) var geometry: ConvolutionGeometry  // filter OHWI, I = input depth / groups

    /// Int32 scratch slots `invoke` needs: 2 per output channel (filter dimension 0).
    public static func scratchCount(filter: Dims4) -> Int { 2 * Swift.max(filter.d0, 0) }

    /// - Parameters:
    ///   - filterScales: 1 scale, or one per output channel (TFLM rejects a filter without scales).
    ///   - biasElementCount: nil when there is no bias.
    ///   - arithmetic: int8, or 16x8 with int32 or int64 sums.
    public init(
        inputScale: Float, inputZeroPoint: Int32,
        filterScales: ScaleList,
        outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding,
        strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?,
        arithmetic: QuantizedArithmetic = .int8
    ) throws(KernelError) {
        let names = ConvolutionNames.conv2D
        try ConvolutionQuantization.checkScales(
            inputScale: inputScale, outputScale: outputScale, input, filter, output, names: names)
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
        geometry = try ConvolutionGeometry(
            input: input, filter: filter, output: output, biasElementCount: biasElementCount, padding: padding,
            strideHeight: strideHeight, strideWidth: strideWidth, dilationHeight: dilationHeight,
            dilationWidth: dilationWidth, names: names)
        quantization = try ConvolutionQuantization(
            inputScale: inputScale, inputZeroPoint: inputZeroPoint, filterScales: filterScales, filter: filter,
            channels: filter.d0, outputScale: outputScale, outputZeroPoint: outputZeroPoint, activation: activation,
            arithmetic: arithmetic, names: names)
    }

    /// input NHWC, filter OHWI, bias (output depth values) or nil, output NHWC; `scratch` holds
    /// `scratchCount(filter:)` Int32 slots for the per-channel multipliers.
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

    /// 16x8: input and output Int16 NHWC, filter OHWI, bias (`Accumulator` values, as prepared) or
    /// nil; `scratch` as for int8.
    public func invoke<Accumulator: Accumulator16x8>(
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

    /// The reference loop of both: every output value in NHWC order sums `tap(weight, input)` over
    /// the in-image taps (zero padding skips a tap), then `finish(sum, output channel)` stores it.
    @inline(__always)
    func convolve<Element: FixedWidthInteger, Sum: FixedWidthInteger>(
        input inputData: UnsafePointer<Element>, filter filterData: UnsafePointer<Int8>,
        output outputData: UnsafeMutablePointer<Element>, tap: (Int32, Int32) -> Sum, finish: (Sum, Int) -> Element
    ) {
        let input = geometry.input, filter = geometry.filter, output = geometry.output
        let rows = geometry.rows, columns = geometry.columns
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
                        var sum: Sum = 0
                        for filterY in 0..<filterHeight {
                            let inY = inYOrigin + rows.dilation * filterY
                            if inY < 0 || inY >= inputHeight { continue }
                            for filterX in 0..<filterWidth {
                                let inX = inXOrigin + columns.dilation * filterX
                                if inX < 0 || inX >= inputWidth { continue }
                                let inputPixel = inputBatch + (inY * inputWidth + inX) * inputDepth + inputChannelBase
                                let filterPixel = filterChannel + (filterY * filterWidth + filterX) * filterDepth
                                for channel in 0..<filterDepth {
                                    sum &+= tap(Int32(filterPixel[channel]), Int32(inputPixel[channel]))
                                }
                            }
                        }
                        outputData[outputIndex] = finish(sum, outChannel)
                        outputIndex += 1
                    }
                }
            }
        }
    }
}
