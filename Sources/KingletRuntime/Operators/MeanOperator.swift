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
    public static let mean = OpRegistration(.mean, inputSlots: 2, prepare: prepareMeanSum)
    /// SUM: as MEAN without the division (float32, int8, int16).
    public static let sum = OpRegistration(.sum, inputSlots: 2, prepare: prepareMeanSum)
    /// REDUCE_MAX: float32 and int8 (equal input and output quantization).
    public static let reduceMax = OpRegistration(.reduceMax, inputSlots: 2, prepare: prepareReduceMaxMin)
    /// REDUCE_MIN: float32 and int8 (equal input and output quantization).
    public static let reduceMin = OpRegistration(.reduceMin, inputSlots: 2, prepare: prepareReduceMaxMin)
}

/// MEAN and SUM: one int8/int16 kernel (told which by the operator's code), a float32 one each.
@Sendable private func prepareMeanSum(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
    let sum = context.opcode == .sum
    let operands = try ReductionOperands(context)
    let input = operands.input, output = operands.output, shapes = operands.shapes
    switch (input.type, output.type) {
    case (.int8, .int8), (.int16, .int16):
        // An LCE model follows LiteRT's optimized int8 MEAN over height and width (MeanLiteRT.swift).
        if !sum, input.type == .int8, context.followsLiteRT,
            let kernel = try context.kernel({ () throws(KernelError) in
                try MeanLiteRT(
                    input: shapes.0, axes: operands.axisBytes, keepDims: operands.keepDims, output: shapes.1,
                    inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                    outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            })
        {
            return try context.prepared(kernel, invoke: meanInt8LiteRT)
        }
        let int16 = input.type == .int16
        return try context.prepared(invoke: int16 ? meanInt16 : meanInt8) { () throws(KernelError) in
            try Mean(
                input: shapes.0, axes: operands.axisBytes, keepDims: operands.keepDims, output: shapes.1,
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint, int16: int16, computeSum: sum)
        }
    case (.float32, .float32) where sum:
        return try context.prepared(invoke: sumFloat) { () throws(KernelError) in
            try FloatSum(input: shapes.0, axes: operands.axisBytes, output: shapes.1)
        }
    case (.float32, .float32):
        return try context.prepared(invoke: meanFloat) { () throws(KernelError) in
            try FloatMean(input: shapes.0, axes: operands.axisBytes, keepDims: operands.keepDims, output: shapes.1)
        }
    default:
        throw context.unsupportedTypes(input, output)
    }
}

/// REDUCE_MAX and REDUCE_MIN: one kernel, told which by the operator's code.
@Sendable private func prepareReduceMaxMin(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
    let isMaximum = context.opcode == .reduceMax
    let operands = try ReductionOperands(context)
    let input = operands.input, output = operands.output, shapes = operands.shapes
    switch (input.type, output.type) {
    case (.int8, .int8), (.float32, .float32):
        let int8 = input.type == .int8
        return try context.prepared(invoke: int8 ? reduceMaxMinInvoke.int8 : reduceMaxMinInvoke.float) {
            () throws(KernelError) in
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

// The output follows the input and the axes: slot 2.
private let meanInt8: InvokeFunction = { invokeUnary($0, $1, Mean.self, as: Int8.self, output: 2) }
private let meanInt16: InvokeFunction = { invokeUnary($0, $1, Mean.self, as: Int16.self, output: 2) }
private let meanInt8LiteRT: InvokeFunction = {
    invokeUnary($0, $1, MeanLiteRT.self, Int8.self, Int8.self, output: 2) { $0.invoke(input: $1, output: $2) }
}
private let meanFloat: InvokeFunction = { invokeUnary($0, $1, FloatMean.self, output: 2) }
private let sumFloat: InvokeFunction = { invokeUnary($0, $1, FloatSum.self, output: 2) }

/// REDUCE_MAX/MIN's int8 and float32 invoke functions (the kernel overloads invoke by element type).
private let reduceMaxMinInvoke: (int8: InvokeFunction, float: InvokeFunction) = (
    { invokeUnary($0, $1, ReduceMaxMin.self, Int8.self, Int8.self, output: 2) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, ReduceMaxMin.self, Float.self, Float.self, output: 2) { $0.invoke(input: $1, output: $2) } }
)
