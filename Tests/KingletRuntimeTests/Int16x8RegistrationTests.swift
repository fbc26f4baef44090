import KingletKernels
import KingletRuntime
import KingletTestSupport
import TFLiteModel
import Testing

/// The 16x8 wiring of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED (the arithmetic is checked
/// against pip TFLM in the kernels' int16x8 tests): the bias types each accepts, as TFLM's
/// kernels take them, and the int8-only registrations refusing int16 tensors. One pixel, one
/// channel, every scale 1: the output is x · w + bias exactly on both the int32 and the int64 path.
@Suite struct Int16x8RegistrationTests {
    enum Op { case conv, depthwise, fullyConnected }

    /// x [1,1,1,1] int16 · w = 3 (int8) + bias 7 of `biasType` (nil: no bias) → int16.
    static func model(_ op: Op, biasType: Int8?) -> [UInt8] {
        let unit = TestModel.Quantization(scale: [1], zeroPoint: [0])
        let shape: [Int32] = op == .fullyConnected ? [1, 1] : [1, 1, 1, 1]
        var spec = TestModel()
        let code: Int8 = op == .conv ? 3 : op == .depthwise ? 4 : 9
        spec.operatorCodes = [.init(deprecatedBuiltinCode: code, builtinCode: Int32(code), version: 1)]
        var biasBytes: [UInt8] = []
        if let biasType {
            let width = biasType == 4 ? 8 : biasType == 2 ? 4 : 2
            biasBytes = [7] + [UInt8](repeating: 0, count: width - 1)
        }
        spec.buffers = [.init(), .init(data: [3]), .init(data: biasBytes)]
        var tensors: [TestModel.TensorSpec] = [
            .init("x", type: 7, shape: shape, quantization: unit),
            .init("w", type: 9, shape: shape, buffer: 1, quantization: unit),
            .init("y", type: 7, shape: shape, quantization: unit),
        ]
        var inputs: [Int32] = [0, 1]
        if let biasType {
            tensors.append(.init("b", type: biasType, shape: [1], buffer: 2, quantization: unit))
            inputs.append(3)
        }
        let options: (UInt8, [(Int, FlatBufferWriter.Value)]) =
            switch op {
            case .conv: (1, [(0, .i8(1)), (1, .i32(1)), (2, .i32(1))])
            case .depthwise: (2, [(0, .i8(1)), (1, .i32(1)), (2, .i32(1)), (3, .i32(1))])
            case .fullyConnected: (8, [])
            }
        spec.subgraphs = [
            .init(
                tensors: tensors, inputs: [0], outputs: [2],
                operators: [
                    .init(opcodeIndex: 0, inputs: inputs, outputs: [2], optionsType: options.0, options: options.1)
                ])
        ]
        return spec.build().bytes
    }

    static func run(_ op: Op, biasType: Int8?, registration: OpRegistration) throws -> Int16 {
        let file = try ModelFile(copying: model(op, biasType: biasType))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 14, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: file.model, arena: arena, resolver: OpResolver([registration]))
        try interpreter.setInput(0, [Int16(100)])
        try interpreter.invoke()
        let index = try #require(interpreter.outputTensorIndex(0))
        return try #require(interpreter.data(ofTensor: index)).assumingMemoryBound(to: Int16.self).pointee
    }

    static func registration(_ op: Op, int8Only: Bool = false) -> OpRegistration {
        switch op {
        case .conv: int8Only ? .conv2DInt8 : .conv2D
        case .depthwise: int8Only ? .depthwiseConv2DInt8 : .depthwiseConv2D
        case .fullyConnected: int8Only ? .fullyConnectedInt8 : .fullyConnected
        }
    }

    @Test(arguments: [Op.conv, .depthwise, .fullyConnected])
    func int64BiasOrNone(_ op: Op) throws {
        #expect(try Self.run(op, biasType: 4, registration: Self.registration(op)) == 307)
        #expect(try Self.run(op, biasType: nil, registration: Self.registration(op)) == 300)
    }

    /// CONV_2D and FULLY_CONNECTED take an int32 bias (int32 sums); DEPTHWISE_CONV_2D would read
    /// it as int64, so it is refused.
    @Test(arguments: [Op.conv, .fullyConnected])
    func int32Bias(_ op: Op) throws {
        #expect(try Self.run(op, biasType: 2, registration: Self.registration(op)) == 307)
    }

    @Test func depthwiseRefusesInt32Bias() {
        #expect(throws: RuntimeError.self) { try Self.run(.depthwise, biasType: 2, registration: .depthwiseConv2D) }
    }

    @Test(arguments: [Op.conv, .depthwise, .fullyConnected])
    func refusesInt16Bias(_ op: Op) {
        #expect(throws: RuntimeError.self) { try Self.run(op, biasType: 7, registration: Self.registration(op)) }
    }

    @Test(arguments: [Op.conv, .depthwise, .fullyConnected])
    func int8OnlyRegistrationRefusesInt16(_ op: Op) {
        #expect(throws: RuntimeError.self) {
            try Self.run(op, biasType: 4, registration: Self.registration(op, int8Only: true))
        }
    }
}
