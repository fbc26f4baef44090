// UNIDIRECTIONAL_SEQUENCE_LSTM, int8 activations with int32 biases or int16 activations with int64
// biases (16x8), int8 weights, int16 gates and cell state (TFLM: micro/kernels/
// unidirectional_sequence_lstm.cc, lstm_eval.h/.cc, lstm_eval_common.cc, lstm_shared.h: EvalLstm
// <int8_t, int8_t, int16_t, int32_t> and <int16_t, int8_t, int16_t, int64_t>, one template). TFLM micro runs only the standard (Keras) LSTM: all four
// gates with their input and recurrent weights and biases; no CIFG, peephole, projection or
// layer norm (the registration refuses those, naming them).
//
// Steps: time-major processes all batches per time step ([T, B, I] rows of B); batch-major runs
// batch by batch, one row per step, each batch with its own slice of the state tensors.
// Per step, in TFLM's order (forget, input, cell gate, cell update, output gate, hidden update):
//   gate = act(sat16(FC(x, W_in, bias) + FC(h, W_rec)))      FC: Σ int32 (w - wz)(v - vz) summed in
//          the bias type (int32 wrapping, or int64), + bias, MultiplyByQuantizedMultiplier of that
//          type to the gate scale 2^-12, clamp to int16
//   sigmoid / tanh: the table-based int16 functions (Arithmetic/Int16Sigmoid.swift), Q3.12 -> Q0.15
//   c = sat16(mul(f, c) + mul(i, g)); clipped to ±quantized clip when cell_clip > 0
//   h = mul(tanh(c), o) into the activation type (+ hidden zero point); output[t] = h
//   mul: MultiplyByQuantizedMultiplier(a · b) + zero point, clamped (MulElementwise).
// Prepare multipliers, all in double: each FC QM(s_x · s_w / 2^-12) (TFLM's source forms the
// product in float, the pip build in double, as for FULLY_CONNECTED); f·c -> c QM(2^-15 · s_c / s_c);
// i·g -> c QM(2^-15 · 2^-15 / s_c); o·tanh(c) -> h QM(2^-15 · 2^-15 / s_h). The cell tanh reads
// the cell scale as 2^p, p = round(log2(s_c)) (CheckedLog2; here from the float's exponent, which
// agrees except within float rounding of s_c = 2^(k+1/2)): left shift 12 + p, or for a negative
// shift multiplier 3 and shift -(12 + p). Quantized clip = int16(clamp(double(clip)/double(s_c))).

/// TFLM's LstmSizeInfo, checked: shapes TFLM reads unchecked are required here.
public struct LSTMSizes: BitwiseCopyable {
    public private(set) var timeMajor: Bool
    public private(set) var batches, timeSteps, inputDimension, stateDimension: Int

    /// Rows per step: all batches when time-major, one otherwise.
    public var rows: Int { timeMajor ? batches : 1 }
    /// Elements of one state (and scratch) buffer: batches × state dimension.
    public var stateElements: Int { batches &* stateDimension }

    /// - Parameters:
    ///   - input: [T, B, I] (time-major) or [B, T, I].
    ///   - hiddenState: rank 2 or more; dimension 1 is the state size (what TFLM reads).
    ///   - output: rank 3, [d0, d1] of the input and the state size last.
    public init(
        timeMajor: Bool, input: Shape, hiddenState: Shape, hiddenElements: Int, cellElements: Int, output: Shape
    ) throws(KernelError) {
        guard input.rank == 3 else { throw .unsupportedParameter(name: "lstm input rank", value: input.rank) }
        guard hiddenState.rank >= 2 else {
            throw .unsupportedParameter(name: "lstm hidden state rank", value: hiddenState.rank)
        }
        self.timeMajor = timeMajor
        batches = timeMajor ? input[1] : input[0]
        timeSteps = timeMajor ? input[0] : input[1]
        inputDimension = input[2]
        stateDimension = hiddenState[1]
        _ = try input.checkedElementCount()
        let (state, overflow) = batches.multipliedReportingOverflow(by: stateDimension)
        guard !overflow else { throw .shapeMismatch(name: "lstm state elements", expected: Int.max, actual: batches) }
        guard hiddenElements == state else {
            throw .shapeMismatch(name: "lstm hidden state elements", expected: state, actual: hiddenElements)
        }
        guard cellElements == state else {
            throw .shapeMismatch(name: "lstm cell state elements", expected: state, actual: cellElements)
        }
        guard output.rank == 3 else { throw .unsupportedParameter(name: "lstm output rank", value: output.rank) }
        guard output[0] == input[0] else {
            throw .shapeMismatch(name: "lstm output dimension 0", expected: input[0], actual: output[0])
        }
        guard output[1] == input[1] else {
            throw .shapeMismatch(name: "lstm output dimension 1", expected: input[1], actual: output[1])
        }
        guard output[2] == stateDimension else {
            throw .shapeMismatch(name: "lstm output dimension 2", expected: stateDimension, actual: output[2])
        }
    }

