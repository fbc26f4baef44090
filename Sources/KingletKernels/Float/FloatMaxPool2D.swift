// MAX_POOL_2D, float32 (M/pooling.cc, R/pooling.h MaxPool(float)). Per output and channel:
// m = lowest float; for fy, fx in the clipped window: m = std::max(m, x) (`m < x ? x : m`, so NaN
// inputs are skipped); out = clamp(m).

/// Prepared float32 MAX_POOL_2D.
public struct FloatMaxPool2D: BitwiseCopyable, FloatPool2D {
    public let geometry: FloatPoolGeometry

    public init(geometry: FloatPoolGeometry) { self.geometry = geometry }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        geometry.reduceWindows(input: input, output: output, start: -Float.greatestFiniteMagnitude) {
            if $0 < $1 { $0 = $1 }
        } finish: { maximum, _ in
            maximum
        }
    }
}
