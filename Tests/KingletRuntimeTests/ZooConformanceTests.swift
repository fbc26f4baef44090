import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel
import XCTest

/// Bit-exactness against TFLM on the zoo: every model in testdata/zoo/manifest.json is run on its
/// committed inputs and must reproduce the outputs TFLM (pip `tflite-micro`) wrote, byte for byte.
final class ZooConformanceTests: XCTestCase {
    struct Entry {
        var name: String
        var file: String
        var inputs: [String]
        var outputs: [String]
        var tflmArenaBytes: Int?
        /// Streaming models: inputs and outputs hold one slice per invoke along a leading axis.
        var sequence: Bool
    }

    static let zoo = TestModels.testdata.appendingPathComponent("zoo")

    static func entries() throws -> [Entry] {
        let data = try Data(contentsOf: zoo.appendingPathComponent("manifest.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try XCTUnwrap(root["models"] as? [[String: Any]])
        return try models.map { model in
            Entry(
                name: try XCTUnwrap(model["name"] as? String), file: try XCTUnwrap(model["file"] as? String),
                inputs: try XCTUnwrap(model["inputs"] as? [String]),
                outputs: try XCTUnwrap(model["outputs"] as? [String]),
                tflmArenaBytes: model["tflm_arena_bytes"] as? Int, sequence: model["sequence"] as? Bool ?? false)
        }
    }

    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(parsing: [UInt8](Data(contentsOf: zoo.appendingPathComponent(name))))
    }

    /// Runs one entry; returns nil when bit-exact, else what differs.
    static func check(_ entry: Entry) -> String? {
        do {
            let file = try TestModels.load(zoo.appendingPathComponent(entry.file))
            let runner = try ModelRunner(model: file.model)
            let inputs = try entry.inputs.map(npy)
            let expected = try entry.outputs.map(npy)
            let steps = entry.sequence ? (inputs.first?.shape.first ?? 0) : 1
            var actual = [[UInt8]](repeating: [], count: expected.count)
            for step in 0..<steps {
                for (position, input) in inputs.enumerated() {
                    guard entry.sequence else { try runner.setInput(position, input); continue }
                    // Step `step` of a sequence: one slice along the leading axis.
                    let stride = input.data.count / steps
                    try runner.setInput(
                        position,
                        NPYArray(
                            dtype: input.dtype, shape: Array(input.shape.dropFirst()),
                            data: Array(input.data[(step * stride)..<((step + 1) * stride)])))
                }
                try runner.interpreter.invoke()
                for position in expected.indices { actual[position] += try runner.outputArray(position).data }
            }
            for (position, output) in expected.enumerated() {
                guard actual[position] == output.data else {
                    let differing = zip(actual[position], output.data).filter { $0 != $1 }.count
                    return "output \(position): \(differing) of \(output.data.count) bytes differ"
                }
            }
            withExtendedLifetime(file) {}
            return nil
        } catch let error as RuntimeError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    func testEveryZooModelIsBitExactWithTFLM() throws {
        let entries = try Self.entries()
        XCTAssertGreaterThan(entries.count, 50, "the zoo manifest lists too few models")
        var failures: [String] = []
        for entry in entries {
            if let problem = Self.check(entry) { failures.append("\(entry.name): \(problem)") }
        }
        print("zoo conformance: \(entries.count - failures.count) passed, \(failures.count) failed")
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
    }
}
