// STRIDED_SLICE (M/strided_slice.cc, M/strided_slice_common.cc, R/strided_slice.h,
// I/strided_slice_logic.h): a byte mover for any element type (TFLM: float32, int8, int16,
// int32, bool).
//
// TFLM prepare: 4 inputs; input rank <= 4 (kMaxDim); begin, end and strides must be constant
// and are read as int32, one value per input dimension (the tensors' lengths are not checked —
// Kinglet requires at least `rank` values and ignores extra ones, as TFLM does). Only
// begin_mask, end_mask and shrink_axis_mask are used: TFLM sets ellipsis_mask and
// new_axis_mask to 0 and never sets `offset` (the pip build ignores all three; an output shape
// that would need them fails the shape check below). Per axis (StartForAxis/StopForAxis):
//   stride 0 fails; start = begin (< 0: + size), clamped to [0, size] for stride > 0 or
//   [-1, size - 1] for stride < 0; begin_mask: 0 or size - 1. End likewise with end_mask
//   (size or -1); a zero-size axis gives start = end = 0. A shrunk axis has end = start + 1.
//   dim = max(0, Int32(ceilf(Float(end - start) / Float(stride)))); every non-shrunk dim must
//   equal the next output dim, and the output rank must be the number of non-shrunk axes.
// Eval pads the indices to 5-D (leading axes: 0..1 step 1) and walks the output in order with
// StridedSliceStartForAxis/EndForAxis, which differ from prepare's in one way: a shrunk axis
// ends at start + 1 only when start < size (else at start). Where eval would then write fewer
// elements than the output holds — a shrunk axis whose begin is out of range, or one with a
// negative stride (the loop `i > start + 1` never runs) — TFLM leaves output elements
// unwritten (arena garbage); Kinglet rejects those at prepare instead. It also checks that the
// exact eval iteration counts match the float-computed output shape.

/// Prepared STRIDED_SLICE: per-axis start, step and count on the 5-D padded input.
public struct StridedSlice: BitwiseCopyable, ElementGather {
    public static let maxRank = 4

    /// Five signed values, axis 0 outermost (fixed storage, no heap).
    @usableFromInline
    struct Axes: BitwiseCopyable {
        @usableFromInline var storage: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)

