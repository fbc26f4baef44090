// FULLY_CONNECTED, int8 and 16x8 (TFLM: micro/kernels/fully_connected*.cc,
// kernels/internal/reference/integer_ops/fully_connected.h).
// - Sums of (w - filter zp) · (x - input zp) (per-channel: w · (x - input zp)); + bias;
//   MultiplyByQuantizedMultiplier; + output zp; clamp. Unlike its convolutions, TFLM's 16x8
//   FULLY_CONNECTED applies all three zero points (the quantizer makes them 0).
// - int8: int32 sums, wrapping. 16x8: sums in the bias's type (Accumulator16x8: int64, or int32
//   wrapping for an int32 bias) with that type's MultiplyByQuantizedMultiplier.

/// Prepared FULLY_CONNECTED op data. Per-channel when the filter has more than one scale.
public struct FullyConnected: BitwiseCopyable {
    public private(set) var inputOffset: Int32  // -input zero point
    /// -filter zero point; applied only in the per-tensor path, like TFLM (whose release build
    /// skips the DCHECK that it is zero).
    public private(set) var filterOffset: Int32
    public private(set) var outputZeroPoint: Int32
    public internal(set) var outputMultiplier: QuantizedMultiplier  // per-tensor path
    /// Per-channel multipliers (nil for per-tensor), recomputed into scratch at each invoke.
    public private(set) var channelMultipliers: ChannelMultipliers?
    public private(set) var activationRange: QuantizedActivationRange
    public private(set) var batches: Int
    public private(set) var outputDepth: Int
    public private(set) var accumulationDepth: Int

    /// Int32 scratch slots `invoke` needs: 2 per filter scale when there is more than one scale, else 0.
    public static func scratchCount(filterScales: ScaleList) -> Int {
        filterScales.count > 1 ? 2 * filterScales.count : 0
    }

