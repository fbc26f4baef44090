import FlatBufferReader
import Foundation
import TFLiteModel
import TFLiteNames

/// Where the test models are: `testdata/` in the package, and the external corpus in
/// `../shared/models` (read in place, never copied), located from this file's path.
public enum Fixtures {
    /// The package root: this file is `<root>/Tests/Support/KingletTestSupport/Fixtures.swift`.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let testdata = packageRoot.appendingPathComponent("testdata")
    public static let sharedModels = packageRoot.appendingPathComponent("..").appendingPathComponent("shared")
        .appendingPathComponent("models").standardizedFileURL

    /// The models whose flatc JSON sources the tests read expected values from.
    public static let sourcedModels = ["conv_int8", "custom_op", "fc_int8", "float_add", "gelu_float"]

    /// Every `.tflite` in testdata/, sorted.
    public static func testdataModels() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: testdata, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "tflite" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every `.tflite` in ../shared/models, or [] (after saying so) when the folder is absent.
    public static func sharedModelFiles(_ test: String = #function) -> [URL] {
        let files =
            (try? FileManager.default.contentsOfDirectory(at: sharedModels, includingPropertiesForKeys: nil)) ?? []
        let models = files.filter { $0.pathExtension == "tflite" }.sorted {
            $0.lastPathComponent < $1.lastPathComponent
        }
        if models.isEmpty {
            print(
                "\(test): ../shared/models is absent (looked in \(sharedModels.path)); checking testdata/ models only")
        } else {
            print("\(test): reading \(models.count) models from ../shared/models (\(sharedModels.path))")
        }
        return models
    }

    public static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    public static func bytes(testdata name: String) throws -> [UInt8] {
        try bytes(testdata.appendingPathComponent(name + ".tflite"))
    }

    /// Every model in testdata/ and (when present) ../shared/models, each with the path the CLI
    /// would be given from the package root.
    public static func allModels(_ test: String = #function) throws -> [(display: String, bytes: [UInt8])] {
        let testdataModels = try testdataModels().map { ("testdata/" + $0.lastPathComponent, try bytes($0)) }
        let shared = try sharedModelFiles(test).map { ("../shared/models/" + $0.lastPathComponent, try bytes($0)) }
        return testdataModels + shared
    }

    /// A verified model over a private aligned copy of `name`'s bytes.
    public static func load(_ name: String) throws -> ModelFile {
        try ModelFile(copying: bytes(testdata: name))
    }

    /// The flatc JSON source of a testdata model.
    public static func source(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: testdata.appendingPathComponent(name + ".json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("\(name).json: not a JSON object")
        }
        return object
    }
}

/// A fixture that is not what the tests expect (a missing or malformed file).
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

// MARK: Reading flatc JSON values

public enum JSONField {
    public static func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }
    public static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    public static func bool(_ value: Any?) -> Bool? { (value as? NSNumber)?.boolValue }
    public static func ints(_ value: Any?) -> [Int64]? { (value as? [Any])?.map { int($0) ?? Int64.min } }
    public static func doubles(_ value: Any?) -> [Double]? { (value as? [Any])?.map { double($0) ?? .nan } }
    public static func objects(_ value: Any?) -> [[String: Any]] { (value as? [[String: Any]]) ?? [] }
    public static func bytes(_ value: Any?) -> [UInt8]? { ints(value)?.map { UInt8(truncatingIfNeeded: $0) } }
}

extension EnumNames {
    /// The value the schema gives `label`, or nil when the enum has no such label.
    public func value(of label: String) -> Int64? {
        values.first { $0.label.description == label }?.value
    }
}

/// Aligned storage the tests mutate in place and verify without copying.
public final class AlignedBytes {
    public let storage: UnsafeMutableRawBufferPointer
    public let count: Int

    public init(_ bytes: [UInt8], alignment: Int = 16) {
        count = bytes.count
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: alignment)
        bytes.withUnsafeBytes { raw in
            if raw.count > 0 { storage.copyMemory(from: raw) }
        }
    }

    deinit { storage.deallocate() }

    public var region: ByteRegion { ByteRegion(base: UnsafeRawPointer(storage.baseAddress!), count: count) }

    public subscript(index: Int) -> UInt8 {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}

extension Array where Element == UInt8 {
    public mutating func setLE<T: FixedWidthInteger>(_ value: T, at position: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { self[position + index] = byte }
        }
    }

    public func readLE<T: FixedWidthInteger>(_: T.Type, at position: Int) -> T {
        var value = T.zero
        Swift.withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<raw.count { raw[index] = self[position + index] }
        }
        return T(littleEndian: value)
    }
}

/// Verifies `bytes` (copied into aligned storage) and passes the model to `body`.
public func withVerifiedModel<R>(_ bytes: [UInt8], _ body: (Model) throws -> R) throws -> R {
    let storage = AlignedBytes(bytes)
    let model = try Model.verify(storage.region)
    return try withExtendedLifetime(storage) { try body(model) }
}

/// The error `Model.verify` throws for `bytes`, or nil when they verify.
public func verificationError(_ bytes: [UInt8]) -> VerificationError? {
    let storage = AlignedBytes(bytes)
    do {
        _ = try Model.verify(storage.region)
        return nil
    } catch {
        return error
    }
}
