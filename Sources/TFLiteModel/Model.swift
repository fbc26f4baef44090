import FlatBufferReader

/// `tflite.Model`, the root table: a zero-copy view over verified model bytes.
///
/// Only `Model.verify` makes one, so holding a `Model` means every field its views read has been
/// checked. The bytes must outlive the view (as TFLM's model pointer must): `ModelFile` owns them
/// on a host; on a device they are in flash.
public struct Model: @unchecked Sendable {
    /// The whole file: the flatbuffer plus any buffer data appended after it (offset/size buffers).
    public let bytes: ByteRegion
    let table: Table
    /// Whether the file carries the `TFL3` identifier (files without one are accepted when their
    /// whole model verifies; callers should warn).
    public let hasIdentifier: Bool

    /// The file identifier `TFL3` as a little-endian `UInt32` (see `FileIdentifier`).
    @inlinable public static var fileIdentifier: UInt32 { 0x334C_4654 }

    enum Field {
        static let version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4
        static let metadataBuffer = 5, metadata = 6, signatureDefs = 7
    }

    public var version: UInt32 { table.scalar(Field.version, default: 0) }
    /// The description (host only: decodes UTF-8 into a `String`).
    public var description: String? { table.string(Field.description) }
    /// The description's raw UTF-8 bytes, or nil when absent.
    public var descriptionBytes: ByteRegion? { table.stringBytes(Field.description) }
    public var operatorCodes: TableVector<OperatorCode> { table.tables(Field.operatorCodes) }
    public var subgraphs: TableVector<SubGraph> { table.tables(Field.subgraphs) }
    public var buffers: TableVector<Buffer> { table.tables(Field.buffers) }
    #if !hasFeature(Embedded)
        // Metadata and signatures: read by host reports only. A device build neither verifies nor
        // exposes them (2 KB of code it never runs).
        public var metadataBuffer: ScalarVector<Int32> { table.scalars(Field.metadataBuffer) }
        public var metadata: TableVector<Metadata> { table.tables(Field.metadata) }
        public var signatureDefs: TableVector<SignatureDef> { table.tables(Field.signatureDefs) }
    #endif

    /// The data of buffer `index` (inline or offset/size form), or nil when the index is out of range.
    public func bufferData(_ index: Int) -> ByteRegion? {
        buffers.element(at: index).map { $0.data(in: bytes) }
    }
}

extension Model {
    /// Verifies `bytes` as a TFLite model and returns a view of it.
    ///
    /// A file whose identifier is not `TFL3` is accepted when its root verifies without one
    /// (some exporters omit it); `hasIdentifier` then tells the caller, who should warn.
    /// Allocates nothing and uses no `String`: errors carry integers only.
    public static func verify(
        _ bytes: ByteRegion, limits: VerifierLimits = .default
    ) throws(VerificationError) -> Model {
        do {
            let root = try Verifier.verify(bytes, limits: limits) { (verifier) throws(VerificationFault) -> Table in
                let root = try verifier.root(identifier: "TFL3", kind: SchemaTable.model)
                try verifyModel(&verifier, root)
                return root
            }
            return Model(bytes: bytes, table: root, hasIdentifier: true)
        } catch {
            guard case .identifierMismatch = error.kind else { throw error }
            // Identifier-less files are accepted only if everything below the root verifies;
            // when the root itself fails, the file is most likely not a model: say so.
            let mismatch = error
            var rootVerified = false
            do {
                let root = try Verifier.verify(bytes, limits: limits) { (verifier) throws(VerificationFault) -> Table in
                    let root = try verifier.root(identifier: nil, kind: SchemaTable.model)
                    rootVerified = true
                    try verifyModel(&verifier, root)
                    return root
                }
                return Model(bytes: bytes, table: root, hasIdentifier: false)
            } catch {
                throw rootVerified ? error : mismatch
            }
        }
    }

    @inline(never)  // both identifier paths call it: one copy
    static func verifyModel(_ v: inout Verifier, _ t: Table) throws(VerificationFault) {
        _ = try v.scalar(t, Field.version, size: 4)
        try v.tables(t, Field.operatorCodes, kind: SchemaTable.operatorCode, OperatorCode.verify)
        try v.tables(t, Field.subgraphs, kind: SchemaTable.subGraph, SubGraph.verify)
        _ = try v.string(t, Field.description)
        try v.tables(t, Field.buffers, kind: SchemaTable.buffer, Buffer.verify)
        _ = try v.vector(t, Field.metadataBuffer, elementSize: 4)
        #if !hasFeature(Embedded)
            try v.tables(t, Field.metadata, kind: SchemaTable.metadata, Metadata.verify)
            try v.tables(t, Field.signatureDefs, kind: SchemaTable.signatureDef, SignatureDef.verify)
        #endif
    }
}
