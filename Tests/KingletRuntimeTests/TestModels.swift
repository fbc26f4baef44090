import Foundation
import TFLiteModel

/// Locations of the models tests read: the repo's testdata/ and, when present, ../shared/models.
enum TestModels {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = packageRoot.appendingPathComponent("testdata")
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")

    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: shared.path) }

    /// Loads a model file, copying it into aligned storage.
    static func load(_ url: URL) throws -> ModelFile {
        let bytes = try [UInt8](Data(contentsOf: url))
        return try ModelFile(copying: bytes)
    }

    /// A model from ../shared/models, or nil (with a note on stdout) when that folder is absent.
    static func shared(_ name: String) throws -> ModelFile? {
        guard sharedAvailable else {
            print("note: \(shared.path) is absent; skipping the checks on \(name)")
            return nil
        }
        return try load(shared.appendingPathComponent(name))
    }
}
