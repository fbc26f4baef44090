// MEAN, int8 (M/reduce.cc, M/reduce_common.cc, R/reduce.h QuantizedMeanOrSum).
//
// Micro always takes the generic quantized path for int8 (the special 4-D H,W path is only used
// for float32, and only with keep_dims), and always requantizes, even for equal scales:
// - prepare: (m, s) = QuantizeMultiplier(double(in_s) / double(out_s)).
// - eval: axes resolved (negative + rank; duplicates dropped; any out of range fails eval);
//   outputs zeroed; if any input dim is 0, stop (outputs stay 0, not the zero point).
//   sum[o] = int32 wrapping sum of the RAW int8 values reduced into o;
//   N = product of the reduced input dims (1 when no axes);
//   k = min(63 - clz64(N), 32, 31 + s); m' = Int32((Int64(m) << k) / N); s' = s - k;
//   out = clamp(MultiplyByQuantizedMultiplier(Int32(sum - in_zp * N), m', s') + out_zp, -128, 127)
//   where sum - in_zp * N is taken in int64 and truncated to int32. No fused activation.
// keep_dims only changes the output shape; the output element order is the input order with
// reduced dimensions dropped either way.
//
// Kinglet computes each output's sum directly (integer wrapping sums do not depend on order),
// so it needs no scratch buffer (TFLM's temp_sum / input_iter / resolved_axis buffers).

/// Prepared int8 MEAN.
public struct Mean: BitwiseCopyable {
    @usableFromInline var input: Shape
    /// Input strides, indexed like `input`.
    @usableFromInline var strides: Shape
    /// Kept dimensions (indices into `input`), outermost first.
    @usableFromInline var kept: Shape
    /// Reduced dimensions (indices into `input`), outermost first.
    @usableFromInline var reduced: Shape
    public let outputCount: Int
    /// N, the number of input elements averaged into each output.
    public let reducedCount: Int
    /// Multiplier after folding in 1/N (TFLM's adjusted output_multiplier / output_shift).
    public let multiplier: QuantizedMultiplier
    @usableFromInline let inputZeroPoint: Int32
    @usableFromInline let outputZeroPoint: Int32
    @usableFromInline let isEmpty: Bool

    /// - Parameters:
    ///   - axes: raw bytes of the constant int32 axis tensor (little-endian, any alignment).
    ///   - keepDims: the option. Like TFLM, Kinglet does not need it: the output order is the
    ///     same either way and only the output's element count is checked.
    ///   - output: the output tensor's shape from the model.
    public init(
        input: Shape, axes: UnsafeRawBufferPointer, keepDims: Bool, output: Shape,
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) throws(KernelError) {
        try checkScale(inputScale, "mean input")
        try checkScale(outputScale, "mean output")
        guard axes.count % 4 == 0 else { throw .unsupportedParameter(name: "mean axis bytes", value: axes.count) }
        self.input = input
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        _ = try input.checkedElementCount()

        // ResolveAxis: flags per input dimension, duplicates collapse.
        var isReduced = Shape()
        for _ in 0..<input.rank { try isReduced.append(0) }
        if input.rank > 0 {
            for index in 0..<(axes.count / 4) {
                let raw = Int(loadInt32LittleEndian(axes, index))
                let axis = raw < 0 ? raw + input.rank : raw
                guard axis >= 0, axis < input.rank else { throw .unsupportedParameter(name: "mean axis", value: raw) }
                isReduced[axis] = 1
            }
        }
        strides = Shape()
        kept = Shape()
        reduced = Shape()
        for _ in 0..<input.rank { try strides.append(0) }
        var stride = 1
        var index = input.rank - 1
        while index >= 0 {
            strides[index] = stride
            stride *= input[index]
            index -= 1
        }
        var outputElements = 1
        var count = 1
        for index in 0..<input.rank {
            if isReduced[index] == 1 {
                try reduced.append(index)
                count *= input[index]
            } else {
                try kept.append(index)
                outputElements *= input[index]
            }
        }
        isEmpty = (try input.checkedElementCount()) == 0
        outputCount = try output.checkedElementCount()
        reducedCount = count

        // Output shape: TFLM only uses its element count (keep_dims is not consulted at all),
        // and writes one value per kept position, so only the count is checked.
        guard outputCount == outputElements || isEmpty else {
            throw .shapeMismatch(name: "mean output elements", expected: outputElements, actual: outputCount)
        }

        let base = try quantizeMultiplier(Double(inputScale) / Double(outputScale), name: "mean")
        guard base.shift <= 31 else {
            throw .multiplierOutOfRange(name: "mean", value: Double(inputScale) / Double(outputScale))
        }
        if isEmpty || count == 0 {
            multiplier = base
        } else {
            // 63 - clz64(N) is floor(log2 N); the cap 31 + s keeps s' >= -31.
            var shift = 63 - UInt64(count).leadingZeroBitCount
            shift = min(shift, 32)
            shift = min(shift, 31 + Int(base.shift))
            let scaled = (Int64(base.multiplier) << Int64(shift)) / Int64(count)  // <= m: fits Int32
            multiplier = QuantizedMultiplier(
                multiplier: Int32(truncatingIfNeeded: scaled),
                shift: base.shift - Int32(shift))
        }
    }

    /// Computes the means. No scratch memory.
    @inlinable
    public func invoke(input inputData: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        if isEmpty {  // TFLM leaves the zero-initialised outputs
            output.update(repeating: 0, count: outputCount)
            return
        }
        let correction = Int64(inputZeroPoint) * Int64(reducedCount)
        var keptCounters = Shape()
        for _ in 0..<kept.rank { try? keptCounters.append(0) }  // rank <= 6
        var base = 0
        for outputIndex in 0..<outputCount {
            let sum = reducedSum(inputData + base)
            // int64 difference truncated to int32, as TFLM's static_cast<int32_t>.
            let centered = Int32(truncatingIfNeeded: Int64(sum) - correction)
            let value = multiplier.apply(centered) &+ outputZeroPoint
            output[outputIndex] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
            // Next kept position (odometer, innermost kept dimension fastest).
            var position = kept.rank - 1
            while position >= 0 {
                let dimension = kept[position]
                keptCounters[position] = keptCounters[position] + 1
                base &+= strides[dimension]
                if keptCounters[position] < input[dimension] { break }
                base &-= strides[dimension] &* input[dimension]
                keptCounters[position] = 0
                position -= 1
            }
        }
    }

    /// Wrapping int32 sum of the raw values over the reduced dimensions starting at `start`.
    @inlinable
    func reducedSum(_ start: UnsafePointer<Int8>) -> Int32 {
        if reduced.rank == 0 { return Int32(start[0]) }
        let innerDimension = reduced[reduced.rank - 1]
        let innerCount = input[innerDimension]
        let innerStride = strides[innerDimension]
        var counters = Shape()
        for _ in 0..<reduced.rank { try? counters.append(0) }  // rank <= 6
        var sum: Int32 = 0
        var offset = 0
        while true {
            var inner = offset
            for _ in 0..<innerCount {
                sum &+= Int32(start[inner])  // TFLM's AddTensorValuesWithExpectedOverflow wraps
                inner &+= innerStride
            }
            var position = reduced.rank - 2
            while position >= 0 {
                let dimension = reduced[position]
                counters[position] = counters[position] + 1
                offset &+= strides[dimension]
                if counters[position] < input[dimension] { break }
                offset &-= strides[dimension] &* input[dimension]
                counters[position] = 0
                position -= 1
            }
            if position < 0 { return sum }
        }
    }
}
