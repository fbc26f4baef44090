import FlatBufferReader

/// Owns (or borrows) a model's bytes and the verified `Model` view over them. Keep it alive as long
/// as any view or interpreter uses the model.
///
/// Weights stay where the bytes are: nothing is copied when the bytes are already 16-byte aligned
/// (a memory-mapped file is page aligned). Misaligned bytes are copied once into aligned storage,
/// because the format's buffers and the kernels' typed reads assume alignment from the file start.
public final class ModelFile: @unchecked Sendable {
    public let model: Model
    /// Whether the bytes were copied into storage owned by this object.
    public let ownsCopy: Bool
    private let release: () -> Void

    /// The alignment of the file start that zero-copy loading requires.
    public static let requiredAlignment = 16

    /// Copies `bytes` into aligned storage and verifies them.
    public convenience init(
        copying bytes: UnsafeRawBufferPointer, limits: VerifierLimits = .default
    ) throws(VerificationError) {
        let storage = ModelFile.allocate(bytes.count)
        if bytes.count > 0 { storage.copyMemory(from: bytes) }
        try self.init(region: ModelFile.region(storage, count: bytes.count), ownsCopy: true, limits: limits) {
            storage.deallocate()
        }
    }

    /// Copies `bytes` into aligned storage and verifies them.
    public convenience init(copying bytes: [UInt8], limits: VerifierLimits = .default) throws(VerificationError) {
        let storage = ModelFile.allocate(bytes.count)
        bytes.withUnsafeBytes { raw in
            if raw.count > 0 { storage.copyMemory(from: raw) }
        }
        try self.init(region: ModelFile.region(storage, count: bytes.count), ownsCopy: true, limits: limits) {
            storage.deallocate()
        }
    }

    /// Verifies `bytes` in place when they are 16-byte aligned (copying them otherwise). `release`
    /// runs once the bytes are no longer needed: when this object is freed, or at once if they were
    /// copied or failed verification.
    public convenience init(
        borrowing bytes: UnsafeRawBufferPointer, limits: VerifierLimits = .default, release: @escaping () -> Void
    ) throws(VerificationError) {
        guard let base = bytes.baseAddress, Int(bitPattern: base) % ModelFile.requiredAlignment == 0 else {
            defer { release() }
            try self.init(copying: bytes, limits: limits)
            return
        }
        try self.init(
            region: ByteRegion(base: base, count: bytes.count), ownsCopy: false, limits: limits, release: release)
    }

    private init(
        region: ByteRegion, ownsCopy: Bool, limits: VerifierLimits, release: @escaping () -> Void
    ) throws(VerificationError) {
        self.release = release
        self.ownsCopy = ownsCopy
        do {
            self.model = try Model.verify(region, limits: limits)
        } catch {
            release()
            throw error
        }
    }

    private static func allocate(_ count: Int) -> UnsafeMutableRawBufferPointer {
        // At least one byte so the allocation always has an address.
        UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(count, 1), alignment: ModelFile.requiredAlignment)
    }

    private static func region(_ storage: UnsafeMutableRawBufferPointer, count: Int) -> ByteRegion {
        ByteRegion(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<count]))
    }

    /// The size of the model file in bytes.
    public var byteCount: Int { model.bytes.count }

    deinit { release() }
}
