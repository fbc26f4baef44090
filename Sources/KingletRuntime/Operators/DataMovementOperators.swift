import KingletKernels
import TFLiteModel

/// Operators that move bytes without arithmetic: any element type of fixed size works, and
/// quantized tensors keep their bytes (TFLM does not requantize here either).
extension TensorSpec {
    func elementBytes(_ context: PrepareContext) throws(RuntimeError) -> Int {
        guard let bits = type.bitsPerElement, bits % 8 == 0 else {
            throw context.unsupportedTypes(self)
        }
        return bits / 8
    }
}

extension PrepareContext {
    /// PACK's inputs or UNPACK's outputs (`inputs`), the first included: each has the type of
    /// `whole` (PACK's output, UNPACK's input) and a shape `check` (the kernel's) accepts.
    fileprivate func checkStacked(
        inputs: Bool, like whole: TensorSpec, _ check: (Shape) throws(KernelError) -> Void
    ) throws(RuntimeError) {
        for position in 0..<(inputs ? inputCount : outputCount) {
            let tensor = inputs ? try input(position) : try output(position)
            guard tensor.type == whole.type else {
                throw inputs ? unsupportedTypes(tensor, whole) : unsupportedTypes(whole, tensor)
            }
            let shape = try tensor.shape()
            try kernel { () throws(KernelError) in try check(shape) }
        }
    }
}

extension OpRegistration {
    /// STRIDED_SLICE: input, constant begin/end/strides; masks in the options.
    public static let stridedSlice = OpRegistration(.stridedSlice, inputSlots: 4) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 4...4)
        let input = try context.input(0), output = try context.output(0)
        let begin = try context.input(1), end = try context.input(2), strides = try context.input(3)
        try context.expect(begin, type: .int32, .begin)
        try context.expect(end, type: .int32, .end)
        try context.expect(strides, type: .int32, .strides)
        guard input.type == output.type else { throw context.unsupportedTypes(input, output) }
        let options = try context.options(StridedSliceOptions.self)
        let masks = (
            Int(options.beginMask), Int(options.endMask), Int(options.shrinkAxisMask), Int(options.ellipsisMask),
            Int(options.newAxisMask), options.offset
        )
        let bytes = (
            try begin.constantBytes(context, .begin), try end.constantBytes(context, .end),
            try strides.constantBytes(context, .strides)
        )
        let shapes = (try input.shape(), try output.shape())
        let elementSize = try input.elementBytes(context)
        return try context.prepared(invoke: stridedSliceInvoke) { () throws(KernelError) in
            try StridedSlice(
                input: shapes.0, begin: bytes.0, end: bytes.1, strides: bytes.2,
                beginMask: Int32(truncatingIfNeeded: masks.0), endMask: Int32(truncatingIfNeeded: masks.1),
                shrinkAxisMask: Int32(truncatingIfNeeded: masks.2), ellipsisMask: Int32(truncatingIfNeeded: masks.3),
                newAxisMask: Int32(truncatingIfNeeded: masks.4), offset: masks.5,
                output: shapes.1, elementByteSize: elementSize)
        }
    }

    /// SPLIT: constant axis (input 0) and the data (input 1); equal pieces, one per output.
    public static let split = OpRegistration(.split, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2, outputs: context.outputCount)
        return try prepareSplit(&context, data: try context.input(1), axis: try context.input(0), variable: false)
    }

    /// SPLIT_V: data (input 0), size_splits (input 1, read from the output shapes as TFLM does), constant axis (input 2).
    public static let splitV = OpRegistration(.splitV, inputSlots: 3) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 3...3, outputs: context.outputCount)
        return try prepareSplit(&context, data: try context.input(0), axis: try context.input(2), variable: true)
    }

    /// PACK: `values_count` inputs of one shape stacked along `axis`.
    public static let pack = OpRegistration(.pack, inputSlots: nil) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...Int.max, outputs: 1)
        let first = try context.input(0), output = try context.output(0)
        let options = try context.options(PackOptions.self)
        let count = Int(options.valuesCount), axis = Int(options.axis)
        let shapes = (try first.shape(), try output.shape())
        let elementSize = try output.elementBytes(context)
        let kernel = try context.kernel { () throws(KernelError) in
            try Pack(
                input: shapes.0, output: shapes.1, axis: Int32(truncatingIfNeeded: axis),
                valuesCount: Int32(truncatingIfNeeded: count), inputCount: context.inputCount,
                elementByteSize: elementSize)
        }
        try context.checkStacked(inputs: true, like: output) { (shape) throws(KernelError) in
            try kernel.checkInput(shape, output: shapes.1)
        }
        return try context.prepared(kernel, invoke: packInvoke)
    }

    /// UNPACK: one input split into `num` outputs along `axis`.
    public static let unpack = OpRegistration(.unpack, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1, outputs: 1...Int.max)
        let input = try context.input(0), first = try context.output(0)
        let options = try context.options(UnpackOptions.self)
        let count = Int(options.num), axis = Int(options.axis)
        let shapes = (try input.shape(), try first.shape())
        let elementSize = try input.elementBytes(context)
        let kernel = try context.kernel { () throws(KernelError) in
            try Unpack(
                input: shapes.0, output: shapes.1, axis: Int32(truncatingIfNeeded: axis),
                num: Int32(truncatingIfNeeded: count),
                outputCount: context.outputCount, elementByteSize: elementSize)
        }
        try context.checkStacked(inputs: false, like: input) { (shape) throws(KernelError) in
            try kernel.checkOutput(shape, input: shapes.0)
        }
        return try context.prepared(kernel, invoke: unpackInvoke)
    }

    /// TRANSPOSE: input and a constant permutation.
    public static let transpose = OpRegistration(.transpose, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        let input = try context.input(0), perm = try context.input(1), output = try context.output(0)
        try context.expect(perm, type: .int32, .perm)
        guard input.type == output.type else { throw context.unsupportedTypes(input, output) }
        let permBytes = try perm.constantBytes(context, .perm)
        let shapes = (try input.shape(), try output.shape())
        let elementSize = try input.elementBytes(context)
        return try context.prepared(invoke: transposeInvoke) { () throws(KernelError) in
            try Transpose(input: shapes.0, perm: permBytes, output: shapes.1, elementByteSize: elementSize)
        }
    }
}

