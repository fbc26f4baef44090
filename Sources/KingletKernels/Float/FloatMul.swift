// MUL, float32 (M/mul_common.cc EvalMulFloatReference, R/mul.h): out = clamp(a * b) with the
// float activation range (see FloatActivation.swift); BroadcastMul4DSlow when
// ProcessBroadcastShapes reports a broadcast, else a flat loop — one IEEE multiplication per
// element either way (WrappingMul is plain multiplication for floats).

/// Prepared float32 MUL.
public struct FloatMul: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let activationRange: FloatActivationRange

    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        activationRange = FloatActivationRange(activation)
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Float>, input2: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>)
    {
        plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = activationRange.clamp(input1[offset1] * input2[offset2])
        }
    }
}
