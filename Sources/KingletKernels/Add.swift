// ADD, int8 and int16 (M/add.cc, M/add_common.cc, RI/add.h for int8, R/add.h for int16), with
// broadcasting (see Broadcast.swift), plus int32 (unquantized) below.
//
// Prepare (CalculateOpDataAdd): left_shift = 20 (int8) or 15 (int16); tm = 2 * double(max(s1, s2))
// (max taken in float); m1 = s1 / tm, m2 = s2 / tm, mo = tm / (2^ls * so), all in double, each through
// QuantizeMultiplierSmallerThanOneExp, which TFLITE_CHECKs (aborts) unless 0 < m < 1 and the
// resulting shift <= 0. Activation range from the output's scale and zero point.
// Eval per element (AddFunc; for int16 R/add.h's Add with pot_scale = false, i.e.
// AddGeneralParamScale -> AddElementwise, and BroadcastAdd6DSlow: the same formula), all int32:
//   a = (x1 - z1) << ls; b = (x2 - z2) << ls
//   sa = MBQMSmallerThanOneExp(a, m1); sb = MBQMSmallerThanOneExp(b, m2)
//   out = clamp(MBQMSmallerThanOneExp(sa + sb, mo) + zo)
// CheckArithmeticParams also DCHECKs input zero points in int8 range and activation min <= max,
// but DCHECKs are compiled out of the pip tflite-micro build (an ADD with input zero point 200
// runs there), so Kinglet computes those cases the same way instead of rejecting them: int32
// arithmetic with wrap-around, and a clamp that yields the upper bound when min > max.
// The TFLITE_CHECKs on the multipliers do abort in that build (an output multiplier >= 1 kills
// the reference process); Kinglet throws for them.

/// Prepared int8 or int16 ADD.
public struct Add: BitwiseCopyable {
    public let plan: BroadcastPlan
    /// 20 for int8, 15 for int16.
    public let leftShift: Int32
    public let input1Multiplier: QuantizedMultiplier
    public let input2Multiplier: QuantizedMultiplier
    public let outputMultiplier: QuantizedMultiplier
    @usableFromInline let input1Offset: Int32  // -z1
    @usableFromInline let input2Offset: Int32  // -z2
    @usableFromInline let outputOffset: Int32  // zo
    public let activationRange: QuantizedActivationRange
    /// 8 or 16: the element type the kernel was prepared for.
    public let elementBits: Int

    /// - Parameter int16: `false` for int8 tensors (left shift 20), `true` for int16 (left shift 15).
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool = false
    ) throws(KernelError) {
        try checkScale(input1Scale, "add input1")
        try checkScale(input2Scale, "add input2")
        try checkScale(outputScale, "add output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        leftShift = int16 ? 15 : 20
        elementBits = int16 ? 16 : 8

        let twiceMaxInputScale = 2 * Double(max(input1Scale, input2Scale))
        input1Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input1Scale) / twiceMaxInputScale, name: "add input1")
        input2Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input2Scale) / twiceMaxInputScale, name: "add input2")
        outputMultiplier = try quantizeMultiplierSmallerThanOneExp(
            twiceMaxInputScale / (Double(Int32(1) << leftShift) * Double(outputScale)), name: "add output")

        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint,
            typeRange: int16 ? .int16 : .int8)
        input1Offset = 0 &- input1ZeroPoint  // no trap for Int32.min
        input2Offset = 0 &- input2ZeroPoint
        outputOffset = outputZeroPoint
    }

    /// One element (TFLM's AddFunc), inputs already widened to int32.
    @inlinable
    public func add(_ x1: Int32, _ x2: Int32) -> Int32 {
        // With in-range zero points |x - z| <= 2^16 - 1: the shifted values stay below 2^31 and
        // the scaled ones (multipliers <= 1/2) sum below 2^31. Out-of-range zero points wrap like
        // TFLM's int32 (see above).
        let shifted1 = (x1 &+ input1Offset) &<< leftShift
        let shifted2 = (x2 &+ input2Offset) &<< leftShift
        let scaled1 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted1, input1Multiplier.multiplier, input1Multiplier.shift)
        let scaled2 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted2, input2Multiplier.multiplier, input2Multiplier.shift)
        let rawOutput =
            multiplyByQuantizedMultiplierSmallerThanOneExp(
                scaled1 &+ scaled2, outputMultiplier.multiplier, outputMultiplier.shift)
            &+ outputOffset  // int32 addition; only an absurd zero point could wrap, as in TFLM
        return activationRange.clamp(rawOutput)
    }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        precondition(T.bitWidth == elementBits, "Add prepared for another element type")
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = T(truncatingIfNeeded: add(Int32(input1[offset1]), Int32(input2[offset2])))
        }
    }
}

/// Prepared int32 ADD (unquantized tensors; M/add.cc EvalAdd): x1 + x2 with int32 wrap-around.
/// TFLM ignores the fused activation here: EvalAdd sets the int32 range to [lowest, max] whatever
/// the options say (unlike int32 MUL and SUB).
public struct Int32Add: BitwiseCopyable {
    public let plan: BroadcastPlan

    public init(input1Shape: Shape, input2Shape: Shape, outputShape: Shape) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int32>, input2: UnsafePointer<Int32>, output: UnsafeMutablePointer<Int32>)
    {
        plan.forEachElement { offset1, offset2, outputOffset in
            // Signed overflow is undefined in C++; x86-64 wraps, as &+ does.
            output[outputOffset] = input1[offset1] &+ input2[offset2]
        }
    }
}
