// UNIDIRECTIONAL_SEQUENCE_LSTM, float32 (TFLM: micro/kernels/unidirectional_sequence_lstm.cc,
// lstm_eval.h/.cc; reference fully_connected.h, logistic.h, tanh.h, mul.h). The same steps as the
// integer kernel (UnidirectionalSequenceLSTM.swift), all in float, each operation rounded on its own:
//   FC:   total = 0; total += x[d] * w[o, d] (d ascending); clamp(total + bias) with bias 0 for the
//         recurrent FC; clamp is to [-FLT_MAX, FLT_MAX] (kTfLiteActNone: infinities become ±FLT_MAX)
//   gate = act(FC_in + FC_rec)       sigmoid: FloatLogistic.logistic; tanh: referenceTanhf
//   c = clamp(f * c); t = clamp(i * g); c = c + t; clip when cell_clip > 0:
//         max(min(clip, c), -clip) with std::min/std::max semantics (NaN becomes clip)
//   h = clamp(tanh(c) * o); output[t] = h

/// Prepared float32 UNIDIRECTIONAL_SEQUENCE_LSTM.
public struct FloatUnidirectionalSequenceLSTM: BitwiseCopyable {
    public private(set) var sizes: LSTMSizes
    public private(set) var cellClip: Float
    @usableFromInline let range = FloatActivationRange(.none)

    /// Bytes of each of the four scratch buffers.
    public var bufferBytes: Int { sizes.stateElements &* 4 }

    public init(sizes: LSTMSizes, cellClip: Float) {
        self.sizes = sizes
        self.cellClip = cellClip
    }

    @inline(__always)
    func fullyConnected(
        _ input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?, depth: Int,
        output: UnsafeMutablePointer<Float>
    ) {
        let state = sizes.stateDimension
        for row in 0..<sizes.rows {
            let x = input + row &* depth
            for channel in 0..<state {
                let w = weights + channel &* depth
                var total: Float = 0
                for d in 0..<depth {
                    let product = x[d] * w[d]
                    total += product
                }
                let biasValue: Float = bias.map { $0[channel] } ?? 0
                output[row &* state &+ channel] = range.clamp(total + biasValue)
            }
        }
    }

    @inline(__always)
    func gate(
        _ operands: LSTMGateOperands<Float, Float>, input: UnsafePointer<Float>, hidden: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, tanh: Bool
    ) {
        fullyConnected(
            input, weights: operands.inputWeights, bias: operands.bias, depth: sizes.inputDimension, output: output)
        fullyConnected(
            hidden, weights: operands.recurrentWeights, bias: nil, depth: sizes.stateDimension, output: scratch)
        for index in 0..<(sizes.rows &* sizes.stateDimension) {
            let sum = output[index] + scratch[index]
            output[index] = tanh ? referenceTanhf(sum) : FloatLogistic.logistic(sum)
        }
    }

    /// Runs every time step; `hidden` and `cell` (the variable state tensors) are updated in place.
    public func invoke(_ operands: LSTMOperands<Float, Float, Float, Float, Float>) {
        let input = operands.input, hidden = operands.hidden, cell = operands.cell, output = operands.output
        let buffers = operands.buffers
        let (inputOperands, forgetOperands, cellOperands, outputOperands) = operands.gates
        let count = sizes.rows &* sizes.stateDimension
        let clip = cellClip
        sizes.forEachStep { inputOffset, outputOffset, stateOffset in
            let x = input + inputOffset, h = hidden + stateOffset, c = cell + stateOffset
            let forget = buffers.0, inputValues = buffers.1, cellValues = buffers.2, scratch = buffers.3
            gate(forgetOperands, input: x, hidden: h, output: forget, scratch: scratch, tanh: false)
            gate(inputOperands, input: x, hidden: h, output: inputValues, scratch: scratch, tanh: false)
            gate(cellOperands, input: x, hidden: h, output: cellValues, scratch: scratch, tanh: true)
            for index in 0..<count {
                let kept = range.clamp(forget[index] * c[index])
                let added = range.clamp(inputValues[index] * cellValues[index])
                var updated = kept + added
                if clip > 0 {
                    let lowered = updated < clip ? updated : clip  // std::min(clip, v)
                    updated = lowered < -clip ? -clip : lowered  // std::max(_, -clip)
                }
                c[index] = updated
            }
            let outputValues = buffers.1
            gate(outputOperands, input: x, hidden: h, output: outputValues, scratch: scratch, tanh: false)
            for index in 0..<count {
                h[index] = range.clamp(referenceTanhf(c[index]) * outputValues[index])
            }
            (output + outputOffset).update(from: h, count: count)
        }
    }
}
