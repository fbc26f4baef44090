// RESHAPE, SQUEEZE and EXPAND_DIMS (M/reshape*.cc, M/squeeze.cc, M/expand_dims.cc).
//
// All three only copy bytes at invoke (RESHAPE skips the copy when input and output share the
// buffer); their prepare steps only check or complete the output shape. In TFLM the output shape
// is the output tensor's stored dims, never the `shape` input or the options:
// - RESHAPE: a single -1 in the stored output dims is replaced by input elements / the product
//   of the others (integer division); a legacy one-input reshape whose stored output dims are [0]
//   means a scalar. Element counts must then match.
// - SQUEEZE: the squeezed dims (all size-1 dims when the list is empty; negative indices count
//   from the back) must be 1; TFLM then only checks each kept output dim is >= the input dim and
//   that the byte sizes agree at invoke.
// - EXPAND_DIMS: axis (a 1-element int32 tensor) may be negative (axis + rank + 1) and must be
//   <= rank; output must equal the input with a 1 inserted there.

/// Byte-copying reshape-like operators and their shape rules.
public enum Reshape {
    /// RESHAPE's output shape: resolves a single -1 in `storedOutput` (the output tensor's dims
    /// from the model, which may contain -1) and checks the element counts.
    /// `inputCount` is the number of operator inputs (1 enables the legacy scalar form).
    public static func outputShape(
        input: Shape, storedOutput dims: UnsafeBufferPointer<Int32>, inputCount: Int
    ) throws(KernelError) -> Shape {
        let inputElements = try input.checkedElementCount()
        var rank = dims.count
        if inputCount == 1 && dims.count == 1 && dims[0] == 0 { rank = 0 }  // legacy scalar
        guard rank <= Shape.maxRank else { throw .unsupportedParameter(name: "rank", value: rank) }

        var known = 1
        var stretch = -1
        for index in 0..<rank {
            let value = Int(dims[index])
            if value == -1 {
                guard stretch == -1 else { throw .unsupportedParameter(name: "reshape -1 count", value: 2) }
                stretch = index
            } else {
                guard value >= 0 else { throw .unsupportedParameter(name: "dimension", value: value) }
                let (product, overflow) = known.multipliedReportingOverflow(by: value)
                guard !overflow else { throw .unsupportedParameter(name: "element count", value: Int.max) }
                known = product
            }
        }
        var result = Shape()
        for index in 0..<rank {
            if index == stretch {
                // TFLM divides without checking for zero; 0 known elements cannot match anyway.
                guard known != 0 else {
                    throw .shapeMismatch(name: "reshape elements", expected: inputElements, actual: 0)
                }
                try result.append(inputElements / known)
            } else {
                try result.append(Int(dims[index]))
            }
        }
        let outputElements = try result.checkedElementCount()
        guard outputElements == inputElements else {
            throw .shapeMismatch(name: "reshape elements", expected: inputElements, actual: outputElements)
        }
        return result
    }

    /// SQUEEZE's output shape for `squeezeDims` (the option's list, possibly empty or negative),
    /// checked against the stored output shape the way TFLM does (each kept dim of the output is
    /// >= the input's, and the element counts, hence byte sizes, agree).
    public static func squeezedShape(
        input: Shape, squeezeDims: UnsafeBufferPointer<Int32>, storedOutput: Shape
    ) throws(KernelError) -> Shape {
        var squeezed: UInt8 = 0  // a bit per input dimension (rank <= 6)
        func mark(_ index: Int) { squeezed |= 1 << index }
        func isMarked(_ index: Int) -> Bool { squeezed & (1 << index) != 0 }
        if squeezeDims.isEmpty {
            for index in 0..<input.rank where input[index] == 1 { mark(index) }
        } else {
            for raw in squeezeDims {
                let index = raw < 0 ? Int(raw) + input.rank : Int(raw)
                guard index >= 0, index < input.rank else {
                    throw .unsupportedParameter(name: "squeeze dim", value: Int(raw))
                }
                guard input[index] == 1 else {
                    throw .shapeMismatch(name: "squeezed dimension", expected: 1, actual: input[index])
                }
                mark(index)
            }
        }
        var result = Shape()
        for index in 0..<input.rank where !isMarked(index) { try result.append(input[index]) }

        guard storedOutput.rank >= result.rank else {
            throw .shapeMismatch(name: "squeeze output rank", expected: result.rank, actual: storedOutput.rank)
        }
        for index in 0..<result.rank where storedOutput[index] < result[index] {
            throw .shapeMismatch(name: "squeeze output dimension", expected: result[index], actual: storedOutput[index])
        }
        let expected = try input.checkedElementCount()
        let actual = try storedOutput.checkedElementCount()
        guard expected == actual else {
            throw .shapeMismatch(name: "squeeze elements", expected: expected, actual: actual)
        }
        return result
    }

    /// EXPAND_DIMS's output shape for `axis` (the single value of the constant axis tensor),
    /// checked for equality against the stored output shape as TFLM does.
    public static func expandedShape(input: Shape, axis: Int32, storedOutput: Shape) throws(KernelError) -> Shape {
        var position = Int(axis)
        if position < 0 { position += input.rank + 1 }
        guard position >= 0, position <= input.rank else {
            throw .unsupportedParameter(name: "expand_dims axis", value: Int(axis))
        }
        var result = Shape()
        for index in 0...input.rank {
            if index == position {
                try result.append(1)
            } else {
                try result.append(input[index < position ? index : index - 1])
            }
        }
        guard storedOutput.rank == result.rank else {
            throw .shapeMismatch(name: "expand_dims output rank", expected: result.rank, actual: storedOutput.rank)
        }
        for index in 0..<result.rank where storedOutput[index] != result[index] {
            throw .shapeMismatch(
                name: "expand_dims output dimension", expected: result[index], actual: storedOutput[index])
        }
        return result
    }

    /// The invoke step of all three: copies `byteCount` bytes unless input and output already
    /// share the buffer (TFLM's in-place reshape).
    @inlinable
    public static func copy(from input: UnsafeRawPointer, to output: UnsafeMutableRawPointer, byteCount: Int) {
        if UnsafeRawPointer(output) == input || byteCount <= 0 { return }
        output.copyMemory(from: input, byteCount: byteCount)
    }
}
