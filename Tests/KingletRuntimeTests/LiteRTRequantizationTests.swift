import Foundation
import KingletKernels
import KingletReport
import KingletRuntime
import TFLiteModel
import Testing

/// LiteRT's int8 requantization in Larq Compute Engine models (LiteRTRequantization.swift) against
/// LCE's interpreter (pip larq-compute-engine 0.16.0, default x86 kernels). Goldens in
/// testdata/bnn/int8_requant, from
///   TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python tools/bnn/int8_requant.py --seed 20261201 \
///       --write-goldens testdata/bnn/int8_requant
/// one-operator int8 models (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED) with an unused operator
/// code CUSTOM "LceQuantize", so that Kinglet runs them as LCE models, whose biases sit at
/// accumulators where TFLM's rounding and LiteRT's disagree (ties, multipliers >= 1, per-tensor
/// FULLY_CONNECTED's float product, depthwise leftover channels, fused RELU / RELU6, left shifts
/// that leave int32).
@Suite struct LiteRTRequantizationTests {
    static let directory = TestModels.testdata.appendingPathComponent("bnn").appendingPathComponent("int8_requant")

    static func models() throws -> [[String: Any]] {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["models"] as? [[String: Any]])
    }

    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(parsing: [UInt8](Data(contentsOf: directory.appendingPathComponent(name))))
    }

    /// The rounding alone: each one-pixel probe's channel c outputs its bias requantized.
    @Test func multiplyMatchesLCE() throws {
        var count = 0, leftShifts = 0
        for model in try Self.models() {
            for value in (model["values"] as? [[String: Any]]) ?? [] {
                let accumulator = try #require(value["accumulator"] as? Int)
                let multiplier = try #require(value["multiplier"] as? Int)
                let shift = try #require(value["shift"] as? Int)
                let zeroPoint = try #require(value["output_zero_point"] as? Int)
                let scaled = liteRTMultiplyByQuantizedMultiplier(Int32(accumulator), Int32(multiplier), Int32(shift))
                let output = min(max(Int(scaled) + zeroPoint, -128), 127)
                #expect(output == value["output"] as? Int, "\(model["name"] ?? "") \(value)")
                count += 1
                if shift > 0 { leftShifts += 1 }
            }
        }
        #expect(count >= 200)
        #expect(leftShifts >= 48)
    }

    /// Hand cases: a left shift whose result leaves int32 wraps (vpsllvd); ties round up twice.
    @Test func handCases() {
        // 2^30 << 2 wraps to 0.
        #expect(liteRTMultiplyByQuantizedMultiplier(1 << 30, 1 << 30, 2) == 0)
        #expect(liteRTMultiplyByQuantizedMultiplier(3, 1 << 30, 40) == 0)
        // Two roundings, both half up: 5 · 0.25 = 1.25 -> 2.5 rounds to 3, then 1.5 to 2.
        #expect(liteRTMultiplyByQuantizedMultiplier(5, 1 << 30, -1) == 2)
        // -18 · 0.25 = -4.5: half up -4; TFLM's half away from zero -5.
        #expect(liteRTMultiplyByQuantizedMultiplier(-18, 1 << 30, -1) == -4)
        #expect(multiplyByQuantizedMultiplier(Int32(-18), 1 << 30, -1) == -5)
    }

    /// Every golden model, every input, byte for byte.
    @Test func modelsMatchLCE() throws {
        let models = try Self.models()
        #expect(Set(models.compactMap { $0["op"] as? String }) == ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"])
        for model in models {
            let name = model["name"] as? String ?? ""
            let file = try TestModels.load(
                Self.directory.appendingPathComponent(try #require(model["model"] as? String)))
            let runner = try ModelRunner(model: file.model)
            let inputs = try #require(model["inputs"] as? [String]),
                outputs = try #require(model["outputs"] as? [String])
            for (input, output) in zip(inputs, outputs) {
                try runner.setInput(0, try Self.npy(input))
                try runner.interpreter.invoke()
                #expect(try runner.outputArray(0).data == Self.npy(output).data, "\(name) \(input)")
            }
            // A firmware for an LCE model registers the full entry point: only it follows LiteRT.
            #expect(DeviceOperators.entryPoints(for: file.model).allSatisfy { !$0.hasSuffix("_INT8") }, "\(name)")
            withExtendedLifetime(file) {}
        }
    }
}
