import KingletKernels

// int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED in a Larq Compute Engine model
// (PrepareContext.followsLiteRT): the reference loops with LiteRT's requantization
// (LiteRTRequantization.swift). The optimized paths (ChannelTable, Host*) round as TFLM does, so
// these models never take them. Only the full registrations prepare these: a firmware registers
// the full ones for an LCE model (DeviceOperators.entryPoints), so an int8-only firmware links none.

extension PrepareContext {
    /// `kernel` with `invoke` and `scratchSlots` Int32 scratch slots for its channel multipliers.
    mutating func preparedLiteRT<Kernel: DeviceLayout>(
        _ kernel: Kernel, scratchSlots: Int, invoke: InvokeFunction
    ) throws(RuntimeError) -> PreparedOperator {
        if scratchSlots > 0 { try requestScratch(bytes: 4 * scratchSlots) }
        return try prepared(kernel, invoke: invoke)
    }
}

let conv2DInt8LiteRT: InvokeFunction = { liteRTInvoke($0, $1, Conv2D.self, scratch: true) }
let depthwiseInt8LiteRT: InvokeFunction = { liteRTInvoke($0, $1, DepthwiseConv2D.self, scratch: true) }
let fullyConnectedInt8LiteRT: InvokeFunction = { liteRTInvoke($0, $1, FullyConnected.self, scratch: false) }
/// Per-channel weights: the scratch for the multipliers follows the output.
let fullyConnectedInt8PerChannelLiteRT: InvokeFunction = {
    liteRTInvoke($0, $1, FullyConnected.self, scratch: true)
}

@inline(__always)
private func liteRTInvoke<Kernel: LiteRTInt8Kernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, scratch: Bool
) -> Int32 {
    let bias = io.unsafelyUnwrapped[WeightedSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) }
    let kernel = opData(data, as: Kernel.self)
    kernel.pointee.invokeLiteRT(
        input: slot(io, WeightedSlots.input, as: Int8.self), filter: slot(io, WeightedSlots.filter, as: Int8.self),
        bias: bias, output: slot(io, WeightedSlots.output, as: Int8.self),
        scratch: scratch ? slot(io, WeightedSlots.scratch, as: Int32.self) : nil)
    return InvokeStatus.ok
}
