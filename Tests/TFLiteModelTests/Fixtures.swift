import FlatBufferReader
import Foundation
import XCTest

@testable import TFLiteModel
import TFLiteNames

/// Where the test models are: `testdata/` in the package, and the external corpus in
/// `../shared/models` (read in place, never copied), located from this file's path.
enum Fixtures {
    /// The package root: this file is `<root>/Tests/TFLiteModelTests/Fixtures.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = packageRoot.appendingPathComponent("testdata")
    static let sharedModels = packageRoot.appendingPathComponent("..").appendingPathComponent("shared")
        .appendingPathComponent("models").standardizedFileURL

    /// The models whose flatc JSON sources the tests read expected values from.
    static let sourcedModels = ["conv_int8", "custom_op", "fc_int8", "float_add", "gelu_float"]

    /// Every `.tflite` in testdata/, sorted.
    static func testdataModels() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: testdata, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "tflite" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every `.tflite` in ../shared/models, or [] (after saying so) when the folder is absent.
    static func sharedModelFiles(_ test: String = #function) -> [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: sharedModels, includingPropertiesForKeys: nil)) ?? []
        let models = files.filter { $0.pathExtension == "tflite" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        if models.isEmpty {
            print("\(test): ../shared/models is absent (looked in \(sharedModels.path)); checking testdata/ models only")
        } else {
            print("\(test): reading \(models.count) models from ../shared/models (\(sharedModels.path))")
        }
        return models
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    static func bytes(testdata name: String) throws -> [UInt8] {
        try bytes(testdata.appendingPathComponent(name + ".tflite"))
    }

    /// A verified model over a private aligned copy of `name`'s bytes.
    static func load(_ name: String) throws -> ModelFile {
        try ModelFile(copying: bytes(testdata: name))
    }

    /// The flatc JSON source of a testdata model.
    static func source(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: testdata.appendingPathComponent(name + ".json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], "\(name).json")
    }
}

/// Longer fuzzing on demand: KINGLET_FUZZ_SCALE multiplies the mutation tests' trial counts and
/// KINGLET_FUZZ_SEED replaces their seed (both print what they used, so a failure reproduces).
enum FuzzSettings {
    static var scale: Int {
        ProcessInfo.processInfo.environment["KINGLET_FUZZ_SCALE"].flatMap { Int($0) }.map { max($0, 1) } ?? 1
    }

    static func seed(_ fallback: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["KINGLET_FUZZ_SEED"].flatMap { UInt64($0) } ?? fallback
    }
}

// MARK: Reading flatc JSON values

enum JSONField {
    static func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }
    static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    static func bool(_ value: Any?) -> Bool? { (value as? NSNumber)?.boolValue }
    static func ints(_ value: Any?) -> [Int64]? { (value as? [Any])?.map { int($0) ?? Int64.min } }
    static func doubles(_ value: Any?) -> [Double]? { (value as? [Any])?.map { double($0) ?? .nan } }
    static func objects(_ value: Any?) -> [[String: Any]] { (value as? [[String: Any]]) ?? [] }
    static func bytes(_ value: Any?) -> [UInt8]? { ints(value)?.map { UInt8(truncatingIfNeeded: $0) } }
}

extension EnumNames {
    /// The value the schema gives `label`, or nil when the enum has no such label.
    func value(of label: String) -> Int64? {
        values.first { $0.label.description == label }?.value
    }
}

/// Aligned storage the tests mutate in place and verify without copying.
final class AlignedBytes {
    let storage: UnsafeMutableRawBufferPointer
    let count: Int

    init(_ bytes: [UInt8], alignment: Int = 16) {
        count = bytes.count
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: alignment)
        bytes.withUnsafeBytes { raw in
            if raw.count > 0 { storage.copyMemory(from: raw) }
        }
    }

    deinit { storage.deallocate() }

    var region: ByteRegion { ByteRegion(base: UnsafeRawPointer(storage.baseAddress!), count: count) }

    subscript(index: Int) -> UInt8 {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}

/// A seeded generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    mutating func setLE<T: FixedWidthInteger>(_ value: T, at position: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { self[position + index] = byte }
        }
    }

    func readLE<T: FixedWidthInteger>(_: T.Type, at position: Int) -> T {
        var value = T.zero
        Swift.withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<raw.count { raw[index] = self[position + index] }
        }
        return T(littleEndian: value)
    }
}

/// Verifies `bytes` (copied into aligned storage) and passes the model to `body`.
func withVerifiedModel<R>(_ bytes: [UInt8], _ body: (Model) throws -> R) throws -> R {
    let storage = AlignedBytes(bytes)
    let model = try Model.verify(storage.region)
    return try withExtendedLifetime(storage) { try body(model) }
}

/// The error `Model.verify` throws for `bytes`, or nil when they verify.
func verificationError(_ bytes: [UInt8]) -> VerificationError? {
    let storage = AlignedBytes(bytes)
    do {
        _ = try Model.verify(storage.region)
        return nil
    } catch {
        return error
    }
}
