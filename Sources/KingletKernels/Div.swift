// DIV, int8 and int32 (M/div.cc, R/div.h DivElementwise / BroadcastDivSlowQuantized /
// BroadcastDivSlow); float32 in Float/FloatDiv.swift. Broadcasting as BroadcastPlan.
//
// int8: prepare (m, s) = QuantizeMultiplier(double(s1) / (double(s2) * double(so))) (the source
// rounds s2 * so in float first; pip agrees with the all-double product), activation range as
// for ADD. Per element, a = x - z1, b = y - z2 (int32); if b < 0 both are negated;
//   r, k = GetReciprocal(b, 31): h1 = clz32(b); k = 31 - h1;
//          r = one_over_one_plus_x_for_x_in_0_1((u32(b) << h1) - 2^31) (Q0.31);
//   h = CountLeadingSignBits(a) (31 for 0); q = SRDHM(a << h, r);
//   out = clamp(z_o + RoundingDivideByPOT(SRDHM(q, m), -(s - k - h)), act_min, act_max).
// b == 0 (y equal to its zero point) is undefined in TFLM; the pip build on x86-64 computes
// clz32(0) = 32 and shifts by counts masked to 5 bits, which Kinglet reproduces, as it does
// for rounding shifts past 31.
// int32: a / b truncating toward zero, then the activation clamp. TFLM traps on b == 0 and on
// Int32.min / -1; Kinglet's invoke reports both instead (`invoke` returns false).

/// Prepared int8 or int32 DIV.
public struct Div: BitwiseCopyable {
    public let plan: BroadcastPlan
    @usableFromInline let input1Offset: Int32
    @usableFromInline let input2Offset: Int32
    @usableFromInline let outputZeroPoint: Int32
    public let multiplier: QuantizedMultiplier
    public let activationMinimum: Int32
    public let activationMaximum: Int32

    /// int8 DIV.
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        try checkScale(input1Scale, "div input 1")
        try checkScale(input2Scale, "div input 2")
        try checkScale(outputScale, "div output")
        let real = Double(input1Scale) / (Double(input2Scale) * Double(outputScale))
        multiplier = try quantizeMultiplier(real, name: "div")
        let range = try quantizedActivationRange(activation, outputScale: outputScale, outputZeroPoint: outputZeroPoint)
        activationMinimum = range.min
        activationMaximum = range.max
        input1Offset = 0 &- input1ZeroPoint
        input2Offset = 0 &- input2ZeroPoint
        self.outputZeroPoint = outputZeroPoint
    }

    /// int32 DIV.
    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        multiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
        let range = QuantizedActivationRange(unquantized: activation)
        (activationMinimum, activationMaximum) = (range.min, range.max)
        input1Offset = 0
        input2Offset = 0
        outputZeroPoint = 0
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Int8>, input2: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = Int8(truncatingIfNeeded: quotient(Int32(input1[offset1]), Int32(input2[offset2])))
        }
    }

    @inlinable
    func quotient(_ x: Int32, _ y: Int32) -> Int32 {
        var a = input1Offset &+ x
        var b = input2Offset &+ y
        if b < 0 {
            a = 0 &- a
            b = 0 &- b
        }
        let headroomPlusOne = Int32(UInt32(bitPattern: b).leadingZeroBitCount)  // 32 for 0
        let reciprocalShift = 31 - headroomPlusOne
        let shiftedMinusOne = Int32(
            bitPattern: (UInt32(bitPattern: b) << UInt32(headroomPlusOne & 31)) &- (1 << 31))
        let reciprocal = oneOverOnePlusXForXIn01(shiftedMinusOne)
        let headroom = Int32(a >= 0 ? a.leadingZeroBitCount : (~a).leadingZeroBitCount) - 1
        let unscaled = saturatingRoundingDoublingHighMul(a &<< headroom, reciprocal)
        let totalShift = multiplier.shift - reciprocalShift - headroom
        let product = saturatingRoundingDoublingHighMul(unscaled, multiplier.multiplier)
        let value = outputZeroPoint &+ x86RoundingDivideByPOT(product, 0 &- totalShift)
        return min(activationMaximum, max(activationMinimum, value))
    }

    /// gemmlowp's RoundingDivideByPOT as the x86-64 pip build runs it for any exponent: the mask
    /// from a 64-bit shift (count masked to 6 bits), the int32 shift's count masked to 5 bits.
    @inlinable
    func x86RoundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent & 63)) &- 1)
        let remainder = x & mask
        let threshold = (mask >> 1) &+ (x < 0 ? 1 : 0)
        return (x >> (exponent & 31)) &+ (remainder > threshold ? 1 : 0)
    }

    /// int32: returns false (output incomplete) on a zero divisor or Int32.min / -1.
    @inlinable
    public func invoke(
        input1: UnsafePointer<Int32>, input2: UnsafePointer<Int32>, output: UnsafeMutablePointer<Int32>
    )
        -> Bool
    {
        var ok = true
        plan.forEachElement { offset1, offset2, outputOffset in
            let a = input1[offset1], b = input2[offset2]
            if b == 0 || (b == -1 && a == Int32.min) {
                ok = false
                return
            }
            output[outputOffset] = min(activationMaximum, max(activationMinimum, a / b))
        }
        return ok
    }
}
