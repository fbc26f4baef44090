// DIV, float32 (M/div.cc EvalDiv<float>, R/div.h Div / BroadcastDivSlow): out = clamp(a / b)
// with the float activation range (FloatActivation.swift); one IEEE division per element, so
// only the pairing matters (BroadcastPlan).

/// Prepared float32 DIV.
public struct FloatDiv: BitwiseCopyable, FloatBinaryKernel {
    public let broadcast: FloatBroadcast

    public init(broadcast: FloatBroadcast) { self.broadcast = broadcast }

    @inlinable
    public static func operation(_ x1: Float, _ x2: Float) -> Float { x1 / x2 }
}
