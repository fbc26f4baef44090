// TRANSPOSE_CONV, int8 and 16x8 (TFLM: micro/kernels/transpose_conv.cc, reference/integer_ops/
// transpose_conv.h). Every input pixel scatters `input × filter` into an accumulator per output
// element (TFLM's scratch buffer), then each accumulator gets the bias, the per-channel
// requantization and the activation clamp.
//
// - Padding is ComputePaddingHeightWidth run on the OUTPUT's height and width (the forward
//   convolution's input), dilation 1; only the leading padding is used. TFLM never checks the
//   input size against it, and taps that land outside the output are skipped.
// - int8: int32 accumulators of (x - input zp) · w, wrapping; + bias (int32);
//   MultiplyByQuantizedMultiplier; + output zp; clamp.
// - 16x8 (int16 activations, int8 filter): int64 accumulators of x · w; + bias (int64, or int16
//   widened); the int64 MultiplyByQuantizedMultiplier; clamp. TFLM's int16 kernel reads neither
//   zero point (the quantizer makes them 0); the activation range still uses the output's.
//   An int32 bias is refused: TFLM would read it as int64.
// Biases are read unaligned: converters leave int64 biases only 4-byte aligned in the file.
// - Per-channel multipliers QuantizeMultiplier(double(s_in) · double(s_w[c]) / double(s_out)), a
//   single filter scale broadcast; recomputed into scratch at each invoke, as CONV_2D does.

/// Prepared quantized TRANSPOSE_CONV (int8, or int16 activations with int8 weights).
public struct TransposeConv: BitwiseCopyable {
    public private(set) var input: Dims4  // NHWC
    public private(set) var filter: Dims4  // OHWI
    public private(set) var output: Dims4  // NHWC
    public private(set) var geometry: TransposeConvGeometry
    public private(set) var channelMultipliers: ChannelMultipliers
    public private(set) var activationRange: QuantizedActivationRange
    @usableFromInline var inputOffset: Int32  // -input zp (int8 only)
    @usableFromInline var outputOffset: Int32  // output zp (int8 only)
    /// 8: int8 activations; 16: int16 activations.
    public private(set) var elementBits: Int32
    /// The bias element width in bits, 0 without a bias.
    public private(set) var biasBits: Int32

    /// Accumulator bytes `invoke` needs in its first scratch buffer (4 or 8 per output element).
    public var accumulatorBytes: Int { output.elementCount &* (elementBits == 16 ? 8 : 4) }
    /// Int32 slots of the second scratch buffer: the per-channel multipliers and shifts.
    public var multiplierCount: Int { channelMultipliers.scratchCount }

