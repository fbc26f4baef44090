// MUL, int8 and int16 (M/mul.cc, M/mul_common.cc, RI/mul.h), with broadcasting (see
// Broadcast.swift), plus int32 (unquantized, R/mul.h) below. int16 takes the same
// MulElementwise/BroadcastMul6DSlow formula; CalculateOpDataMul requires all three int16 zero
// points to be 0 (TF_LITE_ENSURE_EQ), so |product| <= 2^30 cannot wrap.
//
// Prepare (CalculateOpDataMul): (m, s) = QuantizeMultiplier(double(s1) * double(s2) / double(so))
// — the plain variant, so multipliers >= 1 are fine and nothing aborts. Activation range from
// the output's scale and zero point.
// Eval per element, all int32: out = clamp(zo + MultiplyByQuantizedMultiplier((x1 - z1) * (x2 - z2), m, s)).
// The non-broadcast reference DCHECKs activation min <= max, but DCHECKs are compiled out of the
// pip tflite-micro build, so an out-of-range output zero point simply clamps to the upper bound,
// here too.

/// Prepared int8 or int16 MUL.
public struct Mul: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let outputMultiplier: QuantizedMultiplier
    public let quantization: BinaryQuantization

    /// Throws for unusable scales and for a multiplier shift above 31 (s1 * s2 / so >= 2^31),
    /// where TFLM's `x * (1 << shift)` is undefined.
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool = false
    ) throws(KernelError) {
        if int16 {
            try checkZeroPointsAreZero(
                (input1ZeroPoint, input2ZeroPoint, outputZeroPoint), names: ("mul input1", "mul input2", "mul output"))
        }
        try checkScale(input1Scale, "mul input1")
        try checkScale(input2Scale, "mul input2")
        try checkScale(outputScale, "mul output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        let real = Double(input1Scale) * Double(input2Scale) / Double(outputScale)
        outputMultiplier = try quantizeMultiplierShiftingAtMost31(real, name: "mul output")
        quantization = try BinaryQuantization(
            input1ZeroPoint: input1ZeroPoint, input2ZeroPoint: input2ZeroPoint, outputScale: outputScale,
            outputZeroPoint: outputZeroPoint, activation: activation, int16: int16)
    }

    /// One element, inputs already widened to int32.
    @inlinable
    public func multiply(_ x1: Int32, _ x2: Int32) -> Int32 {
        // int32 arithmetic as in TFLM; with int8-range zero points nothing can wrap (|product|
        // <= 255 * 255), and with absurd ones Kinglet wraps as TFLM's int32 does in practice.
        let product = (x1 &+ quantization.input1Offset) &* (x2 &+ quantization.input2Offset)
        let raw = quantization.outputOffset &+ outputMultiplier.apply(product)
        return quantization.activationRange.clamp(raw)
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        quantization.invoke(plan, input1: input1, input2: input2, output: output) { multiply($0, $1) }
    }
}

/// Prepared int32 MUL (unquantized; R/mul.h Mul / BroadcastMul6DSlow): clamp(x1 * x2) with
/// int32 wrap-around and CalculateActivationRange<int32_t> bounds (RELU [0, max], RELU6 [0, 6],
/// RELU_N1_TO_1 [-1, 1], others the full range).
public struct Int32Mul: BitwiseCopyable, ClampedBinaryKernel {
    public let broadcast: Int32Broadcast

    public init(broadcast: Int32Broadcast) { self.broadcast = broadcast }

    /// Signed overflow is undefined in C++; x86-64's imul wraps, as &* does.
    @inlinable
    public static func operation(_ x1: Int32, _ x2: Int32) -> Int32 { x1 &* x2 }
}
