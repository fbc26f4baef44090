// LiteRT's vector MultiplyByQuantizedMultiplier (optimized_ops.h MultiplyByQuantizedMultiplier4Rows,
// NEON, which LiteRT's x86 build runs through NEON_2_SSE), as Larq Compute Engine's interpreter
// computes it in the 16-lane blocks of its int8 QUANTIZE and MEAN (tools/bnn/int8_ops.py):
//   x << max(shift, 0) (vshlq_s32: wraps), then vqrdmulhq_s32: (x * m + 2^30) >> 31 (half up),
//   then vrshlq_s32 by -max(-shift, 0): (r + 2^(e-1)) >> e (half up again).
// TFLM's (and LiteRT's scalar) MultiplyByQuantizedMultiplier rounds both steps half away from zero.

extension QuantizedMultiplier {
    /// Applies it with LiteRT's NEON rounding (both roundings half up). `multiplier` is
    /// non-negative (QuantizeMultiplier's), so vqrdmulh never saturates.
    @inlinable @inline(__always)
    public func applyNeon(_ x: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0
        let right = shift > 0 ? 0 : -shift
        let high = (Int64(x &<< left) &* Int64(multiplier) &+ (1 << 30)) >> 31
        guard right > 0 else { return Int32(truncatingIfNeeded: high) }
        return Int32(truncatingIfNeeded: (high &+ (Int64(1) << Int64(right &- 1))) >> Int64(right))
    }
}
