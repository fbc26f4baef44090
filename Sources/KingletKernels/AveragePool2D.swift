// AVERAGE_POOL_2D, int8 (TFLM: micro/kernels/pooling*.cc, reference/integer_ops/pooling.h).

public struct AveragePool2D: BitwiseCopyable, QuantizedPool2D {
    public static var errorName: KernelErrorName { "average_pool_2d" }
    public private(set) var geometry: PoolGeometry

    public init(geometry: PoolGeometry) { self.geometry = geometry }

    /// Averages the raw int8 values of the in-image taps (zero point untouched), rounding half
    /// away from zero with truncating division, then clamps. NHWC in and out.
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        let range = geometry.activationRange
        geometry.reduceWindows(input: input, output: output, start: Int32(0), tap: { $0 &+= Int32($1) }) { sum, count in
            // TFLM's kernel stops (leaving the rest unwritten) on an empty window; consistent
            // geometry, which prepare enforces, never produces one.
            guard count > 0 else { return nil }
            let average = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count
            return Int8(truncatingIfNeeded: range.clamp(average))
        }
    }
}
