import KingletKernels
import TFLiteModel

#if canImport(KingletKernelsX86V4)
    import KingletKernelsX86V4
#endif

extension TensorSpec {
    /// The shape as four dimensions, which 2-D convolution and pooling require.
    func dims4(_ context: PrepareContext, _ role: TensorRole) throws(RuntimeError) -> Dims4 {
        guard rank == 4 else { throw context.fail(.rank(role: role, tensor: index, expected: 4, actual: rank)) }
        return Dims4(dimension(0), dimension(1), dimension(2), dimension(3))
    }
}

extension OpRegistration {
    /// CONV_2D: input [N,H,W,Cin], filter [Cout,KH,KW,Cin], optional bias [Cout], output [N,H',W',Cout].
    public static let conv2D = OpRegistration(.conv2D, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareConv2D(&context, AllTypes.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let conv2DInt8 = OpRegistration(.conv2D, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareConv2D(&context, Int8Only.self)
    }
}

private func prepareConv2D<Types: TypeSupport>(
    _ context: inout PrepareContext, _: Types.Type
) throws(RuntimeError) -> PreparedOperator {
    let operands = try WeightedOperands(context)
    let input = operands.input, filter = operands.filter, output = operands.output, bias = operands.bias
    let geometry = try ConvolutionOptions(context, try context.options(Conv2DOptions.self))
    /// The int8 or 16x8 kernel: the same prepare, told the arithmetic.
    func quantized(
        _ context: PrepareContext, _ dims: (Dims4, Dims4, Dims4), _ arithmetic: QuantizedArithmetic
    ) throws(RuntimeError) -> Conv2D {
        try context.kernel { () throws(KernelError) in
            try Conv2D(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint, filterScales: filter.scales,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: geometry.activation, padding: geometry.padding,
                strideHeight: geometry.strideH, strideWidth: geometry.strideW,
                dilationHeight: geometry.dilationH, dilationWidth: geometry.dilationW,
                input: dims.0, filter: dims.1, output: dims.2, biasElementCount: bias?.elementCount,
                arithmetic: arithmetic)
        }
    }
    switch (input.type, filter.type, output.type) {
    case (.int8, .int8, .int8):
        try operands.checkQuantizedBias(context)
        let dims = try operands.dims4(context)
        let kernel = try quantized(context, dims, .int8)
        if Types.float, context.followsLiteRT {  // an LCE model: LiteRT's requantization (LiteRTInt8.swift)
            return try context.preparedLiteRT(
                kernel, scratchSlots: Conv2D.scratchCount(filter: dims.1), invoke: conv2DInt8LiteRT)
        }
        #if !KINGLET_REFERENCE_KERNELS
            #if !arch(arm)
                if HostConv2D.supports(kernel), let filterData = try filter.constant(as: Int8.self) {
                    return try prepareHostConv2D(&context, operands, kernel, filterData)
                }
            #endif
            return try operands.optimized(&context, kernel, as: OptimizedConv2D.self, invoke: conv2DInt8Optimized)
        #else
            // Per-channel multipliers are recomputed into scratch each run (see ChannelMultipliers).
            try context.requestScratch(bytes: 4 * Conv2D.scratchCount(filter: dims.1))
            return try context.prepared(kernel, invoke: conv2DInt8)
        #endif
    case (.int16, .int8, .int16) where Types.int16:
        let options = try context.options(Conv2DOptions.self)
        let arithmetic = try operands.arithmetic16x8(
            context, quantizedBiasType: options.quantizedBiasType, int32Sums: true)
        let dims = try operands.dims4(context)
        try context.requestScratch(bytes: 4 * Conv2D.scratchCount(filter: dims.1))
        let kernel = try quantized(context, dims, arithmetic)
        return try context.prepared(kernel, invoke: arithmetic == .int16x8Wide ? conv2DInt16Wide : conv2DInt16Narrow)
    case (.float32, .float32, .float32) where Types.float:
        try operands.checkFloat(context)
        let shapes = (try input.shape(), try filter.shape(), try output.shape())
        // An LCE model follows LiteRT's optimized float arithmetic (PrepareContext.followsLiteRT).
        let followsLiteRT = context.followsLiteRT
        let kernel = try context.kernel { () throws(KernelError) in
            try FloatConv2D(
                inputShape: shapes.0, filterShape: shapes.1, biasElementCount: bias?.elementCount,
                outputShape: shapes.2, padding: geometry.padding,
                strideHeight: geometry.strideH, strideWidth: geometry.strideW,
                dilationHeight: geometry.dilationH, dilationWidth: geometry.dilationW, activation: geometry.activation)
        }
        #if !arch(arm) && !KINGLET_REFERENCE_KERNELS
            // Host only: eight channels per SIMD lane group, the filter repacked (HostFloatConv2D).
            if !followsLiteRT && HostFloatConv2D.supports(kernel), let weights = try filter.constant(as: Float.self) {
                let host = try context.hostPersistentBytes(HostFloatConv2D.hostBytes(kernel))
                let packed = HostFloatConv2D(reference: kernel, filter: weights, host: host)
                return try context.prepared(packed, invoke: conv2DFloatHost)
            }
        #endif
        return try context.prepared(kernel, invoke: followsLiteRT ? conv2DFloatLiteRT : conv2DFloat)
    default:
        throw operands.unsupportedTypes(context)
    }
}

private let conv2DInt8: InvokeFunction = { invokeWeighted($0, $1, Conv2D.self) }

#if !arch(arm)
    /// A host's int8 CONV_2D (HostConv2D): the device's op data and scratch as OptimizedConv2D
    /// (so the device tally stays exact), plus the im2col block and requantization table in host-only
    /// persistent memory.
    private func prepareHostConv2D(
        _ context: inout PrepareContext, _ operands: WeightedOperands, _ reference: Conv2D,
        _ filter: UnsafePointer<Int8>
    ) throws(RuntimeError) -> PreparedOperator {
        #if KINGLET_PERSISTENT_CHANNEL_TABLES
            let table = try context.persistentArray(Int32.self, count: OptimizedConv2D.tableCount(reference))
            let biasValues = try operands.bias?.constant(as: Int32.self)
            let foldable = operands.bias == nil || biasValues != nil
            let optimized = OptimizedConv2D(
                reference, table: table.baseAddress, filter: foldable ? filter : nil, bias: biasValues)
        #else
            try context.requestScratch(bytes: 4 * OptimizedConv2D.scratchCount(reference))
            let optimized = OptimizedConv2D(reference, table: nil, filter: nil, bias: nil)
        #endif
        let host = try context.hostPersistentBytes(HostConv2D.hostBytes(reference))
        let baseline = HostConv2D(optimized: optimized, filter: filter, host: host)
        #if canImport(KingletKernelsX86V4)
            // The AVX-512 tier (HostSIMDTier): the filter repacked again, as int16 channel pairs.
            if HostSIMDTier.current == .avx512 && baseline.shortcut {
                let packed = try context.hostPersistentBytes(HostConv2DAVX512.hostBytes(reference))
                return try context.prepared(
                    HostConv2DAVX512(base: baseline, host: packed), invoke: conv2DInt8AVX512)
            }
        #endif
        return try context.prepared(baseline, invoke: conv2DInt8Host)
    }

    #if canImport(KingletKernelsX86V4)
        private let conv2DInt8AVX512: InvokeFunction = { invokeWeighted($0, $1, HostConv2DAVX512.self) }

        extension HostConv2DAVX512: HostInt8WeightedKernel {
            /// A device stores OptimizedConv2D for the same operator.
            public static var deviceStride: Int { OptimizedConv2D.deviceStride }
            public static var deviceAlignment: Int { OptimizedConv2D.deviceAlignment }
        }
    #endif

    private let conv2DInt8Host: InvokeFunction = { invokeWeighted($0, $1, HostConv2D.self) }

    extension HostConv2D: HostInt8WeightedKernel {
        /// A device stores OptimizedConv2D for the same operator.
        public static var deviceStride: Int { OptimizedConv2D.deviceStride }
        public static var deviceAlignment: Int { OptimizedConv2D.deviceAlignment }
    }
#endif

private let conv2DInt8Optimized: InvokeFunction = { invokeWeighted($0, $1, OptimizedConv2D.self) }

/// 16x8 with an int64 bias (or none): int64 sums.
private let conv2DInt16Wide: InvokeFunction = { conv2DInt16($0, $1, Int64.self) }

/// 16x8 with an int32 bias: int32 sums.
private let conv2DInt16Narrow: InvokeFunction = { conv2DInt16($0, $1, Int32.self) }

@inline(__always)
private func conv2DInt16<Accumulator: Accumulator16x8>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _ accumulator: Accumulator.Type
) -> Int32 {
    let kernel = opData(data, as: Conv2D.self).pointee
    let input = slot(io, WeightedSlots.input, as: Int16.self), filter = slot(io, WeightedSlots.filter, as: Int8.self)
    let bias = io.unsafelyUnwrapped[WeightedSlots.bias].map(UnsafeRawPointer.init)
    let output = slot(io, WeightedSlots.output, as: Int16.self)
    let scratch = slot(io, WeightedSlots.scratch, as: Int32.self)
    #if !KINGLET_REFERENCE_KERNELS
        // One optimized entry point per accumulator (a specialized loop across modules).
        if Accumulator.bitWidth == 64 {
            kernel.invokeOptimized(
                input: input, filter: filter, bias: bias, output: output, scratch: scratch, accumulator: Int64.self)
        } else {
            kernel.invokeOptimized(
                input: input, filter: filter, bias: bias, output: output, scratch: scratch, accumulator: Int32.self)
        }
    #else
        kernel.invoke(
            input: input, filter: filter, bias: bias, output: output, scratch: scratch, accumulator: accumulator)
    #endif
    return InvokeStatus.ok
}

private let conv2DFloat: InvokeFunction = { invokeWeighted($0, $1, FloatConv2D.self, liteRT: false) }

#if !arch(arm)
    private let conv2DFloatHost: InvokeFunction = { data, io in
        opData(data, as: HostFloatConv2D.self).pointee.invoke(
            input: slot(io, WeightedSlots.input, as: Float.self),
            bias: io.unsafelyUnwrapped[WeightedSlots.bias].map {
                UnsafePointer($0.assumingMemoryBound(to: Float.self))
            },
            output: slot(io, WeightedSlots.output, as: Float.self))
        return InvokeStatus.ok
    }

    extension HostFloatConv2D: DeviceLayout {
        /// A device stores FloatConv2D for the same operator.
        public static var deviceStride: Int { FloatConv2D.deviceStride }
        public static var deviceAlignment: Int { FloatConv2D.deviceAlignment }
    }
#endif

private let conv2DFloatLiteRT: InvokeFunction = { invokeWeighted($0, $1, FloatConv2D.self, liteRT: true) }
