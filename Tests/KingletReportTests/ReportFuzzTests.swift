import FlatBufferReader
import Foundation
import KingletReport
import TFLiteModel
import XCTest

/// Seeded random edits of real models (testdata/ and ../shared/models): whatever verifies must give
/// both reports without trapping, and the JSON report must parse.
final class ReportFuzzTests: XCTestCase {
    /// Positions of the file that hold structure rather than constant data.
    static func structuralPositions(_ model: Model) -> [Int] {
        var data: [Range<Int>] = []
        for index in 0..<model.buffers.count {
            if let region = model.bufferData(index), region.count > 0 {
                let start = region.base - model.bytes.base
                data.append(start..<start + region.count)
            }
        }
        data.sort { $0.lowerBound < $1.lowerBound }
        var positions: [Int] = []
        var next = 0
        for range in data {
            if range.lowerBound > next { positions += next..<range.lowerBound }
            next = max(next, range.upperBound)
        }
        if next < model.bytes.count { positions += next..<model.bytes.count }
        return positions
    }

    /// One random edit (as in TFLiteModelTests' RobustnessTests): a byte, a bit, or an interesting
    /// 16/32-bit value at an aligned position. Returns the original bytes to restore.
    static func mutate(_ storage: AlignedBytes, positions: [Int], _ rng: inout SeededGenerator) -> [(Int, UInt8)] {
        let pick = rng.next() % 2 == 0 && !positions.isEmpty
            ? positions[Int(rng.next() % UInt64(positions.count))]
            : Int(rng.next() % UInt64(storage.count))
        var saved: [(Int, UInt8)] = []
        func write(_ bytes: [UInt8], at position: Int) {
            for (index, byte) in bytes.enumerated() where position + index < storage.count {
                saved.append((position + index, storage[position + index]))
                storage[position + index] = byte
            }
        }
        func read32(_ position: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { value, index in
                position + index < storage.count ? value | UInt32(storage[position + index]) << (8 * index) : value
            }
        }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        switch rng.next() % 6 {
        case 0:
            write([UInt8(truncatingIfNeeded: rng.next())], at: pick)
        case 1:
            write([storage[pick] ^ (1 << UInt8(rng.next() % 8))], at: pick)
        case 2:
            let values: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0xFE, 3, 4]
            write([values[Int(rng.next() % UInt64(values.count))]], at: pick)
        case 3, 4:
            let aligned = pick & ~3
            let current = read32(aligned)
            let deltas: [Int64] = [-8, -4, -2, -1, 1, 2, 4, 8, 12, 16, -16, 64]
            let candidates: [UInt32] = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFC, UInt32(storage.count),
                                        UInt32(truncatingIfNeeded: Int64(current) + deltas[Int(rng.next() % UInt64(deltas.count))])]
            write(le32(candidates[Int(rng.next() % UInt64(candidates.count))]), at: aligned)
        default:
            let aligned = pick & ~1
            let values: [UInt16] = [0, 2, 4, 6, 0xFFFF, 0x8000, UInt16(truncatingIfNeeded: Int(rng.next() % 64))]
            let value = values[Int(rng.next() % UInt64(values.count))]
            write([UInt8(value & 0xFF), UInt8(value >> 8)], at: aligned)
        }
        return saved
    }

    func testReportsOfMutatedModels() throws {
        let scale = FuzzSettings.scale, seed = FuzzSettings.seed(0x5245_504F_5254_0001)
        print("report fuzz: seed \(seed), scale \(scale)")
        var models = try Fixtures.testdataModels().map { ("testdata/" + $0.lastPathComponent, try Fixtures.bytes($0), 600 * scale) }
        for url in Fixtures.sharedModelFiles() {
            let bytes = try Fixtures.bytes(url)
            // The reports of the large models take longer: fewer trials there.
            models.append(("../shared/models/" + url.lastPathComponent, bytes, (bytes.count > 100_000 ? 40 : 150) * scale))
        }
        var rng = SeededGenerator(seed: seed)
        var reported = 0, rejected = 0
        for (name, bytes, trials) in models {
            let storage = AlignedBytes(bytes)
            let positions = try ReportFuzzTests.structuralPositions(Model.verify(storage.region))
            var modelReported = 0
            for trial in 0..<trials {
                var saved: [(Int, UInt8)] = []
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    saved += ReportFuzzTests.mutate(storage, positions: positions, &rng)
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
                for (position, byte) in saved.reversed() { storage[position] = byte }
            }
            XCTAssertGreaterThan(modelReported, 0, name)
            reported += modelReported
        }
        print("report fuzz: \(reported) mutated models reported, \(rejected) rejected")
        XCTAssertGreaterThan(rejected, 0)
    }
}
