// AVERAGE_POOL_2D, float32 (M/pooling.cc, R/pooling.h AveragePool(float)). Per output and
// channel, in this order and all in float: total = 0, count = 0 (a float); for fy, fx in the
// clipped window: total += x, count += 1; out = clamp(total / count).

/// Prepared float32 AVERAGE_POOL_2D.
public struct FloatAveragePool2D: BitwiseCopyable, FloatPool2D {
    public let geometry: FloatPoolGeometry

    public init(geometry: FloatPoolGeometry) { self.geometry = geometry }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        geometry.reduceWindows(input: input, output: output, start: 0, tap: { $0 += $1 }) { total, count in
            total / count
        }
    }
}
