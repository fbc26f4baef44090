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
    @usableFromInline let input1Offset: Int32  // -z1
    @usableFromInline let input2Offset: Int32  // -z2
    @usableFromInline let outputOffset: Int32  // zo
    public let activationRange: QuantizedActivationRange
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// Throws for unusable scales and for a multiplier shift above 31 (s1 * s2 / so >= 2^31),
    /// where TFLM's `x * (1 << shift)` is undefined.
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool = false
    ) throws(KernelError) {
        if int16 {
            guard input1ZeroPoint == 0 else {
                throw .zeroPointMismatch(name: "mul input1", expected: 0, actual: input1ZeroPoint)
            }
            guard input2ZeroPoint == 0 else {
                throw .zeroPointMismatch(name: "mul input2", expected: 0, actual: input2ZeroPoint)
            }
            guard outputZeroPoint == 0 else {
                throw .zeroPointMismatch(name: "mul output", expected: 0, actual: outputZeroPoint)
            }
        }
        try checkScale(input1Scale, "mul input1")
        try checkScale(input2Scale, "mul input2")
        try checkScale(outputScale, "mul output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        elementBits = int16 ? 16 : 8

        let real = Double(input1Scale) * Double(input2Scale) / Double(outputScale)
        outputMultiplier = try quantizeMultiplierShiftingAtMost31(real, name: "mul output")

        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint,
            typeRange: int16 ? .int16 : .int8)
        input1Offset = 0 &- input1ZeroPoint  // zero points are unchecked here: no trap on Int32.min
        input2Offset = 0 &- input2ZeroPoint
        outputOffset = outputZeroPoint
    }

    /// One element, inputs already widened to int32.
    @inlinable
    public func multiply(_ x1: Int32, _ x2: Int32) -> Int32 {
        // int32 arithmetic as in TFLM; with int8-range zero points nothing can wrap (|product|
        // <= 255 * 255), and with absurd ones Kinglet wraps as TFLM's int32 does in practice.
        let product = (x1 &+ input1Offset) &* (x2 &+ input2Offset)
        let raw = outputOffset &+ outputMultiplier.apply(product)
        return activationRange.clamp(raw)
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        precondition(T.bitWidth == elementBits, "Mul prepared for another element type")
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = T(truncatingIfNeeded: multiply(Int32(input1[offset1]), Int32(input2[offset2])))
        }
    }
}

/// Prepared int32 MUL (unquantized; R/mul.h Mul / BroadcastMul6DSlow): clamp(x1 * x2) with
/// int32 wrap-around and CalculateActivationRange<int32_t> bounds (RELU [0, max], RELU6 [0, 6],
/// RELU_N1_TO_1 [-1, 1], others the full range).
public struct Int32Mul: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let activationMin: Int32
    public let activationMax: Int32

    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        switch activation {
        case .relu: (activationMin, activationMax) = (0, Int32.max)
        case .relu6: (activationMin, activationMax) = (0, 6)
        case .reluN1To1: (activationMin, activationMax) = (-1, 1)
        case .none, .tanh, .signBit: (activationMin, activationMax) = (Int32.min, Int32.max)
        }
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int32>, input2: UnsafePointer<Int32>, output: UnsafeMutablePointer<Int32>)
    {
        plan.forEachElement { offset1, offset2, outputOffset in
            // Signed overflow is undefined in C++; x86-64's imul wraps, as &* does.
            output[outputOffset] = min(max(input1[offset1] &* input2[offset2], activationMin), activationMax)
        }
    }
}
