import Foundation
import KingletKernels
import KingletReport
import KingletRuntime
import TFLiteModel
import Testing

/// Larq Compute Engine's operators against LCE's interpreter: every LCE operator of every model in
/// testdata/bnn (made by tools/bnn/build_bnn_zoo.py, goldens from pip larq-compute-engine 0.16.0's
/// interpreter with its default x86 kernels), cut out alone, on the input it had inside its
/// model, must reproduce LCE's output byte for byte. (tools/bnn/conformance.py --live runs the
/// same operators on fresh seeded inputs against the live interpreter.)
@Suite struct BNNZooTests {
    static let zoo = TestModels.testdata.appendingPathComponent("bnn")

    struct Operator {
        var name: String, file: String, op: String, inputs: [String], outputs: [String]
    }

    static func operators() throws -> [Operator] {
        let data = try Data(contentsOf: zoo.appendingPathComponent("manifest.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try #require(root["models"] as? [[String: Any]])
        return models.flatMap { model in
            ((model["operators"] as? [[String: Any]]) ?? []).map {
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
