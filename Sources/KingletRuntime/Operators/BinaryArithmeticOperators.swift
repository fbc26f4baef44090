import KingletKernels
import TFLiteModel

// ADD, MUL and SUB: two inputs with numpy broadcasting, one output, a fused activation option.
// ADD and MUL have the same kernels' shape (int8 and float32), so one prepare builds either;
// SUB adds int16 and int32 kernels.

extension OpRegistration {
    /// ADD: two inputs with numpy broadcasting, one output.
    public static let add = OpRegistration(.add, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareBinaryArithmetic(
            &context, AddOptions.self, int8: (Add.self, addInt8), float: (FloatAdd.self, addFloat))
    }

    /// MUL: two inputs with numpy broadcasting, one output.
    public static let mul = OpRegistration(.mul, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try prepareBinaryArithmetic(
            &context, MulOptions.self, int8: (Mul.self, mulInt8), float: (FloatMul.self, mulFloat))
    }

    /// SUB: two inputs with numpy broadcasting.
    public static let sub = OpRegistration(.sub, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        let operands = try BinaryOperands(context)
        let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
        let activation = try context.activation(try context.options(SubOptions.self).fusedActivationFunction)
        switch (input1.type, input2.type, output.type) {
        case (.int8, .int8, .int8), (.int16, .int16, .int16):
            let int16 = input1.type == .int16
            return try context.prepared(invoke: int16 ? subInt16 : subInt8) { () throws(KernelError) in
                try Sub(
                    input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                    input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                    outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                    activation: activation, int16: int16)
            }
        case (.float32, .float32, .float32):
            return try context.prepared(invoke: subFloat) { () throws(KernelError) in
                try FloatSub(
                    input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
            }
        case (.int32, .int32, .int32):
            return try context.prepared(invoke: subInt32) { () throws(KernelError) in
                try Int32Sub(
                    input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
            }
        default:
            throw context.unsupportedTypes(input1, input2, output)
        }
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

/// ADD's and MUL's int8 kernels, made from the operands' shapes, scales and zero points.
protocol QuantizedBinaryKernel: BinaryKernel where Element == Int8 {
    init(
        input1Shape: Shape, input1Scale: Float, input1ZeroPoint: Int32,
        input2Shape: Shape, input2Scale: Float, input2ZeroPoint: Int32,
        outputShape: Shape, outputScale: Float, outputZeroPoint: Int32,
        activation: FusedActivation
    ) throws(KernelError)
}

extension Add: QuantizedBinaryKernel {}
extension Mul: QuantizedBinaryKernel {}
extension FloatAdd: BinaryKernel {}
extension FloatMul: BinaryKernel {}
extension FloatSub: BinaryKernel {}
extension Int32Sub: BinaryKernel {}

/// SUB's int8/int16 kernel, MAXIMUM/MINIMUM's kernel: one generic invoke for several element types.
protocol IntegerBinaryKernel: DeviceLayout {
    func invoke<T: FixedWidthInteger & SignedInteger>(
        input1: UnsafePointer<T>, input2: UnsafePointer<T>, output: UnsafeMutablePointer<T>)
}

extension Sub: IntegerBinaryKernel {}

private func prepareBinaryArithmetic<
    Options: FusedActivationOptions, Quantized: QuantizedBinaryKernel, Real: FloatBinaryKernel & BinaryKernel
>(
    _ context: inout PrepareContext, _: Options.Type, int8: (Quantized.Type, InvokeFunction),
    float: (Real.Type, InvokeFunction)
) throws(RuntimeError) -> PreparedOperator {
    let operands = try BinaryOperands(context)
    let input1 = operands.input1, input2 = operands.input2, output = operands.output, shapes = operands.shapes
    let activation = try context.activation(try context.options(Options.self).fusedActivationFunction)
    switch (input1.type, input2.type, output.type) {
    case (.int8, .int8, .int8):
        return try context.prepared(invoke: int8.1) { () throws(KernelError) in
            try Quantized(
                input1Shape: shapes.0, input1Scale: input1.scale, input1ZeroPoint: input1.zeroPoint,
                input2Shape: shapes.1, input2Scale: input2.scale, input2ZeroPoint: input2.zeroPoint,
                outputShape: shapes.2, outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: activation)
        }
    case (.float32, .float32, .float32):
        return try context.prepared(invoke: float.1) { () throws(KernelError) in
            try Real(input1Shape: shapes.0, input2Shape: shapes.1, outputShape: shapes.2, activation: activation)
        }
    default:
        throw operands.unsupportedTypes(context)
    }
}

@inline(__always)
private func invokeBinary<Kernel: BinaryKernel>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: Kernel.Element.self),
        input2: slot(io, BinarySlots.input2, as: Kernel.Element.self),
        output: slot(io, BinarySlots.output, as: Kernel.Element.self))
    return InvokeStatus.ok
}

@inline(__always)
private func invokeBinary<Kernel: IntegerBinaryKernel, T: FixedWidthInteger & SignedInteger>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type, as: T.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input1: slot(io, BinarySlots.input1, as: T.self), input2: slot(io, BinarySlots.input2, as: T.self),
        output: slot(io, BinarySlots.output, as: T.self))
    return InvokeStatus.ok
}

private let addInt8: InvokeFunction = { invokeBinary($0, $1, Add.self) }
private let addFloat: InvokeFunction = { invokeBinary($0, $1, FloatAdd.self) }
private let mulInt8: InvokeFunction = { invokeBinary($0, $1, Mul.self) }
private let mulFloat: InvokeFunction = { invokeBinary($0, $1, FloatMul.self) }
private let subFloat: InvokeFunction = { invokeBinary($0, $1, FloatSub.self) }

private let subInt8: InvokeFunction = { invokeBinary($0, $1, Sub.self, as: Int8.self) }

private let subInt16: InvokeFunction = { invokeBinary($0, $1, Sub.self, as: Int16.self) }

private let subInt32: InvokeFunction = { invokeBinary($0, $1, Int32Sub.self) }
