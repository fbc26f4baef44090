import KingletKernels
import TFLiteModel

/// RESHAPE / SQUEEZE / EXPAND_DIMS change only the shape: the output holds the input's bytes.
/// When the planner aliases the output to the input the copy is skipped. RESHAPE and EXPAND_DIMS
/// have two input slots, SQUEEZE one: the output follows them.
struct ByteCopy: BitwiseCopyable {
    var byteCount: Int
}

extension OpRegistration {
    /// RESHAPE: input and an optional shape tensor; the output's stored shape is authoritative.
    public static let reshape = OpRegistration(.reshape, inputSlots: 2, outputAliasesInput: true) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...2)
        let input = try context.input(0), output = try context.output(0)
        let inputShape = try input.shape()
        // The stored shape, read in place (a verified, 4-byte aligned int32 vector in the model).
        let shape = output.tensor.shape
        let stored = UnsafeBufferPointer(
            start: (shape.buffer.base + shape.span.start).assumingMemoryBound(to: Int32.self), count: shape.span.count)
        _ = try context.kernel { () throws(KernelError) in
            try Reshape.outputShape(input: inputShape, storedOutput: stored, inputCount: input.elementCount)
        }
        return try prepareCopy(&context, input: input, output: output)
    }

    /// SQUEEZE: drops size-1 dimensions (all, or those in `squeeze_dims`).
    public static let squeeze = OpRegistration(.squeeze, inputSlots: 1, outputAliasesInput: true) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        // squeeze_dims: an int32 vector, read in place (verified 4-byte aligned in the model).
        let dims = try context.options(SqueezeOptions.self).squeezeDims
        let squeeze = UnsafeBufferPointer(
            start: (dims.buffer.base + dims.span.start).assumingMemoryBound(to: Int32.self), count: dims.span.count)
        let shapes = (try input.shape(), try output.shape())
        _ = try context.kernel { () throws(KernelError) in
            try Reshape.squeezedShape(input: shapes.0, squeezeDims: squeeze, storedOutput: shapes.1)
        }
        return try prepareCopy(&context, input: input, output: output)
    }

    /// EXPAND_DIMS: input and a constant axis tensor.
    public static let expandDims = OpRegistration(.expandDims, inputSlots: 2, outputAliasesInput: true) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        let input = try context.input(0), axis = try context.input(1), output = try context.output(0)
        let axisBytes = try axis.constantBytes(context, .axis)
        guard axis.elementCount == 1, axis.type == .int32 || axis.type == .int64 else {
            throw context.fail(.notScalar(role: .axis, tensor: axis.index, type: axis.type))
        }
        let axisValue =
            axis.type == .int32
            ? axisBytes.loadUnaligned(as: Int32.self)
            : Int32(truncatingIfNeeded: axisBytes.loadUnaligned(as: Int64.self))
        let shapes = (try input.shape(), try output.shape())
        _ = try context.kernel { () throws(KernelError) in
            try Reshape.expandedShape(input: shapes.0, axis: axisValue, storedOutput: shapes.1)
        }
        return try prepareCopy(&context, input: input, output: output)
    }
}

private func prepareCopy(
    _ context: inout PrepareContext, input: TensorSpec, output: TensorSpec
) throws(RuntimeError) -> PreparedOperator {
    guard input.type == output.type, input.byteCount == output.byteCount else {
        throw context.fail(.byteCounts(input: input.byteCount, output: output.byteCount))
    }
    let copy = ByteCopy(byteCount: input.byteCount)
    return try context.prepared(copy, invoke: context.opcode == .squeeze ? copyFromSlot0To1 : copyFromSlot0To2)
}

private let copyFromSlot0To1: InvokeFunction = { data, io in
    Reshape.copy(from: rawSlot(io, 0), to: rawSlot(io, 1), byteCount: opData(data, as: ByteCopy.self).pointee.byteCount)
    return InvokeStatus.ok
}

private let copyFromSlot0To2: InvokeFunction = { data, io in
    Reshape.copy(from: rawSlot(io, 0), to: rawSlot(io, 2), byteCount: opData(data, as: ByteCopy.self).pointee.byteCount)
    return InvokeStatus.ok
}