    /// TFLM's ValidateWeightTensorSize: rank 2, [state, input] or [state, state].
    public func checkWeights(_ shape: Shape, recurrent: Bool) throws(KernelError) {
        guard shape.rank == 2 else { throw .unsupportedParameter(name: "lstm weights rank", value: shape.rank) }
        guard shape[0] == stateDimension else {
            throw .shapeMismatch(name: "lstm weights rows", expected: stateDimension, actual: shape[0])
        }
        let columns = recurrent ? stateDimension : inputDimension
        guard shape[1] == columns else {
            throw .shapeMismatch(name: "lstm weights columns", expected: columns, actual: shape[1])
        }
    }

    /// TFLM's ValidateBiasTensorSize: rank 1, [state].
    public func checkBias(_ shape: Shape) throws(KernelError) {
        guard shape.rank == 1 else { throw .unsupportedParameter(name: "lstm bias rank", value: shape.rank) }
        guard shape[0] == stateDimension else {
            throw .shapeMismatch(name: "lstm bias elements", expected: stateDimension, actual: shape[0])
        }
    }

    /// Calls `body(inputOffset, outputOffset, stateOffset)` for every step in TFLM's order.
    @inline(__always)
    func forEachStep(_ body: (Int, Int, Int) -> Void) {
        let rows = self.rows
        var inputOffset = 0, outputOffset = 0, stateOffset = 0
        let outer = timeMajor ? 1 : batches
        for _ in 0..<outer {
            for _ in 0..<timeSteps {
                body(inputOffset, outputOffset, stateOffset)
                inputOffset &+= inputDimension &* rows
                outputOffset &+= stateDimension &* rows
            }
            if !timeMajor { stateOffset &+= stateDimension }
        }
    }
}

/// One gate's two fully connected layers (input and recurrent) in the integer LSTM.
public struct LSTMGateQuantization: BitwiseCopyable {
    public private(set) var inputMultiplier: QuantizedMultiplier
    public private(set) var recurrentMultiplier: QuantizedMultiplier
    @usableFromInline var inputFilterOffset: Int32  // -input weights zero point
    @usableFromInline var recurrentFilterOffset: Int32  // -recurrent weights zero point

    /// Gate FC output scale: Q3.12.
    static let gateScale = 0.000244140625

    public init(
        inputScale: Float, inputWeightScale: Float, inputWeightZeroPoint: Int32, hiddenScale: Float,
        recurrentWeightScale: Float, recurrentWeightZeroPoint: Int32
    ) throws(KernelError) {
        guard inputWeightScale.isFinite, inputWeightScale >= 0 else {
            throw .invalidScale(name: "lstm input weights", value: inputWeightScale)
        }
        guard recurrentWeightScale.isFinite, recurrentWeightScale >= 0 else {
            throw .invalidScale(name: "lstm recurrent weights", value: recurrentWeightScale)
        }
        inputMultiplier = try quantizeMultiplier(
            Double(inputScale) * Double(inputWeightScale) / LSTMGateQuantization.gateScale, name: "lstm input gate fc")
        recurrentMultiplier = try quantizeMultiplier(
            Double(hiddenScale) * Double(recurrentWeightScale) / LSTMGateQuantization.gateScale,
            name: "lstm recurrent gate fc")
        inputFilterOffset = 0 &- inputWeightZeroPoint
        recurrentFilterOffset = 0 &- recurrentWeightZeroPoint
    }
}

