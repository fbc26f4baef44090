import TFLiteModel

/// The mutation engine of the hostile-input tests: where in a model file edits matter, in-place
/// random edits that can be undone, and described edits that make a mutant copy.
public enum Mutations {
    /// Byte positions of the file that hold structure rather than constant data (buffer contents),
    /// where edits mostly reach the verifier and the loader rather than the weights.
    public static func structuralPositions(_ model: Model) -> [Int] {
        var data: [Range<Int>] = []
        for index in 0..<model.buffers.count {
            if let region = model.bufferData(index), region.count > 0 {
                let start = region.base - model.bytes.base
                data.append(start..<start + region.count)
            }
        }
        data.sort { $0.lowerBound < $1.lowerBound }
        var positions: [Int] = []
        var next = 0
        for range in data {
            if range.lowerBound > next { positions += next..<range.lowerBound }
            next = max(next, range.upperBound)
        }
        if next < model.bytes.count { positions += next..<model.bytes.count }
        return positions
    }

    /// One random edit in place: a random byte, a flipped bit, or an interesting 16/32-bit value
    /// (0, ±1, extremes, small changes of what is there) at an aligned position. Half the edits
    /// land in `positions` (when there are any). Returns the original bytes to restore, in order.
    public static func mutate(
        _ storage: AlignedBytes, positions: [Int], _ rng: inout some RandomNumberGenerator
    ) -> [(Int, UInt8)] {
        let pick =
            rng.next() % 2 == 0 && !positions.isEmpty
            ? positions[Int(rng.next() % UInt64(positions.count))]
            : Int(rng.next() % UInt64(storage.count))
        var saved: [(Int, UInt8)] = []
        func write(_ bytes: [UInt8], at position: Int) {
            for (index, byte) in bytes.enumerated() where position + index < storage.count {
                saved.append((position + index, storage[position + index]))
                storage[position + index] = byte
            }
        }
        func read32(_ position: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { value, index in
                position + index < storage.count ? value | UInt32(storage[position + index]) << (8 * index) : value
            }
        }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        switch rng.next() % 6 {
        case 0:
            write([UInt8(truncatingIfNeeded: rng.next())], at: pick)
        case 1:
            write([storage[pick] ^ (1 << UInt8(rng.next() % 8))], at: pick)
        case 2:
            let values: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0xFE, 3, 4]
            write([values[Int(rng.next() % UInt64(values.count))]], at: pick)
        case 3, 4:
            let aligned = pick & ~3
            let current = read32(aligned)
            let deltas: [Int64] = [-8, -4, -2, -1, 1, 2, 4, 8, 12, 16, -16, 64]
            let candidates: [UInt32] = [
                0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFC, UInt32(storage.count),
                UInt32(truncatingIfNeeded: Int64(current) + deltas[Int(rng.next() % UInt64(deltas.count))]),
            ]
            write(le32(candidates[Int(rng.next() % UInt64(candidates.count))]), at: aligned)
        default:
            let aligned = pick & ~1
            let values: [UInt16] = [0, 2, 4, 6, 0xFFFF, 0x8000, UInt16(truncatingIfNeeded: Int(rng.next() % 64))]
            let value = values[Int(rng.next() % UInt64(values.count))]
            write([UInt8(value & 0xFF), UInt8(value >> 8)], at: aligned)
        }
        return saved
    }

    /// Undoes the edits `mutate` returned (latest first).
    public static func restore(_ storage: AlignedBytes, _ saved: [(Int, UInt8)]) {
        for (position, byte) in saved.reversed() { storage[position] = byte }
    }

    /// The `index`-th described edit of a file of `count` bytes: a third truncations, a third bit
    /// flips, a third hostile 32-bit words at aligned positions (half of them in `structural`).
    public static func mutation(
        _ index: Int, count: Int, structural: [Int], _ rng: inout some RandomNumberGenerator
    ) -> Mutation {
        func position() -> Int {
            if rng.next() & 1 == 0, !structural.isEmpty {
                return structural[Int(rng.next() % UInt64(structural.count))]
            }
            return Int(rng.next() % UInt64(count))
        }
        switch index % 3 {
        case 0:
            return .truncate(Int(rng.next() % UInt64(count)))
        case 1:
            let flips = 1 + Int(rng.next() % 4)
            return .flipBits((0..<flips).map { _ in (position(), Int(rng.next() % 8)) })
        default:
            let hostile: [UInt32] = [
                0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, UInt32(count), UInt32(count - 4), 4, 8, 12, 0, 1, 0xFFFF_FFFC,
                0x0001_0000,
            ]
            let words = 1 + Int(rng.next() % 3)
            return .words((0..<words).map { _ in (position() & ~3, hostile[Int(rng.next() % UInt64(hostile.count))]) })
        }
    }
}

/// A described edit of a model file, applied to a copy.
public enum Mutation: CustomStringConvertible {
    case truncate(Int)
    case flipBits([(position: Int, bit: Int)])
    case words([(position: Int, value: UInt32)])

    public var description: String {
        switch self {
        case .truncate(let length): return "truncate to \(length) bytes"
        case .flipBits(let flips):
            return "flip " + flips.map { "bit \($0.bit) of byte \($0.position)" }.joined(separator: ", ")
        case .words(let words):
            return "write "
                + words.map { "0x" + String($0.value, radix: 16, uppercase: true) + " at \($0.position)" }
                .joined(separator: ", ")
        }
    }

    public func apply(to original: [UInt8]) -> [UInt8] {
        switch self {
        case .truncate(let length):
            return Array(original[0..<length])
        case .flipBits(let flips):
            var bytes = original
            for flip in flips { bytes[flip.position] ^= UInt8(1) << UInt8(flip.bit) }
            return bytes
        case .words(let words):
            var bytes = original
            for word in words {
                for index in 0..<4 where word.position + index < bytes.count {
                    bytes[word.position + index] = UInt8(truncatingIfNeeded: word.value >> (8 * UInt32(index)))
                }
            }
            return bytes
        }
    }
}
