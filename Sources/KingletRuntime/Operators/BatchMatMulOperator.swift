import KingletKernels
import TFLiteModel

extension OpRegistration {
    /// BATCH_MATMUL: lhs × rhs over broadcast batch dimensions; adj_x / adj_y transpose the last
    /// two dimensions of lhs / rhs. float32, int8 and int16 (one type for all three tensors).
    public static let batchMatMul = OpRegistration(.batchMatMul, inputSlots: 2) {
        (context: inout PrepareContext) throws(RuntimeError) in
        try context.expect(inputs: 2...2)
        let lhs = try context.input(0), rhs = try context.input(1), output = try context.output(0)
        let options = try context.options(BatchMatMulOptions.self)
        let shapes = (try lhs.shape(), try rhs.shape(), try output.shape())
        let kernel: BatchMatMul
        let invoke: InvokeFunction
        switch (lhs.type, rhs.type, output.type) {
        case (.float32, .float32, .float32):
            kernel = try context.kernel { () throws(KernelError) in
                try BatchMatMul.float32(
                    lhs: shapes.0, rhs: shapes.1, output: shapes.2, adjX: options.adjX, adjY: options.adjY)
            }
            invoke = batchMatMulInvoke.float
        case (.int8, .int8, .int8), (.int16, .int16, .int16):
            // The two quantized kernels take the same parameters.
            let int8 = lhs.type == .int8
            let make = int8 ? BatchMatMul.int8 : BatchMatMul.int16
            kernel = try context.kernel { () throws(KernelError) in
                try make(
                    shapes.0, lhs.scale, lhs.zeroPoint, shapes.1, rhs.scale, rhs.zeroPoint,
                    shapes.2, output.scale, output.zeroPoint, options.adjX, options.adjY)
            }
            invoke = int8 ? batchMatMulInvoke.int8 : batchMatMulInvoke.int16
        default:
            throw context.unsupportedTypes(lhs, rhs, output)
        }
        return try context.prepared(kernel, invoke: invoke)
    }
}

/// The float32, int8 and int16 invoke functions (the kernel overloads invoke by element type).
private let batchMatMulInvoke: (float: InvokeFunction, int8: InvokeFunction, int16: InvokeFunction) = (
    { invokeBinary($0, $1, BatchMatMul.self, as: Float.self) { $0.invoke(lhs: $1, rhs: $2, output: $3) } },
    { invokeBinary($0, $1, BatchMatMul.self, as: Int8.self) { $0.invoke(lhs: $1, rhs: $2, output: $3) } },
    { invokeBinary($0, $1, BatchMatMul.self, as: Int16.self) { $0.invoke(lhs: $1, rhs: $2, output: $3) } }
)
