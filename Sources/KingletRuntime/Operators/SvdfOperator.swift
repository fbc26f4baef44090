import KingletKernels
import TFLiteModel

/// SVDF: input, weights_feature, weights_time, bias, activation state (a variable
/// tensor, updated in place), output; scratch: the per-filter sums, then (int8) the per-unit sums.
enum SvdfSlots {
    static let input = 0, weightsFeature = 1, weightsTime = 2, bias = 3, state = 4, output = 5
    static let filterScratch = 6, unitScratch = 7
}

extension OpRegistration {
    /// SVDF: float32, and int8 input/output with int16 or int8 state and time weights.
    public static let svdf = OpRegistration(.svdf, inputSlots: 5) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareSvdf(&context)
    }
}

extension TensorSpec {
    /// The shape as two dimensions, which SVDF requires of every operand.
    fileprivate func dims2(_ context: PrepareContext, _ role: TensorRole) throws(RuntimeError) -> (Int, Int) {
        guard rank == 2 else { throw context.fail(.rank(role: role, tensor: index, expected: 2, actual: rank)) }
        return (dimension(0), dimension(1))
    }
}

private func prepareSvdf(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
    // TFLM requires all five inputs.
    try context.expect(inputs: 5...5)
    let input = try context.input(0), weightsFeature = try context.input(1), weightsTime = try context.input(2)
    // pip's TFLM dereferences the bias in prepare (float and int8 alike: a model without one
    // crashes it), so Kinglet requires one too.
    let bias = try context.input(3), state = try context.input(4), output = try context.output(0)
    let options = try context.options(SVDFOptions.self)
    let activation = try context.activation(options.fusedActivationFunction)
    // The state persists across invokes: it must be one of the interpreter's variable tensors.
    guard state.tensor.isVariable, !state.isConstant else {
        throw context.fail(.notVariable(role: .state, tensor: state.index))
    }
    let dims = (
        try input.dims2(context, .input), try weightsFeature.dims2(context, .filter),
        try weightsTime.dims2(context, .filter), try state.dims2(context, .state), try output.dims2(context, .output)
    )
    let geometry = try context.kernel { () throws(KernelError) in
        try SvdfGeometry(
            rank: Int(options.rank), input: dims.0, weightsFeature: dims.1, weightsTime: dims.2,
            biasUnits: bias.elementCount, state: dims.3, output: dims.4)
    }
    switch (input.type, weightsFeature.type, weightsTime.type, output.type) {
    case (.int8, .int8, .int16, .int8), (.int8, .int8, .int8, .int8):
        let int16 = weightsTime.type == .int16
        // TFLM reads the state as the time weights' type.
        try context.expect(state, type: weightsTime.type, .state)
        try context.expect(bias, type: .int32, .bias)
        _ = try bias.constant(as: Int32.self)
        if int16 { _ = try weightsTime.constant(as: Int16.self) }
        let kernel = try context.kernel { () throws(KernelError) in
            try Svdf(
                geometry: geometry, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                featureScale: weightsFeature.scale, timeScale: weightsTime.scale, biasScale: bias.scale,
                stateScale: state.scale, stateZeroPoint: state.zeroPoint, outputScale: output.scale,
                outputZeroPoint: output.zeroPoint, int16State: int16)
        }
        try context.requestScratch(bytes: 4 * kernel.filterScratchCount)
        try context.requestScratch(bytes: 4 * kernel.unitScratchCount)
        return try context.prepared(kernel, invoke: int16 ? svdfInt16State : svdfInt8State)
    case (.float32, .float32, .float32, .float32):
        try context.expect(state, type: .float32, .state)
        try context.expect(bias, type: .float32, .bias)
        _ = try bias.constant(as: Float.self)
        _ = try weightsFeature.constant(as: Float.self)
        _ = try weightsTime.constant(as: Float.self)
        let kernel = FloatSvdf(geometry: geometry, activation: activation)
        try context.requestScratch(bytes: 4 * kernel.scratchCount)
        return try context.prepared(kernel, invoke: svdfFloat)
    default:
        throw context.unsupportedTypes(input, weightsFeature, weightsTime)
    }
}

/// The int8 kernel's invoke with `State` (int16 or int8) time weights and state: `call` names its
/// overload, given the operands in the kernel's order (non-escaping and inlined: nothing allocates).
@inline(__always)
private func invokeSvdf<State>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, state _: State.Type,
    _ call: (
        Svdf, UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<State>, UnsafePointer<Int32>?,
        UnsafeMutablePointer<State>, UnsafeMutablePointer<Int8>, UnsafeMutablePointer<Int32>,
        UnsafeMutablePointer<Int32>
    ) -> Void
) -> Int32 {
    call(
        opData(data, as: Svdf.self).pointee, UnsafePointer(slot(io, SvdfSlots.input, as: Int8.self)),
        UnsafePointer(slot(io, SvdfSlots.weightsFeature, as: Int8.self)),
        UnsafePointer(slot(io, SvdfSlots.weightsTime, as: State.self)),
        io.unsafelyUnwrapped[SvdfSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Int32.self)) },
        slot(io, SvdfSlots.state, as: State.self), slot(io, SvdfSlots.output, as: Int8.self),
        slot(io, SvdfSlots.filterScratch, as: Int32.self), slot(io, SvdfSlots.unitScratch, as: Int32.self))
    return InvokeStatus.ok
}

private let svdfInt16State: InvokeFunction = {
    invokeSvdf($0, $1, state: Int16.self) {
        $0.invoke(
            input: $1, weightsFeature: $2, weightsTime: $3, bias: $4, state: $5, output: $6, filterScratch: $7,
            unitScratch: $8)
    }
}

private let svdfInt8State: InvokeFunction = {
    invokeSvdf($0, $1, state: Int8.self) {
        $0.invoke(
            input: $1, weightsFeature: $2, weightsTime: $3, bias: $4, state: $5, output: $6, filterScratch: $7,
            unitScratch: $8)
    }
}

private let svdfFloat: InvokeFunction = { data, io in
    opData(data, as: FloatSvdf.self).pointee.invoke(
        input: slot(io, SvdfSlots.input, as: Float.self),
        weightsFeature: slot(io, SvdfSlots.weightsFeature, as: Float.self),
        weightsTime: slot(io, SvdfSlots.weightsTime, as: Float.self),
        bias: io.unsafelyUnwrapped[SvdfSlots.bias].map { UnsafePointer($0.assumingMemoryBound(to: Float.self)) },
        state: slot(io, SvdfSlots.state, as: Float.self), output: slot(io, SvdfSlots.output, as: Float.self),
        scratch: slot(io, SvdfSlots.filterScratch, as: Float.self))
    return InvokeStatus.ok
}
