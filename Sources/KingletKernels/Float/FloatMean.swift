// MEAN, float32 (M/reduce_common.cc EvalMeanHelper; R/reduce.h Mean and Mean4D).
//
// Two TFLM paths, the same arithmetic: with keep_dims over raw axes (1, 2) or (2, 1) of a 4-D
// input, Mean4D sums in float from 0 over h then w and divides by float(H * W); otherwise the
// generic Mean sums in float from 0 into the output in input order (ReductionPlan's order: the
// same h-then-w order) and divides by float(N). Each output is (((0 + x0) + x1) + ...) / N.
// The generic path leaves the zeros when N is 0; an empty input makes TFLM read out of bounds,
// so Kinglet refuses it. Mean4D CHECKs (aborts) unless the output's H and W are 1.

/// Prepared float32 MEAN.
public struct FloatMean: BitwiseCopyable {
    public let plan: ReductionPlan
    @usableFromInline let divisor: Float

    public init(input: Shape, axes: UnsafeRawBufferPointer, keepDims: Bool, output: Shape) throws(KernelError) {
        plan = try ReductionPlan(input: input, axes: axes, output: output)
        guard !plan.isEmpty else { throw .unsupportedParameter(name: "float mean empty input", value: 0) }
        if keepDims, input.rank == 4, axes.count == 8 {
            let a = loadInt32LittleEndian(axes, 0), b = loadInt32LittleEndian(axes, 1)
            if (a == 1 && b == 2) || (a == 2 && b == 1) {
                guard output.rank <= 4 else {
                    throw .shapeMismatch(name: "mean output rank", expected: 4, actual: output.rank)
                }
                for index in 1...2 where output.extendedDimension(index, toRank: 4) != 1 {
                    throw .shapeMismatch(
                        name: "mean output dimension", expected: 1, actual: output.extendedDimension(index, toRank: 4))
                }
            }
        }
        divisor = Float(plan.reducedCount)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        plan.forEachOutput { outputIndex, base in
            var sum: Float = 0
            plan.forEachReduced(from: base) { offset in sum += input[offset] }
            output[outputIndex] = plan.reducedCount > 0 ? sum / divisor : sum
        }
    }
}
