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
        (self.axis, outerCount, blockByteCount) = try Pack.layout(
            whole: output, slice: input, axis: axis, count: valuesCount, nodeCount: inputCount,
            elementByteSize: elementByteSize,
            names: ("pack values_count", "pack axis", "pack output axis extent", "pack input dimension"),
            rankName: "pack output rank")
        self.inputCount = inputCount
    }

    /// What PACK and UNPACK check alike, `whole` being PACK's output or UNPACK's input and `slice`
    /// one of the others: the element size; the option's count (values_count, num) equals the
    /// node's and `whole`'s extent on the resolved axis; `slice` is `whole` without that axis
    /// (with `rankName`, its rank is checked first). Returns the axis and the copy's blocks.
    static func layout(
        whole: Shape, slice: Shape, axis: Int32, count: Int32, nodeCount: Int, elementByteSize: Int,
        names: (count: KernelErrorName, axis: KernelErrorName, extent: KernelErrorName, slice: KernelErrorName),
        rankName: KernelErrorName? = nil
    ) throws(KernelError) -> (axis: Int, outerCount: Int, blockByteCount: Int) {
        guard elementByteSize > 0 else { throw .unsupportedParameter(name: "element size", value: elementByteSize) }
        guard count >= 1, Int(count) == nodeCount else {
            throw .shapeMismatch(name: names.count, expected: nodeCount, actual: Int(count))
        }
        if let rankName, whole.rank != slice.rank + 1 {
            throw .shapeMismatch(name: rankName, expected: slice.rank + 1, actual: whole.rank)
        }
        let resolved = try Shape.resolvedAxis(axis, rank: whole.rank, name: names.axis)
        guard whole[resolved] == nodeCount else {
            throw .shapeMismatch(name: names.extent, expected: nodeCount, actual: whole[resolved])
        }
        _ = try whole.checkedElementCount()
        try checkSlice(slice, of: whole, axis: resolved, name: names.slice)
        let (outerCount, blockByteCount) = try whole.blocks(around: resolved, elementByteSize: elementByteSize)
        return (resolved, outerCount, blockByteCount)
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
