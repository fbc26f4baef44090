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

extension OpRegistration {
    /// AVERAGE_POOL_2D: input [N,H,W,C] → output [N,H',W',C].
    public static let averagePool2D = OpRegistration(.averagePool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try preparePool2D(&context, AllTypes.self, AveragePool.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let averagePool2DInt8 = OpRegistration(.averagePool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try preparePool2D(&context, Int8Only.self, AveragePool.self)
    }

    /// MAX_POOL_2D: input [N,H,W,C] → output [N,H',W',C].
    public static let maxPool2D = OpRegistration(.maxPool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try preparePool2D(&context, AllTypes.self, MaxPool.self)
    }

    /// The same for int8 tensors only (TFLM's `Register_..._INT8`): a firmware that registers it
    /// links no float kernel.
    public static let maxPool2DInt8 = OpRegistration(.maxPool2D, inputSlots: 1) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try preparePool2D(&context, Int8Only.self, MaxPool.self)
    }
}

/// One pool kind's kernels and their invoke functions. Reached only through the type, so an
/// int8-only registration (whose float branch is compiled out) links no float kernel.
private protocol PoolKind {
    associatedtype Int8Kernel: QuantizedPool2D & DeviceLayout
    associatedtype FloatKernel: FloatPool2D & DeviceLayout
    static var int8Invoke: InvokeFunction { get }
    static var floatInvoke: InvokeFunction { get }
}

private enum AveragePool: PoolKind {
    typealias Int8Kernel = AveragePool2D
    typealias FloatKernel = FloatAveragePool2D
    static var int8Invoke: InvokeFunction { { invokeUnary($0, $1, AveragePool2D.self) } }
    static var floatInvoke: InvokeFunction { { invokeUnary($0, $1, FloatAveragePool2D.self) } }
}

private enum MaxPool: PoolKind {
    typealias Int8Kernel = MaxPool2D
    typealias FloatKernel = FloatMaxPool2D
    static var int8Invoke: InvokeFunction { { invokeUnary($0, $1, MaxPool2D.self) } }
    static var floatInvoke: InvokeFunction { { invokeUnary($0, $1, FloatMaxPool2D.self) } }
}

private func preparePool2D<Types: TypeSupport, Kind: PoolKind>(
    _ context: inout PrepareContext, _: Types.Type, _: Kind.Type
) throws(RuntimeError) -> PreparedOperator {
    try context.expect(inputs: 1...1)
    let input = try context.input(0), output = try context.output(0)
    let pool = try PoolOptions(context)
    let shapes = (try input.shape(), try output.shape())
    switch (input.type, output.type) {
    case (.int8, .int8):
        let dims = (try input.dims4(context, .input), try output.dims4(context, .output))
        return try context.prepared(invoke: Kind.int8Invoke) { () throws(KernelError) in
            try Kind.Int8Kernel(
                inputScale: input.scale, inputZeroPoint: input.zeroPoint,
                outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                activation: pool.activation, padding: pool.padding,
                strideHeight: pool.strideH, strideWidth: pool.strideW,
                filterHeight: pool.filterH, filterWidth: pool.filterW, input: dims.0, output: dims.1)
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
