// SUM, float32 (M/reduce_common.cc EvalSumHelper; R/reduce.h ReduceGeneric with init 0 and
// reducer in + current). Outputs start at 0 and each reduced element is added in TFLM's order
// (ReductionPlan); an empty input leaves the zeros.

/// Prepared float32 SUM.
public struct FloatSum: BitwiseCopyable {
    public let plan: ReductionPlan

    public init(input: Shape, axes: UnsafeRawBufferPointer, output: Shape) throws(KernelError) {
        plan = try ReductionPlan(input: input, axes: axes, output: output)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        if plan.isEmpty {
            output.update(repeating: 0, count: plan.outputCount)
            return
        }
        plan.forEachOutput { outputIndex, base in
            var sum: Float = 0
            plan.forEachReduced(from: base) { offset in sum = input[offset] + sum }
            output[outputIndex] = sum
        }
    }
}
