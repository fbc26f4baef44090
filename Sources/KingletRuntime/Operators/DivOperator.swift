import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// DIV: two inputs with numpy broadcasting (float32, int32, int8).
    public static let div = OpRegistration(.div, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let operands = try BinaryOperands(context)
        let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
        let activation = try context.activation(try context.options(DivOptions.self).fusedActivationFunction)
        switch (input1.type, input2.type, output.type) {
        case (.int8, .int8, .int8):
            return try context.prepared(invoke: divInt8) { () throws(KernelError) in
                try Div(
                    input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                    input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                    outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                    activation: activation)
            }
        case (.int32, .int32, .int32):
            return try context.prepared(invoke: divInt32) { () throws(KernelError) in
                try Div(input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
            }
        case (.float32, .float32, .float32):
            return try context.prepared(invoke: divFloat) { () throws(KernelError) in
                try FloatDiv(
                    input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
            }
        default:
            throw context.unsupportedTypes(input1, input2, output)
        }
    }

    /// FLOOR: float32, one input, one output.
    public static let floor = OpRegistration(.floor, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        guard input.type == .float32, output.type == .float32 else { throw context.unsupportedTypes(input, output) }
        return try context.prepared(invoke: floorFloat) { () throws(KernelError) in try FloatFloor(shape: shape) }
    }

    /// CAST: int8, int16, int32, uint32, float32 or bool to int8, int16, int32, uint32 or float32.
    public static let cast = OpRegistration(.cast, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        guard let from = castElement(input.type), let to = castElement(output.type), to != .bool else {
            throw context.unsupportedTypes(input, output)
        }
        return try context.prepared(invoke: castAny) { () throws(KernelError) in
            try Cast(inputCount: input.elementCount, outputCount: output.elementCount, from: from, to: to)
        }
    }
}

private func castElement(_ type: TensorType) -> Cast.Element? {
    switch type {
    case .int8: return .int8
    case .int16: return .int16
    case .int32: return .int32
    case .uint32: return .uint32
    case .float32: return .float32
    case .bool: return .bool
    default: return nil
    }
}

private let divInt8: InvokeFunction = {
    invokeBinary($0, $1, Div.self, as: Int8.self) { $0.invoke(input1: $1, input2: $2, output: $3) }
}

/// int32 DIV reports division by zero (and Int32.min / -1), where TFLM traps.
private let divInt32: InvokeFunction = { data, io in
    let ok = opData(data, as: Div.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int32.self), input2: slot(io, BinarySlots.input2, as: Int32.self),
        output: slot(io, BinarySlots.output, as: Int32.self))
    return ok ? InvokeStatus.ok : InvokeStatus.integerDivisionByZero
}

private let divFloat: InvokeFunction = { invokeBinary($0, $1, FloatDiv.self) }
private let floorFloat: InvokeFunction = { invokeUnary($0, $1, FloatFloor.self) }

private let castAny: InvokeFunction = { data, io in
    opData(data, as: Cast.self).pointee.invoke(
        input: UnsafeRawPointer(rawSlot(io, UnarySlots.input)), output: rawSlot(io, UnarySlots.output))
    return InvokeStatus.ok
}
