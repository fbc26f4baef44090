import KingletKernels
import TFLiteModel

#if canImport(KingletKernelsX86V4)
    import KingletKernelsX86V4
#endif

extension OpRegistration {
    /// DEPTHWISE_CONV_2D: input [N,H,W,Cin], filter [1,KH,KW,Cin×multiplier], optional bias, output.
    public static let depthwiseConv2D = OpRegistration(.depthwiseConv2D, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareDepthwiseConv2D(&context, AllTypes.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let depthwiseConv2DInt8 = OpRegistration(.depthwiseConv2D, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareDepthwiseConv2D(&context, Int8Only.self)
    }
}

private func prepareDepthwiseConv2D<Types: TypeSupport>(
    _ context: inout PrepareContext, _: Types.Type
) throws(RuntimeError) -> PreparedOperator {
    let operands = try WeightedOperands(context)
    let input = operands.input, filter = operands.filter, output = operands.output, bias = operands.bias
    let options = try context.options(DepthwiseConv2DOptions.self)
    let geometry = try ConvolutionOptions(context, options)
    let multiplier = Int(options.depthMultiplier)
    /// The int8 or 16x8 kernel: the same prepare, told the arithmetic.
    func quantized(
        _ context: PrepareContext, _ dims: (Dims4, Dims4, Dims4), _ arithmetic: QuantizedArithmetic
    ) throws(RuntimeError) -> DepthwiseConv2D {
        try context.kernel { () throws(KernelError) in
            try DepthwiseConv2D(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint, filterScales: filter.scales,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: geometry.activation, padding: geometry.padding, depthMultiplier: multiplier,
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
                kernel, scratchSlots: DepthwiseConv2D.scratchCount(filter: dims.1), invoke: depthwiseInt8LiteRT)
        }
        #if !KINGLET_REFERENCE_KERNELS
            #if canImport(KingletKernelsX86V4)
                // The AVX-512 tier (HostSIMDTier), the device's scratch or table still counted.
                if HostSIMDTier.current == .avx512 && HostDepthwiseConv2DAVX512.applies(kernel),
                    let filterData = try operands.filter.constant(as: Int8.self)
                {
                    let host = try context.hostPersistentBytes(HostDepthwiseConv2DAVX512.hostBytes(kernel))
                    let tier = HostDepthwiseConv2DAVX512(reference: kernel, filter: filterData, host: host)
                    if tier.shortcut {
                        #if KINGLET_PERSISTENT_CHANNEL_TABLES
                            _ = try context.persistentArray(
                                Int32.self, count: OptimizedDepthwiseConv2D.tableCount(kernel))
                        #else
                            try context.requestScratch(bytes: 4 * OptimizedDepthwiseConv2D.scratchCount(kernel))
                        #endif
                        return try context.prepared(tier, invoke: depthwiseInt8AVX512)
                    }
                }
            #endif
            return try operands.optimized(
                &context, kernel, as: OptimizedDepthwiseConv2D.self, invoke: depthwiseInt8Optimized)
        #else
            // Per-channel multipliers are recomputed into scratch each run (see ChannelMultipliers).
            try context.requestScratch(bytes: 4 * DepthwiseConv2D.scratchCount(filter: dims.1))
            return try context.prepared(kernel, invoke: depthwiseInt8)
        #endif
    case (.int16, .int8, .int16) where Types.int16:
        // TFLM's 16x8 kernel reads the bias as int64 whatever its type: int64 or none only.
        let arithmetic = try operands.arithmetic16x8(context, quantizedBiasType: 0, int32Sums: false)
        let dims = try operands.dims4(context)
        try context.requestScratch(bytes: 4 * DepthwiseConv2D.scratchCount(filter: dims.1))
        return try context.prepared(try quantized(context, dims, arithmetic), invoke: depthwiseInt16)
    case (.float32, .float32, .float32) where Types.float:
        try operands.checkFloat(context)
        let shapes = (try input.shape(), try filter.shape(), try output.shape())
        // An LCE model follows LiteRT's optimized float arithmetic (PrepareContext.followsLiteRT).
        let followsLiteRT = context.followsLiteRT
        let kernel = try context.kernel { () throws(KernelError) in
            try FloatDepthwiseConv2D(
                inputShape: shapes.0, filterShape: shapes.1, biasElementCount: bias?.elementCount,
                outputShape: shapes.2, padding: geometry.padding,
                strideHeight: geometry.strideH, strideWidth: geometry.strideW,
                dilationHeight: geometry.dilationH, dilationWidth: geometry.dilationW, depthMultiplier: multiplier,
                activation: geometry.activation)
        }
        #if !arch(arm) && !KINGLET_REFERENCE_KERNELS
            // Host only: eight channels per SIMD step (HostFloatDepthwiseConv2D.swift).
            if !followsLiteRT && kernel.hostApplies { return try context.prepared(kernel, invoke: depthwiseFloatHost) }
        #endif
        return try context.prepared(kernel, invoke: followsLiteRT ? depthwiseFloatLiteRT : depthwiseFloat)
    default:
        throw operands.unsupportedTypes(context)
    }
}

private let depthwiseFloat: InvokeFunction = { invokeWeighted($0, $1, FloatDepthwiseConv2D.self, liteRT: false) }

private let depthwiseFloatLiteRT: InvokeFunction = {
    invokeWeighted($0, $1, FloatDepthwiseConv2D.self, liteRT: true)
}

#if !arch(arm)
    private let depthwiseFloatHost: InvokeFunction = { data, io in
        opData(data, as: FloatDepthwiseConv2D.self).pointee.hostInvoke(
            input: slot(io, WeightedSlots.input, as: Float.self),
            filter: slot(io, WeightedSlots.filter, as: Float.self),
            bias: io.unsafelyUnwrapped[WeightedSlots.bias].map {
                UnsafePointer($0.assumingMemoryBound(to: Float.self))
            },
            output: slot(io, WeightedSlots.output, as: Float.self))
        return InvokeStatus.ok
    }
#endif

private let depthwiseInt8: InvokeFunction = { invokeWeighted($0, $1, DepthwiseConv2D.self) }

#if canImport(KingletKernelsX86V4)
    private let depthwiseInt8AVX512: InvokeFunction = { invokeWeighted($0, $1, HostDepthwiseConv2DAVX512.self) }

    extension HostDepthwiseConv2DAVX512: HostInt8WeightedKernel {
        /// A device stores OptimizedDepthwiseConv2D for the same operator.
        public static var deviceStride: Int { OptimizedDepthwiseConv2D.deviceStride }
        public static var deviceAlignment: Int { OptimizedDepthwiseConv2D.deviceAlignment }
    }
#endif

private let depthwiseInt8Optimized: InvokeFunction = { invokeWeighted($0, $1, OptimizedDepthwiseConv2D.self) }

private let depthwiseInt16: InvokeFunction = { data, io in
    opData(data, as: DepthwiseConv2D.self).pointee.invoke(
        input: slot(io, WeightedSlots.input, as: Int16.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: io.unsafelyUnwrapped[WeightedSlots.bias].map(UnsafeRawPointer.init),
        output: slot(io, WeightedSlots.output, as: Int16.self), scratch: slot(io, WeightedSlots.scratch, as: Int32.self)
    )
    return InvokeStatus.ok
}
