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

#if !hasFeature(Embedded)
    // Host: concrete invokes, so the pool loop is specialized for the element type. Through
    // QuantizedPool2D's generic invokes the host called the unspecialized `pool<T>` (generic
    // witness calls per tap: 10% of ds_cnn_kws's time); Embedded Swift specializes everything, so
    // the device keeps the shared invokes.
    extension MaxPool2D {
        public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
            pool(input: input, output: output)
        }

        public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>) {
            pool(input: input, output: output)
        }
    }
#endif