    /// - Parameters:
    ///   - filterScales: 1 scale, or one per output channel (filter dimension 0).
    ///   - biasBits: 32 (int8), 64 or 16 (16x8), or nil without a bias.
    public init(
        inputScale: Float, inputZeroPoint: Int32, filterScales: ScaleList, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding, strideHeight: Int, strideWidth: Int,
        input: Dims4, filter: Dims4, output: Dims4, biasElementCount: Int?, biasBits: Int?, int16: Bool
    ) throws(KernelError) {
        try checkScale(inputScale, "transpose_conv input")
        try checkScale(outputScale, "transpose_conv output")
        geometry = try TransposeConvGeometry(
            padding: padding, strideHeight: strideHeight, strideWidth: strideWidth, input: input, filter: filter,
            output: output, biasElementCount: biasElementCount)
        let channels = filter.d0
        guard filterScales.count == 1 || filterScales.count == channels else {
            throw .shapeMismatch(name: "transpose_conv filter scales", expected: channels, actual: filterScales.count)
        }
        if filterScales.count > 1 {
            guard filterScales.quantizedDimension == 0 else {
                throw .unsupportedParameter(
                    name: "transpose_conv quantized dimension", value: filterScales.quantizedDimension)
            }
        }
        channelMultipliers = try ChannelMultipliers(
            filterScales: filterScales, channels: channels, inputScale: inputScale, outputScale: outputScale,
            name: "transpose_conv per-channel")
        if int16 {
            // TFLM asserts shift < 8 in the int64 multiply.
            try channelMultipliers.checkShifts(below: 8, name: "transpose_conv per-channel")
        }
        if let biasBits, int16 ? (biasBits != 16 && biasBits != 64) : biasBits != 32 {
            throw .unsupportedParameter(name: "transpose_conv bias bits", value: biasBits)
        }
        self.biasBits = Int32(biasElementCount == nil ? 0 : (biasBits ?? 0))
        self.input = input
        self.filter = filter
        self.output = output
        elementBits = int16 ? 16 : 8
        inputOffset = int16 ? 0 : 0 &- inputZeroPoint
        outputOffset = int16 ? 0 : outputZeroPoint
        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint, typeRange: int16 ? .int16 : .int8)
    }

    /// int8: input and output Int8, bias Int32 or nil; `accumulators` holds `accumulatorBytes`,
    /// `multipliers` `multiplierCount` Int32 slots.
    public func invoke(
        input inputData: UnsafePointer<Int8>, filter filterData: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output outputData: UnsafeMutablePointer<Int8>, accumulators: UnsafeMutableRawPointer,
        multipliers: UnsafeMutablePointer<Int32>
    ) {
        let inputOffset = self.inputOffset
        let sums = accumulate(into: accumulators) { inputIndex, filterIndex in
            (Int32(inputData[inputIndex]) &+ inputOffset) &* Int32(filterData[filterIndex])
        }
        forEachOutput(multipliers: multipliers) { index, channel, multiplier, shift in
            var accumulator = sums[index]
            if let bias { accumulator &+= bias.loadUnaligned(fromByteOffset: channel &* 4, as: Int32.self) }
            accumulator = multiplyByQuantizedMultiplier(accumulator, multiplier, shift)
            outputData[index] = Int8(truncatingIfNeeded: activationRange.clamp(accumulator &+ outputOffset))
        }
    }

    /// 16x8: input and output Int16, filter Int8, bias Int64 or Int16 (as prepared) or nil.
    public func invoke(
        input inputData: UnsafePointer<Int16>, filter filterData: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output outputData: UnsafeMutablePointer<Int16>, accumulators: UnsafeMutableRawPointer,
        multipliers: UnsafeMutablePointer<Int32>
    ) {
        let sums = accumulate(into: accumulators) { inputIndex, filterIndex in
            Int64(Int32(inputData[inputIndex]) &* Int32(filterData[filterIndex]))
        }
        forEachOutput(multipliers: multipliers) { index, channel, multiplier, shift in
            var accumulator = sums[index]
            if let bias {
                accumulator &+=
                    biasBits == 16
                    ? Int64(bias.loadUnaligned(fromByteOffset: channel &* 2, as: Int16.self))
                    : bias.loadUnaligned(fromByteOffset: channel &* 8, as: Int64.self)
            }
            let scaled = multiplyByQuantizedMultiplier(accumulator, multiplier, shift)
            outputData[index] = Int16(truncatingIfNeeded: activationRange.clamp(scaled))
        }
    }

    /// The accumulators zeroed, then every tap's `product(input index, filter index)` added into
    /// its output element, in TFLM's loop order (wrapping).
    @inline(__always)
    func accumulate<Sum: FixedWidthInteger>(
        into accumulators: UnsafeMutableRawPointer, _ product: (Int, Int) -> Sum
    ) -> UnsafeMutablePointer<Sum> {
        let sums = accumulators.bindMemory(to: Sum.self, capacity: output.elementCount)
        sums.update(repeating: 0, count: output.elementCount)
        geometry.forEachTap(input: input, filter: filter, output: output) { inputIndex, filterIndex, outputIndex in
            sums[outputIndex] &+= product(inputIndex, filterIndex)
        }
        return sums
    }

    /// Computes the per-channel multipliers into `multipliers`, then calls `body(index, channel,
    /// multiplier, shift)` for every output element in order.
    @inline(__always)
    func forEachOutput(
        multipliers: UnsafeMutablePointer<Int32>, _ body: (_ index: Int, _ channel: Int, Int32, Int32) -> Void
    ) {
        channelMultipliers.compute(into: multipliers)
        let shifts = multipliers + channelMultipliers.count
        let depth = output.d3
        for index in 0..<output.elementCount {
            let channel = index % depth
            body(index, channel, multipliers[channel], shifts[channel])
        }
    }
}

/// TRANSPOSE_CONV's shapes, strides and leading padding, shared by the quantized and float kernels.
public struct TransposeConvGeometry: BitwiseCopyable {
    public private(set) var strideHeight, strideWidth: Int32
    public private(set) var paddingTop, paddingLeft: Int32

