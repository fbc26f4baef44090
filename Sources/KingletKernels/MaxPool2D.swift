// MAX_POOL_2D, int8 (TFLM: micro/kernels/pooling*.cc, reference/integer_ops/pooling.h).

public struct MaxPool2D: BitwiseCopyable {
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
            input: input, output: output, name: "max_pool_2d")
    }

    /// Maximum of the in-image taps, starting from -128, then clamped. NHWC in and out.
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        let height = geometry.input.d1, width = geometry.input.d2, depth = geometry.input.d3
        // TFLM clamps with std::max<int8_t>/std::min<int8_t>: the bounds are narrowed to int8 first.
        let lower = Int8(truncatingIfNeeded: geometry.activationRange.min)
        let upper = Int8(truncatingIfNeeded: geometry.activationRange.max)
        geometry.forEachWindow { batch, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin, channel, outputIndex in
            var maximum = Int8.min
            if yStart < yEnd && xStart < xEnd {
                for filterY in yStart..<yEnd {
                    let rowBase = ((batch * height + inYOrigin + filterY) * width + inXOrigin) * depth + channel
                    for filterX in xStart..<xEnd {
                        maximum = Swift.max(maximum, input[rowBase + filterX * depth])
                    }
                }
            }
            output[outputIndex] = Swift.min(Swift.max(maximum, lower), upper)
            return true
        }
    }
}
