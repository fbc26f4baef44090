import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// MUL: two inputs with numpy broadcasting, one output.
    public static let mul = OpRegistration(.mul, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let operands = try BinaryOperands(context)
        let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
        let activation = try context.activation(try context.options(MulOptions.self).fusedActivationFunction)
        switch (input1.type, input2.type, output.type) {
        case (.int8, .int8, .int8):
            return try context.prepared(invoke: mulInt8) { () throws(KernelError) in
                try Mul(
                    input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                    input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                    outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                    activation: activation)
            }
        case (.float32, .float32, .float32):
            return try context.prepared(invoke: mulFloat) { () throws(KernelError) in
                try FloatMul(
                    input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
            }
        default:
            throw context.unsupportedTypes(input1, input2, output)
        }
    }
}

private let mulInt8: InvokeFunction = { data, io in
    opData(data, as: Mul.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int8.self), input2: slot(io, BinarySlots.input2, as: Int8.self),
        output: slot(io, BinarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let mulFloat: InvokeFunction = { data, io in
    opData(data, as: FloatMul.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Float.self), input2: slot(io, BinarySlots.input2, as: Float.self),
        output: slot(io, BinarySlots.output, as: Float.self))
    return InvokeStatus.ok
}
