// ADD, int8 (M/add.cc, M/add_common.cc, RI/add.h), with broadcasting (see Broadcast.swift).
//
// Prepare (CalculateOpDataAdd): left_shift = 20; tm = 2 * double(max(s1, s2)) (max taken in
// float); m1 = s1 / tm, m2 = s2 / tm, mo = tm / (2^20 * so), each through
// QuantizeMultiplierSmallerThanOneExp, which TFLITE_CHECKs (aborts) unless 0 < m < 1 and the
// resulting shift <= 0. Activation range from the output's scale and zero point.
// Eval per element (AddFunc), all int32:
//   a = (x1 - z1) << 20; b = (x2 - z2) << 20
//   sa = MBQMSmallerThanOneExp(a, m1); sb = MBQMSmallerThanOneExp(b, m2)
//   out = clamp(MBQMSmallerThanOneExp(sa + sb, mo) + zo)
// CheckArithmeticParams also DCHECKs input zero points in int8 range and activation min <= max,
// but DCHECKs are compiled out of the pip tflite-micro build (an ADD with input zero point 200
// runs there), so Kinglet computes those cases the same way instead of rejecting them: int32
// arithmetic with wrap-around, and a clamp that yields the upper bound when min > max.
// The TFLITE_CHECKs on the multipliers do abort in that build (an output multiplier >= 1 kills
// the reference process); Kinglet throws for them.

/// Prepared int8 ADD.
public struct Add: BitwiseCopyable {
    public static let leftShift: Int32 = 20

    public let plan: BroadcastPlan
    public let input1Multiplier: QuantizedMultiplier
    public let input2Multiplier: QuantizedMultiplier
    public let outputMultiplier: QuantizedMultiplier
    @usableFromInline let input1Offset: Int32  // -z1
    @usableFromInline let input2Offset: Int32  // -z2
    @usableFromInline let outputOffset: Int32  // zo
    public let activationRange: QuantizedActivationRange

    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation
    ) throws(KernelError) {
        try checkScale(input1Scale, "add input1")
        try checkScale(input2Scale, "add input2")
        try checkScale(outputScale, "add output")
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)

        let twiceMaxInputScale = 2 * Double(max(input1Scale, input2Scale))
        input1Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input1Scale) / twiceMaxInputScale, name: "add input1")
        input2Multiplier = try quantizeMultiplierSmallerThanOneExp(
            Double(input2Scale) / twiceMaxInputScale, name: "add input2")
        outputMultiplier = try quantizeMultiplierSmallerThanOneExp(
            twiceMaxInputScale / (Double(1 << Add.leftShift) * Double(outputScale)), name: "add output")

        activationRange = try quantizedActivationRange(
            activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint)
        input1Offset = 0 &- input1ZeroPoint  // no trap for Int32.min
        input2Offset = 0 &- input2ZeroPoint
        outputOffset = outputZeroPoint
    }

    /// One element (TFLM's AddFunc).
    @inlinable
    public func add(_ x1: Int8, _ x2: Int8) -> Int8 {
        // With int8 zero points |x - z| <= 255: the shifted values stay below 2^28 and the sum of
        // the scaled ones below 2^29. Out-of-range zero points wrap like TFLM's int32 (see above).
        let shifted1 = (Int32(x1) &+ input1Offset) &<< Add.leftShift
        let shifted2 = (Int32(x2) &+ input2Offset) &<< Add.leftShift
        let scaled1 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted1, input1Multiplier.multiplier, input1Multiplier.shift)
        let scaled2 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted2, input2Multiplier.multiplier, input2Multiplier.shift)
        let rawOutput =
            multiplyByQuantizedMultiplierSmallerThanOneExp(
                scaled1 &+ scaled2, outputMultiplier.multiplier, outputMultiplier.shift)
            &+ outputOffset  // int32 addition; only an absurd zero point could wrap, as in TFLM
        return Int8(truncatingIfNeeded: activationRange.clamp(rawOutput))
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int8>, input2: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = add(input1[offset1], input2[offset2])
        }
    }
}
