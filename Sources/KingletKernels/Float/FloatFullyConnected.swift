// FULLY_CONNECTED, float32 (M/fully_connected.cc, R/fully_connected.h FullyConnected(float)).
// batches = output elements / last output dim; output depth = filter dim -2 (must equal the last
// output dim); accumulation depth = filter dim -1; the input is read flat as [batches, depth].
// Per output, in this order and all in float:
//   total = 0; for d in 0..<depth { total += x[b, d] * w[o, d] }   (separate multiply and add)
//   out = clamp(total + (bias ? bias[o] : 0))                       (the + 0 is always done)

/// Prepared float32 FULLY_CONNECTED.
public struct FloatFullyConnected: BitwiseCopyable {
    public let batches: Int
    public let outputDepth: Int
    public let accumulationDepth: Int
    public let activationRange: FloatActivationRange

    /// - Parameters:
    ///   - filterShape: [output depth, accumulation depth] (only the last two dims are used).
    ///   - biasElementCount: nil when the operator has no bias; else must be >= output depth.
    public init(
        inputShape: Shape, filterShape: Shape, biasElementCount: Int?, outputShape: Shape, activation: FusedActivation
    ) throws(KernelError) {
        guard filterShape.rank >= 2 else {
            throw .unsupportedParameter(name: "fully_connected filter rank", value: filterShape.rank)
        }
        guard outputShape.rank >= 1 else { throw .unsupportedParameter(name: "fully_connected output rank", value: 0) }
        let depth = outputShape[outputShape.rank - 1]
        let filterRows = filterShape[filterShape.rank - 2]
        guard depth == filterRows else {  // MatchingDim: a live DCHECK in TFLM's reference
            throw .shapeMismatch(name: "fully_connected output depth", expected: filterRows, actual: depth)
        }
        let outputCount = try outputShape.checkedElementCount()
        _ = try filterShape.checkedElementCount()
        accumulationDepth = filterShape[filterShape.rank - 1]
        outputDepth = depth
        batches = depth == 0 ? 0 : outputCount / depth
        let inputCount = try inputShape.checkedElementCount()
        // TFLM reads batches * depth input values without checking the input shape.
        guard Int64(batches) * Int64(accumulationDepth) <= Int64(inputCount) else {
            throw .shapeMismatch(
                name: "fully_connected input elements", expected: batches * accumulationDepth, actual: inputCount)
        }
        if let biasElementCount, biasElementCount < depth {
            throw .shapeMismatch(name: "fully_connected bias elements", expected: depth, actual: biasElementCount)
        }
        activationRange = FloatActivationRange(activation)
    }

    @inlinable
    public func invoke(
        input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        for b in 0..<batches {
            let x = input + b &* accumulationDepth
            for o in 0..<outputDepth {
                let w = filter + o &* accumulationDepth
                var total: Float = 0
                for d in 0..<accumulationDepth {
                    let product = x[d] * w[d]  // rounded on its own: TFLM's build does not fuse
                    total += product
                }
                let biasValue: Float = bias.map { $0[o] } ?? 0
                output[o &+ outputDepth &* b] = activationRange.clamp(total + biasValue)
            }
        }
    }
}
