/// One buffer to place in the planned (head) part of the arena: `size` bytes alive from operator
/// `first` through operator `last` inclusive.
public struct PlannedBuffer: Equatable, Sendable {
    public var size: Int
    public var first: Int
    public var last: Int
    public var offset: Int = 0

    public init(size: Int, first: Int, last: Int) {
        self.size = size
        self.first = first
        self.last = last
    }

    func overlapsInTime(_ other: PlannedBuffer) -> Bool {
        first <= other.last && other.first <= last
    }

    func overlapsInSpace(_ other: PlannedBuffer) -> Bool {
        offset < other.offset + other.size && other.offset < offset + size
    }
}

/// Places buffers so that no two alive at the same operator share a byte.
public enum MemoryPlanner {
    /// Sizes are rounded up to this alignment (every buffer starts 16-byte aligned).
    public static let alignment = 16

    /// Assigns every buffer's offset; returns the planned size (end of the highest buffer).
    public static func plan(_ buffers: inout [PlannedBuffer]) -> Int {
        for index in buffers.indices { buffers[index].size = alignUp(buffers[index].size, alignment) }
        // Greedy by size: largest first, each at the lowest offset where it fits among the already
        // placed buffers whose lifetimes overlap its own.
        let order = buffers.indices.sorted { a, b in
            buffers[a].size != buffers[b].size ? buffers[a].size > buffers[b].size : a < b
        }
        var placed: [Int] = []
        var total = 0
        for index in order {
            var candidate = buffers[index]
            let conflicts = placed.filter { buffers[$0].overlapsInTime(candidate) }
                .sorted { buffers[$0].offset < buffers[$1].offset }
            var offset = 0
            for other in conflicts {
                let start = buffers[other].offset, end = start + buffers[other].size
                if offset + candidate.size <= start { break }
                offset = max(offset, end)
            }
            candidate.offset = offset
            buffers[index] = candidate
            placed.append(index)
            total = max(total, offset + candidate.size)
        }
        return total
    }

    /// The largest sum of (aligned) sizes alive at any one operator: no plan can be smaller.
    public static func lowerBound(_ buffers: [PlannedBuffer], operatorCount: Int) -> Int {
        var peak = 0
        for step in 0..<max(operatorCount, 1) {
            var live = 0
            for buffer in buffers where buffer.first <= step && step <= buffer.last {
                live += alignUp(buffer.size, alignment)
            }
            peak = max(peak, live)
        }
        return peak
    }

    /// Whether any two buffers alive at the same time share bytes (a test oracle).
    public static func hasOverlap(_ buffers: [PlannedBuffer]) -> Bool {
        for a in buffers.indices {
            for b in buffers.indices where b > a {
                if buffers[a].size > 0, buffers[b].size > 0,
                   buffers[a].overlapsInTime(buffers[b]), buffers[a].overlapsInSpace(buffers[b]) {
                    return true
                }
            }
        }
        return false
    }
}
