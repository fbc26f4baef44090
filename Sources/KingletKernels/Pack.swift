// PACK (M/pack.cc): a byte copy, for any element type (TFLM: float32, int8, int16, int32,
// int64). TFLM has no prepare; eval resolves axis < 0 as + OUTPUT rank, and for every input i
// of `values_count` (the option, not the node's input count) copies each of its outer blocks
// (outer = product of the output dims before the axis, block = product of the dims after it)
// to output position (k * values_count + i) * block. No quantization is compared (int8 bytes
// are moved unchanged).
// Its only check is a DCHECK (compiled out of the pip build) that an input holds outer * block
// elements; Kinglet checks at prepare what makes the copy in bounds and well defined: values_count
// equals the number of inputs and the output's axis extent, and every input has the output's
// dims without the axis.

/// Prepared PACK.
public struct Pack: BitwiseCopyable {
    /// Resolved (non-negative) axis in the output.
    public let axis: Int
    /// Number of inputs (values_count).
    public let inputCount: Int
    @usableFromInline let outerCount: Int
    @usableFromInline let blockByteCount: Int  // bytes of one input's contiguous block

    /// - Parameters:
    ///   - input: the shape every input must have (pass each input through `checkInput`).
    ///   - axis, valuesCount: the PackOptions values.
    ///   - inputCount: the node's number of inputs.
    public init(
        input: Shape, output: Shape, axis: Int32, valuesCount: Int32, inputCount: Int, elementByteSize: Int
    ) throws(KernelError) {
        guard elementByteSize > 0 else { throw .unsupportedParameter(name: "element size", value: elementByteSize) }
        guard valuesCount >= 1, Int(valuesCount) == inputCount else {
            throw .shapeMismatch(name: "pack values_count", expected: inputCount, actual: Int(valuesCount))
        }
        guard output.rank == input.rank + 1 else {
            throw .shapeMismatch(name: "pack output rank", expected: input.rank + 1, actual: output.rank)
        }
        let resolved = try Shape.resolvedAxis(axis, rank: output.rank, name: "pack axis")
        guard output[resolved] == inputCount else {
            throw .shapeMismatch(name: "pack output axis extent", expected: inputCount, actual: output[resolved])
        }
        _ = try output.checkedElementCount()
        try Pack.checkSlice(input, of: output, axis: resolved, name: "pack input dimension")
        self.axis = resolved
        self.inputCount = inputCount
        (outerCount, blockByteCount) = try output.blocks(around: resolved, elementByteSize: elementByteSize)
    }

    /// Checks that `slice` is `whole` without dimension `axis`.
    static func checkSlice(_ slice: Shape, of whole: Shape, axis: Int, name: KernelErrorName) throws(KernelError) {
        guard slice.rank + 1 == whole.rank else {
            throw .shapeMismatch(name: name, expected: whole.rank - 1, actual: slice.rank)
        }
        for index in 0..<slice.rank {
            let expected = whole[index < axis ? index : index + 1]
            guard slice[index] == expected else {
                throw .shapeMismatch(name: name, expected: expected, actual: slice[index])
            }
        }
    }

    /// Checks another input's shape (every input must have the same one).
    public func checkInput(_ shape: Shape, output: Shape) throws(KernelError) {
        try Pack.checkSlice(shape, of: output, axis: axis, name: "pack input dimension")
    }

    /// Copies input `index` into its place in the output.
    @inlinable
    public func copyInput(_ index: Int, from input: UnsafeRawPointer, to output: UnsafeMutableRawPointer) {
        precondition(index >= 0 && index < inputCount, "input index out of range")
        copyRuns(
            outerCount, of: blockByteCount, from: input, stride: blockByteCount,
            to: output + index &* blockByteCount, stride: inputCount &* blockByteCount)
    }

    /// Copies every input; `inputs` points at the `inputCount` input buffers in operator order.
    @inlinable
    public func invoke(inputs: UnsafePointer<UnsafeMutableRawPointer?>, output: UnsafeMutableRawPointer) {
        for index in 0..<inputCount {
            copyInput(index, from: UnsafeRawPointer(inputs[index].unsafelyUnwrapped), to: output)
        }
    }
}
