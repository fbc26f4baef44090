import FlatBufferReader
import KingletKernels
import TFLiteModel

// Larq Compute Engine's custom operators (custom codes "LceQuantize", "LceDequantize",
// "LceBconv2d", "LceBMaxPool2d"; see KingletKernels/Lce/). Their options are FlexBuffers maps of
// ints (LceQuantize and LceDequantize have none).

extension OpRegistration {
    /// LceQuantize: float32, int8 or bool -> bitpacked int32.
    public static let lceQuantize = OpRegistration(.custom, inputSlots: 1, customCode: "LceQuantize") {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, _, shapes, invoke) = try bitpackingOperands(context, packed: .output, lceQuantizeInvoke)
        return try context.prepared(invoke: invoke) { () throws(KernelError) in
            try LceQuantize(
                input: shapes.0, output: shapes.1, inputZeroPoint: input.type == .int8 ? input.zeroPoint : 0)
        }
    }

    /// LceDequantize: bitpacked int32 -> float32, int8 or bool.
    public static let lceDequantize = OpRegistration(.custom, inputSlots: 1, customCode: "LceDequantize") {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (_, output, shapes, invoke) = try bitpackingOperands(context, packed: .input, lceDequantizeInvoke)
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
        let padding = try context.padding(Int8(clamping: try context.intOption(options, "padding") as Int32))
        let filter: (Int, Int) = (
            try context.intOption(options, "filter_height"), try context.intOption(options, "filter_width")
        )
        let stride: (Int, Int) = (
            try context.intOption(options, "stride_height"), try context.intOption(options, "stride_width")
        )
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
    let channelsIn: Int = try context.intOption(options, "channels_in")
    let padding = try context.padding(Int8(clamping: try context.intOption(options, "padding") as Int32))
    let padValues: Int = try context.intOption(options, "pad_values")
    let stride: (Int, Int) = (
        try context.intOption(options, "stride_height"), try context.intOption(options, "stride_width")
    )
    let dilation: (Int, Int) = (
        try context.intOption(options, "dilation_height_factor"),
        try context.intOption(options, "dilation_width_factor")
    )
    let activation: Int = try context.intOption(options, "fused_activation_function")
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

/// Invoke functions for a float32, an int8 and a bool tensor.
private typealias InvokeByType = (float: InvokeFunction, int8: InvokeFunction, bool: InvokeFunction)

/// LceQuantize's and LceDequantize's tensors: one input and one output, the `packed` one bitpacked
/// int32; and the invoke function of `invokes` for the other one's type.
private func bitpackingOperands(
    _ context: PrepareContext, packed: TensorRole, _ invokes: InvokeByType
) throws(RuntimeError) -> (input: TensorSpec, output: TensorSpec, shapes: (Shape, Shape), invoke: InvokeFunction) {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    try context.expect(packed == .input ? input : output, type: .int32, packed)
    let shapes = (try input.shape(), try output.shape())
    switch (packed == .input ? output : input).type {
    case .float32: return (input, output, shapes, invokes.float)
    case .int8: return (input, output, shapes, invokes.int8)
    case .bool: return (input, output, shapes, invokes.bool)
    default: throw context.unsupportedTypes(input, output)
    }
}

/// A post-activation multiplier or bias: constant float32, one value per output channel.
private func checkPostActivation(_ context: PrepareContext, _ tensor: TensorSpec, channels: Int) throws(RuntimeError) {
    try context.expect(tensor, type: .float32, .bias)
    guard tensor.elementCount == channels else {
        throw context.fail(.elementCounts(input: channels, output: tensor.elementCount))
    }
    guard tensor.constantData != nil else { throw context.fail(.notConstant(role: .bias, tensor: tensor.index)) }
}

/// LceQuantize's invoke functions by input type and LceDequantize's by output type (the kernels
/// overload invoke by element type; bool tensors are bytes).
private let lceQuantizeInvoke: InvokeByType = (
    { invokeUnary($0, $1, LceQuantize.self, Float.self, Int32.self) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, LceQuantize.self, Int8.self, Int32.self) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, LceQuantize.self, UInt8.self, Int32.self) { $0.invoke(input: $1, output: $2) } }
)
private let lceDequantizeInvoke: InvokeByType = (
    { invokeUnary($0, $1, LceDequantize.self, Int32.self, Float.self) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, LceDequantize.self, Int32.self, Int8.self) { $0.invoke(input: $1, output: $2) } },
    { invokeUnary($0, $1, LceDequantize.self, Int32.self, UInt8.self) { $0.invoke(input: $1, output: $2) } }
)
private let lceBMaxPool2dInvoke: InvokeFunction = { invokeUnary($0, $1, LceBMaxPool2d.self) }

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
