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

    /// SOFTMAX (SoftmaxLiteRT) through the runtime: the LCE-marked models of
    /// `tools/bnn/int8_ops.py --write-softmax testdata/bnn/int8_softmax` (SOFTMAX_MODELS: the seed
    /// 1387791771 configuration where TFLM's arithmetic parted from LCE, and an int16-output batch),
    /// each sample against LCE's output. The kernel goldens themselves: SoftmaxLiteRTTests.
    @Test func lceInt8SoftmaxIsBitExactWithLCE() throws {
        let directory = TestModels.testdata.appendingPathComponent("bnn/int8_softmax")
        let data = try Data(contentsOf: directory.appendingPathComponent("softmax.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]]).filter { $0["file"] != nil }
        #expect(cases.count == 2)
        for entry in cases {
            let name = entry["name"] as? String ?? ""
            let file = try TestModels.load(directory.appendingPathComponent(try #require(entry["file"] as? String)))
            let runner = try ModelRunner(model: file.model)
            let shape = try #require(entry["shape"] as? [Int])
            let input = try #require(entry["input"] as? [Int]), output = try #require(entry["output"] as? [Int])
            let int16 = (entry["output_type"] as? String) == "int16"
            let sample = shape.dropFirst().reduce(1, *)
            for start in stride(from: 0, to: input.count, by: sample) {
                let x = input[start..<start + sample].map { UInt8(bitPattern: Int8($0)) }
                try runner.setInput(0, NPYArray(dtype: .int8, shape: [1] + shape.dropFirst(), data: x))
                try runner.interpreter.invoke()
                let want = output[start..<start + sample].flatMap { value -> [UInt8] in
                    int16
                        ? withUnsafeBytes(of: Int16(value).littleEndian, Array.init) : [UInt8(bitPattern: Int8(value))]
                }
                #expect(try runner.outputArray(0).data == want, "\(name) sample \(start / sample)")
            }
            withExtendedLifetime(file) {}
        }
    }

    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(parsing: [UInt8](Data(contentsOf: directory.appendingPathComponent(name))))
    }
}