        @inlinable
        subscript(index: Int) -> Int {
            get {
                switch index {
                case 0: return Int(storage.0)
                case 1: return Int(storage.1)
                case 2: return Int(storage.2)
                case 3: return Int(storage.3)
                default: return Int(storage.4)
                }
            }
            set {
                let value = Int32(truncatingIfNeeded: newValue)  // callers keep values in int32
                switch index {
                case 0: storage.0 = value
                case 1: storage.1 = value
                case 2: storage.2 = value
                case 3: storage.3 = value
                default: storage.4 = value
                }
            }
        }
    }

    /// Bytes per element (1 int8/bool, 2 int16, 4 float32/int32, ...).
    public let elementByteSize: Int
    /// Number of output elements (the elements invoke writes).
    public let elementCount: Int
    @usableFromInline var starts = Axes()  // first input index per padded axis
    @usableFromInline var steps = Axes()  // stride per padded axis (nonzero)
    @usableFromInline var counts = Axes()  // iterations per padded axis
    @usableFromInline var inputStrides = Axes()  // elements per step of each padded input axis

    /// - Parameters:
    ///   - begin, end, strides: raw little-endian int32 bytes of the three constant tensors
    ///     (at least `input.rank` values each; extra values are ignored as in TFLM).
    ///   - beginMask, endMask, shrinkAxisMask: the StridedSliceOptions masks.
    ///   - ellipsisMask, newAxisMask, offset: accepted and ignored, as TFLM does.
    ///   - elementByteSize: size of one element of the (common) input/output type.
    public init(
        input: Shape, begin: UnsafeRawBufferPointer, end: UnsafeRawBufferPointer, strides: UnsafeRawBufferPointer,
        beginMask: Int32, endMask: Int32, shrinkAxisMask: Int32,
        ellipsisMask: Int32 = 0, newAxisMask: Int32 = 0, offset: Bool = false,
        output: Shape, elementByteSize: Int
    ) throws(KernelError) {
        let rank = input.rank
        guard rank <= StridedSlice.maxRank else { throw .unsupportedParameter(name: "strided_slice rank", value: rank) }
        guard elementByteSize > 0 else { throw .unsupportedParameter(name: "element size", value: elementByteSize) }
        let indexCount = min(begin.count, min(end.count, strides.count)) / 4
        guard indexCount >= rank else {
            throw .shapeMismatch(name: "strided_slice begin/end/strides count", expected: rank, actual: indexCount)
        }
        _ = try input.checkedElementCount()
        self.elementByteSize = elementByteSize
        elementCount = try output.checkedElementCount()

        // Prepare's shape check (StartForAxis / StopForAxis, float ceil).
        var outputAxis = 0
        var expectedDims = Axes()  // per input axis: expected count (1 for shrunk axes)
        for axis in 0..<rank {
            let size = input[axis]
            let stride = Int(loadInt32LittleEndian(strides, axis))
            guard stride != 0 else { throw .unsupportedParameter(name: "strided_slice stride", value: 0) }
            let shrink = shrinkAxisMask & (1 << axis) != 0
            var first = 0, stop = 0
            if size != 0 {
                first = StridedSlice.clampedIndex(
                    Int(loadInt32LittleEndian(begin, axis)), size: size, stride: stride,
                    masked: beginMask & (1 << axis) != 0, maskedValue: stride > 0 ? 0 : size - 1)
                stop = StridedSlice.clampedIndex(
                    Int(loadInt32LittleEndian(end, axis)), size: size, stride: stride,
                    masked: endMask & (1 << axis) != 0, maskedValue: stride > 0 ? size : -1)
            }
            if shrink {
                expectedDims[axis] = 1
                continue
            }
            // int32 difference converted to float, float division, ceilf, conversion to int32.
            let quotient = (Float(stop - first) / Float(stride)).rounded(.up)
            let dim = max(0, Int(quotient))  // |quotient| <= 2^31: in range
            guard outputAxis < output.rank else {
                throw .shapeMismatch(name: "strided_slice output rank", expected: outputAxis + 1, actual: output.rank)
            }
            guard output[outputAxis] == dim else {
                throw .shapeMismatch(name: "strided_slice output dimension", expected: dim, actual: output[outputAxis])
            }
            expectedDims[axis] = dim
            outputAxis += 1
        }
        guard outputAxis == output.rank else {
            throw .shapeMismatch(name: "strided_slice output rank", expected: outputAxis, actual: output.rank)
        }

        // Eval's parameters on the 5-D padded input.
        let pad = 5 - rank
        var accumulated = 1
        var padded = 4
        while padded >= 0 {
            inputStrides[padded] = accumulated
            accumulated *= padded < pad ? 1 : input[padded - pad]
            padded -= 1
        }
        var total = 1
        for padded in 0..<5 {
            guard padded >= pad else {
                starts[padded] = 0; steps[padded] = 1; counts[padded] = 1
                continue
            }
            let axis = padded - pad
            let size = input[axis]
            let stride = Int(loadInt32LittleEndian(strides, axis))
            let first = StridedSlice.clampedIndex(
                Int(loadInt32LittleEndian(begin, axis)), size: size, stride: stride,
                masked: beginMask & (1 << axis) != 0, maskedValue: stride > 0 ? 0 : size - 1)
            let stop: Int
            if shrinkAxisMask & (1 << axis) != 0 {
                stop = first >= size ? first : first + 1
            } else {
                stop = StridedSlice.clampedIndex(
                    Int(loadInt32LittleEndian(end, axis)), size: size, stride: stride,
                    masked: endMask & (1 << axis) != 0, maskedValue: stride > 0 ? size : -1)
            }
            // Exact iteration count of `for i = first; stride > 0 ? i < stop : i > stop; i += stride`.
            let count =
                stride > 0
                ? (stop > first ? (stop - first + stride - 1) / stride : 0)
                : (first > stop ? (first - stop + (-stride) - 1) / (-stride) : 0)
            starts[padded] = first
            steps[padded] = stride
            counts[padded] = count
            total *= count
            if elementCount != 0 && count != expectedDims[axis] {
                // Shrunk axis out of range or with a negative stride (TFLM writes nothing), or a
                // float rounding difference between prepare's shape and eval's loop.
                throw .unsupportedParameter(name: "strided_slice axis with unwritten output", value: axis)
            }
        }
        guard total == elementCount else {
            throw .shapeMismatch(name: "strided_slice written elements", expected: elementCount, actual: total)
        }
    }

    /// Begin/end index resolution shared by prepare and eval (their only difference, the end of a
    /// shrunk axis, is handled by the caller): negative indices count from the back, then clamp
    /// to [0, size] (stride > 0) or [-1, size - 1] (stride < 0); a set mask bit overrides.
    static func clampedIndex(_ index: Int, size: Int, stride: Int, masked: Bool, maskedValue: Int) -> Int {
        if masked { return maskedValue }
        var value = index < 0 ? index + size : index
        let low = stride > 0 ? 0 : -1
        let high = stride > 0 ? size : size - 1
        if value > high { value = high }
        if value < low { value = low }
        return value
    }

    /// Copies the slice, elements of any type whose size is `elementByteSize`.
    @inlinable
    public func invoke<T: BitwiseCopyable>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>) {
        precondition(MemoryLayout<T>.stride == elementByteSize, "StridedSlice prepared for another element size")
        if elementCount == 0 { return }
        var destination = output
        let innerCount = counts[4], innerStep = steps[4], innerStride = inputStrides[4]
        for i0 in 0..<counts[0] {
            let base0 = (starts[0] &+ i0 &* steps[0]) &* inputStrides[0]
            for i1 in 0..<counts[1] {
                let base1 = base0 &+ (starts[1] &+ i1 &* steps[1]) &* inputStrides[1]
                for i2 in 0..<counts[2] {
                    let base2 = base1 &+ (starts[2] &+ i2 &* steps[2]) &* inputStrides[2]
                    for i3 in 0..<counts[3] {
                        var source =
                            base2 &+ (starts[3] &+ i3 &* steps[3]) &* inputStrides[3] &+ starts[4] &* innerStride
                        if innerStep == 1 {
                            destination.update(from: input + source, count: innerCount)
                            destination += innerCount
                        } else {
                            for _ in 0..<innerCount {
                                destination.pointee = input[source]
                                destination += 1
                                source &+= innerStep
                            }
                        }
                    }
                }
            }
        }
    }
}
