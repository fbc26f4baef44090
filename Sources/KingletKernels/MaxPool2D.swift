// MAX_POOL_2D, int8 and int16 (TFLM: micro/kernels/pooling*.cc, reference/integer_ops/pooling.h,
// whose int8 and int16 overloads do the same arithmetic): the maximum of the in-image taps,
// starting from the element type's minimum, clamped to the activation bounds narrowed to the
// element type first (std::max<T>/std::min<T>).

public struct MaxPool2D: BitwiseCopyable, QuantizedPool2D {
    public static var errorName: KernelErrorName { "max_pool_2d" }
    public private(set) var geometry: PoolGeometry

    public init(geometry: PoolGeometry) { self.geometry = geometry }

    @inline(__always)
    public func pool<T: FixedWidthInteger & SignedInteger>(
        input: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        let lower = T(truncatingIfNeeded: geometry.activationRange.min)
        let upper = T(truncatingIfNeeded: geometry.activationRange.max)
        geometry.reduceWindows(input: input, output: output, start: T.min, tap: { $0 = Swift.max($0, $1) }) {
            maximum, _ in Swift.min(Swift.max(maximum, lower), upper)
        }
    }
}
