// TRANSPOSE (M/transpose.cc, M/transpose_common.cc, R/transpose.h): a byte permutation, for
// any element type (TFLM: float32, int8, int16).
//
// TFLM prepare: 2 inputs; input rank <= 5; input and output types equal; perm constant, rank 1,
// with exactly `rank` int32 values, each in [0, rank). It checks neither that perm is a
// permutation nor the output shape: eval walks the OUTPUT shape in order, stepping the input by
// its stride along perm[d] for output dimension d (empty input: nothing is written). Kinglet
// also requires perm to be a permutation and output dim d == input dim perm[d] — otherwise
// TFLM reads out of bounds — and rank >= 1 (at rank 0 TFLM writes stride[-1]).

/// Prepared TRANSPOSE.
public struct Transpose: BitwiseCopyable, ElementGather {
    public static let maxRank = 5

    /// Per padded output axis (5-D, leading axes of extent 1): extent and input element stride.
    @usableFromInline var extents: Shape
    @usableFromInline var inputStrides: Shape
    /// Bytes per element.
    public let elementByteSize: Int
    /// Number of elements moved.
    public let elementCount: Int

    /// - Parameters:
    ///   - perm: raw little-endian bytes of the constant int32 perm tensor (`input.rank` values).
    public init(input: Shape, perm: UnsafeRawBufferPointer, output: Shape, elementByteSize: Int) throws(KernelError) {
        let rank = input.rank
        guard rank >= 1, rank <= Transpose.maxRank else {
            throw .unsupportedParameter(name: "transpose rank", value: rank)
        }
        guard elementByteSize > 0 else { throw .unsupportedParameter(name: "element size", value: elementByteSize) }
        guard perm.count == rank * 4 else {
            throw .shapeMismatch(name: "transpose perm count", expected: rank, actual: perm.count / 4)
        }
        guard output.rank == rank else {
            throw .shapeMismatch(name: "transpose output rank", expected: rank, actual: output.rank)
        }
        elementCount = try input.checkedElementCount()
        self.elementByteSize = elementByteSize

        var axisStrides = Shape()  // input element strides, axis order
        for _ in 0..<rank { try axisStrides.append(0) }
        var accumulated = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            axisStrides[axis] = accumulated
            accumulated *= input[axis]
        }
        extents = Shape()
        inputStrides = Shape()
        for _ in rank..<Transpose.maxRank {
            try extents.append(1)
            try inputStrides.append(0)
        }
        var seen = 0
        for axis in 0..<rank {
            let source = Int(loadInt32LittleEndian(perm, axis))
            guard source >= 0, source < rank else { throw .unsupportedParameter(name: "transpose perm", value: source) }
            guard seen & (1 << source) == 0 else {
                throw .unsupportedParameter(name: "transpose perm repeats", value: source)
            }
            seen |= 1 << source
            guard output[axis] == input[source] else {
                throw .shapeMismatch(name: "transpose output dimension", expected: input[source], actual: output[axis])
            }
            try extents.append(output[axis])
            try inputStrides.append(axisStrides[source])
        }
    }

    @inlinable
    public func invoke<T: BitwiseCopyable>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>) {
        precondition(MemoryLayout<T>.stride == elementByteSize, "Transpose prepared for another element size")
        if elementCount == 0 { return }
        var destination = output
        let innerCount = extents[4], innerStride = inputStrides[4]
        for i0 in 0..<extents[0] {
            let base0 = i0 &* inputStrides[0]
            for i1 in 0..<extents[1] {
                let base1 = base0 &+ i1 &* inputStrides[1]
                for i2 in 0..<extents[2] {
                    let base2 = base1 &+ i2 &* inputStrides[2]
                    for i3 in 0..<extents[3] {
                        var source = base2 &+ i3 &* inputStrides[3]
                        for _ in 0..<innerCount {
                            destination.pointee = input[source]
                            destination += 1
                            source &+= innerStride
                        }
                    }
                }
            }
        }
    }
}
