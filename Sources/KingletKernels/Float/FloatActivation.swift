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
    @inline(__always)
    public func clamp(_ value: Float) -> Float {
        let lowered = value < min ? min : value  // std::max(value, min)
        return max < lowered ? max : lowered  // std::min(lowered, max)
    }
}

/// What the float32 binary kernels (ADD, MUL, SUB) prepare alike: the broadcast pairing of
/// elements and the fused activation's bounds; each kernel adds only its one IEEE operation.
public struct FloatBroadcast: BitwiseCopyable {
    public let plan: BroadcastPlan
    public let activationRange: FloatActivationRange

    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        activationRange = FloatActivationRange(activation)
    }
}

/// A float32 binary kernel: out = clamp(operation(x1, x2)) per broadcast pair.
public protocol FloatBinaryKernel: BitwiseCopyable {
    var broadcast: FloatBroadcast { get }
    init(broadcast: FloatBroadcast)
    static func operation(_ x1: Float, _ x2: Float) -> Float
}

extension FloatBinaryKernel {
    public init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        self.init(
            broadcast: try FloatBroadcast(
                input1Shape: input1Shape, input2Shape: input2Shape, outputShape: outputShape, activation: activation))
    }

    @inlinable
    public func invoke(input1: UnsafePointer<Float>, input2: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>)
    {
        let range = broadcast.activationRange
        broadcast.plan.forEachElement { offset1, offset2, outputOffset in
            output[outputOffset] = range.clamp(Self.operation(input1[offset1], input2[offset2]))
        }
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
