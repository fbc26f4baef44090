import Foundation
import KingletReport
import KingletRuntime
import Testing

/// The int8 builtins whose LiteRT arithmetic LCE models follow (RELU6, QUANTIZE int8 -> int8,
/// DEQUANTIZE, MEAN over height and width), on one-operator LCE models made by
/// `TF_USE_LEGACY_KERAS=1 /tmp/venv-lce/bin/python tools/bnn/int8_ops.py --write testdata/bnn/int8_ops
/// --kinglet .build/debug/kinglet`, goldens from pip larq-compute-engine 0.16.0's interpreter. The
/// generator checks that TFLM's arithmetic gets some outputs of each wrong. tools/bnn/int8_ops.py
/// itself sweeps these operators and the ones that agree with TFLM against the live interpreter.
@Suite struct LiteRTInt8Tests {
    static let directory = TestModels.testdata.appendingPathComponent("bnn/int8_ops")

    @Test func lceInt8BuiltinsAreBitExactWithLCE() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("int8_ops.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let vectors = try #require(root["vectors"] as? [[String: Any]])
        #expect(Set(vectors.compactMap { $0["op"] as? String }) == ["RELU6", "QUANTIZE", "DEQUANTIZE", "MEAN"])
        for vector in vectors {
            let name = vector["name"] as? String ?? ""
            let file = try TestModels.load(
                Self.directory.appendingPathComponent(try #require(vector["file"] as? String)))
            let runner = try ModelRunner(model: file.model)
            let input = try #require((vector["inputs"] as? [String])?.first)
            try runner.setInput(0, try Self.npy(input))
            try runner.interpreter.invoke()
            let expected = try Self.npy(try #require((vector["outputs"] as? [String])?.first))
            #expect(try runner.outputArray(0).data == expected.data, "\(name)")
            withExtendedLifetime(file) {}
        }
    }

    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(parsing: [UInt8](Data(contentsOf: directory.appendingPathComponent(name))))
    }
}
