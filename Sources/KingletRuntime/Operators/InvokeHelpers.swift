import KingletKernels

/// Where a node's I/O list keeps each tensor: the inputs in the model's order (padded with nil to
/// the registration's `inputSlots`), then the outputs, then the scratch buffers. Named per
/// operator family so invoke functions say what they read.
enum UnarySlots {
    static let input = 0, output = 1
}

enum BinarySlots {
    static let input1 = 0, input2 = 1, output = 2
}

/// CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED: input, filter, optional bias, output, scratch.
enum WeightedSlots {
    static let input = 0, filter = 1, bias = 2, output = 3, scratch = 4
}

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

/// A kernel with one input and one output, each of one element type.
protocol UnaryKernel: DeviceLayout {
    associatedtype Input
    associatedtype Output
    func invoke(input: UnsafePointer<Input>, output: UnsafeMutablePointer<Output>)
}

extension FloatAveragePool2D: UnaryKernel {}
extension FloatMaxPool2D: UnaryKernel {}
extension Logistic: UnaryKernel {}
extension Tanh: UnaryKernel {}
extension Int16Logistic: UnaryKernel {}
extension Int16Tanh: UnaryKernel {}
extension HardSwish: UnaryKernel {}
extension FloatLogistic: UnaryKernel {}
extension FloatTanh: UnaryKernel {}
extension FloatHardSwish: UnaryKernel {}
extension FloatRelu: UnaryKernel {}
extension FloatRelu6: UnaryKernel {}
extension FloatLeakyRelu: UnaryKernel {}
extension FloatSoftmax: UnaryKernel {}
extension Int16Softmax: UnaryKernel {}

/// The body of a `UnaryKernel`'s invoke function (each stays a concrete C function).
@inline(__always)
func invokeUnary<Kernel: UnaryKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Kernel.Input.self),
        output: slot(io, UnarySlots.output, as: Kernel.Output.self))
    return InvokeStatus.ok
}

/// A kernel prepared for int8 or int16 tensors, with one generic invoke (RELU, RELU6, LEAKY_RELU).
protocol IntegerUnaryKernel: DeviceLayout {
    func invoke<T: FixedWidthInteger & SignedInteger>(input: UnsafePointer<T>, output: UnsafeMutablePointer<T>)
}

extension Relu: IntegerUnaryKernel {}
extension Relu6: IntegerUnaryKernel {}
extension LeakyRelu: IntegerUnaryKernel {}

/// The body of an `IntegerUnaryKernel`'s invoke function for `T` elements.
@inline(__always)
func invokeUnary<Kernel: IntegerUnaryKernel, T: FixedWidthInteger & SignedInteger>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, as: T.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: T.self), output: slot(io, UnarySlots.output, as: T.self))
    return InvokeStatus.ok
}
