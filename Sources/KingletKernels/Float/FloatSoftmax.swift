// SOFTMAX, float32 (M/softmax.cc, M/softmax_common.cc, R/softmax.h). Per row of the last
// dimension, all in float:
//   max = lowest float, then max = std::max(max, x) over the row (`max < x ? x : max`: NaN skipped)
//   e_c = expf((x_c - max) * beta); sum += e_c in order; out_c = e_c / sum
// beta is the option's float (TFLM stores it as double and casts it back: the same float).
// expf is referenceExpf (FloatExp.swift). TFLM requires rank >= 1.

/// Prepared float32 SOFTMAX.
public struct FloatSoftmax: BitwiseCopyable {
    public let rows: Int
    public let depth: Int
    public let beta: Float

    public init(shape: Shape, outputShape: Shape, beta: Float) throws(KernelError) {
        guard shape.rank >= 1 else { throw .unsupportedParameter(name: "softmax rank", value: 0) }
        let count = try shape.checkedElementCount()
        let outputCount = try outputShape.checkedElementCount()
        guard outputShape.rank >= 1, outputShape[outputShape.rank - 1] == shape[shape.rank - 1], outputCount == count
        else {
            throw .shapeMismatch(name: "softmax output elements", expected: count, actual: outputCount)
        }
        depth = shape[shape.rank - 1]
        rows = depth == 0 ? 0 : count / depth
        self.beta = beta
    }

    @inlinable
    public func invoke(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let x = input + row &* depth
            let y = output + row &* depth
            var maximum = -Float.greatestFiniteMagnitude
            for c in 0..<depth where maximum < x[c] { maximum = x[c] }
            var sum: Float = 0
            for c in 0..<depth {
                let e = referenceExpf((x[c] - maximum) * beta)
                y[c] = e
                sum += e
            }
            for c in 0..<depth { y[c] = y[c] / sum }
        }
    }
}
