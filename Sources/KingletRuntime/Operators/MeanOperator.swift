import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// MEAN: input and a constant int32 axis tensor, one output.
    public static let mean = OpRegistration(.mean, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        let input = try context.input(0), axes = try context.input(1), output = try context.output(0)
        try context.expect(axes, type: .int32, .axis)
        let keepDims = try context.options(ReducerOptions.self).keepDims
        let axisBytes = try axes.constantBytes(context, .axis)
        let shapes = (try input.shape(), try output.shape())
        switch (input.type, output.type) {
        case (.int8, .int8), (.int16, .int16):
            return try context.prepared(invoke: input.type == .int8 ? meanInt8 : meanInt16) { () throws(KernelError) in
                try Mean(
                    input: shapes.0, axes: axisBytes, keepDims: keepDims, output: shapes.1,
                    inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
        default:
            throw context.unsupportedTypes(input, output)
        }
    }
}

private let meanInt8: InvokeFunction = { data, io in
    opData(data, as: Mean.self).pointee.invoke(input: slot(io, 0, as: Int8.self), output: slot(io, 2, as: Int8.self))
    return InvokeStatus.ok
}

private let meanInt16: InvokeFunction = { data, io in
    opData(data, as: Mean.self).pointee.invoke(input: slot(io, 0, as: Int16.self), output: slot(io, 2, as: Int16.self))
    return InvokeStatus.ok
}