/// The data of one gate: weights [state, input] and [state, state], the bias [state].
public struct LSTMGateOperands<Weight, Bias> {
    public var inputWeights: UnsafePointer<Weight>
    public var recurrentWeights: UnsafePointer<Weight>
    public var bias: UnsafePointer<Bias>

    public init(inputWeights: UnsafePointer<Weight>, recurrentWeights: UnsafePointer<Weight>, bias: UnsafePointer<Bias>)
    {
        self.inputWeights = inputWeights
        self.recurrentWeights = recurrentWeights
        self.bias = bias
    }
}

/// What one invoke reads and writes: the input, each gate's weights and bias, the variable state
/// tensors (updated in place), the output and four scratch buffers of `bufferBytes` each.
public struct LSTMOperands<Activation, Weight, Bias, Cell, Buffer> {
    public typealias Gate = LSTMGateOperands<Weight, Bias>
    public var input: UnsafePointer<Activation>
    public var gates: (input: Gate, forget: Gate, cell: Gate, output: Gate)
    public var hidden: UnsafeMutablePointer<Activation>
    public var cell: UnsafeMutablePointer<Cell>
    public var output: UnsafeMutablePointer<Activation>
    public var buffers:
        (
            UnsafeMutablePointer<Buffer>, UnsafeMutablePointer<Buffer>, UnsafeMutablePointer<Buffer>,
            UnsafeMutablePointer<Buffer>
        )

    public init(
        input: UnsafePointer<Activation>, gates: (input: Gate, forget: Gate, cell: Gate, output: Gate),
        hidden: UnsafeMutablePointer<Activation>, cell: UnsafeMutablePointer<Cell>,
        output: UnsafeMutablePointer<Activation>,
        buffers: (
            UnsafeMutablePointer<Buffer>, UnsafeMutablePointer<Buffer>, UnsafeMutablePointer<Buffer>,
            UnsafeMutablePointer<Buffer>
        )
    ) {
        self.input = input
        self.gates = gates
        self.hidden = hidden
        self.cell = cell
        self.output = output
        self.buffers = buffers
    }
}

/// Prepared integer UNIDIRECTIONAL_SEQUENCE_LSTM (int8 or int16 activations, int16 cell state): the
/// op data is the same for both; the invoke overload picks the types.
public struct UnidirectionalSequenceLSTM: BitwiseCopyable {
    public private(set) var sizes: LSTMSizes
    /// Gates in tensor order: input, forget, cell, output.
    public private(set) var inputGate, forgetGate, cellGate, outputGate: LSTMGateQuantization
    public private(set) var forgetTimesCell, inputTimesCellGate, outputTimesTanhCell: QuantizedMultiplier
    @usableFromInline var inputOffset: Int32  // -input zero point
    @usableFromInline var hiddenOffset: Int32  // -hidden state zero point
    @usableFromInline var hiddenZeroPoint: Int32
    /// The cell clip in cell-state units; clipping is off when `clips` is false.
    public private(set) var quantizedCellClip: Int16
    public private(set) var clips: Bool
    /// The int16 tanh's parameters for the cell state (TFLM's lstm_internal::Tanh).
    public private(set) var cellTanhMultiplier: Int32
    public private(set) var cellTanhShift: Int32

    /// Bytes of each of the four scratch buffers (int16 per state element).
    public var bufferBytes: Int { sizes.stateElements &* 2 }

