/// A read-only view of bytes that some owner keeps alive (a file loaded in RAM, a model in flash).
///
/// All reads are little-endian and unaligned-safe. The unchecked readers do no bounds checks in release
/// builds: only `Verifier` decides that a position is safe, and only verified views call them.
public struct ByteRegion: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int

    @inlinable
    public init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        // An empty buffer may have no base address; point at a static byte so `base` is never nil.
        self.base = buffer.baseAddress ?? ByteRegion.emptyBase
        self.count = buffer.baseAddress == nil ? 0 : buffer.count
    }

    /// The base of empty regions: a non-nil, 16-byte aligned address that is never read (the count is
    /// 0). A constant, so an empty region needs neither a heap allocation nor a lazy global.
    @inlinable
    static var emptyBase: UnsafeRawPointer { UnsafeRawPointer(bitPattern: 16)! }

    /// Whether `length` bytes starting at `position` lie inside the region. Overflow-safe for any inputs.
    @inlinable
    public func contains(_ position: Int, length: Int) -> Bool {
        position >= 0 && length >= 0 && position <= count && length <= count - position
    }

    /// Reads a little-endian integer. Unchecked: the caller has verified `position`.
    @inlinable
    public func readUnchecked<T: FixedWidthInteger>(_: T.Type = T.self, at position: Int) -> T {
        assert(contains(position, length: MemoryLayout<T>.size), "unverified read")
        return T(littleEndian: base.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    /// Reads a little-endian IEEE float. Unchecked: the caller has verified `position`.
    @inlinable
    public func readFloatUnchecked(at position: Int) -> Float {
        Float(bitPattern: readUnchecked(UInt32.self, at: position))
    }

    /// Reads a little-endian IEEE double. Unchecked: the caller has verified `position`.
    @inlinable
    public func readDoubleUnchecked(at position: Int) -> Double {
        Double(bitPattern: readUnchecked(UInt64.self, at: position))
    }

    /// The sub-region `[position, position + length)`. Unchecked: the caller has verified it.
    @inlinable
    public func sliceUnchecked(at position: Int, count length: Int) -> ByteRegion {
        assert(contains(position, length: length), "unverified slice")
        return ByteRegion(base: base + position, count: length)
    }

    /// The byte at `index`, bounds-checked by precondition (for non-hot paths such as printing).
    @inlinable
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "ByteRegion index out of range")
        return base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Whether the region holds exactly the bytes of `text` (a byte comparison: no `String`, no Unicode).
    @inlinable
    public func matches(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { bytes in
            guard bytes.count == count else { return false }
            for index in 0..<count where base.load(fromByteOffset: index, as: UInt8.self) != bytes[index] {
                return false
            }
            return true
        }
    }
}
