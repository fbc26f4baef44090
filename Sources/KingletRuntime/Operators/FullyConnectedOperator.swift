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
    let options = try context.options(FullyConnectedOptions.self)
    let activation = try context.activation(options.fusedActivationFunction)
    guard filter.rank == 2 else {
        throw context.fail(.rank(role: .filter, tensor: filter.index, expected: 2, actual: filter.rank))
    }
    let outputDepth = output.rank == 0 ? 1 : output.dimension(output.rank - 1)
    // int8 and 16x8: per-channel multipliers are recomputed into scratch each run (ChannelMultipliers).
    let scratchSlots = FullyConnected.scratchCount(filterScales: filter.scales)
    func quantized(
        _ arithmetic: QuantizedArithmetic, _ context: inout PrepareContext, invoke: InvokeFunction, liteRT: Bool = false
    ) throws(RuntimeError) -> PreparedOperator {
        if scratchSlots > 0 { try context.requestScratch(bytes: 4 * scratchSlots) }
        let kernel = try context.kernel { () throws(KernelError) in
            var kernel = try FullyConnected(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                filterScales: filter.scales, filterZeroPoint: filter.zeroPoint,
                biasScale: bias.map { $0.scale },
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: activation,
                inputElementCount: input.elementCount, filterRows: filter.dimension(0),
                filterDepth: filter.dimension(1),
                outputElementCount: output.elementCount, outputDepth: outputDepth,
                biasElementCount: bias?.elementCount, arithmetic: arithmetic)
            if liteRT {
                try kernel.followLiteRT(
                    inputScale: input.scale, filterScale: filter.scales.first, outputScale: output.scale)
            }
            return kernel
        }
        #if !arch(arm) && !KINGLET_REFERENCE_KERNELS
            // Host only: per-channel multipliers computed once, at prepare (HostFullyConnected).
            if arithmetic == .int8 && !liteRT && HostFullyConnected.applies(kernel) {
                let host = try context.hostPersistentBytes(HostFullyConnected.hostBytes(kernel))
                return try context.prepared(
                    HostFullyConnected(kernel: kernel, host: host), invoke: fullyConnectedInt8Host)
            }
        #endif
        return try context.prepared(kernel, invoke: invoke)
    }
    switch (input.type, filter.type, output.type) {
    case (.int8, .int8, .int8):
        try operands.checkQuantizedBias(context)
        if Types.float, context.followsLiteRT {  // an LCE model: LiteRT's requantization (LiteRTInt8.swift)
            let invoke = scratchSlots > 0 ? fullyConnectedInt8PerChannelLiteRT : fullyConnectedInt8LiteRT
            return try quantized(.int8, &context, invoke: invoke, liteRT: true)
        }
        return try quantized(
            .int8, &context, invoke: scratchSlots > 0 ? fullyConnectedInt8PerChannel : fullyConnectedInt8)
    case (.int16, .int8, .int16) where Types.int16:
        let arithmetic = try operands.arithmetic16x8(
            context, quantizedBiasType: options.quantizedBiasType, int32Sums: true)
        let invoke: InvokeFunction =
            arithmetic == .int16x8Wide
            ? (scratchSlots > 0 ? fullyConnectedInt16WidePerChannel : fullyConnectedInt16Wide)
            : (scratchSlots > 0 ? fullyConnectedInt16NarrowPerChannel : fullyConnectedInt16Narrow)
        return try quantized(arithmetic, &context, invoke: invoke)
    case (.float32, .float32, .float32) where Types.float:
        try operands.checkFloat(context)
        let shapes = (try input.shape(), try filter.shape(), try output.shape())
        // An LCE model follows LiteRT's optimized float arithmetic (PrepareContext.followsLiteRT).
        let invoke = context.followsLiteRT ? fullyConnectedFloatLiteRT : fullyConnectedFloat
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try FloatFullyConnected(
                inputShape: shapes.0, filterShape: shapes.1, biasElementCount: bias?.elementCount,
                outputShape: shapes.2, activation: activation)
        }
    default:
        throw operands.unsupportedTypes(context)
    }
}

#if !arch(arm)
    private let fullyConnectedInt8Host: InvokeFunction = { data, io in
        opData(data, as: HostFullyConnected.self).pointee.invoke(
            input: slot(io, WeightedSlots.input, as: Int8.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
            bias: io.unsafelyUnwrapped[WeightedSlots.bias].map {
                UnsafePointer($0.assumingMemoryBound(to: Int32.self))
            },
            output: slot(io, WeightedSlots.output, as: Int8.self))
        return InvokeStatus.ok
    }

    extension HostFullyConnected: DeviceLayout {
        /// A device stores FullyConnected for the same operator.
        public static var deviceStride: Int { FullyConnected.deviceStride }
        public static var deviceAlignment: Int { FullyConnected.deviceAlignment }
    }
#endif

private let fullyConnectedInt8: InvokeFunction = { fullyConnectedInt8($0, $1, perChannel: false) }
/// Per-channel weights: the scratch for the multipliers follows the output (slot 4).
private let fullyConnectedInt8PerChannel: InvokeFunction = { fullyConnectedInt8($0, $1, perChannel: true) }

/// 16x8: int64 sums (an int64 bias or none) or int32 (an int32 bias), per-tensor or per-channel.
private let fullyConnectedInt16Wide: InvokeFunction = { fullyConnectedInt16($0, $1, perChannel: false, Int64.self) }
private let fullyConnectedInt16WidePerChannel: InvokeFunction = {
    fullyConnectedInt16($0, $1, perChannel: true, Int64.self)
}
private let fullyConnectedInt16Narrow: InvokeFunction = { fullyConnectedInt16($0, $1, perChannel: false, Int32.self) }
private let fullyConnectedInt16NarrowPerChannel: InvokeFunction = {
    fullyConnectedInt16($0, $1, perChannel: true, Int32.self)
}

@inline(__always)
private func fullyConnectedInt8(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, perChannel: Bool
) -> Int32 {
    opData(data, as: FullyConnected.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Int8.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) },
        output: slot(io, WeightedSlots.output, as: Int8.self),
        scratch: perChannel ? slot(io, WeightedSlots.scratch, as: Int32.self) : nil)
    return InvokeStatus.ok
}

@inline(__always)
private func fullyConnectedInt16<Accumulator: Accumulator16x8>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, perChannel: Bool,
    _ type: Accumulator.Type
) -> Int32 {
    opData(data, as: FullyConnected.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Int16.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map(UnsafeRawPointer.init),
        output: slot(io, WeightedSlots.output, as: Int16.self),
        scratch: perChannel ? slot(io, WeightedSlots.scratch, as: Int32.self) : nil, accumulator: type)
    return InvokeStatus.ok
}

private let fullyConnectedFloat: InvokeFunction = { invokeWeighted($0, $1, FloatFullyConnected.self, liteRT: false) }

private let fullyConnectedFloatLiteRT: InvokeFunction = {
    invokeWeighted($0, $1, FloatFullyConnected.self, liteRT: true)
}
