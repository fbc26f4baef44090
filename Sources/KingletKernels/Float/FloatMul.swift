// MUL, float32 (M/mul_common.cc EvalMulFloatReference, R/mul.h): out = clamp(a * b) with the
// float activation range (see FloatActivation.swift); BroadcastMul4DSlow when
// ProcessBroadcastShapes reports a broadcast, else a flat loop — one IEEE multiplication per
// element either way (WrappingMul is plain multiplication for floats).

/// Prepared float32 MUL.
public struct FloatMul: BitwiseCopyable, FloatBinaryKernel {
    public let broadcast: FloatBroadcast

    public init(broadcast: FloatBroadcast) { self.broadcast = broadcast }

    @inlinable
    public static func operation(_ x1: Float, _ x2: Float) -> Float { x1 * x2 }
}
