import KingletKernels
import TFLiteModel

// ADD, MUL and SUB: two inputs with numpy broadcasting, one output, a fused activation option.
// Their kernels have the same shape (int8/int16, int32 and float32), so one prepare builds each.

extension OpRegistration {
    /// ADD: two inputs with numpy broadcasting, one output.
    public static let add = OpRegistration(.add, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareBinaryArithmetic(
            &context, AddOptions.self, quantized: (Add.self, addInt8, addInt16), int32: (Int32Add.self, addInt32),
            float: (FloatAdd.self, addFloat), int32Unquantized: true)
    }

    /// MUL: two inputs with numpy broadcasting, one output.
    public static let mul = OpRegistration(.mul, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        // An LCE model follows LiteRT's optimized int8 MUL (MulLiteRT.swift).
        if context.followsLiteRT, let prepared = try prepareMulLiteRT(&context) { return prepared }
        return try prepareBinaryArithmetic(
            &context, MulOptions.self, quantized: (Mul.self, mulInt8, mulInt16), int32: (Int32Mul.self, mulInt32),
            float: (FloatMul.self, mulFloat), int32Unquantized: false)
    }

    /// SUB: two inputs with numpy broadcasting.
    public static let sub = OpRegistration(.sub, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareBinaryArithmetic(
            &context, SubOptions.self, quantized: (Sub.self, subInt8, subInt16), int32: (Int32Sub.self, subInt32),
            float: (FloatSub.self, subFloat), int32Unquantized: false)
    }
}

/// The options of ADD, MUL and SUB: each has a fused activation.
protocol FusedActivationOptions: OptionsTable {
    var fusedActivationFunction: Int8 { get }
}

extension AddOptions: FusedActivationOptions {}
extension MulOptions: FusedActivationOptions {}
extension SubOptions: FusedActivationOptions {}

/// A kernel over two broadcast inputs of one element type.
protocol BinaryKernel: DeviceLayout {
    associatedtype Element
    func invoke(input1: UnsafePointer<Element>, input2: UnsafePointer<Element>, output: UnsafeMutablePointer<Element>)
}

/// ADD's, MUL's and SUB's int8/int16 kernels, made from the operands' shapes, scales and zero points.
protocol QuantizedBinaryKernel: IntegerBinaryKernel, ElementwiseQuantizedKernel {
    init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation, int16: Bool
    ) throws(KernelError)
}

/// The broadcast plan and the one-element function of ADD's, MUL's and SUB's int8/int16 kernels.
protocol ElementwiseQuantizedKernel {
    var broadcastPlan: BroadcastPlan { get }
    /// The clamped output of one pair of inputs, widened to int32.
    func element(_ x1: Int32, _ x2: Int32) -> Int32
}

extension Add: ElementwiseQuantizedKernel {
    var broadcastPlan: BroadcastPlan { arithmetic.plan }
    func element(_ x1: Int32, _ x2: Int32) -> Int32 { evaluate(x1, x2) }
}

extension Sub: ElementwiseQuantizedKernel {
    var broadcastPlan: BroadcastPlan { arithmetic.plan }
    func element(_ x1: Int32, _ x2: Int32) -> Int32 { evaluate(x1, x2) }
}

extension Mul: ElementwiseQuantizedKernel {
    var broadcastPlan: BroadcastPlan { plan }
    func element(_ x1: Int32, _ x2: Int32) -> Int32 { multiply(x1, x2) }
}

#if !arch(arm)
    /// A HostPairTable stored for a `Kernel` operator: the device's op data is Kernel's, so the
    /// device tally stays exact. Its only stored property is the table, so the op data is read as
    /// a HostPairTable (one invoke function for ADD, SUB and MUL).
    struct HostPairTabled<Kernel: DeviceLayout>: DeviceLayout {
        let table: HostPairTable
        static var deviceStride: Int { Kernel.deviceStride }
        static var deviceAlignment: Int { Kernel.deviceAlignment }
    }

    private let hostPairTableInvoke: InvokeFunction = { data, io in
        opData(data, as: HostPairTable.self).pointee.invoke(
            input1: slot(io, BinarySlots.input1, as: Int8.self), input2: slot(io, BinarySlots.input2, as: Int8.self),
            output: slot(io, BinarySlots.output, as: Int8.self))
        return InvokeStatus.ok
    }
