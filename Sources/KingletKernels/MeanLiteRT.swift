// MEAN int8 over the height and width of a 4-D tensor, kept dimensions, with the arithmetic of
// LiteRT's optimized kernel (optimized_integer_ops Mean, NEON through NEON_2_SSE on x86), as Larq
// Compute Engine's interpreter runs it (docs/binarized.md "Bit-exactness", tools/bnn/int8_ops.py).
// LiteRT takes this path only for int8, rank 4, keep_dims and the axis tensor exactly {1, 2} (in
// either order); other MEANs keep TFLM's arithmetic (Mean.swift), which LiteRT's general path
// shares. Unlike TFLM, the sum is of the raw values and the zero points go into one rounded bias:
//   N = height * width; (m, s) = QuantizeMultiplier(double(in_s / (Float(N) * out_s))) (float);
//   bias = out_zp - Int32(roundf(Float(in_zp) * in_s / out_s)) (float, half away from zero);
//   sum[b, c] = the int32 sum of x[b, :, :, c];
//   out = clamp(apply(sum) + bias, -128, 127), where apply is LiteRT's NEON rounding
//   (QuantizedMultiplier.applyNeon, half up twice) for the channels below 16 * (C / 16) and the
//   scalar MultiplyByQuantizedMultiplier (TFLM's, half away from zero) for the rest.

/// Prepared int8 MEAN over axes {1, 2} of a 4-D input with keep_dims, LiteRT's arithmetic.
public struct MeanLiteRT: BitwiseCopyable {
    public let batches, pixels, channels: Int
    public let multiplier: QuantizedMultiplier
    public let bias: Int32

    /// nil when LiteRT would not take its optimized path (then TFLM's arithmetic applies).
    /// - Parameter axes: raw bytes of the constant int32 axis tensor (little-endian).
    public init?(
        input: Shape, axes: UnsafeRawBufferPointer, keepDims: Bool, output: Shape,
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) throws(KernelError) {
        guard keepDims, input.rank == 4, axes.count == 8 else { return nil }
        let first = loadInt32LittleEndian(axes, 0), second = loadInt32LittleEndian(axes, 1)
        guard (first == 1 && second == 2) || (first == 2 && second == 1) else { return nil }
        // Otherwise Mean's checks refuse the shapes.
        let kept = input[0] &* input[3]
        guard kept > 0, try output.checkedElementCount() == kept else { return nil }
        try checkScale(inputScale, "mean input")
        try checkScale(outputScale, "mean output")
        batches = input[0]
        pixels = try input.checkedElementCount() / kept
        channels = input[3]
        let real = inputScale / (Float(pixels) * outputScale)
        multiplier = try quantizeMultiplierShiftingAtMost31(Double(real), name: "mean")
        let shifted = (Float(inputZeroPoint) * inputScale / outputScale).rounded(.toNearestOrAwayFromZero)
        bias = outputZeroPoint &- truncateToInt32LikeX86(shifted)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        let blocks = channels & ~15
        for batch in 0..<batches {
            let base = input + batch &* pixels &* channels
            for channel in 0..<channels {
                var sum: Int32 = 0
                for pixel in 0..<pixels { sum &+= Int32(base[pixel &* channels &+ channel]) }
                let scaled = channel < blocks ? multiplier.applyNeon(sum) : multiplier.apply(sum)
                output[batch &* channels &+ channel] = Int8(truncatingIfNeeded: min(max(scaled &+ bias, -128), 127))
            }
        }
    }
}
