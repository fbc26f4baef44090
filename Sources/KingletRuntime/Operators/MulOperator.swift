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
        case (.int8, .int8, .int8), (.int16, .int16, .int16):
            let int16 = input1.type == .int16
            return try context.prepared(invoke: int16 ? mulInt16 : mulInt8) { () throws(KernelError) in
                try Mul(
                    input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                    input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                    outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                    activation: activation, int16: int16)
            }
        case (.int32, .int32, .int32):
            return try context.prepared(invoke: mulInt32) { () throws(KernelError) in
                try Int32Mul(
                    input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
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

private let mulInt16: InvokeFunction = { data, io in
    opData(data, as: Mul.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int16.self), input2: slot(io, BinarySlots.input2, as: Int16.self),
        output: slot(io, BinarySlots.output, as: Int16.self))
    return InvokeStatus.ok
}

private let mulInt32: InvokeFunction = { data, io in
    opData(data, as: Int32Mul.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int32.self), input2: slot(io, BinarySlots.input2, as: Int32.self),
        output: slot(io, BinarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let mulFloat: InvokeFunction = { data, io in
    opData(data, as: FloatMul.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Float.self), input2: slot(io, BinarySlots.input2, as: Float.self),
        output: slot(io, BinarySlots.output, as: Float.self))
    return InvokeStatus.ok
}