    /// Gates are given in tensor order (input, forget, cell, output).
    public init(
        sizes: LSTMSizes, inputGate: LSTMGateQuantization, forgetGate: LSTMGateQuantization,
        cellGate: LSTMGateQuantization, outputGate: LSTMGateQuantization,
        inputScale: Float, inputZeroPoint: Int32, hiddenScale: Float, hiddenZeroPoint: Int32, cellScale: Float,
        cellClip: Float
    ) throws(KernelError) {
        try checkScale(inputScale, "lstm input")
        try checkScale(hiddenScale, "lstm hidden state")
        guard cellScale.isFinite, cellScale > 0, cellScale.isNormal else {
            throw .invalidScale(name: "lstm cell state", value: cellScale)
        }
        self.sizes = sizes
        self.inputGate = inputGate
        self.forgetGate = forgetGate
        self.cellGate = cellGate
        self.outputGate = outputGate
        let gateOutput = 0.000030517578125  // 2^-15, Q0.15
        forgetTimesCell = try quantizeMultiplier(
            gateOutput * Double(cellScale) / Double(cellScale), name: "lstm forget x cell")
        inputTimesCellGate = try quantizeMultiplier(
            gateOutput * gateOutput / Double(cellScale), name: "lstm input x cell gate")
        outputTimesTanhCell = try quantizeMultiplier(
            gateOutput * gateOutput / Double(hiddenScale), name: "lstm output x tanh(cell)")
        inputOffset = 0 &- inputZeroPoint
        hiddenOffset = 0 &- hiddenZeroPoint
        self.hiddenZeroPoint = hiddenZeroPoint
        clips = cellClip > 0
        let clip = min(max(Double(cellClip) / Double(cellScale), -32768), 32767)
        quantizedCellClip = clip.isNaN ? 0 : Int16(clip)  // truncation, as static_cast
        // round(log2(s)) from the float: 2^e · m, m in [1, 2); rounds up from m = sqrt(2).
        let exponent = Int(cellScale.exponent)
        let power = cellScale.significand >= 1.41421353816986083984375 ? exponent + 1 : exponent
        var shift = 12 + power
        var multiplier = 0
        if shift < 0 {
            shift = -shift
            multiplier = 3
        }
        // The tanh computes x · (3 << shift) (or x · 3 + round >> shift) in int32: bound it.
        guard shift <= 14 || multiplier == 3, shift <= 30 else {
            throw .invalidScale(name: "lstm cell state (tanh shift)", value: cellScale)
        }
        cellTanhMultiplier = Int32(multiplier)
        cellTanhShift = Int32(shift)
    }

    /// One gate: `output` = activation(sat16(FC(input) + FC(hidden))); `scratch` holds the
    /// recurrent FC's output.
    @inline(__always)
    func gate<Activation: FixedWidthInteger & SignedInteger, Bias: Accumulator16x8>(
        _ quantization: LSTMGateQuantization, _ operands: LSTMGateOperands<Int8, Bias>,
        input: UnsafePointer<Activation>, hidden: UnsafePointer<Activation>, output: UnsafeMutablePointer<Int16>,
        scratch: UnsafeMutablePointer<Int16>, tanh: Bool
    ) {
        let rows = sizes.rows, state = sizes.stateDimension, depth = sizes.inputDimension
        fullyConnected(
            input, offset: inputOffset, weights: operands.inputWeights, filterOffset: quantization.inputFilterOffset,
            bias: UnsafeRawPointer(operands.bias), as: Bias.self, multiplier: quantization.inputMultiplier,
            rows: rows, depth: depth, output: output)
        fullyConnected(
            hidden, offset: hiddenOffset, weights: operands.recurrentWeights,
            filterOffset: quantization.recurrentFilterOffset, bias: nil, as: Bias.self,
            multiplier: quantization.recurrentMultiplier, rows: rows, depth: state, output: scratch)
        for index in 0..<(rows &* state) {
            let sum = Int32(output[index]) &+ Int32(scratch[index])
            let saturated = Int16(min(max(sum, -32768), 32767))
            // Gates are Q3.12: the tanh with cell_state_scale_power -12 (shift 0, multiplier 0).
            output[index] =
                tanh ? int16Tanh(saturated, multiplier: 0, shift: 0) : int16Sigmoid(saturated, multiplier: 0, shift: 0)
        }
    }

