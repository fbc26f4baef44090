// CONV_2D, float32 (M/conv.cc, M/conv_common.cc, R/conv.h Conv(float)).
// NHWC input, filter [out channels, KH, KW, in channels / groups], groups = input depth / filter
// depth. Padding from SAME/VALID (Padding.swift). Per output (b, y, x, oc), in this order:
//   total = 0
//   for fy, fx (taps outside the image skipped), for ic in 0..<filter depth:
//       total += input[b, iy, ix, ic + group * filter depth] * filter[oc, fy, fx, ic]
//   out = clamp(total + (bias ? bias[oc] : 0))
// Multiply and add are separate float operations (the reference build does not fuse them).

/// Prepared float32 CONV_2D.
public struct FloatConv2D: BitwiseCopyable, FloatConvolutionWindows {
    public let batches: Int
    public let inputHeight: Int, inputWidth: Int, inputDepth: Int
    public let filterHeight: Int, filterWidth: Int, filterDepth: Int
    public let outputHeight: Int, outputWidth: Int, outputDepth: Int
    public let filtersPerGroup: Int
    public let height: WindowAxis
    public let width: WindowAxis
    public let activationRange: FloatActivationRange

    public init(
        inputShape: Shape, filterShape: Shape, biasElementCount: Int?, outputShape: Shape,
        padding: Padding, strideHeight: Int, strideWidth: Int, dilationHeight: Int, dilationWidth: Int,
        activation: FusedActivation
    ) throws(KernelError) {
        let names = ConvolutionNames.conv2D
        try ConvolutionGeometry.checkFloatShapes(inputShape, filterShape, outputShape, names: names)
        (batches, inputHeight, inputWidth, inputDepth) = inputShape.nhwc
        (outputDepth, filterHeight, filterWidth, filterDepth) = filterShape.nhwc
        // The reference's DCHECKs (live in TFLM's build) and the group arithmetic.
        guard outputShape[0] == batches else {
            throw .shapeMismatch(name: "conv_2d batches", expected: batches, actual: outputShape[0])
        }
        guard outputShape[3] == outputDepth else {
            throw .shapeMismatch(name: "conv_2d output depth", expected: outputDepth, actual: outputShape[3])
        }
        guard filterDepth > 0, inputDepth % filterDepth == 0, inputDepth / filterDepth > 0 else {
            throw .shapeMismatch(name: "conv_2d filter depth", expected: inputDepth, actual: filterDepth)
        }
        let groups = inputDepth / filterDepth
        guard outputDepth % groups == 0, outputDepth / groups > 0 else {
            throw .shapeMismatch(name: "conv_2d output channels per group", expected: groups, actual: outputDepth)
        }
        filtersPerGroup = outputDepth / groups
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
        forEachOutputPixel { pixel, b, originY, originX in
            for oc in 0..<outputDepth {
                let channelBase = (oc / filtersPerGroup) &* filterDepth
                var total: Float = 0
                for fy in 0..<filterHeight {
                    let iy = originY &+ height.dilation &* fy
                    for fx in 0..<filterWidth {
                        let ix = originX &+ width.dilation &* fx
                        if !inImage(iy, ix) { continue }
                        let x = input + (((b &* inputHeight &+ iy) &* inputWidth &+ ix) &* inputDepth &+ channelBase)
                        let w = filter + (((oc &* filterHeight &+ fy) &* filterWidth &+ fx) &* filterDepth)
                        for ic in 0..<filterDepth {
                            let product = x[ic] * w[ic]  // not fused, as in the reference build
                            total += product
                        }
                    }
                }
                let biasValue: Float = bias.map { $0[oc] } ?? 0
                output[pixel &* outputDepth &+ oc] = activationRange.clamp(total + biasValue)
            }
        }
    }
}
