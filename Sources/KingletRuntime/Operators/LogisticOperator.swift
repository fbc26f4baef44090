import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// LOGISTIC (sigmoid), elementwise.
    public static let logistic = OpRegistration(.logistic, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareTanhLogistic(
            &context, (logisticInt8, logisticInt16, logisticFloat), Int16Logistic.self, FloatLogistic.self
        ) { input, output, _ throws(KernelError) in
            try Logistic(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputZeroPoint: output.zeroPoint,
                inputElementCount: input.elementCount, outputElementCount: output.elementCount)
        }
    }
}

private let logisticFloat: InvokeFunction = { invokeUnary($0, $1, FloatLogistic.self) }

private let logisticInt8: InvokeFunction = { invokeUnary($0, $1, Logistic.self) }
private let logisticInt16: InvokeFunction = { invokeUnary($0, $1, Int16Logistic.self) }