    /// Checks the relations TFLM only DCHECKs (batches, input depth, output depth, bias size),
    /// which memory safety needs.
    public init(
        padding: Padding, strideHeight: Int, strideWidth: Int, input: Dims4, filter: Dims4, output: Dims4,
        biasElementCount: Int?
    ) throws(KernelError) {
        guard input.isValid, filter.isValid, output.isValid else {
            throw .unsupportedParameter(name: "transpose_conv negative dimension", value: -1)
        }
        guard output.d0 == input.d0 else {
            throw .shapeMismatch(name: "transpose_conv batches", expected: input.d0, actual: output.d0)
        }
        guard filter.d3 == input.d3 else {
            throw .shapeMismatch(name: "transpose_conv input depth", expected: input.d3, actual: filter.d3)
        }
        guard output.d3 == filter.d0 else {
            throw .shapeMismatch(name: "transpose_conv output depth", expected: filter.d0, actual: output.d3)
        }
        if let biasElementCount, biasElementCount != output.d3 {
            throw .shapeMismatch(name: "transpose_conv bias elements", expected: output.d3, actual: biasElementCount)
        }
        guard strideHeight > 0, strideHeight < Int(Int16.max) else {
            throw .unsupportedParameter(name: "transpose_conv stride height", value: strideHeight)
        }
        guard strideWidth > 0, strideWidth < Int(Int16.max) else {
            throw .unsupportedParameter(name: "transpose_conv stride width", value: strideWidth)
        }
        // Every output index an input pixel reaches must be computable without overflow.
        let (reachHeight, overflowH) = input.d1.multipliedReportingOverflow(by: strideHeight)
        let (reachWidth, overflowW) = input.d2.multipliedReportingOverflow(by: strideWidth)
        guard !overflowH, !overflowW, reachHeight < Int(Int32.max) / 2, reachWidth < Int(Int32.max) / 2 else {
            throw .unsupportedParameter(name: "transpose_conv input size", value: Int(Int32.max))
        }
        self.strideHeight = Int32(strideHeight)
        self.strideWidth = Int32(strideWidth)
        paddingTop = Int32(
            clamping: Self.leadingPadding(padding, size: output.d1, filter: filter.d1, stride: strideHeight))
        paddingLeft = Int32(
            clamping: Self.leadingPadding(padding, size: output.d2, filter: filter.d2, stride: strideWidth))
    }

    /// ComputeOutSize and ComputePaddingWithOffset for one axis, with C++'s truncating division
    /// (a negative VALID size gives zero padding, as in TFLM).
    static func leadingPadding(_ padding: Padding, size: Int, filter: Int, stride: Int) -> Int {
        let forwardOutput =
            padding == .same ? (size + stride - 1) / stride : (size + stride - filter) / stride
        let total = (forwardOutput - 1) * stride + filter - size
        return total > 0 ? total / 2 : 0
    }

    /// Calls `body(inputIndex, filterIndex, outputIndex)` for every product, in TFLM's order: batch,
    /// input row, input column, input channel, filter row, filter column, output channel. (Float
    /// sums depend on that order; each output element sees its terms in the same sequence.)
    @inline(__always)
    public func forEachTap(
        input: Dims4, filter: Dims4, output: Dims4, _ body: (Int, Int, Int) -> Void
    ) {
        let inputHeight = input.d1, inputWidth = input.d2, inputDepth = input.d3
        let filterHeight = filter.d1, filterWidth = filter.d2
        let outputHeight = output.d1, outputWidth = output.d2, outputDepth = output.d3
        let strideH = Int(strideHeight), strideW = Int(strideWidth)
        var inputIndex = 0
        for batch in 0..<input.d0 {
            for inY in 0..<inputHeight {
                let outYOrigin = inY * strideH - Int(paddingTop)
                for inX in 0..<inputWidth {
                    let outXOrigin = inX * strideW - Int(paddingLeft)
                    for inChannel in 0..<inputDepth {
                        for filterY in 0..<filterHeight {
                            let outY = outYOrigin + filterY
                            if outY < 0 || outY >= outputHeight { continue }
                            for filterX in 0..<filterWidth {
                                let outX = outXOrigin + filterX
                                if outX < 0 || outX >= outputWidth { continue }
                                let outputBase = ((batch * outputHeight + outY) * outputWidth + outX) * outputDepth
                                let filterBase = (filterY * filterWidth + filterX) * inputDepth + inChannel
                                let filterStride = filterHeight * filterWidth * inputDepth
                                for outChannel in 0..<outputDepth {
                                    body(inputIndex, outChannel * filterStride + filterBase, outputBase + outChannel)
                                }
                            }
                        }
                        inputIndex += 1
                    }
                }
            }
        }
    }
}

extension Dims4 {
    /// d0 · d1 · d2 · d3 (the tensor's byte size was checked, so the product fits).
    var elementCount: Int { d0 &* d1 &* d2 &* d3 }
}
