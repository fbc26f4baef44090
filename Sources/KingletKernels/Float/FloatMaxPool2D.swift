// MAX_POOL_2D, float32 (M/pooling.cc, R/pooling.h MaxPool(float)). Per output and channel:
// m = lowest float; for fy, fx in the clipped window: m = std::max(m, x) (`m < x ? x : m`, so NaN
// inputs are skipped); out = clamp(m).

/// Prepared float32 MAX_POOL_2D.
public struct FloatMaxPool2D: BitwiseCopyable {
    public let geometry: FloatPoolGeometry
    public let activationRange: FloatActivationRange

    public init(
        inputShape: Shape, outputShape: Shape, padding: Padding, strideHeight: Int, strideWidth: Int,
        filterHeight: Int, filterWidth: Int, activation: FusedActivation
    ) throws(KernelError) {
        geometry = try FloatPoolGeometry(
            inputShape: inputShape, outputShape: outputShape, padding: padding,
            strideHeight: strideHeight, strideWidth: strideWidth,
            filterHeight: filterHeight, filterWidth: filterWidth)
        activationRange = FloatActivationRange(activation)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let depth = geometry.depth
        geometry.forEachWindow { outputIndex, b, originY, originX, yStart, yEnd, xStart, xEnd in
            for channel in 0..<depth {
                var maximum = -Float.greatestFiniteMagnitude
                if yStart < yEnd && xStart < xEnd {
                    for fy in yStart..<yEnd {
                        for fx in xStart..<xEnd {
                            let value = input[geometry.inputOffset(b, originY &+ fy, originX &+ fx) &+ channel]
                            if maximum < value { maximum = value }
                        }
                    }
                }
                output[outputIndex &+ channel] = activationRange.clamp(maximum)
            }
        }
    }
}
