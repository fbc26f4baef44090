// Larq Compute Engine's bitpacked tensors (LCE v0.16.0 core/bitpacking/bitpack.h, core/types.h):
// int32 words along the last (channel) axis only, channel c in word c / 32, bit c % 32 (LSB
// first), bit 1 = -1 and bit 0 = +1. The padding bits of a row's last word are always 0: the
// binary convolution's XOR-popcount relies on it.

/// The row geometry of a bitpacked tensor: `rows` rows of `channels` values, `words` int32 words
/// (ceil(channels / 32)) each.
public struct BitpackedRows: BitwiseCopyable, Equatable {
    public private(set) var rows: Int32
    public private(set) var channels: Int32
    public var words: Int { (Int(channels) + 31) / 32 }

    /// `shape` is the unpacked shape (the last dimension is the channel count).
    public init(unpacked shape: Shape, name: KernelErrorName) throws(KernelError) {
        let channels = shape.rank == 0 ? 1 : shape[shape.rank - 1]
        guard channels > 0, channels <= Int(Int32.max) else { throw .unsupportedParameter(name: name, value: channels) }
        let elements = try shape.checkedElementCount()
        self.rows = Int32(clamping: elements / channels)
        self.channels = Int32(channels)
    }

    /// Words in the whole packed tensor.
    public var wordCount: Int { Int(rows) * words }

    /// Checks that `packed`, the packed tensor's shape, has these rows and ceil(channels/32) words a row.
    public func checkPacked(_ packed: Shape, name: KernelErrorName) throws(KernelError) {
        let last = packed.rank == 0 ? 1 : packed[packed.rank - 1]
        guard last == words else { throw .shapeMismatch(name: name, expected: words, actual: last) }
        guard try packed.checkedElementCount() == wordCount else {
            throw .shapeMismatch(name: name, expected: wordCount, actual: try packed.checkedElementCount())
        }
    }
}

/// Population count of a 32-bit word. Swift's `nonzeroBitCount` becomes POPCNT on x86-64 (with
/// the right target) and LLVM's bit-trick sequence (SWAR: 2-bit, 4-bit, byte sums, one multiply)
/// on a Cortex-M4, which has no popcount instruction. `-D KINGLET_POPCOUNT_TABLE` selects a
/// 256-entry byte table instead (four loads and three adds a word), for measuring the two: see
/// docs/binarized.md.
@inline(__always)
func popcount(_ word: UInt32) -> Int32 {
    #if KINGLET_POPCOUNT_TABLE
        let table = popcountTable.utf8Start
        return Int32(table[Int(word & 0xFF)]) &+ Int32(table[Int((word >> 8) & 0xFF)])
            &+ Int32(table[Int((word >> 16) & 0xFF)]) &+ Int32(table[Int(word >> 24)])
    #else
        return Int32(truncatingIfNeeded: word.nonzeroBitCount)
    #endif
}

#if KINGLET_POPCOUNT_TABLE
    /// The bit count of every byte value, as one read-only string of the counts 0...8.
    let popcountTable: StaticString =
        "\u{0}\u{1}\u{1}\u{2}\u{1}\u{2}\u{2}\u{3}\u{1}\u{2}\u{2}\u{3}\u{2}\u{3}\u{3}\u{4}\u{1}\u{2}\u{2}\u{3}\u{2}\u{3}\u{3}\u{4}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{1}\u{2}\u{2}\u{3}\u{2}\u{3}\u{3}\u{4}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{1}\u{2}\u{2}\u{3}\u{2}\u{3}\u{3}\u{4}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{4}\u{5}\u{5}\u{6}\u{5}\u{6}\u{6}\u{7}\u{1}\u{2}\u{2}\u{3}\u{2}\u{3}\u{3}\u{4}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{4}\u{5}\u{5}\u{6}\u{5}\u{6}\u{6}\u{7}\u{2}\u{3}\u{3}\u{4}\u{3}\u{4}\u{4}\u{5}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{4}\u{5}\u{5}\u{6}\u{5}\u{6}\u{6}\u{7}\u{3}\u{4}\u{4}\u{5}\u{4}\u{5}\u{5}\u{6}\u{4}\u{5}\u{5}\u{6}\u{5}\u{6}\u{6}\u{7}\u{4}\u{5}\u{5}\u{6}\u{5}\u{6}\u{6}\u{7}\u{5}\u{6}\u{6}\u{7}\u{6}\u{7}\u{7}\u{8}"
#endif
