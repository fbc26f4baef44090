import KingletKernels
import TFLiteModel

// Elementwise operators: one input → one output of the same shape (activations).

extension OpRegistration {
    /// RELU: max(x, 0), requantized for int8/int16.
    public static let relu = OpRegistration(.relu, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        return try prepareActivation(&context, input, output, (reluInt8, reluInt16, reluFloat)) {
            (int16) throws(KernelError) in
            try Relu(
                shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint, int16: int16)
        } float: { () throws(KernelError) in
            try FloatRelu(shape: shape)
        }
    }

    /// RELU6: min(max(x, 0), 6).
    public static let relu6 = OpRegistration(.relu6, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        // An LCE model follows LiteRT's int8 RELU6, which requantizes (Relu6LiteRT.swift).
        if input.type == .int8, output.type == .int8, context.followsLiteRT {
            return try context.prepared(invoke: reluInt8) { () throws(KernelError) in
                try Relu(
                    liteRTRelu6Shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
        }
        return try prepareActivation(&context, input, output, (relu6Int8, relu6Int16, relu6Float)) {
            (int16) throws(KernelError) in
            try Relu6(shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint, int16: int16)
        } float: { () throws(KernelError) in
            try FloatRelu6(shape: shape)
        }
    }

    /// LEAKY_RELU: x for x ≥ 0, alpha·x otherwise.
    public static let leakyRelu = OpRegistration(.leakyRelu, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        let alpha = try context.options(LeakyReluOptions.self).alpha
        return try prepareActivation(&context, input, output, (leakyReluInt8, leakyReluInt16, leakyReluFloat)) {
            (int16) throws(KernelError) in
            try LeakyRelu(
                shape: shape, alpha: alpha, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint, int16: int16)
        } float: { () throws(KernelError) in
            try FloatLeakyRelu(shape: shape, alpha: alpha)
        }
    }
}

/// RELU's, RELU6's and LEAKY_RELU's types: one kernel for int8 and int16 (`integer` makes it, told
/// whether int16), one for float32; `invokes` are the invoke functions for the three.
private func prepareActivation<Integer: DeviceLayout, Real: DeviceLayout>(
    _ context: inout PrepareContext, _ input: TensorSpec, _ output: TensorSpec,
    _ invokes: (int8: InvokeFunction, int16: InvokeFunction, float: InvokeFunction),
    integer: (_ int16: Bool) throws(KernelError) -> Integer, float: () throws(KernelError) -> Real
) throws(RuntimeError) -> PreparedOperator {
    switch (input.type, output.type) {
    case (.int8, .int8), (.int16, .int16):
        let int16 = input.type == .int16
        return try context.prepared(invoke: int16 ? invokes.int16 : invokes.int8) { () throws(KernelError) in
            try integer(int16)
        }
    case (.float32, .float32):
        return try context.prepared(invoke: invokes.float, float)
    default:
        throw context.unsupportedTypes(input, output)
    }
}

/// The one input and output of an elementwise operator, which must have the same element count.
func unary(_ context: PrepareContext) throws(RuntimeError) -> (TensorSpec, TensorSpec, Shape) {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    guard input.elementCount == output.elementCount else {
        throw context.fail(.elementCounts(input: input.elementCount, output: output.elementCount))
    }
    return (input, output, try input.shape())
}

private let reluInt8: InvokeFunction = { invokeUnary($0, $1, Relu.self, as: Int8.self) }
private let reluInt16: InvokeFunction = { invokeUnary($0, $1, Relu.self, as: Int16.self) }
private let reluFloat: InvokeFunction = { invokeUnary($0, $1, FloatRelu.self) }
private let relu6Int8: InvokeFunction = { invokeUnary($0, $1, Relu6.self, as: Int8.self) }
private let relu6Int16: InvokeFunction = { invokeUnary($0, $1, Relu6.self, as: Int16.self) }
private let relu6Float: InvokeFunction = { invokeUnary($0, $1, FloatRelu6.self) }
private let leakyReluInt8: InvokeFunction = { invokeUnary($0, $1, LeakyRelu.self, as: Int8.self) }
private let leakyReluInt16: InvokeFunction = { invokeUnary($0, $1, LeakyRelu.self, as: Int16.self) }
private let leakyReluFloat: InvokeFunction = { invokeUnary($0, $1, FloatLeakyRelu.self) }
