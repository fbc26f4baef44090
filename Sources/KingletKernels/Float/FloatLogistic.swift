// LOGISTIC, float32 (M/logistic.cc, R/logistic.h):
//   x > 16.619047164916992188f -> 1
//   x < -9                     -> expf(x)
//   otherwise                  -> 1 / (1 + expf(-x))
// all in float; NaN falls through to the last branch and stays NaN. expf is referenceExpf
// (FloatExp.swift), bit-identical to the reference's C library.

/// Prepared float32 LOGISTIC.
public struct FloatLogistic: BitwiseCopyable, FloatElementwiseKernel {
    public let elementCount: Int

    public init(elementCount: Int) { self.elementCount = elementCount }

    /// One element.
    @inlinable
    public static func logistic(_ value: Float) -> Float {
        let upperCutoff: Float = 16.619047164916992188
        let lowerCutoff: Float = -9
        if value > upperCutoff { return 1 }
        if value < lowerCutoff { return referenceExpf(value) }
        return 1 / (1 + referenceExpf(-value))
    }

    @inlinable
    public static func function(_ x: Float) -> Float { logistic(x) }
}