    /// - Parameters:
    ///   - filterScales: the weights' scales (per-tensor when count <= 1; count 0 reads as scale 0,
    ///     as TFLM does for an unquantized filter).
    ///   - biasScale: the bias tensor's first scale (0 if it has none); nil when there is no bias.
    ///   - inputElementCount: total input elements (TFLM reads it flat as [batches, filterDepth]).
    ///   - filterRows, filterDepth: the filter's last two dimensions (Kinglet expects rank 2).
    ///   - outputElementCount, outputDepth: total output elements and the last output dimension;
    ///     batches = outputElementCount / outputDepth (this is all keep_num_dims changes).
    ///   - biasElementCount: nil when there is no bias.
    ///   - arithmetic: int8, or 16x8 with int32 or int64 sums.
    public init(
        inputScale: Float, inputZeroPoint: Int32,
        filterScales: ScaleList, filterZeroPoint: Int32,
        biasScale: Float?,
        outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation,
        inputElementCount: Int, filterRows: Int, filterDepth: Int,
        outputElementCount: Int, outputDepth: Int, biasElementCount: Int?,
        arithmetic: QuantizedArithmetic = .int8
    ) throws(KernelError) {
        try checkScale(inputScale, "fully_connected input")
        try checkScale(outputScale, "fully_connected output")
        guard filterRows >= 0, filterDepth >= 0, outputDepth >= 0, outputElementCount >= 0, inputElementCount >= 0
        else {
            throw .unsupportedParameter(name: "fully_connected dimension", value: -1)
        }
        guard outputDepth <= filterRows else {
            throw .shapeMismatch(
                name: "fully_connected output depth vs filter rows", expected: filterRows, actual: outputDepth)
        }
        let batches = outputDepth == 0 ? 0 : outputElementCount / outputDepth
        guard batches * outputDepth == outputElementCount else {
            throw .shapeMismatch(
                name: "fully_connected output elements", expected: batches * outputDepth, actual: outputElementCount)
        }
        // TFLM never looks at the input shape; it reads batches * depth values. Require that many.
        // Overflow-checked: hostile dimensions must not trap on a 32-bit target.
        let (inputNeeded, inputOverflow) = batches.multipliedReportingOverflow(by: filterDepth)
        guard !inputOverflow, inputNeeded <= inputElementCount else {
            throw .shapeMismatch(
                name: "fully_connected input elements", expected: inputNeeded, actual: inputElementCount)
        }
        if let biasElementCount, biasElementCount < outputDepth {
            throw .shapeMismatch(name: "fully_connected bias elements", expected: outputDepth, actual: biasElementCount)
        }

        self.inputOffset = 0 &- inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.batches = batches
        self.outputDepth = outputDepth
        self.accumulationDepth = filterDepth
        self.outputMultiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
        self.channelMultipliers = nil

        if filterScales.count > 1 {
            // Per-channel: the scale count must match the filter's quantized dimension.
            let channels = filterScales.count
            let quantizedDimensionSize: Int
            switch filterScales.quantizedDimension {
            case 0: quantizedDimensionSize = filterRows
            case 1: quantizedDimensionSize = filterDepth
            default:
                throw .unsupportedParameter(
                    name: "fully_connected quantized dimension", value: filterScales.quantizedDimension)
            }
            guard channels == quantizedDimensionSize else {
                throw .shapeMismatch(
                    name: "fully_connected filter scales", expected: quantizedDimensionSize, actual: channels)
            }
            guard channels >= outputDepth else {
                throw .shapeMismatch(
                    name: "fully_connected filter scales vs output depth", expected: outputDepth, actual: channels)
            }
            // All in double: in_s * f_s[c] / out_s.
            self.channelMultipliers = try ChannelMultipliers(
                filterScales: filterScales, channels: channels, inputScale: inputScale, outputScale: outputScale,
                name: "fully_connected per-channel")
            if arithmetic == .int16x8Wide {
                // TFLM's int64 MultiplyByQuantizedMultiplier asserts shift < 8.
                try self.channelMultipliers?.checkShifts(below: 8, name: "fully_connected per-channel")
            }
            self.filterOffset = 0  // per-channel weights are symmetric; TFLM ignores the zero point
        } else {
            let filterScale = filterScales.first
            guard filterScale.isFinite else { throw .invalidScale(name: "fully_connected filter", value: filterScale) }
            // The product is taken in double. (The 90b983c2 source of GetQuantizedConvolutionMultipler
            // multiplies in float32 first, but the pip tflite-micro wheel, built from a later
            // commit, matches the double product: see FullyConnectedTests.perTensorMultiplier.)
            let productScale = Double(inputScale) * Double(filterScale)
            guard productScale >= 0 else {
                throw .invalidScale(name: "fully_connected input*filter", value: inputScale * filterScale)
            }
            if let biasScale {
                let difference = (productScale - Double(biasScale)).magnitude
                guard difference / Double(outputScale) <= 0.02 else {
                    throw .quantizationMismatch(
                        name: "fully_connected bias", expected: inputScale * filterScale, actual: biasScale)
                }
            }
            let real = productScale / Double(outputScale)
            self.outputMultiplier = try quantizeMultiplier(real, name: "fully_connected")
            if arithmetic == .int16x8Wide, outputMultiplier.shift >= 8 {
                throw .multiplierOutOfRange(name: "fully_connected", value: real)
            }
            self.filterOffset = 0 &- filterZeroPoint
        }
        self.activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint, typeRange: arithmetic.typeRange)
    }

    /// input: batches * accumulationDepth values; filter: [filterRows, accumulationDepth];
    /// bias: outputDepth values or nil; output: batches * outputDepth values; `scratch` holds
    /// `scratchCount(filterScales:)` Int32 slots (nil for per-tensor weights).
    public func invoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        #if !arch(arm)
            // Host only: a dot product LLVM vectorizes (HostFullyConnected.swift).
            if hostApplies {
                hostInvoke(input: input, filter: filter, bias: bias, output: output, scratch: scratch)
                return
            }
        #endif
        // Four rows per input load (OptimizedFullyConnected.swift): the device's path.
        if rowsOfFourApplies {
            rowsOfFourInvoke(input: input, filter: filter, bias: bias, output: output, scratch: scratch)
            return
        }
        referenceInvoke(input: input, filter: filter, bias: bias, output: output, scratch: scratch)
    }

    /// The int8 `invoke`'s scalar loops (the oracle of the optimized paths).
    @inline(__always)
    func referenceInvoke(
        input: UnsafePointer<Int8>, filter: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int32>?
    ) {
        let (channelMultipliers, channelShifts) = perChannelTables(in: scratch)
        let depth = accumulationDepth
        forEachOutput(input: input, filter: filter, output: output) { inputRow, filterRow, channel in
            // TFLM accumulates in int32 and lets it wrap: &+ and &* throughout.
            // Per-channel weights take no filter offset (as TFLM).
            let weightOffset = channelMultipliers == nil ? filterOffset : 0
            var sum: Int32 = 0
            for index in 0..<depth {
                sum &+= (Int32(filterRow[index]) &+ weightOffset) &* (Int32(inputRow[index]) &+ inputOffset)
            }
            return requantizedOutput(sum, channel, bias, channelMultipliers, channelShifts)
        }
    }

    /// Every output value, batch by batch and channel by channel: `value(input row, filter row, channel)`.
    @inline(__always)
    private func forEachOutput<Element, Output>(
        input: UnsafePointer<Element>, filter: UnsafePointer<Int8>, output: UnsafeMutablePointer<Output>,
        _ value: (UnsafePointer<Element>, UnsafePointer<Int8>, Int) -> Output
    ) {
        let depth = accumulationDepth
        for batch in 0..<batches {
            let inputRow = input + batch * depth
            let outputRow = output + batch * outputDepth
            for channel in 0..<outputDepth {
                outputRow[channel] = value(inputRow, filter + channel * depth, channel)
            }
        }
    }

    /// The int8 output of `channel` from its sum of products: + bias, requantized (per channel
    /// when the tables are given), + output zero point, clamped. The optimized paths share it.
    @inline(__always)
    func requantizedOutput(
        _ sum: Int32, _ channel: Int, _ bias: UnsafePointer<Int32>?, _ channelMultipliers: UnsafeMutablePointer<Int32>?,
        _ channelShifts: UnsafeMutablePointer<Int32>?
    ) -> Int8 {
        var accumulator = sum
        if let bias { accumulator &+= bias[channel] }
        if let channelMultipliers, let channelShifts {
            accumulator = multiplyByQuantizedMultiplier(
                accumulator, channelMultipliers[channel], channelShifts[channel])
        } else {
            accumulator = outputMultiplier.apply(accumulator)
        }
        return Int8(truncatingIfNeeded: activationRange.clamp(accumulator &+ outputZeroPoint))
    }

    /// Per-channel weights: the multipliers and shifts computed into `scratch`; per tensor: nil, nil.
    @inline(__always)
    func perChannelTables(
        in scratch: UnsafeMutablePointer<Int32>?
    ) -> (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) {
        guard let perChannel = channelMultipliers, let scratch else { return (nil, nil) }
        perChannel.compute(into: scratch)
        return (scratch, scratch + perChannel.count)
    }

    /// 16x8: input and output Int16, filter Int8, bias (`Accumulator` values, as prepared) or nil;
    /// `scratch` as for int8.
    public func invoke<Accumulator: Accumulator16x8>(
        input: UnsafePointer<Int16>, filter: UnsafePointer<Int8>, bias: UnsafeRawPointer?,
        output: UnsafeMutablePointer<Int16>, scratch: UnsafeMutablePointer<Int32>?, accumulator _: Accumulator.Type
    ) {
        let (channelMultipliers, channelShifts) = perChannelTables(in: scratch)
        let depth = accumulationDepth
        let filterOffset = channelMultipliers == nil ? self.filterOffset : 0
        forEachOutput(input: input, filter: filter, output: output) { inputRow, filterRow, channel in
            var accumulator: Accumulator = 0
            for index in 0..<depth {
                accumulator &+= .widen(
                    (Int32(filterRow[index]) &+ filterOffset) &* (Int32(inputRow[index]) &+ inputOffset))
            }
            if let bias { accumulator &+= .bias(bias, channel) }
            let scaled: Int32
            if let channelMultipliers, let channelShifts {
                scaled = accumulator.scaled(channelMultipliers[channel], channelShifts[channel])
            } else {
                scaled = accumulator.scaled(outputMultiplier.multiplier, outputMultiplier.shift)
            }
            return Int16(truncatingIfNeeded: activationRange.clamp(scaled &+ outputZeroPoint))
        }
    }
}
