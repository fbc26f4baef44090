// SPLIT and SPLIT_V (M/split.cc, M/split_v.cc): a byte copy, for any element type (TFLM:
// float32, int8, int16, int32).
//
// TFLM prepare only requires the axis tensor to be constant (SPLIT: input 0, data input 1;
// SPLIT_V: data input 0, size_splits input 1, axis input 2). SPLIT's num_splits option and
// SPLIT_V's size_splits tensor are never read: the pieces come from the OUTPUT shapes. Eval
// reads the axis as int32 (< 0: + input rank; must then be in [0, rank)) and, for each outer
// index (product of the input dims before the axis), hands every output in order its next
// contiguous run of extent_i * inner elements. SPLIT uses output 0's axis extent for every
// output. Its DCHECKs (output rank == input rank, extents summing to the input's) are compiled
// out of the pip build, where a mismatch would read or write out of bounds; Kinglet checks at
// prepare that every output has the input's dims except along the axis, that the axis extents
// add up, and (SPLIT) that all outputs have the same shape.

/// Prepared SPLIT / SPLIT_V. Build with `init`, then `appendOutput` once per output in operator
/// order, then `finish()`; invoke with `invoke(input:outputs:)` or `copyOutput` per output.
public struct Split: BitwiseCopyable {
    /// Resolved (non-negative) axis.
    public let axis: Int
    /// Number of outputs the operator has.
    public let outputCount: Int
    /// Outputs appended so far.
    public private(set) var appendedCount: Int
    @usableFromInline let input: Shape
    @usableFromInline let outerCount: Int
    @usableFromInline let innerByteCount: Int  // bytes of one step along the axis
    /// SPLIT: every output's axis extent (set by the first output). Unused for SPLIT_V.
    @usableFromInline var equalExtent: Int
    /// SPLIT_V: per-output axis extents in caller-provided (arena) storage; nil for SPLIT.
    @usableFromInline let extents: UnsafeMutablePointer<Int32>?

    /// - Parameters:
    ///   - axis: the constant axis tensor's value (int32; negative counts from the back).
    ///   - outputCount: the operator's number of outputs (at least 1).
    ///   - elementByteSize: bytes per element of the (common) input/output type.
    ///   - axisExtentStorage: `nil` for SPLIT (equal pieces); for SPLIT_V, persistent storage
    ///     for `outputCount` Int32 values that the prepared kernel keeps pointing to.
    public init(
        input: Shape, axis: Int32, outputCount: Int, elementByteSize: Int,
        axisExtentStorage: UnsafeMutableBufferPointer<Int32>? = nil
    ) throws(KernelError) {
        guard elementByteSize > 0 else { throw .unsupportedParameter(name: "element size", value: elementByteSize) }
        guard outputCount >= 1 else { throw .unsupportedParameter(name: "split outputs", value: outputCount) }
        let resolved = try Shape.resolvedAxis(axis, rank: input.rank, name: "split axis")
        if let axisExtentStorage {
            guard axisExtentStorage.count >= outputCount else {
                throw .shapeMismatch(
                    name: "split axis extent storage", expected: outputCount, actual: axisExtentStorage.count)
            }
        }
        _ = try input.checkedElementCount()
        self.axis = resolved
        self.outputCount = outputCount
        self.input = input
        appendedCount = 0
        equalExtent = 0
        extents = axisExtentStorage?.baseAddress
        (outerCount, innerByteCount) = try input.blocks(around: resolved, elementByteSize: elementByteSize)
    }

    /// Adds the next output (operator order).
    public mutating func appendOutput(shape: Shape) throws(KernelError) {
        guard appendedCount < outputCount else {
            throw .unsupportedParameter(name: "split outputs", value: appendedCount + 1)
        }
        guard shape.rank == input.rank else {
            throw .shapeMismatch(name: "split output rank", expected: input.rank, actual: shape.rank)
        }
        for index in 0..<input.rank where index != axis && shape[index] != input[index] {
            throw .shapeMismatch(name: "split output dimension", expected: input[index], actual: shape[index])
        }
        let extent = shape[axis]
        if let extents {
            extents[appendedCount] = Int32(extent)  // a Shape dimension: fits
        } else if appendedCount == 0 {
            equalExtent = extent
        } else if extent != equalExtent {
            // TFLM's SPLIT copies output 0's extent into every output.
            throw .shapeMismatch(name: "split output extent", expected: equalExtent, actual: extent)
        }
        appendedCount += 1
    }

    /// Checks that every output was appended and that the axis extents sum to the input's.
    public func finish() throws(KernelError) {
        guard appendedCount == outputCount else {
            throw .shapeMismatch(name: "split outputs", expected: outputCount, actual: appendedCount)
        }
        var total = 0
        for index in 0..<outputCount { total += extent(index) }
        guard total == input[axis] else {
            throw .shapeMismatch(name: "split axis total", expected: input[axis], actual: total)
        }
    }

    /// Axis extent of output `index`.
    @inlinable
    public func extent(_ index: Int) -> Int {
        if let extents { return Int(extents[index]) }
        return equalExtent
    }

    /// Copies output `index`'s slices of the input. Calling it for every output produces TFLM's
    /// outputs (the slices are disjoint, so the order does not matter).
    @inlinable
    public func copyOutput(_ index: Int, from inputData: UnsafeRawPointer, to output: UnsafeMutableRawPointer) {
        precondition(index >= 0 && index < appendedCount, "output index out of range")
        var offset = 0
        if extents != nil {
            for previous in 0..<index { offset &+= extent(previous) }
        } else {
            offset = index &* equalExtent
        }
        let runBytes = extent(index) &* innerByteCount
        copyRuns(
            outerCount, of: runBytes, from: inputData + offset &* innerByteCount, stride: input[axis] &* innerByteCount,
            to: output, stride: runBytes)
    }

    /// Copies every output; `outputs` points at `outputCount` consecutive output buffers (the
    /// runtime's output slots).
    @inlinable
    public func invoke(input inputData: UnsafeRawPointer, outputs: UnsafePointer<UnsafeMutableRawPointer?>) {
        for index in 0..<appendedCount {
            copyOutput(index, from: inputData, to: outputs[index].unsafelyUnwrapped)
        }
    }
}
