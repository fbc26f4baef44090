import FlatBufferReader
import KingletKernels
import TFLiteModel

// Larq Compute Engine's custom operators (custom codes "LceQuantize", "LceDequantize",
// "LceBconv2d", "LceBMaxPool2d"; see KingletKernels/Lce/). Their options are FlexBuffers maps of
// ints (LceQuantize and LceDequantize have none).

extension PrepareContext {
    /// Int option `key` of `map` (every key the kernel reads is required, as in LCE).
    func int(_ map: FlexMap, _ key: StaticString) throws(RuntimeError) -> Int {
        do throws(FlexBufferError) {
            return Int(try map.require(key).asInt32())
        } catch {
            throw fail(.customOptions(error))
        }
    }
}

extension OpRegistration {
    /// LceQuantize: float32, int8 or bool -> bitpacked int32.
    public static let lceQuantize = OpRegistration(.custom, inputSlots: 1, customCode: "LceQuantize") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        try context.expect(output, type: .int32, .output)
        let shapes = (try input.shape(), try output.shape())
        let invoke: InvokeFunction
        switch input.type {
        case .float32: invoke = lceQuantizeFloat
        case .int8: invoke = lceQuantizeInt8
        case .bool: invoke = lceQuantizeBool
        default: throw context.unsupportedTypes(input, output)
        }
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try LceQuantize(
                input: shapes.0, output: shapes.1, inputZeroPoint: input.type == .int8 ? input.zeroPoint : 0)
        }
    }

    /// LceDequantize: bitpacked int32 -> float32, int8 or bool.
    public static let lceDequantize = OpRegistration(.custom, inputSlots: 1, customCode: "LceDequantize") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        try context.expect(input, type: .int32, .input)
        let shapes = (try input.shape(), try output.shape())
        let invoke: InvokeFunction
        switch output.type {
        case .float32: invoke = lceDequantizeFloat
        case .int8: invoke = lceDequantizeInt8
        case .bool: invoke = lceDequantizeBool
        default: throw context.unsupportedTypes(input, output)
        }
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try LceDequantize(
                input: shapes.0, output: shapes.1, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                int8: output.type == .int8)
        }
    }

    /// LceBMaxPool2d: bitpacked int32 -> bitpacked int32.
    public static let lceBMaxPool2d = OpRegistration(.custom, inputSlots: 1, customCode: "LceBMaxPool2d") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        try context.expect(input, type: .int32, .input)
        try context.expect(output, type: .int32, .output)
        let options = try context.customOptionsMap()
        let padding = try context.padding(Int8(clamping: try context.int(options, "padding")))
        let filter = (try context.int(options, "filter_height"), try context.int(options, "filter_width"))
        let stride = (try context.int(options, "stride_height"), try context.int(options, "stride_width"))
        let dims = (try input.dims4(context, .input), try output.dims4(context, .output))
        return try context.prepared(invoke: lceBMaxPool2dInvoke) { () throws(KernelError) in
            try LceBMaxPool2d(
                input: dims.0, output: dims.1, padding: padding, filterHeight: filter.0, filterWidth: filter.1,
                strideHeight: stride.0, strideWidth: stride.1)
        }
    }

    /// LceBconv2d: bitpacked input and filter; float32, int8 or bitpacked output.
    public static let lceBconv2d = OpRegistration(.custom, inputSlots: 5, customCode: "LceBconv2d") {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareLceBconv2d(&context)
    }
}

