import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// SOFTMAX over the last dimension.
    public static let softmax = OpRegistration(.softmax, inputSlots: 1, prepare: SoftmaxPrepare.allTypes)

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let softmaxInt8 = OpRegistration(.softmax, inputSlots: 1, prepare: SoftmaxPrepare.int8Only)
}

private enum SoftmaxPrepare: TypedPrepare {
    static func prepare<Types: TypeSupport>(
        _ context: inout PrepareContext, _: Types.Type
    ) throws(RuntimeError) -> PreparedOperator { try prepareSoftmax(&context, Types.self) }
}

private func prepareSoftmax<Types: TypeSupport>(
    _ context: inout PrepareContext, _: Types.Type
) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    let beta = try context.options(SoftmaxOptions.self).beta
    let shapes = (try input.shape(), try output.shape())
    switch (input.type, output.type) {
    case (.int8, .int8),
        (.int8, .int16) where Types.int16:
        let depth = input.rank == 0 ? 1 : input.dimension(input.rank - 1)
        let outputDepth = output.rank == 0 ? 1 : output.dimension(output.rank - 1)
        let outputType: Softmax.OutputType = output.type == .int8 ? .int8 : .int16
        // An LCE model follows LiteRT's float exp table (SoftmaxLiteRT.swift); only the full registration
        // links it (PrepareContext.followsLiteRT).
        if Types.float, context.followsLiteRT {
            // 256 floats (1 KiB) of persistent arena, as 32-bit words (Float has no DeviceLayout).
            let words = try context.persistentArray(UInt32.self, count: SoftmaxLiteRT.tableSize)
            let table = UnsafeMutableRawBufferPointer(words).bindMemory(to: Float.self)
            return try context.prepared(invoke: output.type == .int8 ? softmaxInt8LiteRT : softmaxInt8ToInt16LiteRT) {
                () throws(KernelError) in
                // LiteRT requires rank >= 1 (TFLM runs a scalar as one row of one).
                guard input.rank >= 1 else { throw .unsupportedParameter(name: "softmax rank", value: input.rank) }
                return try SoftmaxLiteRT(
                    beta: beta, inputScale: input.scale, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                    outputType: outputType, inputElementCount: input.elementCount, depth: depth,
                    outputElementCount: output.elementCount, outputDepth: outputDepth, table: table)
            }
        }
        return try context.prepared(invoke: output.type == .int8 || !Types.int16 ? softmaxInt8 : softmaxInt8ToInt16) {
            () throws(KernelError) in
            try Softmax(
                beta: beta, inputScale: input.scale, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                outputType: outputType, inputElementCount: input.elementCount, depth: depth,
                outputElementCount: output.elementCount, outputDepth: outputDepth)
        }
    case (.int16, .int16) where Types.int16:
        let depth = input.rank == 0 ? 1 : input.dimension(input.rank - 1)
        let outputDepth = output.rank == 0 ? 1 : output.dimension(output.rank - 1)
        // TFLM's two int16 lookup tables, persistent like its AllocatePersistentBuffer ones.
        let tables = try context.persistentArray(Int32.self, count: Int16Softmax.tableSize)
        return try context.prepared(invoke: softmaxInt16) { () throws(KernelError) in
            try Int16Softmax(
                beta: beta, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
                outputZeroPoint: output.zeroPoint, inputElementCount: input.elementCount, depth: depth,
                outputElementCount: output.elementCount, outputDepth: outputDepth, tables: tables)
        }
    case (.float32, .float32) where Types.float:
        // An LCE model follows LiteRT's optimized float arithmetic (PrepareContext.followsLiteRT).
        let invoke = context.followsLiteRT ? softmaxFloatLiteRT : softmaxFloat
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try FloatSoftmax(shape: shapes.0, outputShape: shapes.1, beta: beta)
        }
    default:
        throw context.unsupportedTypes(input, output)
    }
}

private let softmaxFloat: InvokeFunction = { invokeUnary($0, $1, FloatSoftmax.self) }
private let softmaxFloatLiteRT: InvokeFunction = {
    invokeUnary($0, $1, FloatSoftmax.self, Float.self, Float.self) { $0.invokeLiteRT(input: $1, output: $2) }
}
private let softmaxInt16: InvokeFunction = { invokeUnary($0, $1, Int16Softmax.self) }
private let softmaxInt8LiteRT: InvokeFunction = {
    invokeUnary($0, $1, SoftmaxLiteRT.self, Int8.self, Int8.self) { $0.invoke(input: $1, output: $2) }
}
private let softmaxInt8ToInt16LiteRT: InvokeFunction = {
    invokeUnary($0, $1, SoftmaxLiteRT.self, Int8.self, Int16.self) { $0.invoke(input: $1, output: $2) }
}

private let softmaxInt8: InvokeFunction = { invokeSoftmax($0, $1, int16Output: false) }
private let softmaxInt8ToInt16: InvokeFunction = { invokeSoftmax($0, $1, int16Output: true) }

// A row whose exp sum overflows the reciprocal's range is where TFLM aborts; Kinglet fails the run.
@inline(__always)
private func invokeSoftmax(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, int16Output: Bool
) -> Int32 {
    let kernel = opData(data, as: Softmax.self), input = slot(io, UnarySlots.input, as: Int8.self)
    do throws(KernelError) {
        if int16Output {
            try kernel.pointee.invoke(input: input, output: slot(io, UnarySlots.output, as: Int16.self))
        } else {
            try kernel.pointee.invoke(input: input, output: slot(io, UnarySlots.output, as: Int8.self))
        }
    } catch {
        return InvokeStatus.softmaxExponentOutOfRange
    }
    return InvokeStatus.ok
}
