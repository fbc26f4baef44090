import KingletKernels
import TFLiteModel

/// TRANSPOSE_CONV: output_shape (TFLM never reads it: the output tensor's shape rules), filter,
/// input, optional bias, output; scratch: the accumulators, then the per-channel multipliers.
enum TransposeConvSlots {
    static let filter = 1, input = 2, bias = 3, output = 4, accumulators = 5, multipliers = 6
}

extension OpRegistration {
    /// TRANSPOSE_CONV: float32, int8, and int16 activations with int8 weights (16x8).
    public static let transposeConv = OpRegistration(.transposeConv, inputSlots: 4) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareTransposeConv(&context)
    }
}

private func prepareTransposeConv(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 3...4)
    let filter = try context.input(1), input = try context.input(2), output = try context.output(0)
    let bias = try context.optionalInput(3)
    let options = try context.options(TransposeConvOptions.self)
    let padding = try context.padding(options.padding)
    let activation = try context.activation(options.fusedActivationFunction)
    let dims = (
        try input.dims4(context, .input), try filter.dims4(context, .filter), try output.dims4(context, .output)
    )
    switch (input.type, filter.type, output.type) {
    case (.int8, .int8, .int8), (.int16, .int8, .int16):
        let int16 = input.type == .int16
        var biasBits: Int? = nil
        if let bias {
            switch (int16, bias.type) {
            case (false, .int32): biasBits = 32
            case (true, .int64): biasBits = 64
            case (true, .int16): biasBits = 16
            default: throw context.unsupportedTypes(input, filter, bias)
            }
            // The kernel reads the bias unaligned: converters leave int64 biases 4-byte aligned.
        }
        let kernel = try context.kernel { () throws(KernelError) in
            try TransposeConv(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint, filterScales: filter.scales,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint, activation: activation,
                padding: padding, strideHeight: Int(options.strideH), strideWidth: Int(options.strideW),
                input: dims.0, filter: dims.1, output: dims.2, biasElementCount: bias?.elementCount,
                biasBits: biasBits, int16: int16)
        }
        try context.requestScratch(bytes: kernel.accumulatorBytes)
        try context.requestScratch(bytes: 4 * kernel.multiplierCount)
        return PreparedOperator(
            opData: UnsafeMutableRawPointer(try context.store(kernel)),
            invoke: int16 ? transposeConvInt16 : transposeConvInt8)
    case (.float32, .float32, .float32):
        if let bias {
            try context.expect(bias, type: .float32, .bias)
            _ = try bias.constant(as: Float.self)
        }
        _ = try filter.constant(as: Float.self)
        let kernel = try context.kernel { () throws(KernelError) in
            try FloatTransposeConv(
                activation: activation, padding: padding, strideHeight: Int(options.strideH),
                strideWidth: Int(options.strideW), input: dims.0, filter: dims.1, output: dims.2,
                biasElementCount: bias?.elementCount)
        }
        return PreparedOperator(opData: UnsafeMutableRawPointer(try context.store(kernel)), invoke: transposeConvFloat)
    default:
        throw context.unsupportedTypes(input, filter, output)
    }
}

/// The int8 and int16 kernels' invoke for `T` activations (int8 weights): `call` names the overload
/// (non-escaping and inlined: nothing allocates).
@inline(__always)
private func invokeTransposeConv<T>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: T.Type,
    _ call: (
        TransposeConv, UnsafePointer<T>, UnsafePointer<Int8>, UnsafeRawPointer?, UnsafeMutablePointer<T>,
        UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>
    ) -> Void
) -> Int32 {
    call(
        opData(data, as: TransposeConv.self).pointee, UnsafePointer(slot(io, TransposeConvSlots.input, as: T.self)),
        UnsafePointer(slot(io, TransposeConvSlots.filter, as: Int8.self)),
        io.unsafelyUnwrapped[TransposeConvSlots.bias].map(UnsafeRawPointer.init),
        slot(io, TransposeConvSlots.output, as: T.self), rawSlot(io, TransposeConvSlots.accumulators),
        slot(io, TransposeConvSlots.multipliers, as: Int32.self))
    return InvokeStatus.ok
}

private let transposeConvInt8: InvokeFunction = {
    invokeTransposeConv($0, $1, Int8.self) {
        $0.invoke(input: $1, filter: $2, bias: $3, output: $4, accumulators: $5, multipliers: $6)
    }
}

private let transposeConvInt16: InvokeFunction = {
    invokeTransposeConv($0, $1, Int16.self) {
        $0.invoke(input: $1, filter: $2, bias: $3, output: $4, accumulators: $5, multipliers: $6)
    }
}

private let transposeConvFloat: InvokeFunction = { data, io in
    opData(data, as: FloatTransposeConv.self).pointee.invoke(
        input: slot(io, TransposeConvSlots.input, as: Float.self),
        filter: slot(io, TransposeConvSlots.filter, as: Float.self),
        bias: io.unsafelyUnwrapped[TransposeConvSlots.bias].map {
            UnsafePointer($0.assumingMemoryBound(to: Float.self))
        },
        output: slot(io, TransposeConvSlots.output, as: Float.self))
    return InvokeStatus.ok
}
