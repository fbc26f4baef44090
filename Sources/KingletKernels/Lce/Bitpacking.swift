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
/// the right target) and a bit-trick sequence where the target has no popcount instruction.
@inline(__always)
func popcount(_ word: UInt32) -> Int32 { Int32(truncatingIfNeeded: word.nonzeroBitCount) }
