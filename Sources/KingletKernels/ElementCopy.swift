// What the kernels that only move elements share: PACK, UNPACK, SPLIT and CONCATENATION copy
// contiguous runs along one axis; STRIDED_SLICE and TRANSPOSE gather single elements of any
// width. Elements are moved as bytes or as unsigned words of their width, never converted.

extension Shape {
    /// `axis` resolved against `rank` (negative counts from the back), as TFLM's kernels do.
    @inline(__always)
    static func resolvedAxis(_ axis: Int32, rank: Int, name: KernelErrorName) throws(KernelError) -> Int {
        let resolved = axis < 0 ? Int(axis) + rank : Int(axis)
        guard resolved >= 0, resolved < rank else { throw .unsupportedParameter(name: name, value: Int(axis)) }
        return resolved
    }

    /// The shape cut at `axis` for copies along it: how many outer blocks (the product of the
    /// dimensions before it) and the bytes of one step along it (the dimensions after it times
    /// the element size, overflow-checked).
    func blocks(around axis: Int, elementByteSize: Int) throws(KernelError) -> (outerCount: Int, innerByteCount: Int) {
        var outer = 1
        for index in 0..<axis { outer *= self[index] }
        var inner = elementByteSize
        for index in (axis + 1)..<rank {
            let (product, overflow) = inner.multipliedReportingOverflow(by: self[index])
            guard !overflow else { throw .unsupportedParameter(name: "element count", value: Int.max) }
            inner = product
        }
        return (outer, inner)
    }
}

/// A kernel that gathers elements of any type of its prepared width (STRIDED_SLICE, TRANSPOSE).
public protocol ElementGather {
    var elementByteSize: Int { get }
    func invoke<T: BitwiseCopyable>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>)
}

extension ElementGather {
    /// Type-erased invoke: dispatches on `elementByteSize` (1, 2, 4 or 8 bytes), so one loop per
    /// width serves every element type.
    @inlinable
    public func invoke(input: UnsafeRawPointer, output: UnsafeMutableRawPointer) {
        switch elementByteSize {
        case 1: gather(input, output, as: UInt8.self)
        case 2: gather(input, output, as: UInt16.self)
        case 4: gather(input, output, as: UInt32.self)
        case 8: gather(input, output, as: UInt64.self)
        default: preconditionFailure("unsupported element size")
        }
    }

    @inlinable
    func gather<T: BitwiseCopyable>(_ input: UnsafeRawPointer, _ output: UnsafeMutableRawPointer, as: T.Type) {
        invoke(input: input.assumingMemoryBound(to: T.self), output: output.assumingMemoryBound(to: T.self))
    }
}

/// Copies `count` runs of `runBytes` bytes, stepping source and destination by their strides:
/// one input's or output's part of an axis copy (the runs of different parts never overlap).
@inlinable
func copyRuns(
    _ count: Int, of runBytes: Int, from source: UnsafeRawPointer, stride sourceStride: Int,
    to destination: UnsafeMutableRawPointer, stride destinationStride: Int
) {
    if runBytes == 0 { return }
    var source = source, destination = destination
    for _ in 0..<count {
        destination.copyMemory(from: source, byteCount: runBytes)
        source += sourceStride
        destination += destinationStride
    }
}
