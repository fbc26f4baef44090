// AVERAGE_POOL_2D, float32 (M/pooling.cc, R/pooling.h AveragePool(float)). Per output and
// channel, in this order and all in float: total = 0, count = 0 (a float); for fy, fx in the
// clipped window: total += x, count += 1; out = clamp(total / count).

/// Prepared float32 AVERAGE_POOL_2D.
public struct FloatAveragePool2D: BitwiseCopyable {
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
                var total: Float = 0
                var count: Float = 0
                if yStart < yEnd && xStart < xEnd {
                    for fy in yStart..<yEnd {
                        for fx in xStart..<xEnd {
                            total += input[geometry.inputOffset(b, originY &+ fy, originX &+ fx) &+ channel]
                            count += 1
                        }
                    }
                }
                output[outputIndex &+ channel] = activationRange.clamp(total / count)
            }
        }
    }
}
