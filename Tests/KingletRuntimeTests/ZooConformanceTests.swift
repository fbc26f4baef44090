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
    }

    static let zoo = TestModels.testdata.appendingPathComponent("zoo")

    static func entries() throws -> [Entry] {
        let data = try Data(contentsOf: zoo.appendingPathComponent("manifest.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try XCTUnwrap(root["models"] as? [[String: Any]])
        return try models.map { model in
            Entry(name: try XCTUnwrap(model["name"] as? String), file: try XCTUnwrap(model["file"] as? String),
                  inputs: try XCTUnwrap(model["inputs"] as? [String]), outputs: try XCTUnwrap(model["outputs"] as? [String]),
                  tflmArenaBytes: model["tflm_arena_bytes"] as? Int)
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
            for (position, input) in entry.inputs.enumerated() {
                try runner.setInput(position, try npy(input))
            }
            try runner.interpreter.invoke()
            for (position, output) in entry.outputs.enumerated() {
                let expected = try npy(output)
                let actual = try runner.outputArray(position)
                guard actual.data == expected.data else {
                    let differing = zip(actual.data, expected.data).filter { $0 != $1 }.count
                    return "output \(position): \(differing) of \(expected.data.count) bytes differ"
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
