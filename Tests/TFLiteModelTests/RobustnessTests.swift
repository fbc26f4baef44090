import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// Hostile bytes must be rejected with an error or verified into views that read without trapping:
/// truncations at every length, seeded random mutations of real models, and models built with
/// indices that point nowhere.
final class RobustnessTests: XCTestCase {
    func testTruncationAtEveryLengthVerifiesOrThrows() throws {
        for url in try Fixtures.testdataModels() {
            let name = url.lastPathComponent
            let bytes = try Fixtures.bytes(url)
            var verified = 0, rejected = 0
            for length in 0...bytes.count {
                let prefix = Array(bytes.prefix(length))
                let storage = AlignedBytes(prefix)
                do {
                    let model = try Model.verify(storage.region)
                    _ = ViewWalk.walk(model)
                    verified += 1
                } catch {
                    if length < 8 { XCTAssertEqual(error.kind, .bufferSize(length), "\(name) at \(length)") }
                    XCTAssertFalse(error.description.isEmpty)
                    rejected += 1
                }
                withExtendedLifetime(storage) {}
            }
            XCTAssertNil(verificationError(bytes), "\(name): the whole file verifies")
            XCTAssertGreaterThanOrEqual(verified, 1, name)
            XCTAssertGreaterThan(rejected, bytes.count / 2, "\(name): most prefixes lack the tables they refer to")
        }
    }

    func testTruncatedFilesFailInModelFileToo() throws {
        let bytes = try Fixtures.bytes(testdata: "conv_int8")
        for length in stride(from: 0, to: bytes.count, by: 7) {
            do {
                let file = try ModelFile(copying: Array(bytes.prefix(length)))
                withExtendedLifetime(file) { _ = ViewWalk.walk(file.model) }
            } catch {
                XCTAssertFalse(error.reason.isEmpty)
            }
        }
    }

    func testSeededRandomMutationsVerifyOrThrow() throws {
        let scale = FuzzSettings.scale, seed = FuzzSettings.seed(0x4B49_4E47_4C45_5401)
        print("mutations: seed \(seed), scale \(scale)")
        var models = try Fixtures.testdataModels().map { ($0.lastPathComponent, try Fixtures.bytes($0), 1500 * scale) }
        models += try Fixtures.sharedModelFiles().map { ($0.lastPathComponent, try Fixtures.bytes($0), 400 * scale) }
        var rng = SeededGenerator(seed: seed)
        var totalVerified = 0, totalRejected = 0
        var kinds = Set<String>()
        for (name, bytes, trials) in models {
            let storage = AlignedBytes(bytes)
            let positions = try Mutations.structuralPositions(Model.verify(storage.region))
            var verified = 0, rejected = 0
            for trial in 0..<trials {
                var saved: [(Int, UInt8)] = []
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    saved += Mutations.mutate(storage, positions: positions, &rng)
                }
                do {
                    let model = try Model.verify(storage.region)
                    _ = ViewWalk.walk(model)
                    verified += 1
                } catch {
                    XCTAssertFalse(error.description.isEmpty, "\(name) trial \(trial)")
                    kinds.insert(String(describing: error.kind).prefix { $0 != "(" }.description)
                    rejected += 1
                }
                Mutations.restore(storage, saved)
            }
            XCTAssertNil(verificationError(bytes), "\(name): restored")
            XCTAssertGreaterThan(verified, 0, name)
            XCTAssertGreaterThan(rejected, 0, name)
            totalVerified += verified
            totalRejected += rejected
        }
        print("mutations: \(totalVerified) verified, \(totalRejected) rejected; error kinds seen: \(kinds.sorted())")
        XCTAssertGreaterThanOrEqual(kinds.count, 5, "the mutations reach several verifier checks")
    }

    func testIndicesOutOfRangeReadAsNil() throws {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 9, builtinCode: 9)]
        spec.subgraphs = [
            .init(
                tensors: [.init("t", type: 9, shape: [1], buffer: 77)],
                inputs: [5, -3], outputs: [Int32.max],
                operators: [.init(opcodeIndex: 42, inputs: [-1, 100], outputs: [Int32.min])]
            )
        ]
        spec.metadata = [.init(name: "m", buffer: 1000)]
        spec.signatureDefs = [.init(key: "s", subgraphIndex: 9, inputs: [("x", 12345)], outputs: [(nil, nil)])]
        try withVerifiedModel(spec.build().bytes) { model in
            XCTAssertNil(model.operatorCodes.element(at: Int(model.subgraphs[0].operators[0].opcodeIndex)))
            XCTAssertNil(model.bufferData(Int(model.subgraphs[0].tensors[0].buffer)))
            XCTAssertNil(model.bufferData(Int(model.metadata[0].buffer)))
            XCTAssertNil(model.bufferData(-1))
            XCTAssertNil(model.subgraphs[0].tensors.element(at: Int(model.subgraphs[0].inputs[1])))
            XCTAssertNil(model.subgraphs[0].tensors.element(at: Int(model.subgraphs[0].outputs[0])))
            XCTAssertNil(model.subgraphs.element(at: Int(model.signatureDefs[0].subgraphIndex)))
            XCTAssertNil(model.signatureDefs[0].outputs[0].name)
            XCTAssertEqual(model.signatureDefs[0].outputs[0].tensorIndex, 0)
            let walk = ViewWalk.walk(model)
            XCTAssertEqual(walk.operators, 1)
        }
    }

    func testInvalidUTF8NamesAreRepaired() throws {
        var spec = TestModel()
        var tensor = TestModel.TensorSpec(type: 0, shape: [1])
        tensor.name = [0x61, 0xFF, 0xC3, 0x62]  // "a", invalid, truncated sequence, "b"
        spec.subgraphs = [.init(tensors: [tensor])]
        try withVerifiedModel(spec.build().bytes) { model in
            XCTAssertEqual(model.subgraphs[0].tensors[0].name, "a\u{FFFD}\u{FFFD}b")
        }
    }
}
