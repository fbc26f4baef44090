// UNPACK (M/unpack.cc): a byte copy, for any element type (TFLM: float32, int32, int16, int8).
// TFLM has no prepare; eval resolves axis < 0 as + INPUT rank and, for each of `num` outputs
// (the option, not the node's output count), copies block k of output i (block = product of
// the input dims after the axis) from input position (k * num + i) * block, for every outer
// index k (product of the input dims before the axis).
// Its only check is a DCHECK (compiled out of the pip build) on output 0's element count;
// Kinglet checks at prepare that num equals the number of outputs and the input's axis extent,
// and that every output has the input's dims without the axis — what keeps the copy in bounds.

/// Prepared UNPACK.
public struct Unpack: BitwiseCopyable {
    /// Resolved (non-negative) axis in the input.
    public let axis: Int
    /// Number of outputs (num).
    public let outputCount: Int
    @usableFromInline let outerCount: Int
    @usableFromInline let blockByteCount: Int  // bytes of one output's contiguous block

    /// - Parameters:
    ///   - output: the shape every output must have (pass the others through `checkOutput`).
    ///   - axis, num: the UnpackOptions values.
    ///   - outputCount: the node's number of outputs.
    public init(
        input: Shape, output: Shape, axis: Int32, num: Int32, outputCount: Int, elementByteSize: Int
    ) throws(KernelError) {
        (self.axis, outerCount, blockByteCount) = try Pack.layout(
            whole: input, slice: output, axis: axis, count: num, nodeCount: outputCount,
            elementByteSize: elementByteSize,
            names: ("unpack num", "unpack axis", "unpack input axis extent", "unpack output dimension"))
        self.outputCount = outputCount
    }

    /// Checks another output's shape (every output must have the same one).
    public func checkOutput(_ shape: Shape, input: Shape) throws(KernelError) {
        try Pack.checkSlice(shape, of: input, axis: axis, name: "unpack output dimension")
    }

    /// Fills output `index`.
    @inlinable
    public func copyOutput(_ index: Int, from input: UnsafeRawPointer, to output: UnsafeMutableRawPointer) {
        precondition(index >= 0 && index < outputCount, "output index out of range")
        copyRuns(
            outerCount, of: blockByteCount, from: input + index &* blockByteCount,
            stride: outputCount &* blockByteCount,
            to: output, stride: blockByteCount)
    }

    /// Fills every output; `outputs` points at the `outputCount` output buffers in operator order.
    @inlinable
    public func invoke(input: UnsafeRawPointer, outputs: UnsafePointer<UnsafeMutableRawPointer?>) {
        for index in 0..<outputCount {
            copyOutput(index, from: input, to: outputs[index].unsafelyUnwrapped)
        }
    }
}
