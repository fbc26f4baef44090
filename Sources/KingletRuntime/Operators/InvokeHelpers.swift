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

extension FloatFloor: UnaryKernel {}
extension FloatMean: UnaryKernel {}
extension FloatSum: UnaryKernel {}
extension LceBMaxPool2d: UnaryKernel {}
extension SignalEnergy: UnaryKernel {}
extension SignalFilterBankLog: UnaryKernel {}

/// The body of a `UnaryKernel`'s invoke function (each stays a concrete C function). `output` is
/// the output's slot: 2 for the reductions, whose second input is the axes.
@inline(__always)
func invokeUnary<Kernel: UnaryKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type,
    output: Int = UnarySlots.output
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Kernel.Input.self), output: slot(io, output, as: Kernel.Output.self))
    return InvokeStatus.ok
}

/// The body of an invoke function for a one-input, one-output kernel whose invoke is overloaded by
/// element type: `call` names the overload. It is non-escaping and inlined, so nothing allocates.
@inline(__always)
func invokeUnary<Kernel, Input, Output>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type,
    _: Input.Type, _: Output.Type, output: Int = UnarySlots.output,
    _ call: (Kernel, UnsafePointer<Input>, UnsafeMutablePointer<Output>) -> Void
) -> Int32 {
    call(
        opData(data, as: Kernel.self).pointee, UnsafePointer(slot(io, UnarySlots.input, as: Input.self)),
        slot(io, output, as: Output.self))
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
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, as: T.Type,
    output: Int = UnarySlots.output
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: T.self), output: slot(io, output, as: T.self))
    return InvokeStatus.ok
}

extension Mean: IntegerUnaryKernel {}

/// A kernel converting between integer element types with one generic invoke (requantization).
protocol IntegerConversionKernel: DeviceLayout {
    func invoke<Input: FixedWidthInteger & SignedInteger, Output: FixedWidthInteger & SignedInteger>(
        input: UnsafePointer<Input>, output: UnsafeMutablePointer<Output>)
}

extension Requantize: IntegerConversionKernel {}

/// The body of an `IntegerConversionKernel`'s invoke function from `Input` to `Output` elements.
@inline(__always)
func invokeUnary<
    Kernel: IntegerConversionKernel, Input: FixedWidthInteger & SignedInteger,
    Output: FixedWidthInteger & SignedInteger
>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type,
    from: Input.Type, to: Output.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Input.self), output: slot(io, UnarySlots.output, as: Output.self))
    return InvokeStatus.ok
}
