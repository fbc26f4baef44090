import KingletKernels
import TFLiteModel

/// UNIDIRECTIONAL_SEQUENCE_LSTM: the 24 inputs of lstm_shared.h, one output, then four scratch
/// buffers. Weights per gate (input, forget, cell, output): input weights at 1...4, recurrent at
/// 5...8, biases at 12...15; the hidden (18) and cell (19) states are variable tensors the kernel
/// updates in place, persisting across invokes as in TFLM.
enum LSTMSlots {
    static let input = 0, inputWeights = 1, recurrentWeights = 5, biases = 12
    static let hidden = 18, cell = 19, output = 24, buffers = 25
}

extension OpRegistration {
    /// UNIDIRECTIONAL_SEQUENCE_LSTM: float32, and int8 activations with int32 biases or int16
    /// activations with int64 biases (16x8), int8 weights and an int16 cell state (TFLM micro's
    /// standard LSTM only).
    public static let unidirectionalSequenceLSTM = OpRegistration(.unidirectionalSequenceLSTM, inputSlots: 24) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareUnidirectionalSequenceLSTM(&context)
    }
}

/// The LSTM variants TFLM micro refuses, by the input that marks them: present where it must be
/// absent, or absent where it must be present.
private func checkStandardLSTM(_ context: PrepareContext) throws(RuntimeError) {
    for position in 0..<24 {
        let present = try context.optionalInput(position) != nil
        switch position {
        case 1 where !present, 5 where !present, 12 where !present:
            throw context.fail(.unsupportedParameter(name: "lstm CIFG (coupled input-forget gate)", value: position))
        case 9...11 where present:
            throw context.fail(.unsupportedParameter(name: "lstm peephole weights", value: position))
        case 16...17 where present:
            throw context.fail(.unsupportedParameter(name: "lstm projection", value: position))
        case 20...23 where present:
            throw context.fail(.unsupportedParameter(name: "lstm layer norm", value: position))
        default: break
        }
    }
}