#endif

/// ADD's, MUL's and SUB's int32 (unquantized) kernels.
protocol Int32BinaryKernel: BinaryKernel where Element == Int32 {
    init(input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation: FusedActivation) throws(KernelError)
}

extension Add: QuantizedBinaryKernel {}
extension Mul: QuantizedBinaryKernel {}
extension Sub: QuantizedBinaryKernel {}
extension FloatAdd: BinaryKernel {}
extension FloatMul: BinaryKernel {}
extension FloatSub: BinaryKernel {}
extension Int32Sub: Int32BinaryKernel {}
extension FloatDiv: BinaryKernel {}
extension Int32Mul: Int32BinaryKernel {}
extension Int32Add: Int32BinaryKernel {
    /// TFLM's int32 ADD ignores the fused activation (see Int32Add).
    init(
        input1Shape: Shape, input2Shape: Shape, outputShape: Shape, activation _: FusedActivation
    ) throws(KernelError) {
        try self.init(input1Shape: input1Shape, input2Shape: input2Shape, outputShape: outputShape)
    }
}

/// The int8/int16 kernels of ADD, MUL and SUB: one generic invoke for several element types.
protocol IntegerBinaryKernel: DeviceLayout {
    func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>)
}

/// - Parameter int32Unquantized: ADD's int32 kernel requires unquantized inputs (TFLM: "Only
///   support int32 unquantized add for now").
private func prepareBinaryArithmetic<
    Options: FusedActivationOptions, Quantized: QuantizedBinaryKernel, Integer: Int32BinaryKernel,
    Real: FloatBinaryKernel & BinaryKernel
>(
    _ context: inout PrepareContext, _: Options.Type, quantized: (Quantized.Type, InvokeFunction, InvokeFunction),
    int32: (Integer.Type, InvokeFunction), float: (Real.Type, InvokeFunction), int32Unquantized: Bool
) throws(RuntimeError) -> PreparedOperator {
    let operands = try BinaryOperands(context)
    let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
    let activation = try context.activation(try context.options(Options.self).fusedActivationFunction)
    switch (input1.type, input2.type, output.type) {
    case (.int8, .int8, .int8), (.int16, .int16, .int16):
        let int16 = input1.type == .int16
        let kernel = try context.kernel { () throws(KernelError) in
            try Quantized(
                input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: activation, int16: int16)
        }
        #if !arch(arm) && !KINGLET_REFERENCE_KERNELS
            // Host only: a large int8 operation as a table of its outputs (HostPairTable.swift).
            if !int16 && HostPairTable.applies(kernel.broadcastPlan) {
                let host = try context.hostPersistentBytes(HostPairTable.bytes)
                let table = HostPairTable(plan: kernel.broadcastPlan, host: host) { kernel.element($0, $1) }
                return try context.prepared(HostPairTabled<Quantized>(table: table), invoke: hostPairTableInvoke)
            }
        #endif
        return try context.prepared(kernel, invoke: int16 ? quantized.2 : quantized.1)
    case (.int32, .int32, .int32):
        if int32Unquantized {
            guard input1.quantization == nil, input2.quantization == nil else {
                throw operands.unsupportedTypes(context)
            }
        }
        return try context.prepared(invoke: int32.1) { () throws(KernelError) in
            try Integer(input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
        }
    case (.float32, .float32, .float32):
        return try context.prepared(invoke: float.1) { () throws(KernelError) in
            try Real(input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
        }
    default:
        throw operands.unsupportedTypes(context)
    }
}

/// LiteRT's int8 MUL for an LCE model; nil unless all three tensors are int8.
private func prepareMulLiteRT(_ context: inout PrepareContext) throws(RuntimeError) -> PreparedOperator? {
    let operands = try BinaryOperands(context)
    let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
    guard input1.type == .int8, input2.type == .int8, output.type == .int8 else { return nil }
    let activation = try context.activation(try context.options(MulOptions.self).fusedActivationFunction)
    let kernel = try context.kernel { () throws(KernelError) in
        try MulLiteRT(
            input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
            input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
            outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
            activation: activation)
    }
    #if !arch(arm) && !KINGLET_REFERENCE_KERNELS
        // Host only: the pair table, when no output depends on its lane (block or leftover).
        if HostPairTable.applies(kernel.plan) && kernel.sameInEveryLane {
            let host = try context.hostPersistentBytes(HostPairTable.bytes)
            let table = HostPairTable(plan: kernel.plan, host: host) { kernel.element($0, $1) }
            return try context.prepared(HostPairTabled<MulLiteRT>(table: table), invoke: hostPairTableInvoke)
        }
    #endif
    return try context.prepared(kernel, invoke: mulInt8LiteRT)
}

private let mulInt8LiteRT: InvokeFunction = { data, io in
    opData(data, as: MulLiteRT.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Int8.self), input2: slot(io, BinarySlots.input2, as: Int8.self),
        output: slot(io, BinarySlots.output, as: Int8.self))
    return InvokeStatus.ok
}

/// The body of a `BinaryKernel`'s invoke function.
@inline(__always)
func invokeBinary<Kernel: BinaryKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Kernel.Element.self),
        input2: slot(io, BinarySlots.input2, as: Kernel.Element.self),
        output: slot(io, BinarySlots.output, as: Kernel.Element.self))
    return InvokeStatus.ok
}

