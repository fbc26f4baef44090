// ADD, float32 (M/add.cc EvalAdd, R/add.h): out = clamp(a + b) with the float activation range
// (see FloatActivation.swift). TFLM takes BroadcastAdd4DSlow (-> BroadcastBinaryOpSimple) when
// the two input shapes differ and a flat loop when they are equal; each element is one IEEE
// addition either way, so only the pairing matters (BroadcastPlan).

/// Prepared float32 ADD.
public struct FloatAdd: BitwiseCopyable, FloatBinaryKernel {
    public let broadcast: FloatBroadcast

    public init(broadcast: FloatBroadcast) { self.broadcast = broadcast }

    @inlinable
    public static func operation(_ x1: Float, _ x2: Float) -> Float { x1 + x2 }
}
