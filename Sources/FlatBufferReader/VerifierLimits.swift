/// Bounds on the work a hostile buffer can cause the verifier to do.
public struct VerifierLimits: Sendable, Equatable {
    /// Deepest nesting of tables (the root is depth 1).
    public var maxDepth: Int
    /// Most tables visited, counting a table once per reference to it.
    public var maxTables: Int
    /// Largest buffer accepted (FlatBuffers offsets are 32-bit: at most 2 GiB - 1).
    public var maxBufferSize: Int

    public init(maxDepth: Int = 64, maxTables: Int = 1_000_000, maxBufferSize: Int = Int(Int32.max)) {
        self.maxDepth = maxDepth
        self.maxTables = maxTables
        self.maxBufferSize = maxBufferSize
    }

    public static let `default` = VerifierLimits()
}
