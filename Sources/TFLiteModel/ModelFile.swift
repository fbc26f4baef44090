import FlatBufferReader

/// Owns a copy of a model's bytes, 16-byte aligned (as the format's buffers expect), and the
/// verified `Model` view over them. Keep it alive as long as any view or interpreter uses the model.
public final class ModelFile: @unchecked Sendable {
    public let model: Model
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into aligned storage and verifies them.
    public convenience init(copying bytes: UnsafeRawBufferPointer, limits: VerifierLimits = .default) throws(VerificationError) {
        let storage = ModelFile.allocate(bytes.count)
        if bytes.count > 0 { storage.copyMemory(from: bytes) }
        try self.init(adopting: storage, count: bytes.count, limits: limits)
    }

    /// Copies `bytes` into aligned storage and verifies them.
    public convenience init(copying bytes: [UInt8], limits: VerifierLimits = .default) throws(VerificationError) {
        let storage = ModelFile.allocate(bytes.count)
        bytes.withUnsafeBytes { raw in
            if raw.count > 0 { storage.copyMemory(from: raw) }
        }
        try self.init(adopting: storage, count: bytes.count, limits: limits)
    }

    private init(adopting storage: UnsafeMutableRawBufferPointer, count: Int, limits: VerifierLimits) throws(VerificationError) {
        self.storage = storage
        let region = ByteRegion(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<count]))
        do {
            self.model = try Model.verify(region, limits: limits)
        } catch {
            storage.deallocate()
            throw error
        }
    }

    private static func allocate(_ count: Int) -> UnsafeMutableRawBufferPointer {
        // At least one byte so the allocation always has an address.
        UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
    }

    /// The size of the model file in bytes.
    public var byteCount: Int { model.bytes.count }

    deinit { storage.deallocate() }
}
