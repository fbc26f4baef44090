import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// QUANTIZE: float32 → int8/int16, or requantization int8/int16 → int8/int16/int32 and
    /// int32 → int8/int16 (TFLM's EvalQuantizeReference pairs; uint8 is not a Kinglet type).
    public static let quantize = OpRegistration(.quantize, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        switch (input.type, output.type) {
        case (.float32, .int8), (.float32, .int16):
            return try context.prepared(invoke: output.type == .int8 ? quantizeInvoke.int8 : quantizeInvoke.int16) {
                () throws(KernelError) in
                try Quantize(shape: shape, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
        case (.int8, .int8), (.int16, .int8), (.int8, .int16), (.int16, .int16), (.int8, .int32), (.int16, .int32),
            (.int32, .int8), (.int32, .int16):
            let kernel = try context.kernel { () throws(KernelError) in
                try Requantize(
                    shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
            let invoke: InvokeFunction
            // Requantize has one generic invoke.
            switch (input.type, output.type) {
            // An LCE model follows LiteRT's optimized arithmetic (PrepareContext.followsLiteRT).
            case (.int8, .int8) where context.followsLiteRT: invoke = requantizeInt8LiteRT
            case (.int8, .int8): invoke = { invokeUnary($0, $1, Requantize.self, from: Int8.self, to: Int8.self) }
            case (.int16, .int8): invoke = { invokeUnary($0, $1, Requantize.self, from: Int16.self, to: Int8.self) }
            case (.int8, .int16): invoke = { invokeUnary($0, $1, Requantize.self, from: Int8.self, to: Int16.self) }
            case (.int8, .int32): invoke = { invokeUnary($0, $1, Requantize.self, from: Int8.self, to: Int32.self) }
            case (.int16, .int32): invoke = { invokeUnary($0, $1, Requantize.self, from: Int16.self, to: Int32.self) }
            case (.int32, .int8): invoke = { invokeUnary($0, $1, Requantize.self, from: Int32.self, to: Int8.self) }
            case (.int32, .int16): invoke = { invokeUnary($0, $1, Requantize.self, from: Int32.self, to: Int16.self) }
            default: invoke = { invokeUnary($0, $1, Requantize.self, from: Int16.self, to: Int16.self) }
            }
            return try context.prepared(kernel, invoke: invoke)
        default:
            throw context.unsupportedTypes(input, output)
        }
    }

    /// DEQUANTIZE: int8/int16 → float32.
    public static let dequantize = OpRegistration(.dequantize, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        guard input.type == .int8 || input.type == .int16, output.type == .float32 else {
            throw context.unsupportedTypes(input, output)
        }
        let int8 = context.followsLiteRT ? dequantizeInt8LiteRT : dequantizeInvoke.int8  // LCE: LiteRT's
        let invoke = input.type == .int8 ? int8 : dequantizeInvoke.int16
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try Dequantize(shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint)
        }
    }
}

/// QUANTIZE's float32 to int8 and int16 invoke functions, DEQUANTIZE's int8 and int16 to float32
/// ones (the kernels overload invoke by element type).
private let quantizeInvoke: (int8: InvokeFunction, int16: InvokeFunction) = (
    { invokeUnary($0, $1, Quantize.self, Float.self, Int8.self) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, Quantize.self, Float.self, Int16.self) { $0.invoke(input: $1, output: $2) } }
)
private let dequantizeInvoke: (int8: InvokeFunction, int16: InvokeFunction) = (
    { invokeUnary($0, $1, Dequantize.self, Int8.self, Float.self) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, Dequantize.self, Int16.self, Float.self) { $0.invoke(input: $1, output: $2) } }
)
private let requantizeInt8LiteRT: InvokeFunction = {
    invokeUnary($0, $1, Requantize.self, Int8.self, Int8.self) { $0.invokeLiteRT(input: $1, output: $2) }
}
private let dequantizeInt8LiteRT: InvokeFunction = {
    invokeUnary($0, $1, Dequantize.self, Int8.self, Float.self) { $0.invokeLiteRT(input: $1, output: $2) }
}
