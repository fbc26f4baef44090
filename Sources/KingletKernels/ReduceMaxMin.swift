// REDUCE_MAX and REDUCE_MIN, float32 and int8 (M/reduce_common.cc EvalMinMaxHelper;
// R/reduce.h ReduceGeneric).
//
// Outputs start at the type's lowest value (MAX; for float that is -FLT_MAX, not -inf) or its
// largest (MIN), then each reduced element in TFLM's order (ReductionPlan) replaces the current
// value when in > current (MAX) or in < current (MIN): a NaN never replaces, and an all -inf
// row gives -FLT_MAX. An empty input leaves the initial values. int8 compares raw values and
// requires the input and output scale and zero point to be equal (TFLM's eval checks).

/// Prepared REDUCE_MAX or REDUCE_MIN.
public struct ReduceMaxMin: BitwiseCopyable {
    public let plan: ReductionPlan
    /// `true` for REDUCE_MAX, `false` for REDUCE_MIN.
    public let isMaximum: Bool

    public init(input: Shape, axes: UnsafeRawBufferPointer, output: Shape, isMaximum: Bool) throws(KernelError) {
        plan = try ReductionPlan(input: input, axes: axes, output: output)
        self.isMaximum = isMaximum
    }

    /// The int8 precondition TFLM checks at eval.
    public static func checkQuantization(
        inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32
    ) throws(KernelError) {
        guard inputScale == outputScale else {
            throw .quantizationMismatch(name: "reduce output scale", expected: inputScale, actual: outputScale)
        }
        guard inputZeroPoint == outputZeroPoint else {
            throw .zeroPointMismatch(name: "reduce output", expected: inputZeroPoint, actual: outputZeroPoint)
        }
    }

    @inlinable
    public func invoke(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        run(input: input, output: output, lowest: Int8.min, highest: Int8.max)
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        run(input: input, output: output, lowest: -Float.greatestFiniteMagnitude, highest: .greatestFiniteMagnitude)
    }

    @inlinable
    func run<T: Comparable & BitwiseCopyable>(
        input: UnsafePointer<T>, output: UnsafeMutablePointer<T>, lowest: T, highest: T
    ) {
        let initial = isMaximum ? lowest : highest
        if plan.isEmpty {
            output.update(repeating: initial, count: plan.outputCount)
            return
        }
        let isMaximum = self.isMaximum
        plan.forEachOutput { outputIndex, base in
            var current = initial
            plan.forEachReduced(from: base) { offset in
                let value = input[offset]
                if isMaximum ? value > current : value < current { current = value }
            }
            output[outputIndex] = current
        }
    }
}
