// DIV, float32 (M/div.cc EvalDiv<float>, R/div.h Div / BroadcastDivSlow): out = clamp(a / b)
// with the float activation range (FloatActivation.swift); one IEEE division per element, so
// only the pairing matters (BroadcastPlan).

/// Prepared float32 DIV.
public struct FloatDiv: BitwiseCopyable {
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
            output[outputOffset] = activationRange.clamp(input1[offset1] / input2[offset2])
        }
    }
}
