// MAX_POOL_2D, int8 (TFLM: micro/kernels/pooling*.cc, reference/integer_ops/pooling.h).

public struct MaxPool2D: BitwiseCopyable, QuantizedPool2D {
    public static var errorName: KernelErrorName { "max_pool_2d" }
    public private(set) var geometry: PoolGeometry

    public init(geometry: PoolGeometry) { self.geometry = geometry }

    /// Maximum of the in-image taps, starting from -128, then clamped. NHWC in and out.
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        // TFLM clamps with std::max<int8_t>/std::min<int8_t>: the bounds are narrowed to int8 first.
        let lower = Int8(truncatingIfNeeded: geometry.activationRange.min)
        let upper = Int8(truncatingIfNeeded: geometry.activationRange.max)
        geometry.reduceWindows(input: input, output: output, start: Int8.min, tap: { $0 = Swift.max($0, $1) }) {
            maximum, _ in Swift.min(Swift.max(maximum, lower), upper)
        }
    }
}
