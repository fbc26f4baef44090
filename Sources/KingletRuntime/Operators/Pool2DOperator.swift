import KingletKernels
import TFLiteModel

/// The options AVERAGE_POOL_2D and MAX_POOL_2D share.
struct PoolOptions {
    var padding: Padding
    var strideH: Int, strideW: Int, filterH: Int, filterW: Int
    var activation: FusedActivation

    init(_ context: PrepareContext) throws(RuntimeError) {
        let options = try OptionsReader(context, type: OptionsType.pool2D)
        padding = try options.padding()
        strideH = try options.int("stride_h")
        strideW = try options.int("stride_w")
        filterH = try options.int("filter_height")
        filterW = try options.int("filter_width")
        activation = try options.activation()
    }
}

extension OpRegistration {
    /// AVERAGE_POOL_2D: input [N,H,W,C] → output [N,H',W',C].
    public static let averagePool2D = OpRegistration(.averagePool2D, inputSlots: 1) { (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        let pool = try PoolOptions(context)
        let shapes = (try input.shape(), try output.shape())
        switch (input.type, output.type) {
        case (.float32, .float32):
            let kernel = try context.kernel { () throws(KernelError) in
                try FloatAveragePool2D(inputShape: shapes.0, outputShape: shapes.1, padding: pool.padding,
                                       strideHeight: pool.strideH, strideWidth: pool.strideW,
                                       filterHeight: pool.filterH, filterWidth: pool.filterW, activation: pool.activation)
            }
            return PreparedOperator(opData: UnsafeMutableRawPointer(context.store(kernel)), invoke: averagePoolFloat)
        default:
            throw context.unsupportedTypes(input, output)
        }
    }

    /// MAX_POOL_2D: input [N,H,W,C] → output [N,H',W',C].
    public static let maxPool2D = OpRegistration(.maxPool2D, inputSlots: 1) { (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 1...1)
        let input = try context.input(0), output = try context.output(0)
        let pool = try PoolOptions(context)
        let shapes = (try input.shape(), try output.shape())
        switch (input.type, output.type) {
        case (.float32, .float32):
            let kernel = try context.kernel { () throws(KernelError) in
                try FloatMaxPool2D(inputShape: shapes.0, outputShape: shapes.1, padding: pool.padding,
                                   strideHeight: pool.strideH, strideWidth: pool.strideW,
                                   filterHeight: pool.filterH, filterWidth: pool.filterW, activation: pool.activation)
            }
            return PreparedOperator(opData: UnsafeMutableRawPointer(context.store(kernel)), invoke: maxPoolFloat)
        default:
            throw context.unsupportedTypes(input, output)
        }
    }
}

private let averagePoolFloat: InvokeFunction = { data, io in
    opData(data, as: FloatAveragePool2D.self).pointee.invoke(input: slot(io, 0, as: Float.self), output: slot(io, 1, as: Float.self))
    return InvokeStatus.ok
}

private let maxPoolFloat: InvokeFunction = { data, io in
    opData(data, as: FloatMaxPool2D.self).pointee.invoke(input: slot(io, 0, as: Float.self), output: slot(io, 1, as: Float.self))
    return InvokeStatus.ok
}
