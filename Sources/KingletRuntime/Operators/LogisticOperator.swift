import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// LOGISTIC (sigmoid), elementwise.
    public static let logistic = OpRegistration(.logistic, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        switch (input.type, output.type) {
        case (.int8, .int8):
            return try context.prepared(invoke: logisticInt8) { () throws(KernelError) in
                try Logistic(
                    inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputZeroPoint: output.zeroPoint,
                    inputElementCount: input.elementCount, outputElementCount: output.elementCount)
            }
        case (.int16, .int16):
            return try context.prepared(invoke: logisticInt16) { () throws(KernelError) in
                try Int16Logistic(
                    shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
                    outputZeroPoint: output.zeroPoint)
            }
        case (.float32, .float32):
            return try context.prepared(invoke: logisticFloat) { () throws(KernelError) in
                try FloatLogistic(shape: shape)
            }
        default:
            throw context.unsupportedTypes(input, output)
        }
    }
}

private let logisticFloat: InvokeFunction = { invokeUnary($0, $1, FloatLogistic.self) }

private let logisticInt8: InvokeFunction = { invokeUnary($0, $1, Logistic.self) }
private let logisticInt16: InvokeFunction = { invokeUnary($0, $1, Int16Logistic.self) }
