// AVERAGE_POOL_2D, int8 (TFLM: micro/kernels/pooling*.cc, reference/integer_ops/pooling.h).

public struct AveragePool2D: BitwiseCopyable {
    public private(set) var geometry: PoolGeometry

    public init(
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, padding: Padding,
        strideHeight: Int, strideWidth: Int, filterHeight: Int, filterWidth: Int,
        input: Dims4, output: Dims4
    ) throws(KernelError) {
        geometry = try PoolGeometry(
            inputScale: inputScale, inputZeroPoint: inputZeroPoint,
            outputScale: outputScale, outputZeroPoint: outputZeroPoint,
            activation: activation, padding: padding,
            strideHeight: strideHeight, strideWidth: strideWidth,
            filterHeight: filterHeight, filterWidth: filterWidth,
            input: input, output: output, name: "average_pool_2d")
    }

    /// Averages the raw int8 values of the in-image taps (zero point untouched), rounding half
    /// away from zero with truncating division, then clamps. NHWC in and out.
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        let height = geometry.input.d1, width = geometry.input.d2, depth = geometry.input.d3
        let range = geometry.activationRange
        geometry.forEachWindow { batch, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin, channel, outputIndex in
            var sum: Int32 = 0
            var count: Int32 = 0
            if yStart < yEnd && xStart < xEnd {
                for filterY in yStart..<yEnd {
                    let rowBase = ((batch * height + inYOrigin + filterY) * width + inXOrigin) * depth + channel
                    for filterX in xStart..<xEnd {
                        sum &+= Int32(input[rowBase + filterX * depth])
                        count += 1
                    }
                }
            }
            // TFLM's kernel stops (leaving the rest unwritten) on an empty window; consistent
            // geometry, which prepare enforces, never produces one.
            guard count > 0 else { return false }
            let average = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count
            output[outputIndex] = Int8(truncatingIfNeeded: range.clamp(average))
            return true
        }
    }
}
