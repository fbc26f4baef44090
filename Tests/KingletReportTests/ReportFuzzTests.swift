import FlatBufferReader
import Foundation
import KingletReport
import KingletTestSupport
import TFLiteModel
import XCTest

/// Seeded random edits of real models (testdata/ and ../shared/models): whatever verifies must give
/// both reports without trapping, and the JSON report must parse.
final class ReportFuzzTests: XCTestCase {
    func testReportsOfMutatedModels() throws {
        let scale = FuzzSettings.scale, seed = FuzzSettings.seed(0x5245_504F_5254_0001)
        print("report fuzz: seed \(seed), scale \(scale)")
        var models = try Fixtures.testdataModels().map {
            ("testdata/" + $0.lastPathComponent, try Fixtures.bytes($0), 600 * scale)
        }
        for url in Fixtures.sharedModelFiles() {
            let bytes = try Fixtures.bytes(url)
            // The reports of the large models take longer: fewer trials there.
            models.append(
                ("../shared/models/" + url.lastPathComponent, bytes, (bytes.count > 100_000 ? 40 : 150) * scale))
        }
        var rng = SeededGenerator(seed: seed)
        var reported = 0, rejected = 0
        for (name, bytes, trials) in models {
            let storage = AlignedBytes(bytes)
            let positions = try Mutations.structuralPositions(Model.verify(storage.region))
            var modelReported = 0
            for trial in 0..<trials {
                var saved: [(Int, UInt8)] = []
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    saved += Mutations.mutate(storage, positions: positions, &rng)
                }
                if let model = try? Model.verify(storage.region) {
                    let facts = ModelFacts(model)
                    let text = TextReport.make(facts, file: name)
                    let json = JSONReport.make(facts, file: name).rendered()
                    _ = ModelWalk.checksum(model)
                    XCTAssertTrue(text.hasPrefix(name), "\(name) trial \(trial)")
                    let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8))
                    XCTAssertNotNil(parsed as? [String: Any], "\(name) trial \(trial): the JSON report parses")
                    modelReported += 1
                } else {
                    rejected += 1
                }
                Mutations.restore(storage, saved)
            }
            XCTAssertGreaterThan(modelReported, 0, name)
            reported += modelReported
        }
        print("report fuzz: \(reported) mutated models reported, \(rejected) rejected")
        XCTAssertGreaterThan(rejected, 0)
    }
}
