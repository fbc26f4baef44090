// The float arithmetic of LiteRT's optimized x86 kernels for CONV_2D and FULLY_CONNECTED, as Larq
// Compute Engine 0.16's interpreter runs them (its reference for LCE models: docs/binarized.md;
// established by experiment, tools/bnn/float_ops.py). Both end in cpu_backend_gemm::Gemm of the
// filter [rows = output channels, depth] by the input [depth, columns] (CONV_2D: its im2col,
// padding taps 0; columns = output pixels; FULLY_CONNECTED: columns = batches):
// - One column, rows >= 4 and depth >= 4: the custom GEMV (cpu_backend_gemm_custom_gemv.h, NEON
//   code through NEON_2_SSE). Per row, 4 lane sums: lane l takes columns j = l mod 4 of the full
//   blocks of 4, `lane += w * x` (the product rounded, then added: no FMA); the last depth % 4
//   columns come from one more block over the last 4 columns, the ones already summed multiplied
//   by 0; then (l0 + l1) + (l2 + l3), then + bias when there is one.
// - Otherwise ruy (its AVX-512 / AVX2-FMA float kernel): acc = bias (or 0), then
//   acc = fma(w, x, acc) over the depth in order.
// Both then clamp with x86 minps/maxps: min(acc, hi) then max(.., lo), each `a < b ? a : b`
// (`a > b`), so RELU turns -0 into +0.

extension FloatActivationRange {
    /// The clamp of LiteRT's optimized float kernels: x86 min(value, hi), then max(.., lo).
    @inlinable @inline(__always)
    public func clampX86(_ value: Float) -> Float {
        let upper = value < max ? value : max
        return upper > min ? upper : min
    }
}

/// Whether LiteRT's Gemm takes the custom GEMV for this shape (else ruy).
@inlinable @inline(__always)
public func liteRTUsesCustomGemv(rows: Int, depth: Int, columns: Int) -> Bool {
    columns == 1 && rows >= 4 && depth >= 4
}

/// One row of LiteRT's custom float GEMV: the dot product of filter row `w` with the column
/// whose entry j is `value(j)`, over `depth` >= 4 entries, bias not included.
@inlinable @inline(__always)
public func liteRTGemvDot(_ w: UnsafePointer<Float>, depth: Int, _ value: (Int) -> Float) -> Float {
    var l0: Float = 0, l1: Float = 0, l2: Float = 0, l3: Float = 0
    var j = 0
    while j &+ 4 <= depth {
        let p0 = w[j] * value(j), p1 = w[j &+ 1] * value(j &+ 1)
        let p2 = w[j &+ 2] * value(j &+ 2), p3 = w[j &+ 3] * value(j &+ 3)
        l0 += p0
        l1 += p1
        l2 += p2
        l3 += p3
        j &+= 4
    }
    if j < depth {
        // Walk back to the last 4 columns; the first `back` (1...3) were summed above.
        let back = j &+ 4 &- depth
        let s = depth &- 4
        let p0 = w[s] * 0
        let p1 = w[s &+ 1] * (back > 1 ? 0 : value(s &+ 1))
        let p2 = w[s &+ 2] * (back > 2 ? 0 : value(s &+ 2))
        let p3 = w[s &+ 3] * value(s &+ 3)
        l0 += p0
        l1 += p1
        l2 += p2
        l3 += p3
    }
    return (l0 + l1) + (l2 + l3)
}
