import KingletKernels
import TFLiteModel

/// The options AVERAGE_POOL_2D and MAX_POOL_2D share.
struct PoolOptions {
    var padding: Padding
    var strideH: Int, strideW: Int, filterH: Int, filterW: Int
    var activation: FusedActivation

    init(_ context: PrepareContext) throws(RuntimeError) {
        let options = try context.options(Pool2DOptions.self)
        padding = try context.padding(options.padding)
        strideH = Int(options.strideH)
        strideW = Int(options.strideW)
        filterH = Int(options.filterHeight)
        filterW = Int(options.filterWidth)
        activation = try context.activation(options.fusedActivationFunction)
    }
}

extension OpRegistration {
    /// AVERAGE_POOL_2D: input [N,H,W,C] → output [N,H',W',C].
    public static let averagePool2D = OpRegistration(.averagePool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareAveragePool2D(&context, AllTypes.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let averagePool2DInt8 = OpRegistration(.averagePool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareAveragePool2D(&context, Int8Only.self)
    }

    /// MAX_POOL_2D: input [N,H,W,C] → output [N,H',W',C].
    public static let maxPool2D = OpRegistration(.maxPool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareMaxPool2D(&context, AllTypes.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let maxPool2DInt8 = OpRegistration(.maxPool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareMaxPool2D(&context, Int8Only.self)
    }
}

private func prepareAveragePool2D<Types: TypeSupport>(
    _ context: inout PrepareContext, _: Types.Type
) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    let pool = try PoolOptions(context)
    let shapes = (try input.shape(), try output.shape())
    switch (input.type, output.type) {
    case (.int8, .int8):
        let dims = (try input.dims4(context, .input), try output.dims4(context, .output))
        return try context.prepared(invoke: averagePoolInt8) { () throws(KernelError) in
            try AveragePool2D(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: pool.activation, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, input: dims.0, output: dims.1)
        }
    case (.float32, .float32) where Types.float:
        return try context.prepared(invoke: averagePoolFloat) { () throws(KernelError) in
            try FloatAveragePool2D(
                inputShape: shapes.0, outputShape: shapes.1, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, activation: pool.activation)
        }
    default:
        throw context.unsupportedTypes(input, output)
    }
}

private func prepareMaxPool2D<Types: TypeSupport>(
    _ context: inout PrepareContext, _: Types.Type
) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    let pool = try PoolOptions(context)
    let shapes = (try input.shape(), try output.shape())
    switch (input.type, output.type) {
    case (.int8, .int8):
        let dims = (try input.dims4(context, .input), try output.dims4(context, .output))
        return try context.prepared(invoke: maxPoolInt8) { () throws(KernelError) in
            try MaxPool2D(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: pool.activation, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, input: dims.0, output: dims.1)
        }
    case (.float32, .float32) where Types.float:
        return try context.prepared(invoke: maxPoolFloat) { () throws(KernelError) in
            try FloatMaxPool2D(
                inputShape: shapes.0, outputShape: shapes.1, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, activation: pool.activation)
        }
    default:
        throw context.unsupportedTypes(input, output)
    }
}

private let averagePoolFloat: InvokeFunction = { data, io in
    opData(data, as: FloatAveragePool2D.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Float.self), output: slot(io, UnarySlots.output, as: Float.self))
    return InvokeStatus.ok
}

private let maxPoolFloat: InvokeFunction = { data, io in
    opData(data, as: FloatMaxPool2D.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Float.self), output: slot(io, UnarySlots.output, as: Float.self))
    return InvokeStatus.ok
}

private let averagePoolInt8: InvokeFunction = { data, io in
    opData(data, as: AveragePool2D.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int8.self), output: slot(io, UnarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let maxPoolInt8: InvokeFunction = { data, io in
    opData(data, as: MaxPool2D.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int8.self), output: slot(io, UnarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}
