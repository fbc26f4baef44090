// AVERAGE_POOL_2D, int8 and int16 (TFLM: micro/kernels/pooling*.cc, reference/integer_ops/pooling.h,
// whose int8 and int16 overloads do the same arithmetic): the raw values of the in-image taps
// summed in int32, rounded half away from zero by truncating division, clamped to the activation
// bounds in int32 (the element type's range clipped by the fused activation), then narrowed.

public struct AveragePool2D: BitwiseCopyable, QuantizedPool2D {
    public static var errorName: KernelErrorName { "average_pool_2d" }
    public private(set) var geometry: PoolGeometry

    public init(geometry: PoolGeometry) { self.geometry = geometry }

    @inline(__always)
    public func pool<T: FixedWidthInteger & SignedInteger>(
        input: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        let range = geometry.activationRange
        // Wrapping int32 sum: a window of at most 2^16 int16 taps cannot overflow; larger hostile
        // windows wrap where TFLM's is undefined.
        geometry.reduceWindows(input: input, output: output, start: Int32(0), tap: { $0 &+= Int32($1) }) { sum, count in
            // TFLM's kernel stops (leaving the rest unwritten) on an empty window; consistent
            // geometry, which prepare enforces, never produces one.
            guard count > 0 else { return nil }
            let average = sum > 0 ? (sum &+ count / 2) / count : (sum &- count / 2) / count
            return T(truncatingIfNeeded: range.clamp(average))
        }
    }
}

#if !hasFeature(Embedded)
    // Host: concrete invokes, so the pool loop is specialized for the element type. Through
    // QuantizedPool2D's generic invokes the host called the unspecialized `pool<T>` (generic
    // witness calls per tap: 10% of ds_cnn_kws's time); Embedded Swift specializes everything, so
    // the device keeps the shared invokes.
    extension AveragePool2D {
        public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
            pool(input: input, output: output)
        }

        public func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>) {
            pool(input: input, output: output)
        }
    }
#endif
