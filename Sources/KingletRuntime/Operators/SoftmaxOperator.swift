import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// SOFTMAX over the last dimension.
    public static let softmax = OpRegistration(.softmax, inputSlots: 1) { (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        let beta = try OptionsReader(context, type: OptionsType.softmax).float("beta")
        let shapes = (try input.shape(), try output.shape())
        switch (input.type, output.type) {
        case (.float32, .float32):
            let kernel = try context.kernel { () throws(KernelError) in
                try FloatSoftmax(shape: shapes.0, outputShape: shapes.1, beta: beta)
            }
            return PreparedOperator(opData: UnsafeMutableRawPointer(context.store(kernel)), invoke: softmaxFloat)
        default:
            throw context.unsupportedTypes(input, output)
        }
    }
}

private let softmaxFloat: InvokeFunction = { data, io in
    opData(data, as: FloatSoftmax.self).pointee.invoke(input: slot(io, 0, as: Float.self), output: slot(io, 1, as: Float.self))
    return InvokeStatus.ok
}
