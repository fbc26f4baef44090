// ADD, float32 (M/add.cc EvalAdd, R/add.h): out = clamp(a + b) with the float activation range
// (see FloatActivation.swift). TFLM takes BroadcastAdd4DSlow (-> BroadcastBinaryOpSimple) when
// the two input shapes differ and a flat loop when they are equal; each element is one IEEE
// addition either way, so only the pairing matters (BroadcastPlan).

/// Prepared float32 ADD.
public struct FloatAdd: BitwiseCopyable {
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
            output[outputOffset] = activationRange.clamp(input1[offset1] + input2[offset2])
        }
    }
}
