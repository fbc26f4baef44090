import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// TANH: int8 through TFLM's integer tanh, int16 through its sigmoid table, float32 through
    /// glibc's tanhf algorithm.
    public static let tanh = OpRegistration(.tanh, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareTanhLogistic(&context, (tanhInt8, tanhInt16, tanhFloat), Int16Tanh.self, FloatTanh.self) {
            input, _, shape throws(KernelError) in
            try Tanh(shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint)
        }
    }

    /// HARD_SWISH: x · relu6(x + 3) / 6.
    public static let hardSwish = OpRegistration(.hardSwish, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let (input, output, shape) = try unary(context)
        switch (input.type, output.type) {
        case (.int8, .int8):
            #if !arch(arm) && !KINGLET_REFERENCE_KERNELS
                // Host only: the kernel's 256 outputs in a table (HostByteTable).
                let kernel = try context.kernel { () throws(KernelError) in
                    try HardSwish(
                        shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                        outputScale: output.scale, outputZeroPoint: output.zeroPoint)
                }
                let host = try context.hostPersistentBytes(HostByteTable.bytes)
                return try context.prepared(
                    HostByteTable(elementCount: kernel.elementCount, host: host, kernel.hardSwish),
                    invoke: byteTableInt8)
            #else
                return try context.prepared(invoke: hardSwishInt8) { () throws(KernelError) in
                    try HardSwish(
                        shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                        outputScale: output.scale, outputZeroPoint: output.zeroPoint)
                }
            #endif
        case (.float32, .float32):
            return try context.prepared(invoke: hardSwishFloat) { () throws(KernelError) in
                try FloatHardSwish(shape: shape)
            }
        default:
            throw context.unsupportedTypes(input, output)
        }
    }

    /// MAXIMUM: elementwise max with broadcasting (raw values: TFLM compares without requantizing).
    public static let maximum = OpRegistration(.maximum, inputSlots: 2, prepare: prepareMaximumMinimum)
    /// MINIMUM: elementwise min with broadcasting.
    public static let minimum = OpRegistration(.minimum, inputSlots: 2, prepare: prepareMaximumMinimum)
}

/// TANH's and LOGISTIC's prepare: `int8` makes the int8 kernel from the input, output and shape;
/// the int16 and float32 kernels are made alike. `invokes` are the three invoke functions.
func prepareTanhLogistic<Int8Kernel: DeviceLayout, Int16Kernel: Int16SigmoidKernel & DeviceLayout, FloatKernel>(
    _ context: inout PrepareContext, _ invokes: (int8: InvokeFunction, int16: InvokeFunction, float: InvokeFunction),
    _: Int16Kernel.Type, _: FloatKernel.Type,
    int8: (TensorSpec, TensorSpec, Shape) throws(KernelError) -> Int8Kernel
) throws(RuntimeError) -> PreparedOperator where FloatKernel: FloatElementwiseKernel & DeviceLayout {
    let (input, output, shape) = try unary(context)
    switch (input.type, output.type) {
    case (.int8, .int8):
        return try context.prepared(invoke: invokes.int8) { () throws(KernelError) in try int8(input, output, shape) }
    case (.int16, .int16):
        return try context.prepared(invoke: invokes.int16) { () throws(KernelError) in
            try Int16Kernel(
                shape: shape, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
                outputZeroPoint: output.zeroPoint)
        }
    case (.float32, .float32):
        return try context.prepared(invoke: invokes.float) { () throws(KernelError) in try FloatKernel(shape: shape) }
    default:
        throw context.unsupportedTypes(input, output)
    }
}

/// MAXIMUM and MINIMUM: one kernel, told which by the operator's code.
@Sendable private func prepareMaximumMinimum(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator {
    let isMaximum = context.opcode == .maximum
    let operands = try BinaryOperands(context)
    let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
    guard input1.type == input2.type, input1.type == output.type else { throw operands.unsupportedTypes(context) }
    let invoke: InvokeFunction
    switch output.type {
    case .int8: invoke = maxMinInt8
    case .int16: invoke = maxMinInt16
    case .int32: invoke = maxMinInt32
    case .float32: invoke = maxMinFloat
    default: throw context.unsupportedTypes(input1, input2, output)
    }
    return try context.prepared(invoke: invoke) { () throws(KernelError) in
        try MaximumMinimum(input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, isMaximum: isMaximum)
    }
}

private let tanhInt8: InvokeFunction = { invokeUnary($0, $1, Tanh.self) }

private let tanhInt16: InvokeFunction = { invokeUnary($0, $1, Int16Tanh.self) }

private let tanhFloat: InvokeFunction = { invokeUnary($0, $1, FloatTanh.self) }

private let hardSwishInt8: InvokeFunction = { invokeUnary($0, $1, HardSwish.self) }

#if !arch(arm)
    private let byteTableInt8: InvokeFunction = { invokeUnary($0, $1, HostByteTable.self) }

    extension HostByteTable: UnaryKernel {
        /// A device stores HardSwish for the same operator.
        public static var deviceStride: Int { HardSwish.deviceStride }
        public static var deviceAlignment: Int { HardSwish.deviceAlignment }
    }
#endif

private let hardSwishFloat: InvokeFunction = { invokeUnary($0, $1, FloatHardSwish.self) }

private let maxMinInt8: InvokeFunction = { invokeMaxMin($0, $1, as: Int8.self) }

private let maxMinInt16: InvokeFunction = { invokeMaxMin($0, $1, as: Int16.self) }

private let maxMinInt32: InvokeFunction = { invokeMaxMin($0, $1, as: Int32.self) }

private let maxMinFloat: InvokeFunction = { invokeMaxMin($0, $1, as: Float.self) }

/// MaximumMinimum's one generic invoke, for each element type it was prepared for.
@inline(__always)
private func invokeMaxMin<T: Comparable & BitwiseCopyable>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, as: T.Type
) -> Int32 {
    opData(data, as: MaximumMinimum.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: T.self), input2: slot(io, BinarySlots.input2, as: T.self),
        output: slot(io, BinarySlots.output, as: T.self))
    return InvokeStatus.ok
}
