import KingletKernels

/// Typed views of the `io` pointers an invoke function receives. The interpreter fills every
/// required slot that prepare checked, so these unwrap without checks.
@inline(__always)
func opData<T>(_ pointer: UnsafeMutableRawPointer?, as: T.Type) -> UnsafeMutablePointer<T> {
    pointer.unsafelyUnwrapped.assumingMemoryBound(to: T.self)
}

@inline(__always)
func slot<T>(_ io: UnsafePointer<UnsafeMutableRawPointer?>?, _ index: Int, as: T.Type) -> UnsafeMutablePointer<T> {
    io.unsafelyUnwrapped[index].unsafelyUnwrapped.assumingMemoryBound(to: T.self)
}

@inline(__always)
func rawSlot(_ io: UnsafePointer<UnsafeMutableRawPointer?>?, _ index: Int) -> UnsafeMutableRawPointer {
    io.unsafelyUnwrapped[index].unsafelyUnwrapped
}

extension TensorSpec {
    /// The raw bytes of a constant tensor (axes, paddings, shapes), or a failure naming the operator.
    func constantBytes(_ context: PrepareContext, _ role: TensorRole) throws(RuntimeError) -> UnsafeRawBufferPointer {
        guard let data = constantData else { throw context.fail(.notConstant(role: role, tensor: index)) }
        return UnsafeRawBufferPointer(start: data, count: byteCount)
    }
}
