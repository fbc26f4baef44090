import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// ADD: two inputs with numpy broadcasting, one output.
    public static let add = OpRegistration(.add, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let operands = try BinaryOperands(context)
        let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
        let activation = try context.activation(try context.options(AddOptions.self).fusedActivationFunction)
        switch (input1.type, input2.type, output.type) {
        case (.int8, .int8, .int8), (.int16, .int16, .int16):
            let int16 = input1.type == .int16
            return try context.prepared(invoke: int16 ? addInt16 : addInt8) { () throws(KernelError) in
                try Add(
                    input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                    input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                    outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                    activation: activation, int16: int16)
            }
        case (.int32, .int32, .int32):
            // TFLM: "Only support int32 unquantized add for now" (TF_LITE_ENSURE on both inputs).
            guard input1.quantization == nil, input2.quantization == nil else {
                throw context.unsupportedTypes(input1, input2, output)
            }
            return try context.prepared(invoke: addInt32) { () throws(KernelError) in
                try Int32Add(input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2)
            }
        case (.float32, .float32, .float32):
            return try context.prepared(invoke: addFloat) { () throws(KernelError) in
                try FloatAdd(
                    input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
            }
        default:
            throw context.unsupportedTypes(input1, input2, output)
        }
    }
}

private let addInt8: InvokeFunction = { data, io in
    opData(data, as: Add.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int8.self), input2: slot(io, BinarySlots.input2, as: Int8.self),
        output: slot(io, BinarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let addInt16: InvokeFunction = { data, io in
    opData(data, as: Add.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int16.self), input2: slot(io, BinarySlots.input2, as: Int16.self),
        output: slot(io, BinarySlots.output, as: Int16.self))
    return InvokeStatus.ok
}

private let addInt32: InvokeFunction = { data, io in
    opData(data, as: Int32Add.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int32.self), input2: slot(io, BinarySlots.input2, as: Int32.self),
        output: slot(io, BinarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let addFloat: InvokeFunction = { data, io in
    opData(data, as: FloatAdd.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Float.self), input2: slot(io, BinarySlots.input2, as: Float.self),
        output: slot(io, BinarySlots.output, as: Float.self))
    return InvokeStatus.ok
}