private func prepareLceBconv2d(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 5...5)
    let input = try context.input(0), filter = try context.input(1), output = try context.output(0)
    try context.expect(input, type: .int32, .input)
    try context.expect(filter, type: .int32, .filter)
    let options = try context.customOptionsMap()
    let channelsIn = try context.int(options, "channels_in")
    let padding = try context.padding(Int8(clamping: try context.int(options, "padding")))
    let padValues = try context.int(options, "pad_values")
    let stride = (try context.int(options, "stride_height"), try context.int(options, "stride_width"))
    let dilation = (
        try context.int(options, "dilation_height_factor"), try context.int(options, "dilation_width_factor")
    )
    let activation = try context.int(options, "fused_activation_function")
    let mode: LceBconv2dOutput
    switch output.type {
    case .float32: mode = .float32
    case .int8: mode = .int8
    case .int32: mode = .bitpacked
    default: throw context.unsupportedTypes(input, filter, output)
    }
    let dims = (
        try input.dims4(context, .input), try filter.dims4(context, .filter), try output.dims4(context, .output)
    )
    var kernel = try context.kernel { () throws(KernelError) in
        try LceBconv2d(
            input: dims.0, filter: dims.1, output: dims.2, channelsIn: channelsIn, mode: mode, padding: padding,
            padValues: padValues, strideHeight: stride.0, strideWidth: stride.1, dilationHeight: dilation.0,
            dilationWidth: dilation.1, activation: activation)
    }
    let channels = Int(kernel.outputChannels)
    if mode == .bitpacked {
        guard let thresholds = try context.optionalInput(4) else { throw context.fail(.missingInput(position: 4)) }
        try context.expect(thresholds, type: .int32, .bias)
        guard thresholds.elementCount == channels else {
            throw context.fail(.elementCounts(input: channels, output: thresholds.elementCount))
        }
        return try context.prepared(kernel, invoke: lceBconv2dBitpacked)
    }
    // Float and int8 output: the post-activation multiplier and bias, folded once into the table.
    guard let multiplier = try context.optionalInput(2) else { throw context.fail(.missingInput(position: 2)) }
    guard let bias = try context.optionalInput(3) else { throw context.fail(.missingInput(position: 3)) }
    try checkPostActivation(context, multiplier, channels: channels)
    try checkPostActivation(context, bias, channels: channels)
    let table = try context.persistentArray(Int32.self, count: max(kernel.transformCount, 1))
    let floats = UnsafeMutableRawPointer(table.baseAddress.unsafelyUnwrapped).bindMemory(
        to: Float.self, capacity: table.count)
    let scale = mode == .int8 ? output.scale : 1, zeroPoint = mode == .int8 ? output.zeroPoint : 0
    try context.kernel { () throws(KernelError) in
        try kernel.writeTransform(
            into: floats, multiplier: multiplier.constantData.unsafelyUnwrapped,
            bias: bias.constantData.unsafelyUnwrapped, scale: scale, zeroPoint: zeroPoint)
    }
    kernel.transform = UnsafePointer(floats)
    return try context.prepared(kernel, invoke: lceBconv2dTransformed)
}

/// A post-activation multiplier or bias: constant float32, one value per output channel.
private func checkPostActivation(_ context: PrepareContext, _ tensor: TensorSpec, channels: Int) throws(RuntimeError) {
    try context.expect(tensor, type: .float32, .bias)
    guard tensor.elementCount == channels else {
        throw context.fail(.elementCounts(input: channels, output: tensor.elementCount))
    }
    guard tensor.constantData != nil else { throw context.fail(.notConstant(role: .bias, tensor: tensor.index)) }
}

private let lceQuantizeFloat: InvokeFunction = { data, io in
    opData(data, as: LceQuantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Float.self), output: slot(io, UnarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let lceQuantizeInt8: InvokeFunction = { data, io in
    opData(data, as: LceQuantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int8.self), output: slot(io, UnarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let lceQuantizeBool: InvokeFunction = { data, io in
    opData(data, as: LceQuantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: UInt8.self), output: slot(io, UnarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

private let lceDequantizeFloat: InvokeFunction = { data, io in
    opData(data, as: LceDequantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int32.self), output: slot(io, UnarySlots.output, as: Float.self))
    return InvokeStatus.ok
}

private let lceDequantizeInt8: InvokeFunction = { data, io in
    opData(data, as: LceDequantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int32.self), output: slot(io, UnarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

private let lceDequantizeBool: InvokeFunction = { data, io in
    opData(data, as: LceDequantize.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int32.self), output: slot(io, UnarySlots.output, as: UInt8.self))
    return InvokeStatus.ok
}

private let lceBMaxPool2dInvoke: InvokeFunction = { data, io in
    opData(data, as: LceBMaxPool2d.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int32.self), output: slot(io, UnarySlots.output, as: Int32.self))
    return InvokeStatus.ok
}

/// LceBconv2d's slots: input, filter, post multiplier, post bias, thresholds, output.
private enum LceBconv2dSlots {
    static let input = 0, filter = 1, thresholds = 4, output = 5
}

private let lceBconv2dTransformed: InvokeFunction = { data, io in
    opData(data, as: LceBconv2d.self).pointee.invoke(
        input: slot(io, LceBconv2dSlots.input, as: Int32.self),
        filter: slot(io, LceBconv2dSlots.filter, as: Int32.self),
        output: io.unsafelyUnwrapped[LceBconv2dSlots.output].unsafelyUnwrapped)
    return InvokeStatus.ok
}

private let lceBconv2dBitpacked: InvokeFunction = { data, io in
    opData(data, as: LceBconv2d.self).pointee.invoke(
        input: slot(io, LceBconv2dSlots.input, as: Int32.self),
        filter: slot(io, LceBconv2dSlots.filter, as: Int32.self),
        thresholds: slot(io, LceBconv2dSlots.thresholds, as: Int32.self),
        output: slot(io, LceBconv2dSlots.output, as: Int32.self))
    return InvokeStatus.ok
}
