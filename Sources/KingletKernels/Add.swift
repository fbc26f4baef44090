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
public struct Add: BitwiseCopyable, AddSubKernel {
    public let arithmetic: AddSubArithmetic
    public init(arithmetic: AddSubArithmetic) { self.arithmetic = arithmetic }
    /// 2 * double(max(s1, s2)): the max in float, the doubling in double.
    public static func twiceMaxInputScale(_ s1: Float, _ s2: Float) -> Double { 2 * Double(max(s1, s2)) }
    public static var names: (KernelErrorName, KernelErrorName, KernelErrorName) {
        ("add input1", "add input2", "add output")
    }
    @inlinable public static func combine(_ scaled1: Int32, _ scaled2: Int32) -> Int32 { scaled1 &+ scaled2 }
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