/// The body of an `IntegerBinaryKernel`'s invoke function for `T` elements.
@inline(__always)
func invokeBinary<Kernel: IntegerBinaryKernel, T: FixedWidthInteger & SignedInteger>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, as: T.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: T.self), input2: slot(io, BinarySlots.input2, as: T.self),
        output: slot(io, BinarySlots.output, as: T.self))
    return InvokeStatus.ok
}

private let addInt8: InvokeFunction = { invokeBinary($0, $1, Add.self, as: Int8.self) }
private let addInt16: InvokeFunction = { invokeBinary($0, $1, Add.self, as: Int16.self) }
private let addInt32: InvokeFunction = { invokeBinary($0, $1, Int32Add.self) }
private let addFloat: InvokeFunction = { invokeBinary($0, $1, FloatAdd.self) }
private let mulInt8: InvokeFunction = { invokeBinary($0, $1, Mul.self, as: Int8.self) }
private let mulInt16: InvokeFunction = { invokeBinary($0, $1, Mul.self, as: Int16.self) }
private let mulInt32: InvokeFunction = { invokeBinary($0, $1, Int32Mul.self) }
private let mulFloat: InvokeFunction = { invokeBinary($0, $1, FloatMul.self) }
private let subFloat: InvokeFunction = { invokeBinary($0, $1, FloatSub.self) }
private let subInt8: InvokeFunction = { invokeBinary($0, $1, Sub.self, as: Int8.self) }
private let subInt16: InvokeFunction = { invokeBinary($0, $1, Sub.self, as: Int16.self) }
private let subInt32: InvokeFunction = { invokeBinary($0, $1, Int32Sub.self) }

/// The body of an invoke function for a kernel over two inputs of one element type whose invoke is
/// overloaded by it: `call` names the overload (non-escaping and inlined: nothing allocates).
@inline(__always)
func invokeBinary<Kernel, T>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, as: T.Type,
    _ call: (Kernel, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
) -> Int32 {
    call(
        opData(data, as: Kernel.self).pointee, UnsafePointer(slot(io, BinarySlots.input1, as: T.self)),
        UnsafePointer(slot(io, BinarySlots.input2, as: T.self)), slot(io, BinarySlots.output, as: T.self))
    return InvokeStatus.ok
}
