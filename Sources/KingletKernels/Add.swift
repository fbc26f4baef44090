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
// CheckArithmeticParams (live DCHECKs, so aborts) also requires both input zero points in int8
// range and activation min <= max; Kinglet rejects those at prepare.

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
        guard input1Scale.isFinite, input1Scale > 0 else { throw .invalidScale(name: "add input1", value: input1Scale) }
        guard input2Scale.isFinite, input2Scale > 0 else { throw .invalidScale(name: "add input2", value: input2Scale) }
        guard outputScale.isFinite, outputScale > 0 else { throw .invalidScale(name: "add output", value: outputScale) }
        guard input1ZeroPoint >= -128, input1ZeroPoint <= 127 else {
            throw .unsupportedParameter(name: "add input1 zero point", value: Int(input1ZeroPoint))
        }
        guard input2ZeroPoint >= -128, input2ZeroPoint <= 127 else {
            throw .unsupportedParameter(name: "add input2 zero point", value: Int(input2ZeroPoint))
        }
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
        guard activationRange.min <= activationRange.max else {
            throw .unsupportedParameter(name: "add activation min above max", value: Int(activationRange.min))
        }
        input1Offset = -input1ZeroPoint
        input2Offset = -input2ZeroPoint
        outputOffset = outputZeroPoint
    }

    /// One element (TFLM's AddFunc).
    @inlinable
    public func add(_ x1: Int8, _ x2: Int8) -> Int8 {
        // |x - z| <= 255, so the shifted values stay below 2^28 and their scaled sum below 2^29.
        let shifted1 = (Int32(x1) + input1Offset) << Add.leftShift
        let shifted2 = (Int32(x2) + input2Offset) << Add.leftShift
        let scaled1 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted1, input1Multiplier.multiplier, input1Multiplier.shift)
        let scaled2 = multiplyByQuantizedMultiplierSmallerThanOneExp(
            shifted2, input2Multiplier.multiplier, input2Multiplier.shift)
        let rawOutput = multiplyByQuantizedMultiplierSmallerThanOneExp(
            scaled1 + scaled2, outputMultiplier.multiplier, outputMultiplier.shift)
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
