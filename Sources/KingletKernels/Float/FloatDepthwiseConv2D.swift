// DEPTHWISE_CONV_2D, float32 (M/depthwise_conv.cc, R/depthwiseconv_float.h).
// NHWC input, filter [1, KH, KW, out channels], out channel oc = ic * depth_multiplier + m with
// depth_multiplier taken from the options. Per output (b, y, x, ic, m), in this order:
//   total = 0; for fy, fx (taps outside the image skipped): total += input[b, iy, ix, ic] * filter[fy, fx, oc]
//   out = clamp(total + (bias ? bias[oc] : 0))
// Multiply and add are separate float operations.

/// Prepared float32 DEPTHWISE_CONV_2D.
public struct FloatDepthwiseConv2D: BitwiseCopyable, FloatConvolutionWindows {
    public let batches: Int
    public let inputHeight: Int, inputWidth: Int, inputDepth: Int
    public let filterHeight: Int, filterWidth: Int
    public let outputHeight: Int, outputWidth: Int, outputDepth: Int
    public let depthMultiplier: Int
    public let height: WindowAxis
    public let width: WindowAxis
    public let activationRange: FloatActivationRange

    public init(
        inputShape: Shape, filterShape: Shape, biasElementCount: Int?, outputShape: Shape,
        padding: Padding, strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        depthMultiplier: Int, activation: FusedActivation
    ) throws(KernelError) {
        let names = ConvolutionNames.depthwiseConv2D
        try ConvolutionGeometry.checkFloatShapes(inputShape, filterShape, outputShape, names: names)
        (batches, inputHeight, inputWidth, inputDepth) = inputShape.nhwc
        (_, filterHeight, filterWidth, outputDepth) = filterShape.nhwc
        self.depthMultiplier = depthMultiplier
        guard outputShape[0] == batches else {
            throw .shapeMismatch(name: "depthwise_conv_2d batches", expected: batches, actual: outputShape[0])
        }
        guard outputShape[3] == outputDepth else {
            throw .shapeMismatch(name: "depthwise_conv_2d output depth", expected: outputDepth, actual: outputShape[3])
        }
        guard depthMultiplier > 0, Int64(inputDepth) * Int64(depthMultiplier) == Int64(outputDepth) else {
            throw .shapeMismatch(
                name: "depthwise_conv_2d input depth * multiplier", expected: outputDepth,
                actual: inputDepth &* depthMultiplier)
        }
        (height, width, outputHeight, outputWidth) = try ConvolutionGeometry.floatWindows(
            inputShape: inputShape, filterHeight: filterHeight, filterWidth: filterWidth, outputShape: outputShape,
            biasElementCount: biasElementCount, padding: padding, strideHeight: strideHeight, strideWidth: strideWidth,
            dilationHeight: dilationHeight, dilationWidth: dilationWidth, names: names)
        activationRange = FloatActivationRange(activation)
    }

    @inlinable
    public func invoke(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        forEachOutput(output) { b, originY, originX, ic, oc in
            let total = windowSum(0, input, filter, b, originY, originX, ic, oc)
            let biasValue: Float = bias.map { $0[oc] } ?? 0
            return activationRange.clamp(total + biasValue)
        }
    }

    /// Stores `value(b, originY, originX, ic, oc)` into every output value (b, y, x, oc) in NHWC
    /// order, oc = ic · depth multiplier + m.
    @inlinable @inline(__always)
    func forEachOutput(
        _ output: UnsafeMutablePointer<Float>,
        _ value: (_ b: Int, _ originY: Int, _ originX: Int, _ ic: Int, _ oc: Int) -> Float
    ) {
        forEachOutputPixel { pixel, b, originY, originX in
            let outputRow = output + pixel &* outputDepth
            for ic in 0..<inputDepth {
                for m in 0..<depthMultiplier {
                    let oc = m &+ ic &* depthMultiplier
                    outputRow[oc] = value(b, originY, originX, ic, oc)
                }
            }
        }
    }

    /// `total` + Σ x · w (each product rounded, then added) over the window's taps inside the
    /// image, in (fy, fx) order, for input channel `ic` and output channel `oc`.
    @inlinable @inline(__always)
    func windowSum(
        _ total: Float, _ input: UnsafePointer<Float>, _ filter: UnsafePointer<Float>, _ b: Int, _ originY: Int,
        _ originX: Int, _ ic: Int, _ oc: Int
    ) -> Float {
        var total = total
        for fy in 0..<filterHeight {
            for fx in 0..<filterWidth {
                let iy = originY &+ height.dilation &* fy
                let ix = originX &+ width.dilation &* fx
                if !inImage(iy, ix) { continue }
                let x = input[((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* inputDepth &+ ic]
                let w = filter[(fy &* filterWidth &+ fx) &* outputDepth &+ oc]
                let product = x * w  // not fused, as in the reference build
                total += product
            }
        }
        return total
    }
}
