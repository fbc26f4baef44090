// CONV_2D, float32, with the arithmetic of LiteRT's optimized kernel (optimized_ops.h Conv: im2col,
// then cpu_backend_gemm, LiteRTFloatGemm.swift): for Larq Compute Engine models. The im2col column
// of an output pixel lists its taps in (fy, fx, ic) order, taps outside the image as 0:
//   one output pixel in all, output depth >= 4, depth >= 4: out = clamp(gemvDot(w[oc], column) + bias)
//   otherwise (ruy): acc = bias[oc] (or 0); acc = fma(w[oc, k], column[k], acc) for every tap k
//   in order, outside ones included; clamp
// Grouped convolutions keep the reference arithmetic (invoke): LiteRT runs them with its reference
// kernel.

extension FloatConv2D {
    /// The same operator with LiteRT's optimized float arithmetic.
    @inlinable
    public func invokeLiteRT(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        guard filtersPerGroup == outputDepth else {
            return invoke(input: input, filter: filter, bias: bias, output: output)
        }
        let depth = filterHeight &* filterWidth &* filterDepth
        let columns = batches &* outputHeight &* outputWidth
        let gemv = liteRTUsesCustomGemv(rows: outputDepth, depth: depth, columns: columns)
        forEachOutputPixel { pixel, b, originY, originX in
            for oc in 0..<outputDepth {
                let w = filter + oc &* depth
                var total: Float
                if gemv {
                    total = liteRTGemvDot(w, depth: depth) { k in
                        let tap = k / filterDepth
                        let iy = originY &+ height.dilation &* (tap / filterWidth)
                        let ix = originX &+ width.dilation &* (tap % filterWidth)
                        if !inImage(iy, ix) { return 0 }
                        return input[((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* inputDepth &+ k % filterDepth]
                    }
                    if let bias { total += bias[oc] }
                } else {
                    total = bias.map { $0[oc] } ?? 0
                    var k = 0
                    for fy in 0..<filterHeight {
                        let iy = originY &+ height.dilation &* fy
                        for fx in 0..<filterWidth {
                            let ix = originX &+ width.dilation &* fx
                            if !inImage(iy, ix) {
                                for ic in 0..<filterDepth { total = total.addingProduct(w[k &+ ic], 0) }
                            } else {
                                let x = input + ((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* inputDepth
                                for ic in 0..<filterDepth { total = total.addingProduct(w[k &+ ic], x[ic]) }
                            }
                            k &+= filterDepth
                        }
                    }
                }
                output[pixel &* outputDepth &+ oc] = activationRange.clampX86(total)
            }
        }
    }
}
