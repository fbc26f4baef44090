import KingletKernels
import TFLiteModel

/// The options AVERAGE_POOL_2D and MAX_POOL_2D share.
struct PoolOptions {
    var padding: Padding
    var strideH: Int, strideW: Int, filterH: Int, filterW: Int
    var activation: FusedActivation

    init(_ context: PrepareContext) throws(RuntimeError) {
        let options = try context.options(Pool2DOptions.self)
        padding = try context.padding(options.padding)
        strideH = Int(options.strideH)
        strideW = Int(options.strideW)
        filterH = Int(options.filterHeight)
        filterW = Int(options.filterWidth)
        activation = try context.activation(options.fusedActivationFunction)
    }
}

// Each registration is one `OpRegistration(.code, ...)` line (tools/device/build_lib.sh reads the
// operator code from it); the prepare closures come from the pool kind.
extension OpRegistration {
    /// AVERAGE_POOL_2D: input [N,H,W,C] → output [N,H',W',C] (float32, int8, int16).
    public static let averagePool2D = OpRegistration(.averagePool2D, inputSlots: 1, prepare: AveragePool2D.allTypes)

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float or int16 kernel.
    public static let averagePool2DInt8 = OpRegistration(.averagePool2D, inputSlots: 1, prepare: AveragePool2D.int8Only)

    /// MAX_POOL_2D: input [N,H,W,C] → output [N,H',W',C] (float32, int8, int16).
    public static let maxPool2D = OpRegistration(.maxPool2D, inputSlots: 1, prepare: MaxPool2D.allTypes)

    /// The same for int8 tensors only.
    public static let maxPool2DInt8 = OpRegistration(.maxPool2D, inputSlots: 1, prepare: MaxPool2D.int8Only)
}

extension PoolKind {
    static func prepare<Types: TypeSupport>(
        _ context: inout PrepareContext, _: Types.Type
    ) throws(RuntimeError) -> PreparedOperator {
        try preparePool2D(&context, Types.self, Self.self)
    }
}

/// One pool kind: its quantized kernel (the conforming type), its float kernel and their invoke
/// functions. Reached only through the type, so an int8-only registration (whose float and int16
/// branches are compiled out) links neither.
private protocol PoolKind: TypedPrepare, QuantizedPool2D, DeviceLayout {
    associatedtype FloatKernel: FloatPool2D & DeviceLayout
    static var int8Invoke: InvokeFunction { get }
    static var int16Invoke: InvokeFunction { get }
    static var floatInvoke: InvokeFunction { get }
}

extension AveragePool2D: PoolKind {
    typealias FloatKernel = FloatAveragePool2D
    static var int8Invoke: InvokeFunction { { invokeUnary($0, $1, AveragePool2D.self) } }
    static var int16Invoke: InvokeFunction { { invokeInt16Pool($0, $1, AveragePool2D.self) } }
    static var floatInvoke: InvokeFunction { { invokeUnary($0, $1, FloatAveragePool2D.self) } }
}

extension MaxPool2D: PoolKind {
    typealias FloatKernel = FloatMaxPool2D
    static var int8Invoke: InvokeFunction { { invokeUnary($0, $1, MaxPool2D.self) } }
    static var int16Invoke: InvokeFunction { { invokeInt16Pool($0, $1, MaxPool2D.self) } }
    static var floatInvoke: InvokeFunction { { invokeUnary($0, $1, FloatMaxPool2D.self) } }
}

// The quantized pool kernels overload invoke for int8 and int16: UnaryKernel takes the int8 one.
extension AveragePool2D: UnaryKernel, Int16Pool {
    typealias Input = Int8
    typealias Output = Int8
}

extension MaxPool2D: UnaryKernel, Int16Pool {
    typealias Input = Int8
    typealias Output = Int8
}

/// The int16 invoke of a quantized pool kernel.
private protocol Int16Pool: DeviceLayout {
    func invoke(input: UnsafePointer<Int16>, output: UnsafeMutablePointer<Int16>)
}

@inline(__always)
private func invokeInt16Pool<Kernel: Int16Pool>(
    _ data: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?, _: Kernel.Type
) -> Int32 {
    opData(data, as: Kernel.self).pointee.invoke(
        input: slot(io, UnarySlots.input, as: Int16.self), output: slot(io, UnarySlots.output, as: Int16.self))
    return InvokeStatus.ok
}

private func preparePool2D<Types: TypeSupport, Kind: PoolKind>(
    _ context: inout PrepareContext, _: Types.Type, _: Kind.Type
) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    let pool = try PoolOptions(context)
    let shapes = (try input.shape(), try output.shape())
    switch (input.type, output.type) {
    case (.int8, .int8),
        (.int16, .int16) where Types.int16:
        let int16 = Types.int16 && input.type == .int16  // constant false for Int8Only: no int16 code
        let dims = (try input.dims4(context, .input), try output.dims4(context, .output))
        return try context.prepared(invoke: int16 ? Kind.int16Invoke : Kind.int8Invoke) { () throws(KernelError) in
            try Kind(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: pool.activation, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, input: dims.0, output: dims.1,
                int16: int16)
        }
    case (.float32, .float32) where Types.float:
        return try context.prepared(invoke: Kind.floatInvoke) { () throws(KernelError) in
            try Kind.FloatKernel(
                inputShape: shapes.0, outputShape: shapes.1, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, activation: pool.activation)
        }
    default:
        throw context.unsupportedTypes(input, output)
    }
}