    /// reference_integer_ops::FullyConnected, int8 or int16 x int8 -> int16, output zero point 0:
    /// int32 products summed in the bias type (the bias read unaligned: converters leave int64
    /// biases 4-byte aligned).
    @inline(__always)
    func fullyConnected<Activation: FixedWidthInteger & SignedInteger, Bias: Accumulator16x8>(
        _ input: UnsafePointer<Activation>, offset: Int32, weights: UnsafePointer<Int8>, filterOffset: Int32,
        bias: UnsafeRawPointer?, as: Bias.Type, multiplier: QuantizedMultiplier, rows: Int, depth: Int,
        output: UnsafeMutablePointer<Int16>
    ) {
        let state = sizes.stateDimension
        for row in 0..<rows {
            let x = input + row &* depth
            for channel in 0..<state {
                let w = weights + channel &* depth
                var accumulator: Bias = 0
                for d in 0..<depth {
                    accumulator &+= Bias.widen((Int32(w[d]) &+ filterOffset) &* (Int32(x[d]) &+ offset))
                }
                if let bias { accumulator &+= Bias.bias(bias, channel) }
                let scaled = accumulator.scaled(multiplier.multiplier, multiplier.shift)
                output[row &* state &+ channel] = Int16(min(max(scaled, -32768), 32767))
            }
        }
    }

    /// MulElementwise of two Q0.15 / cell values into int16 (zero point 0).
    @inline(__always)
    static func multiply(_ a: Int16, _ b: Int16, _ multiplier: QuantizedMultiplier) -> Int16 {
        let product = multiplier.apply(Int32(a) &* Int32(b))
        return Int16(min(max(product, -32768), 32767))
    }

    /// Runs every time step, int8 activations and int32 biases.
    public func invoke(_ operands: LSTMOperands<Int8, Int8, Int32, Int16, Int16>) { run(operands) }

    /// The same for int16 activations and int64 biases (16x8).
    public func invoke(_ operands: LSTMOperands<Int16, Int8, Int64, Int16, Int16>) { run(operands) }

    @inline(__always)
    private func run<Activation: FixedWidthInteger & SignedInteger, Bias: Accumulator16x8>(
        _ operands: LSTMOperands<Activation, Int8, Bias, Int16, Int16>
    ) {
        let input = operands.input, hidden = operands.hidden, cell = operands.cell, output = operands.output
        let buffers = operands.buffers
        let gates = operands.gates
        let count = sizes.rows &* sizes.stateDimension
        let lowest = Int32(Activation.min), highest = Int32(Activation.max)
        sizes.forEachStep { inputOffset, outputOffset, stateOffset in
            let x = input + inputOffset, h = hidden + stateOffset, c = cell + stateOffset
            let forget = buffers.0, inputValues = buffers.1, cellValues = buffers.2, scratch = buffers.3
            gate(forgetGate, gates.forget, input: x, hidden: h, output: forget, scratch: scratch, tanh: false)
            gate(inputGate, gates.input, input: x, hidden: h, output: inputValues, scratch: scratch, tanh: false)
            gate(cellGate, gates.cell, input: x, hidden: h, output: cellValues, scratch: scratch, tanh: true)
            for index in 0..<count {
                let kept = UnidirectionalSequenceLSTM.multiply(forget[index], c[index], forgetTimesCell)
                let added = UnidirectionalSequenceLSTM.multiply(
                    inputValues[index], cellValues[index], inputTimesCellGate)
                var updated = Int16(min(max(Int32(kept) &+ Int32(added), -32768), 32767))
                if clips { updated = max(min(quantizedCellClip, updated), 0 &- quantizedCellClip) }
                c[index] = updated
            }
            let outputValues = buffers.1
            gate(outputGate, gates.output, input: x, hidden: h, output: outputValues, scratch: scratch, tanh: false)
            for index in 0..<count {
                let squashed = int16Tanh(c[index], multiplier: cellTanhMultiplier, shift: cellTanhShift)
                let product =
                    outputTimesTanhCell.apply(Int32(squashed) &* Int32(outputValues[index])) &+ hiddenZeroPoint
                h[index] = Activation(truncatingIfNeeded: min(max(product, lowest), highest))
            }
            (output + outputOffset).update(from: h, count: count)
        }
    }
}