private func prepareSplit(
    _ context: inout PrepareContext, data: TensorSpec, axis: TensorSpec, variable: Bool
) throws(RuntimeError) -> PreparedOperator {
    guard axis.type == .int32, axis.elementCount == 1 else {
        throw context.fail(.notScalar(role: .axis, tensor: axis.index, type: .int32))
    }
    let axisValue = try axis.constantBytes(context, .axis).loadUnaligned(as: Int32.self)
    let shape = try data.shape()
    let elementSize = try data.elementBytes(context)
    let outputs = context.outputCount
    let storage = variable ? try context.persistentArray(Int32.self, count: outputs) : nil
    var kernel = try context.kernel { () throws(KernelError) in
        try Split(
            input: shape, axis: axisValue, outputCount: outputs, elementByteSize: elementSize,
            axisExtentStorage: storage)
    }
    for position in 0..<outputs {
        let output = try context.output(position)
        guard output.type == data.type else { throw context.unsupportedTypes(data, output) }
        let outputShape = try output.shape()
        try context.kernel { () throws(KernelError) in try kernel.appendOutput(shape: outputShape) }
    }
    try context.kernel { () throws(KernelError) in try kernel.finish() }
    return try context.prepared(kernel, invoke: variable ? splitVInvoke : splitInvoke)
}

private let stridedSliceInvoke: InvokeFunction = { data, io in
    opData(data, as: StridedSlice.self).pointee.invoke(input: UnsafeRawPointer(rawSlot(io, 0)), output: rawSlot(io, 4))
    return InvokeStatus.ok
}

/// SPLIT: data in slot 1, outputs from slot 2.
private let splitInvoke: InvokeFunction = { invokeSplitting($0, $1, Split.self, input: 1, outputs: 2) }
/// SPLIT_V: data in slot 0, outputs from slot 3.
private let splitVInvoke: InvokeFunction = { invokeSplitting($0, $1, Split.self, input: 0, outputs: 3) }

private let packInvoke: InvokeFunction = { data, io in
    let kernel = opData(data, as: Pack.self)
    kernel.pointee.invoke(inputs: io.unsafelyUnwrapped, output: rawSlot(io, kernel.pointee.inputCount))
    return InvokeStatus.ok
}

private let unpackInvoke: InvokeFunction = { invokeSplitting($0, $1, Unpack.self, input: 0, outputs: 1) }

/// SPLIT, SPLIT_V and UNPACK: one input copied out to the outputs, whose slots follow each other.
private protocol SplittingKernel {
    func invoke(input: UnsafeRawPointer, outputs: UnsafePointer<UnsafeMutableRawPointer?>)
}

extension Split: SplittingKernel {}
extension Unpack: SplittingKernel {}

@inline(__always)
private func invokeSplitting<Kernel: SplittingKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type,
    input: Int, outputs: Int
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: UnsafeRawPointer(rawSlot(io, input)), outputs: io.unsafelyUnwrapped + outputs)
    return InvokeStatus.ok
}

private let transposeInvoke: InvokeFunction = { data, io in
    opData(data, as: Transpose.self).pointee.invoke(input: UnsafeRawPointer(rawSlot(io, 0)), output: rawSlot(io, 2))
    return InvokeStatus.ok
}
