// MEAN, int8 and int16 (M/reduce.cc, M/reduce_common.cc, R/reduce.h QuantizedMeanOrSum), and
// SUM's int8/int16 path, the same function with compute_sum set (`computeSum`; float32 SUM is
// Float/FloatSum.swift).
//
// Micro always takes the generic quantized path for integers (the special 4-D H,W path is only
// used for float32, and only with keep_dims), and always requantizes, even for equal scales:
// - prepare: (m, s) = QuantizeMultiplier(double(in_s) / double(out_s)).
// - eval: axes resolved (ReductionPlan); outputs zeroed; if any input dim is 0, stop (outputs
//   stay 0, not the zero point).
//   sum[o] = int32 wrapping sum of the RAW values reduced into o;
//   N = product of the reduced input dims (1 when no axes);
//   MEAN only: k = min(63 - clz64(N), 32, 31 + s); m' = Int32((Int64(m) << k) / N); s' = s - k
//   (SUM keeps m, s);
//   out = clamp(MultiplyByQuantizedMultiplier(Int32(sum - in_zp * N), m', s') + out_zp, T.min, T.max)
//   where sum - in_zp * N is taken in int64 and truncated to int32. No fused activation.
//
// Integer wrapping sums do not depend on order, so each output's sum is computed directly.

/// Prepared int8/int16 MEAN or SUM.
public struct Mean: BitwiseCopyable {
    public let plan: ReductionPlan
    /// Multiplier after folding in 1/N for MEAN (TFLM's adjusted output_multiplier / output_shift).
    public let multiplier: QuantizedMultiplier
    @usableFromInline let inputZeroPoint: Int32
    @usableFromInline let outputZeroPoint: Int32
    @usableFromInline let minimum: Int32
    @usableFromInline let maximum: Int32

    public var outputCount: Int { plan.outputCount }
    public var reducedCount: Int { plan.reducedCount }

    /// - Parameters:
    ///   - axes: raw bytes of the constant int32 axis tensor (little-endian, any alignment).
    ///   - keepDims: the option. Like TFLM, Kinglet does not need it: the output order is the
    ///     same either way and only the output's element count is checked.
    ///   - output: the output tensor's shape from the model.
    ///   - int16: int16 tensors (clamped to int16) instead of int8.
    ///   - computeSum: SUM (no 1/N) instead of MEAN.
    public init(
        input: Shape, axes: UnsafeRawBufferPointer, keepDims: Bool, output: Shape,
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        int16: Bool = false, computeSum: Bool = false
    ) throws(KernelError) {
        try checkScale(inputScale, "mean input")
        try checkScale(outputScale, "mean output")
        plan = try ReductionPlan(input: input, axes: axes, output: output)
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        minimum = int16 ? Int32(Int16.min) : Int32(Int8.min)
        maximum = int16 ? Int32(Int16.max) : Int32(Int8.max)

        let base = try quantizeMultiplier(Double(inputScale) / Double(outputScale), name: "mean")
        guard base.shift <= 31 else {
            throw .multiplierOutOfRange(name: "mean", value: Double(inputScale) / Double(outputScale))
        }
        let count = plan.reducedCount
        if computeSum || plan.isEmpty || count == 0 {
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

    /// Computes the means (or sums). `T` is Int8 or Int16, as prepared. No scratch memory.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>) {
        if plan.isEmpty {  // TFLM leaves the zero-initialised outputs
            output.update(repeating: 0, count: plan.outputCount)
            return
        }
        let correction = Int64(inputZeroPoint) * Int64(plan.reducedCount)
        plan.forEachOutput { outputIndex, base in
            var sum: Int32 = 0
            // TFLM's AddTensorValuesWithExpectedOverflow wraps.
            plan.forEachReduced(from: base) { offset in sum &+= Int32(truncatingIfNeeded: input[offset]) }
            // int64 difference truncated to int32, as TFLM's static_cast<int32_t>.
            let centered = Int32(truncatingIfNeeded: Int64(sum) - correction)
            let value = multiplier.apply(centered) &+ outputZeroPoint
            output[outputIndex] = T(truncatingIfNeeded: min(max(value, minimum), maximum))
        }
    }
}
