import FlatBufferReader
import Foundation
import TFLiteModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and verifies a model file, turning every failure into one line that names the file.
enum ModelLoading {
    /// Memory-maps `path` read-only and verifies it in place: the model views (and weights) are the
    /// mapped pages, never a copy.
    static func load(_ path: String) throws(CLIError) -> ModelFile {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CLIError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CLIError("\(path): \(String(cString: strerror(errno)))") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw CLIError("\(path): not a regular file") }
        let size = Int(status.st_size)
        guard size >= 8 else { throw CLIError("\(path): not a TFLite model: \(size) bytes is too small") }
        guard size <= VerifierLimits.default.maxBufferSize else {
            throw CLIError(
                "\(path): not a TFLite model: \(size) bytes is larger than the 2 GiB a flatbuffer can address")
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw CLIError("\(path): cannot map the file: \(String(cString: strerror(errno)))")
        }
        let bytes = UnsafeRawBufferPointer(start: mapped, count: size)
        let file: ModelFile
        do {
            file = try ModelFile(borrowing: bytes) { munmap(mapped, size) }
        } catch {
            throw CLIError("\(path): \(describe(error))")
        }
        if !file.model.hasIdentifier {
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
