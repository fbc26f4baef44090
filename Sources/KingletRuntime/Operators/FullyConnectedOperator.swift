import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// FULLY_CONNECTED: inputs (input, filter [units, depth], optional bias), one output.
    public static let fullyConnected = OpRegistration(.fullyConnected, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareFullyConnected(&context, AllTypes.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let fullyConnectedInt8 = OpRegistration(.fullyConnected, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareFullyConnected(&context, Int8Only.self)
    }
}

private func prepareFullyConnected<Types: TypeSupport>(
    _ context: inout PrepareContext, _: Types.Type
) throws(RuntimeError) -> PreparedOperator {
    let operands = try WeightedOperands(context)
    let input = operands.input, filter = operands.filter, output = operands.output, bias = operands.bias
    let activation = try context.activation(try context.options(FullyConnectedOptions.self).fusedActivationFunction)
    guard filter.rank == 2 else {
        throw context.fail(.rank(role: .filter, tensor: filter.index, expected: 2, actual: filter.rank))
    }
    let outputDepth = output.rank == 0 ? 1 : output.dimension(output.rank - 1)
    switch (input.type, filter.type, output.type) {
    case (.int8, .int8, .int8):
        try operands.checkQuantizedBias(context)
        // Per-channel multipliers are recomputed into scratch each run (see ChannelMultipliers).
        let scratchSlots = FullyConnected.scratchCount(filterScales: filter.scales)
        if scratchSlots > 0 { try context.requestScratch(bytes: 4 * scratchSlots) }
        return try context.prepared(invoke: scratchSlots > 0 ? fullyConnectedInt8PerChannel : fullyConnectedInt8) {
            () throws(KernelError) in
            try FullyConnected(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                filterScales: filter.scales, filterZeroPoint: filter.zeroPoint,
                biasScale: bias.map { $0.scale },
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: activation,
                inputElementCount: input.elementCount, filterRows: filter.dimension(0),
                filterDepth: filter.dimension(1),
                outputElementCount: output.elementCount, outputDepth: outputDepth,
                biasElementCount: bias?.elementCount)
        }
    case (.float32, .float32, .float32) where Types.float:
        try operands.checkFloat(context)
        let shapes = (try input.shape(), try filter.shape(), try output.shape())
        return try context.prepared(invoke: fullyConnectedFloat) { () throws(KernelError) in
            try FloatFullyConnected(
                inputShape: shapes.0, filterShape: shapes.1, biasElementCount: bias?.elementCount,
                outputShape: shapes.2, activation: activation)
        }
    default:
        throw operands.unsupportedTypes(context)
    }
}

private let fullyConnectedInt8: InvokeFunction = { data, io in
    opData(data, as: FullyConnected.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Int8.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) },
        output: slot(io, WeightedSlots.output, as: Int8.self), scratch: nil)
    return InvokeStatus.ok
}

/// Per-channel weights: the scratch for the multipliers follows the output (slot 4).
private let fullyConnectedInt8PerChannel: InvokeFunction = { data, io in
    opData(data, as: FullyConnected.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Int8.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) },
        output: slot(io, WeightedSlots.output, as: Int8.self), scratch: slot(io, WeightedSlots.scratch, as: Int32.self))
    return InvokeStatus.ok
}

private let fullyConnectedFloat: InvokeFunction = { data, io in
    opData(data, as: FloatFullyConnected.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Float.self), filter: slot(io, WeightedSlots.filter, as: Float.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Float.self)) },
        output: slot(io, WeightedSlots.output, as: Float.self))
    return InvokeStatus.ok
}
