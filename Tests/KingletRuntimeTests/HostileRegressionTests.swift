import FlatBufferReader
import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel
import XCTest

/// Every file in testdata/hostile/ (fuzzer findings, minimised, and hand-made hostile inputs) goes
/// through the path `kinglet inspect` and `kinglet run` take and must end in success or a typed
/// error — never a trap, a hang or an out-of-bounds access.
///
/// Naming: `npy-error-*.npy` must be refused with an `NPYError`; any other `.npy` must parse or be
/// refused, and what parses must survive `serialized()` and `doubleValues()`; every other file
/// (`.tflite`, or a fuzzer artifact without an extension) is a model for `HostilePath.check`.
final class HostileRegressionTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("testdata/hostile")

    /// Findings whose fix has not landed yet: skipped (with a note) so the rest of the suite still
    /// runs; remove an entry together with the fix.
    static let pendingFixes: [String: String] = [:]

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !["md", "json"].contains($0.pathExtension) && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    func testHostileModels() throws {
        let models = try Self.files().filter { $0.pathExtension != "npy" }
        var tally = HostilePath.Tally()
        for url in models {
            let name = url.lastPathComponent
            if let reason = Self.pendingFixes[name] {
                print("hostile: \(name): SKIPPED, fix pending: \(reason)")
                continue
            }
            let outcome = HostilePath.check(try [UInt8](Data(contentsOf: url)))
            tally.add(outcome)
            print("hostile: \(name): \(outcome)")
        }
        print("hostile models: \(models.count) files; \(tally)")
    }

    func testHostileNPYFiles() throws {
        let files = try Self.files().filter { $0.pathExtension == "npy" }
        var refused = 0
        for url in files {
            let name = url.lastPathComponent
            if let reason = Self.pendingFixes[name] {
                print("hostile: \(name): SKIPPED, fix pending: \(reason)")
                continue
            }
            let bytes = try [UInt8](Data(contentsOf: url))
            let result = HostilePath.checkNPY(bytes)
            print("hostile: \(name): \(result.map { "parsed: \($0.dtype.name) \($0.shape)" } ?? "refused")")
            if result == nil { refused += 1 }
            if name.hasPrefix("npy-error-") {
                XCTAssertNil(result, "\(name) must be refused with an NPYError")
            }
        }
        // The hand-made ones: giant header length, truncated data, bad dtype, Fortran order, shape overflow...
        XCTAssertGreaterThanOrEqual(files.filter { $0.lastPathComponent.hasPrefix("npy-error-") }.count, 10)
        print("hostile .npy: \(files.count) files, \(refused) refused")
    }

    /// The hand-made .npy files give the specific errors they were made for.
    func testHandMadeNPYErrors() throws {
        let expected: [String: String] = [
            "npy-error-giant-header-length.npy": "larger than",
            "npy-error-header-past-end.npy": "truncated .npy header",
            "npy-error-truncated-data.npy": "truncated .npy data",
            "npy-error-bad-dtype.npy": "unsupported .npy dtype",
            "npy-error-object-dtype.npy": "unsupported .npy dtype",
            "npy-error-big-endian.npy": "big-endian",
            "npy-error-fortran-order.npy": "Fortran-order",
            // (2**62, 8): a 19-digit dimension is refused by the header parser itself.
            "npy-error-shape-overflow.npy": "bad 'shape' entry",
            // (10**17, 1000): the element count overflows.
            "npy-error-shape-product-overflow.npy": "too large",
            // (2, 10**18 - 1) of float64: the element count fits, the byte count overflows.
            "npy-error-byte-count-overflow.npy": "truncated .npy data",
            "npy-error-negative-dimension.npy": "bad 'shape' entry",
            "npy-error-shape-19-digits.npy": "bad 'shape' entry",
            "npy-error-version-9.npy": "unsupported .npy format version",
            "npy-error-too-short.npy": "not a .npy file",
        ]
        for (name, fragment) in expected.sorted(by: { $0.key < $1.key }) {
            let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name)))
            do {
                let array = try NPYArray(parsing: bytes)
                XCTFail("\(name) parsed as \(array.dtype.name) \(array.shape)")
            } catch {
                XCTAssertTrue(
                    error.description.contains(fragment), "\(name): \"\(error.description)\" lacks \"\(fragment)\"")
            }
        }
    }
}

/// The inspect and run paths of the CLI, as one function over untrusted bytes. Shared by the
/// hostile regression test and the mutation test.
enum HostilePath {
    /// The first arena a run gets (as `kinglet run --arena-size 65536`).
    static let smallArenaBytes = 64 << 10
    /// A model that asks for more is retried in an arena of exactly its need up to this size; beyond
    /// it the mutant counts as refused (keeps the test fast; `ModelRunner` itself caps at 1 GiB).
    static let largestArenaBytes = 4 << 20

