import KingletKernels
import KingletRuntime
import KingletTestSupport
import TFLiteModel
import Testing

/// The BATCH_MATMUL registration's wiring (tensors, slots, adj_x / adj_y options): a model run by
/// the interpreter gives what the kernel (checked against pip TFLM in BatchMatMulTests) gives on
/// the same operands.
@Suite struct BatchMatMulRegistrationTests {
    /// A float32 model: lhs [1, 2, 3] × rhs (adjY ? [1, 2, 3] : [1, 3, 2]) → output [1, 2, 2].
    static func model(adjY: Bool) -> [UInt8] {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 126, builtinCode: 126, version: 1)]
        spec.subgraphs = [
            .init(
                tensors: [
                    .init("lhs", type: 0, shape: [1, 2, 3]),
                    .init("rhs", type: 0, shape: adjY ? [1, 2, 3] : [1, 3, 2]),
                    .init("out", type: 0, shape: [1, 2, 2]),
                ],
                inputs: [0, 1], outputs: [2],
                operators: [
                    .init(
                        opcodeIndex: 0, inputs: [0, 1], outputs: [2], optionsType: 101,
                        options: [(0, .bool(false)), (1, .bool(adjY))])
                ])
        ]
        return spec.build().bytes
    }

    @Test(arguments: [false, true]) func matchesTheKernel(adjY: Bool) throws {
        let file = try ModelFile(copying: Self.model(adjY: adjY))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: file.model, arena: arena, resolver: OpResolver([.batchMatMul]))
        let lhs: [Float] = [1, -2, 3, 0.5, 4, -1]
        let rhs: [Float] = [2, 1, -1, 3, 0.25, -2]
        try interpreter.setInput(0, bytes: lhs.withUnsafeBytes { Array($0) })
        try interpreter.setInput(1, bytes: rhs.withUnsafeBytes { Array($0) })
        try interpreter.invoke()
        let index = try #require(interpreter.outputTensorIndex(0))
        let data = try #require(interpreter.data(ofTensor: index)).assumingMemoryBound(to: Float.self)
        let actual = (0..<4).map { data[$0] }

        var shapes = (Shape(), Shape(), Shape())
        for d in [1, 2, 3] { try shapes.0.append(d) }
        for d in (adjY ? [1, 2, 3] : [1, 3, 2]) { try shapes.1.append(d) }
        for d in [1, 2, 2] { try shapes.2.append(d) }
        let kernel = try BatchMatMul.float32(lhs: shapes.0, rhs: shapes.1, output: shapes.2, adjX: false, adjY: adjY)
        var expected = [Float](repeating: 0, count: 4)
        lhs.withUnsafeBufferPointer { l in
            rhs.withUnsafeBufferPointer { r in
                expected.withUnsafeMutableBufferPointer { o in
                    kernel.invoke(lhs: l.baseAddress!, rhs: r.baseAddress!, output: o.baseAddress!)
                }
            }
        }
        #expect(actual == expected)
        // And by hand for the plain case: row j of lhs times column i of rhs.
        if !adjY {
            let byHand: [Float] = [4.75, -11, -3.25, 14.5]  // [1,-2,3]·[2,-1,0.25], [1,-2,3]·[1,3,-2], ...
            #expect(actual == byHand)
        }
        withExtendedLifetime(file) {}
    }
}
