import FlatBufferReader
import Foundation
import TFLiteModel

/// Reads and verifies a model file, turning every failure into one line that names the file.
enum ModelLoading {
    static func load(_ path: String) throws(CLIError) -> ModelFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CLIError("\(path): is a directory, not a model file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw CLIError("\(path): cannot read: \(error.localizedDescription)")
        }
        let file: ModelFile
        do {
            file = try data.withUnsafeBytes { raw in try ModelFile(copying: raw) }
        } catch let error as VerificationError {
            throw CLIError("\(path): \(describe(error))")
        } catch {
            throw CLIError("\(path): \(error)")
        }
        if file.model.identifier == nil {
            Terminal.warning("\(path): no TFL3 file identifier; accepted because the whole model verifies")
        }
        return file
    }

    static func describe(_ error: VerificationError) -> String {
        switch error.kind {
        case .identifierMismatch, .bufferSize:
            return "not a TFLite model: \(error)"
        default:
            return "invalid model: \(error)"
        }
    }
}
