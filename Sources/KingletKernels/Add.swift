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
    public let arithmetic: AddSubArithmetic

    /// - Parameter int16: `false` for int8 tensors (left shift 20), `true` for int16 (left shift 15).
    public init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool = false
    ) throws(KernelError) {
        arithmetic = try AddSubArithmetic(
            input1Shape: input1Shape, input1Scale: input1Scale, input1ZeroPoint: input1ZeroPoint,
            input2Shape: input2Shape, input2Scale: input2Scale, input2ZeroPoint: input2ZeroPoint,
            outputShape: outputShape, outputScale: outputScale, outputZeroPoint: outputZeroPoint,
            activation: activation, int16: int16, twiceMaxInputScale: 2 * Double(max(input1Scale, input2Scale)),
            names: ("add input1", "add input2", "add output"))
    }

    /// One element (TFLM's AddFunc), inputs already widened to int32.
    @inlinable
    public func add(_ x1: Int32, _ x2: Int32) -> Int32 { arithmetic.evaluate(x1, x2) { $0 &+ $1 } }

    /// Invoke for Int8 (prepared with `int16: false`) or Int16 (`int16: true`) tensors.
    @inlinable
    public func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        arithmetic.invoke(input1: input1, input2: input2, output: output) { $0 &+ $1 }
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