    enum Outcome: CustomStringConvertible {
        case failedVerification(VerificationError)
        /// Verified and reported; loading (resolve, validate, prepare, plan) threw.
        case refused(RuntimeError)
        /// Loaded, but the arena or the work is too large to run in a test.
        case notInvoked(String)
        /// Loaded; setting inputs or invoke threw.
        case runFailed(RuntimeError)
        case ran

        var description: String {
            switch self {
            case .failedVerification(let error): return "failed verification: \(error)"
            case .refused(let error): return "refused: \(error.message)"
            case .notInvoked(let reason): return "loaded, not invoked: \(reason)"
            case .runFailed(let error): return "run failed: \(error.message)"
            case .ran: return "ran"
            }
        }
    }

    struct Tally: CustomStringConvertible {
        var failedVerification = 0, refused = 0, notInvoked = 0, runFailed = 0, ran = 0
        var verified: Int { refused + notInvoked + runFailed + ran }
        var total: Int { failedVerification + verified }

        mutating func add(_ outcome: Outcome) {
            switch outcome {
            case .failedVerification: failedVerification += 1
            case .refused: refused += 1
            case .notInvoked: notInvoked += 1
            case .runFailed: runFailed += 1
            case .ran: ran += 1
            }
        }

        var description: String {
            "\(total) inputs: \(failedVerification) failed verification, \(verified) verified "
                + "(\(refused) refused to load, \(notInvoked) loaded but not invoked, \(runFailed) failed in run, \(ran) ran)"
        }
    }

    /// Runs `bytes` through verify → facts, text and JSON reports → load (small arena, then again in
    /// an arena of exactly the need, up to `largestArenaBytes`) → seeded inputs → invoke, twice (when
    /// the estimated multiply-accumulates are at most `invokeMACLimit`) → outputs and run reports →
    /// budget reports.
    static func check(_ bytes: [UInt8], invokeMACLimit: Int64 = 50_000_000, seed: UInt64 = 1) -> Outcome {
        let file: ModelFile
        do {
            file = try ModelFile(copying: bytes)
        } catch {
            _ = error.description
            return .failedVerification(error)
        }
        defer { withExtendedLifetime(file) {} }
        let model = file.model
        let facts = ModelFacts(model)
        _ = TextReport.make(facts, file: "hostile.tflite")
        _ = JSONReport.make(facts, file: "hostile.tflite").rendered()
        _ = ModelWalk.checksum(model)

        // Load in the small arena, then run in an arena of exactly the need (as a device sized by
        // `kinglet budget` would): anything written past the plan lands outside it.
        let need: Int
        do {
            let small = try ModelRunner(model: model, arenaBytes: smallArenaBytes)
            need = small.interpreter.usage.totalBytes
        } catch {
            guard case .arenaTooSmall(let reported, _, _) = error, reported > smallArenaBytes else {
                return .refused(error)
            }
            guard reported <= largestArenaBytes else { return .notInvoked("needs a \(reported)-byte arena") }
            need = reported
        }
        let runner: ModelRunner
        do {
            runner = try ModelRunner(model: model, arenaBytes: need)
        } catch {
            return .refused(error)
        }
        var outcome = Outcome.ran
        if facts.totalMACs > invokeMACLimit {
            outcome = .notInvoked("\(facts.totalMACs) MACs")
        } else {
            do {
                // Two runs on different inputs: state kept between runs (CALL_ONCE, variables) must hold.
                for run in 0..<2 {
                    for (position, array) in try runner.seededInputs(seed: seed &+ UInt64(run)).enumerated() {
                        try runner.setInput(position, array)
                    }
                    try runner.interpreter.invoke()
                }
                var outputs: [NPYArray] = []
                for position in 0..<runner.interpreter.outputCount {
                    outputs.append(try runner.outputArray(position))
                }
                _ = RunReport.text(runner, sources: [], outputs: outputs, file: "hostile.tflite")
                _ = RunReport.json(runner, sources: [], outputs: outputs, notes: [], file: "hostile.tflite").rendered()
            } catch {
                outcome = .runFailed(error)
            }
        }
        // `kinglet budget`.
        let report = ArenaReport(
            interpreter: runner.interpreter, budget: Budget(ramBytes: 256 << 10, flashBytes: 1 << 20))
        _ = BudgetRendering.text(report, file: "hostile.tflite")
        _ = BudgetRendering.json(report, file: "hostile.tflite").rendered()
        _ = BudgetRendering.svg(report, file: "hostile.tflite")
        return outcome
    }

    /// Parses `.npy` bytes; what parses is written back, re-read (must be equal) and printed as
    /// values. Nil when refused (always with an `NPYError`, by the parser's typed throws).
    static func checkNPY(_ bytes: [UInt8]) -> NPYArray? {
        let array: NPYArray
        do {
            array = try NPYArray(parsing: bytes)
        } catch {
            _ = error.description
            return nil
        }
        XCTAssertEqual(array.data.count, array.elementCount * array.dtype.size)
        XCTAssertEqual(try? NPYArray(parsing: array.serialized()), array, "serialized() → parsing changed the array")
        _ = array.doubleValues()
        return array
    }
}
