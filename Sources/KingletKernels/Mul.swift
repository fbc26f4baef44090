// MUL, int8 (M/mul.cc, M/mul_common.cc, RI/mul.h), with broadcasting (see Broadcast.swift).
//
// Prepare (CalculateOpDataMul): (m, s) = QuantizeMultiplier(double(s1) * double(s2) / double(so))
// — the plain variant, so multipliers >= 1 are fine and nothing aborts. Activation range from
// the output's scale and zero point.
// Eval per element, all int32: out = clamp(zo + MultiplyByQuantizedMultiplier((x1 - z1) * (x2 - z2), m, s)).
// The non-broadcast reference DCHECKs activation min <= max, but DCHECKs are compiled out of the
// pip tflite-micro build, so an out-of-range output zero point simply clamps to the upper bound,
// here too.

/// Prepared int8 MUL.
public struct Mul: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let outputMultiplier: QuantizedMultiplier
    @usableFromInline let input1Offset: Int32  // -z1
    @usableFromInline let input2Offset: Int32  // -z2
    @usableFromInline let outputOffset: Int32  // zo
    public let activationRange: QuantizedActivationRange

    /// Throws for unusable scales and for a multiplier shift above 31 (s1 * s2 / so >= 2^31),
    /// where TFLM's `x * (1 << shift)` is undefined.
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation
    ) throws(KernelError) {
        try checkScale(input1Scale, "mul input1")
        try checkScale(input2Scale, "mul input2")
        try checkScale(outputScale, "mul output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)

        let real = Double(input1Scale) * Double(input2Scale) / Double(outputScale)
        outputMultiplier = try quantizeMultiplierShiftingAtMost31(real, name: "mul output")

        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint)
        input1Offset = 0 &- input1ZeroPoint  // zero points are unchecked here: no trap on Int32.min
        input2Offset = 0 &- input2ZeroPoint
        outputOffset = outputZeroPoint
    }

    /// One element.
    @inlinable
    public func multiply(_ x1: Int8, _ x2: Int8) -> Int8 {
        // int32 arithmetic as in TFLM; with int8-range zero points nothing can wrap (|product|
        // <= 255 * 255), and with absurd ones Kinglet wraps as TFLM's int32 does in practice.
        let product = (Int32(x1) &+ input1Offset) &* (Int32(x2) &+ input2Offset)
        let raw = outputOffset &+ outputMultiplier.apply(product)
        return Int8(truncatingIfNeeded: activationRange.clamp(raw))
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int8>, input2: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = multiply(input1[offset1], input2[offset2])
        }
    }
}
