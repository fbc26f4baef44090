// DEPTHWISE_CONV_2D, float32, with the arithmetic of LiteRT's optimized kernel (depthwiseconv_float.h,
// NEON code through NEON_2_SSE), as Larq Compute Engine's interpreter runs it: the accumulators
// start at the bias, then every tap inside the image, in (fy, fx) order, adds `x * w` (the product
// rounded, then added: no FMA); clamp (x86 min then max).
//   acc = bias[oc] (or 0); for fy, fx (outside taps skipped): acc += input[.., ic] * filter[fy, fx, oc]

extension FloatDepthwiseConv2D {
    /// The same operator with LiteRT's optimized float arithmetic.
    @inlinable
    public func invokeLiteRT(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        forEachOutput(output) { b, originY, originX, ic, oc in
            activationRange.clampX86(windowSum(bias.map { $0[oc] } ?? 0, input, filter, b, originY, originX, ic, oc))
        }
    }
}
