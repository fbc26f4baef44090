// MAXIMUM and MINIMUM (M/maximum_minimum.cc, M/maximum_minimum.h, R/maximum_minimum.h), any
// comparable element type (TFLM: float32, int8, int16, int32, int64), with numpy broadcasting
// (Broadcast.swift; TFLM loops flat when the two input shapes are equal and uses
// BroadcastBinaryOpSimple otherwise — the same pairing of elements).
//
// TFLM has no prepare for these operators: nothing is checked, and quantized inputs are
// compared raw (scales and zero points are ignored; the converter gives all three tensors the
// same quantization). Kinglet checks at prepare that the output has the broadcast shape.
// Per element: MAXIMUM = a > b ? a : b, MINIMUM = a < b ? a : b — so a NaN in either input
// yields b, and for float zeros of opposite sign the second input wins.

/// Prepared MAXIMUM or MINIMUM.
public struct MaximumMinimum: BitwiseCopyable {
    public let plan: BroadcastPlan
    /// `true` for MAXIMUM, `false` for MINIMUM.
    public let isMaximum: Bool

    public init(input1Shape: Shape, input2Shape: Shape, outputShape: Shape, isMaximum: Bool) throws(KernelError) {
        plan = try BroadcastPlan(input1: input1Shape, input2: input2Shape, output: outputShape)
        self.isMaximum = isMaximum
    }

    /// Invoke for any comparable element type: Int8, Int16, Int32, Int64, Float.
    @inlinable
    public func invoke<T: Comparable & BitwiseCopyable>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        if isMaximum {
            plan.forEachElement { offset1, offset2, outputOffset in
                let a = input1[offset1], b = input2[offset2]
                output[outputOffset] = a > b ? a : b
            }
        } else {
            plan.forEachElement { offset1, offset2, outputOffset in
                let a = input1[offset1], b = input2[offset2]
                output[outputOffset] = a < b ? a : b
            }
        }
    }
}
