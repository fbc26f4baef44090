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
        for b in 0..<batches {
            for outY in 0..<outputHeight {
                let originY = outY &* height.stride &- height.paddingBefore
                for outX in 0..<outputWidth {
                    let originX = outX &* width.stride &- width.paddingBefore
                    let outputRow = output + ((b &* outputHeight &+ outY) &* outputWidth &+ outX) &* outputDepth
                    for ic in 0..<inputDepth {
                        for m in 0..<depthMultiplier {
                            let oc = m &+ ic &* depthMultiplier
                            var total: Float = bias.map { $0[oc] } ?? 0
                            for fy in 0..<filterHeight {
                                for fx in 0..<filterWidth {
                                    let iy = originY &+ height.dilation &* fy
                                    let ix = originX &+ width.dilation &* fx
                                    if iy < 0 || iy >= inputHeight || ix < 0 || ix >= inputWidth { continue }
                                    let x = input[((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* inputDepth &+ ic]
                                    let product = x * filter[(fy &* filterWidth &+ fx) &* outputDepth &+ oc]
                                    total += product
                                }
                            }
                            outputRow[oc] = activationRange.clampX86(total)
                        }
                    }
                }
            }
        }
    }
}
