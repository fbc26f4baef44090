import KingletKernels
import TFLiteModel

/// The input, constant int32 axis tensor and output every reduction reads.
struct ReductionOperands {
    let input: TensorSpec, output: TensorSpec
    let axisBytes: UnsafeRawBufferPointer
    let keepDims: Bool
    let shapes: (Shape, Shape)

    init(_ context: PrepareContext) throws(RuntimeError) {
        try context.expect(inputs: 2...2)
        input = try context.input(0)
        output = try context.output(0)
        let axes = try context.input(1)
        try context.expect(axes, type: .int32, .axis)
        keepDims = try context.options(ReducerOptions.self).keepDims
        axisBytes = try axes.constantBytes(context, .axis)
        shapes = (try input.shape(), try output.shape())
    }
}

extension OpRegistration {
    /// MEAN: input and a constant int32 axis tensor, one output (float32, int8, int16).
    public static let mean = OpRegistration(.mean, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let operands = try ReductionOperands(context)
        let input = operands.input, output = operands.output, shapes = operands.shapes
        switch (input.type, output.type) {
        case (.int8, .int8), (.int16, .int16):
            let int16 = input.type == .int16
            return try context.prepared(invoke: int16 ? meanInt16 : meanInt8) { () throws(KernelError) in
                try Mean(
                    input: shapes.0, axes: operands.axisBytes, keepDims: operands.keepDims, output: shapes.1,
                    inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint, int16: int16)
            }
        case (.float32, .float32):
            return try context.prepared(invoke: meanFloat) { () throws(KernelError) in
                try FloatMean(input: shapes.0, axes: operands.axisBytes, keepDims: operands.keepDims, output: shapes.1)
            }
        default:
            throw context.unsupportedTypes(input, output)
        }
    }

    /// SUM: as MEAN without the division (float32, int8, int16).
    public static let sum = OpRegistration(.sum, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let operands = try ReductionOperands(context)
        let input = operands.input, output = operands.output, shapes = operands.shapes
        switch (input.type, output.type) {
        case (.int8, .int8), (.int16, .int16):
            let int16 = input.type == .int16
            return try context.prepared(invoke: int16 ? meanInt16 : meanInt8) { () throws(KernelError) in
                try Mean(
                    input: shapes.0, axes: operands.axisBytes, keepDims: operands.keepDims, output: shapes.1,
                    inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint, int16: int16, computeSum: true)
            }
        case (.float32, .float32):
            return try context.prepared(invoke: sumFloat) { () throws(KernelError) in
                try FloatSum(input: shapes.0, axes: operands.axisBytes, output: shapes.1)
            }
        default:
            throw context.unsupportedTypes(input, output)
        }
    }

    /// REDUCE_MAX: float32 and int8 (equal input and output quantization).
    public static let reduceMax = OpRegistration(.reduceMax, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareReduceMaxMin(&context, isMaximum: true)
    }

    /// REDUCE_MIN: float32 and int8 (equal input and output quantization).
    public static let reduceMin = OpRegistration(.reduceMin, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareReduceMaxMin(&context, isMaximum: false)
    }
}

private func prepareReduceMaxMin(
    _ context: inout PrepareContext, isMaximum: Bool
) throws(RuntimeError)
    -> PreparedOperator
{
    let operands = try ReductionOperands(context)
    let input = operands.input, output = operands.output, shapes = operands.shapes
    switch (input.type, output.type) {
    case (.int8, .int8), (.float32, .float32):
        let int8 = input.type == .int8
        return try context.prepared(invoke: int8 ? reduceMaxMinInt8 : reduceMaxMinFloat) { () throws(KernelError) in
            if int8 {
                try ReduceMaxMin.checkQuantization(
                    inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            }
            return try ReduceMaxMin(input: shapes.0, axes: operands.axisBytes, output: shapes.1, isMaximum: isMaximum)
        }
    default:
        throw context.unsupportedTypes(input, output)
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

private let meanFloat: InvokeFunction = { data, io in
    opData(data, as: FloatMean.self).pointee.invoke(
        input: slot(io, 0, as: Float.self), output: slot(io, 2, as: Float.self))
    return InvokeStatus.ok
}

private let sumFloat: InvokeFunction = { data, io in
    opData(data, as: FloatSum.self).pointee.invoke(
        input: slot(io, 0, as: Float.self), output: slot(io, 2, as: Float.self))
    return InvokeStatus.ok
}

private let reduceMaxMinInt8: InvokeFunction = { data, io in
    opData(data, as: ReduceMaxMin.self).pointee.invoke(
        input: slot(io, 0, as: Int8.self), output: slot(io, 2, as: Int8.self))
    return InvokeStatus.ok
}

private let reduceMaxMinFloat: InvokeFunction = { data, io in
    opData(data, as: ReduceMaxMin.self).pointee.invoke(
        input: slot(io, 0, as: Float.self), output: slot(io, 2, as: Float.self))
    return InvokeStatus.ok
}
