import Foundation
import KingletKernels
import KingletReport
import KingletRuntime
import TFLiteModel
import Testing

/// Larq Compute Engine's models against LCE's interpreter (testdata/bnn, made by
/// tools/bnn/build_bnn_zoo.py, goldens from pip larq-compute-engine 0.16.0's interpreter with its
/// default x86 kernels): every LCE operator and every summing float builtin of every model, cut
/// out alone, on the input it had inside its model, and every whole model on its stored input,
/// must reproduce LCE's output byte for byte (the builtins with LiteRT's optimized float
/// arithmetic, PrepareContext.followsLiteRT). (tools/bnn/conformance.py --live runs the same
/// operators on fresh seeded inputs against the live interpreter.)
@Suite struct BNNZooTests {
    static let zoo = TestModels.testdata.appendingPathComponent("bnn")

    struct Operator {
        var name: String, file: String, op: String, inputs: [String], outputs: [String]
    }

    static func models() throws -> [[String: Any]] {
        let data = try Data(contentsOf: zoo.appendingPathComponent("manifest.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["models"] as? [[String: Any]])
    }

    /// The cut-out operators of every model: its LCE operators (`operators`) or its summing float
    /// builtins (`builtin_operators`).
    static func operators(_ key: String = "operators") throws -> [Operator] {
        try models().flatMap { model in
            ((model[key] as? [[String: Any]]) ?? []).map {
                Operator(
                    name: $0["name"] as? String ?? "", file: $0["file"] as? String ?? "", op: $0["op"] as? String ?? "",
                    inputs: $0["inputs"] as? [String] ?? [], outputs: $0["outputs"] as? [String] ?? [])
            }
        }
    }

    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(parsing: [UInt8](Data(contentsOf: zoo.appendingPathComponent(name))))
    }

    @Test func everyLCEOperatorIsBitExactWithLCE() throws {
        let operators = try Self.operators()
        // Each of the four operators, and every option the zoo was built to cover, is there.
        #expect(Set(operators.map(\.op)) == ["LceQuantize", "LceDequantize", "LceBconv2d", "LceBMaxPool2d"])
        #expect(operators.count >= 20)
        try Self.expectBitExact(operators)
    }

    /// The float CONV_2D, FULLY_CONNECTED, MEAN and SOFTMAX of the LCE models, alone (each cut-out
    /// model keeps the Lce operator codes, so it is still an LCE model).
    @Test func everyFloatBuiltinIsBitExactWithLCE() throws {
        let operators = try Self.operators("builtin_operators")
        #expect(Set(operators.map(\.op)) == ["CONV_2D", "FULLY_CONNECTED", "MEAN", "SOFTMAX"])
        #expect(operators.count >= 15)
        try Self.expectBitExact(operators)
    }

    /// Every whole model of the zoo, float and int8, byte for byte as LCE's interpreter runs it.
    @Test func wholeModelsAreBitExactWithLCE() throws {
        let models = try Self.models()
        #expect(models.count >= 8)
        for model in models {
            let name = model["name"] as? String ?? ""
            let file = try TestModels.load(Self.zoo.appendingPathComponent(try #require(model["file"] as? String)))
            let runner = try ModelRunner(model: file.model)
            try runner.setInput(0, try Self.npy(try #require((model["inputs"] as? [String])?.first)))
            try runner.interpreter.invoke()
            let expected = try Self.npy(try #require((model["outputs"] as? [String])?.first))
            #expect(try runner.outputArray(0).data == expected.data, "\(name)")
            withExtendedLifetime(file) {}
        }
    }

    static func expectBitExact(_ operators: [Operator]) throws {
        for entry in operators {
            let file = try TestModels.load(Self.zoo.appendingPathComponent(entry.file))
            let runner = try ModelRunner(model: file.model)
            for (position, input) in entry.inputs.enumerated() { try runner.setInput(position, try Self.npy(input)) }
            try runner.interpreter.invoke()
            let expected = try Self.npy(entry.outputs[0])
            #expect(try runner.outputArray(0).data == expected.data, "\(entry.name) (\(entry.op))")
            withExtendedLifetime(file) {}
        }
    }

    /// The int8 twins (tools/bnn/build_twins.py: each measured BNN's architecture with ordinary layers,
    /// full-int8 post-training quantization by the TF converter, golden from pip tflite-micro) run
    /// byte for byte as pip TFLM runs them.
    @Test func int8TwinsAreBitExactWithTFLM() throws {
        let data = try Data(contentsOf: Self.zoo.appendingPathComponent("twins.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let twins = try #require(root["models"] as? [[String: Any]])
        #expect(twins.count >= 2)
        for twin in twins {
            let name = twin["name"] as? String ?? ""
            let file = try TestModels.load(Self.zoo.appendingPathComponent(try #require(twin["file"] as? String)))
            let runner = try ModelRunner(model: file.model)
            try runner.setInput(0, try Self.npy(try #require((twin["inputs"] as? [String])?.first)))
            try runner.interpreter.invoke()
            let expected = try Self.npy(try #require((twin["outputs"] as? [String])?.first))
            #expect(try runner.outputArray(0).data == expected.data, "\(name)")
            withExtendedLifetime(file) {}
        }
    }

    /// LceBconv2d's zero padding is what LCE's default kernels allow: float output, no activation.
    @Test func bconvOptionsAreValidated() throws {
        #expect(throws: KernelError.self) {
            try LceBconv2dProbe.make(mode: .int8, padValues: 0)
        }
        #expect(throws: KernelError.self) {
            try LceBconv2dProbe.make(mode: .float32, padValues: 2)
        }
        #expect(throws: KernelError.self) {
            try LceBconv2dProbe.make(mode: .float32, padValues: 1, channelsIn: 33)  // 2 words, input has 1
        }
        #expect(throws: Never.self) { try LceBconv2dProbe.make(mode: .float32, padValues: 0) }
        #expect(throws: Never.self) { try LceBconv2dProbe.make(mode: .bitpacked, padValues: 1) }
    }
}

enum LceBconv2dProbe {
    /// A 3x3 SAME convolution of a [1, 4, 4, 32-channel] input to 8 channels.
    static func make(mode: LceBconv2dOutput, padValues: Int, channelsIn: Int = 32) throws {
        _ = try LceBconv2d(
            input: Dims4(1, 4, 4, 1), filter: Dims4(8, 3, 3, 1), output: Dims4(1, 4, 4, mode == .bitpacked ? 1 : 8),
            channelsIn: channelsIn, mode: mode, padding: .same, padValues: padValues, strideHeight: 1,
            strideWidth: 1, dilationHeight: 1, dilationWidth: 1, activation: 0)
    }
}