private func prepareUnidirectionalSequenceLSTM(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator
{
    try context.expect(inputs: 24...24)
    try checkStandardLSTM(context)
    let options = try context.options(UnidirectionalSequenceLSTMOptions.self)
    // The cell gate's activation: TFLM runs sigmoid or tanh and aborts otherwise; the schema's
    // activations include only tanh.
    guard try context.activation(options.fusedActivationFunction) == .tanh else {
        throw context.fail(
            .unsupportedParameter(name: "lstm cell activation", value: Int(options.fusedActivationFunction)))
    }
    let input = try context.input(LSTMSlots.input), output = try context.output(0)
    let hidden = try context.input(LSTMSlots.hidden), cell = try context.input(LSTMSlots.cell)
    // TFLM requires variable tensors; a constant one would be written in the model bytes.
    guard hidden.tensor.isVariable, !hidden.isConstant else {
        throw context.fail(.unsupportedParameter(name: "lstm state not a variable tensor", value: hidden.index))
    }
    guard cell.tensor.isVariable, !cell.isConstant else {
        throw context.fail(.unsupportedParameter(name: "lstm state not a variable tensor", value: cell.index))
    }
    let shapes = (try input.shape(), try hidden.shape(), try output.shape())
    let sizes = try context.kernel { () throws(KernelError) in
        try LSTMSizes(
            timeMajor: options.timeMajor, input: shapes.0, hiddenState: shapes.1, hiddenElements: hidden.elementCount,
            cellElements: cell.elementCount, output: shapes.2)
    }
    // TFLM takes the types from the forget gate's tensors and requires the others to match.
    let weightType = try context.input(LSTMSlots.inputWeights + 1).type
    let biasType = try context.input(LSTMSlots.biases + 1).type
    let float = input.type == .float32
    for gate in 0..<8 {
        let spec = try context.input(LSTMSlots.inputWeights + gate)
        let shape = try spec.shape()
        try context.kernel { () throws(KernelError) in try sizes.checkWeights(shape, recurrent: gate >= 4) }
        guard spec.type == weightType else { throw context.unsupportedTypes(input, spec) }
        if float {
            _ = try spec.constant(as: Float.self)
        } else if spec.scales.count > 1 {
            // TFLM's LSTM copies only the per-tensor multiplier, which per-channel weights leave unset.
            throw context.fail(.unsupportedParameter(name: "lstm per-channel weights", value: spec.index))
        }
    }
    for gate in 0..<4 {
        let spec = try context.input(LSTMSlots.biases + gate)
        let shape = try spec.shape()
        try context.kernel { () throws(KernelError) in try sizes.checkBias(shape) }
        guard spec.type == biasType else { throw context.unsupportedTypes(input, spec) }
        // int64 biases are read unaligned (converters align them to 4 bytes only).
        if float {
            _ = try spec.constant(as: Float.self)
        } else if biasType == .int32 {
            _ = try spec.constant(as: Int32.self)
        }
    }
    guard hidden.type == input.type, output.type == input.type else {
        throw context.unsupportedTypes(input, hidden, output)
    }
    switch (input.type, weightType, biasType, cell.type) {
    case (.float32, .float32, .float32, .float32):
        let kernel = FloatUnidirectionalSequenceLSTM(sizes: sizes, cellClip: options.cellClip)
        for _ in 0..<4 { try context.requestScratch(bytes: kernel.bufferBytes) }
        return PreparedOperator(opData: UnsafeMutableRawPointer(try context.store(kernel)), invoke: lstmFloat)
    case (.int8, .int8, .int32, .int16), (.int16, .int8, .int64, .int16):
        let inputGate = try gateQuantization(context, 0, input, hidden)
        let forgetGate = try gateQuantization(context, 1, input, hidden)
        let cellGate = try gateQuantization(context, 2, input, hidden)
        let outputGate = try gateQuantization(context, 3, input, hidden)
        let kernel = try context.kernel { () throws(KernelError) in
            try UnidirectionalSequenceLSTM(
                sizes: sizes, inputGate: inputGate, forgetGate: forgetGate, cellGate: cellGate, outputGate: outputGate,
                inputScale: input.scale, inputZeroPoint: input.zeroPoint, hiddenScale: hidden.scale,
                hiddenZeroPoint: hidden.zeroPoint, cellScale: cell.scale, cellClip: options.cellClip)
        }
        for _ in 0..<4 { try context.requestScratch(bytes: kernel.bufferBytes) }
        let invoke = input.type == .int16 ? lstmInt16 : lstmInt8
        return PreparedOperator(opData: UnsafeMutableRawPointer(try context.store(kernel)), invoke: invoke)
    default:
        throw context.unsupportedTypes(input, try context.input(LSTMSlots.inputWeights + 1), cell)
    }
}

/// One gate's FC multipliers and weight offsets.
private func gateQuantization(
    _ context: PrepareContext, _ gate: Int, _ input: TensorSpec, _ hidden: TensorSpec
) throws(RuntimeError) -> LSTMGateQuantization {
    let inputWeights = try context.input(LSTMSlots.inputWeights + gate)
    let recurrentWeights = try context.input(LSTMSlots.recurrentWeights + gate)
    return try context.kernel { () throws(KernelError) in
        try LSTMGateQuantization(
            inputScale: input.scale, inputWeightScale: inputWeights.scale, inputWeightZeroPoint: inputWeights.zeroPoint,
            hiddenScale: hidden.scale, recurrentWeightScale: recurrentWeights.scale,
            recurrentWeightZeroPoint: recurrentWeights.zeroPoint)
    }
}

@inline(__always)
private func gateOperands<Weight, Bias>(
    _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _ gate: Int, _ weight: Weight.Type, _ bias: Bias.Type
) -> LSTMGateOperands<Weight, Bias> {
    LSTMGateOperands(
        inputWeights: UnsafePointer(slot(io, LSTMSlots.inputWeights + gate, as: Weight.self)),
        recurrentWeights: UnsafePointer(slot(io, LSTMSlots.recurrentWeights + gate, as: Weight.self)),
        bias: UnsafePointer(slot(io, LSTMSlots.biases + gate, as: Bias.self)))
}

/// The int8, 16x8 and float32 kernels: one invoke over their element types.
protocol LSTMKernel {
    associatedtype Activation
    associatedtype Weight
    associatedtype Bias
    associatedtype Cell
    associatedtype Buffer
    func invoke(_ operands: LSTMOperands<Activation, Weight, Bias, Cell, Buffer>)
}

/// int8 activations and int32 biases: which of the kernel's two invokes is meant.
extension UnidirectionalSequenceLSTM: LSTMKernel {
    typealias Activation = Int8
    typealias Weight = Int8
    typealias Bias = Int32
    typealias Cell = Int16
    typealias Buffer = Int16
}
extension FloatUnidirectionalSequenceLSTM: LSTMKernel {}

/// The integer kernel's op data seen through its 16x8 invoke (int16 activations, int64 biases): one
/// stored property, so the same bytes as the `UnidirectionalSequenceLSTM` that prepare stored.
struct UnidirectionalSequenceLSTM16x8: LSTMKernel {
    let kernel: UnidirectionalSequenceLSTM
    func invoke(_ operands: LSTMOperands<Int16, Int8, Int64, Int16, Int16>) { kernel.invoke(operands) }
}

@inline(__always)
private func invokeLSTM<Kernel: LSTMKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    let weight = Kernel.Weight.self, bias = Kernel.Bias.self, buffer = Kernel.Buffer.self
    opData(data, as: Kernel.self).pointee.invoke(
        LSTMOperands(
            input: slot(io, LSTMSlots.input, as: Kernel.Activation.self),
            gates: (
                gateOperands(io, 0, weight, bias), gateOperands(io, 1, weight, bias),
                gateOperands(io, 2, weight, bias), gateOperands(io, 3, weight, bias)
            ),
            hidden: slot(io, LSTMSlots.hidden, as: Kernel.Activation.self),
            cell: slot(io, LSTMSlots.cell, as: Kernel.Cell.self),
            output: slot(io, LSTMSlots.output, as: Kernel.Activation.self),
            buffers: (
                slot(io, LSTMSlots.buffers, as: buffer), slot(io, LSTMSlots.buffers + 1, as: buffer),
                slot(io, LSTMSlots.buffers + 2, as: buffer), slot(io, LSTMSlots.buffers + 3, as: buffer)
            )))
    return InvokeStatus.ok
}

private let lstmInt8: InvokeFunction = { invokeLSTM($0, $1, UnidirectionalSequenceLSTM.self) }
private let lstmInt16: InvokeFunction = { invokeLSTM($0, $1, UnidirectionalSequenceLSTM16x8.self) }
private let lstmFloat: InvokeFunction = { invokeLSTM($0, $1, FloatUnidirectionalSequenceLSTM.self) }
