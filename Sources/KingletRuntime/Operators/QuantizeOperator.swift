import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// QUANTIZE: float32 → int8/int16, or int8/int16 → int8/int16/int32 requantization.
    public static let quantize = OpRegistration(.quantize, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        let shape = try input.shape()
        guard input.elementCount == output.elementCount else {
            throw context.fail(.elementCounts(input: input.elementCount, output: output.elementCount))
        }
        switch (input.type, output.type) {
        case (.float32, .int8), (.float32, .int16):
            return try context.prepared(invoke: output.type == .int8 ? quantizeToInt8 : quantizeToInt16) {
                () throws(KernelError) in
                try Quantize(shape: shape, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
        case (.int8, .int8), (.int16, .int8), (.int8, .int16), (.int16, .int16), (.int8, .int32), (.int16, .int32):
            let kernel = try context.kernel { () throws(KernelError) in
                try Requantize(
                    shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
            let invoke: InvokeFunction
            switch (input.type, output.type) {
            case (.int8, .int8): invoke = requantize8To8
            case (.int16, .int8): invoke = requantize16To8
            case (.int8, .int16): invoke = requantize8To16
            case (.int8, .int32): invoke = requantize8To32
            case (.int16, .int32): invoke = requantize16To32
            default: invoke = requantize16To16
            }
            return try context.prepared(kernel, invoke: invoke)
        default:
            throw context.unsupportedTypes(input, output)
        }
    }

    /// DEQUANTIZE: int8/int16 → float32.
    public static let dequantize = OpRegistration(.dequantize, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        let shape = try input.shape()
        guard input.elementCount == output.elementCount else {
            throw context.fail(.elementCounts(input: input.elementCount, output: output.elementCount))
        }
        switch (input.type, output.type) {
        case (.int8, .float32), (.int16, .float32):
            return try context.prepared(invoke: input.type == .int8 ? dequantizeInt8 : dequantizeInt16) {
                () throws(KernelError) in
                try Dequantize(shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint)
            }
        default:
            throw context.unsupportedTypes(input, output)
        }
    }
}

private let quantizeToInt8: InvokeFunction = { data, io in
    opData(data, as: Quantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Float.self), output: slot(io, UnarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let quantizeToInt16: InvokeFunction = { data, io in
    opData(data, as: Quantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Float.self), output: slot(io, UnarySlots.output, as: Int16.self))
    return InvokeStatus.ok
}

private let requantize8To8: InvokeFunction = { data, io in
    opData(data, as: Requantize.self).pointee.invoke(
        input: UnsafePointer(slot(io, UnarySlots.input, as: Int8.self)),
        output: slot(io, UnarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let requantize16To8: InvokeFunction = { data, io in
    opData(data, as: Requantize.self).pointee.invoke(
        input: UnsafePointer(slot(io, UnarySlots.input, as: Int16.self)),
        output: slot(io, UnarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let requantize8To16: InvokeFunction = { data, io in
    opData(data, as: Requantize.self).pointee.invoke(
        input: UnsafePointer(slot(io, UnarySlots.input, as: Int8.self)),
        output: slot(io, UnarySlots.output, as: Int16.self))
    return InvokeStatus.ok
}

private let requantize16To16: InvokeFunction = { data, io in
    opData(data, as: Requantize.self).pointee.invoke(
        input: UnsafePointer(slot(io, UnarySlots.input, as: Int16.self)),
        output: slot(io, UnarySlots.output, as: Int16.self))
    return InvokeStatus.ok
}

private let requantize8To32: InvokeFunction = { data, io in
    opData(data, as: Requantize.self).pointee.invoke(
        input: UnsafePointer(slot(io, UnarySlots.input, as: Int8.self)),
        output: slot(io, UnarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let requantize16To32: InvokeFunction = { data, io in
    opData(data, as: Requantize.self).pointee.invoke(
        input: UnsafePointer(slot(io, UnarySlots.input, as: Int16.self)),
        output: slot(io, UnarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let dequantizeInt8: InvokeFunction = { data, io in
    opData(data, as: Dequantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int8.self), output: slot(io, UnarySlots.output, as: Float.self))
    return InvokeStatus.ok
}

private let dequantizeInt16: InvokeFunction = { data, io in
    opData(data, as: Dequantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int16.self), output: slot(io, UnarySlots.output, as: Float.self))
    return InvokeStatus.ok
}
