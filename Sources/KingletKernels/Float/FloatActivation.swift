// The float clamp of TFLM's float kernels: ActivationFunctionWithMinMax (kernels/internal/common.h)
// is min(max(x, lo), hi) with std::max / std::min, over the bounds of
// CalculateActivationRange<float> (see floatActivationRange in ActivationRange.swift).
//
// std::max(a, b) is `(a < b) ? b : a` and std::min(a, b) is `(b < a) ? b : a`. Swift.max differs
// for signed zeros (Swift.max(-0.0, 0.0) is +0.0, std::max(-0.0f, 0.0f) is -0.0f), so RELU of
// -0.0 would change sign; NaN passes through both the same way (every comparison is false).

/// Inclusive float clamp bounds with TFLM's evaluation order.
public struct FloatActivationRange: BitwiseCopyable, Equatable {
    public var min: Float
    public var max: Float

    public init(_ activation: FusedActivation) {
        let range = floatActivationRange(activation)
        min = range.min
        max = range.max
    }

    /// min(max(x, lo), hi) with std::max / std::min semantics.
    @inlinable @inline(__always)
    public func clamp(_ value: Float) -> Float {
        let lowered = value < min ? min : value  // std::max(value, min)
        return max < lowered ? max : lowered  // std::min(lowered, max)
    }
}

/// A float32 elementwise kernel (RELU, RELU6, TANH, LOGISTIC, HARD_SWISH): out[i] = function(x[i])
/// over the flat elements, in order.
public protocol FloatElementwiseKernel: BitwiseCopyable {
    var elementCount: Int { get }
    init(elementCount: Int)
    static func function(_ x: Float) -> Float
}

extension FloatElementwiseKernel {
    public init(shape: Shape) throws(KernelError) {
        self.init(elementCount: try shape.checkedElementCount())
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for index in 0..<elementCount { output[index] = Self.function(input[index]) }
    }
}
