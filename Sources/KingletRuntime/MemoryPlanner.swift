#if !hasFeature(Embedded)
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

#endif

/// Places buffers so that no two alive at the same operator share a byte, aiming for the
/// peak-live lower bound.
///
/// Placement is first-fit: buffers are taken in some order, each at the lowest offset where it
/// overlaps no already-placed buffer that is alive at the same time. The order decides the
/// result. TFLM uses one order (largest first) and so often wastes memory; Kinglet tries several
/// orders (largest first, longest-lived first, earliest first, largest area first), then improves
/// the best by a seeded local search over the order (moving one buffer earlier), and stops as soon
/// as a plan reaches the lower bound, which no plan can beat. The search is deterministic: the same
/// model always gets the same plan.
public enum MemoryPlanner {
    /// Sizes are rounded up to this alignment (every buffer starts 16-byte aligned).
    public static let alignment = 16

    /// `a + b`, or Int.max when that overflows (sizes from a file can be huge; the total is then
    /// reported as too large for any arena rather than trapping).
    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    #if !hasFeature(Embedded)
        /// How many reorderings the local search tries at most.
        public static let searchBudget = 3000

        /// Assigns every buffer's offset; returns the planned size (end of the highest buffer).
        public static func plan(_ buffers: inout [PlannedBuffer]) -> Int {
            for index in buffers.indices {
                buffers[index].size = alignUp(min(buffers[index].size, Int.max / 4), alignment)
            }
            guard !buffers.isEmpty else { return 0 }
            let steps = (buffers.map { $0.last }.max() ?? 0) + 1
            let bound = lowerBound(buffers, operatorCount: steps)
            let conflicts = conflictLists(buffers)

            var bestOrder: [Int] = []
            var bestSize = Int.max
            func consider(_ order: [Int]) {
                let size = placedSize(buffers, order: order, conflicts: conflicts)
                if size < bestSize {
                    bestSize = size
                    bestOrder = order
                }
            }
            let indices = Array(buffers.indices)
            // Keys are 64-bit so the orders (and so the plan) are the same on a 32-bit device as on
            // a host, and size * 1_000_000 cannot overflow there.
            func by(_ key: (PlannedBuffer) -> Int64) -> [Int] {
                indices.sorted { a, b in
                    let ka = key(buffers[a]), kb = key(buffers[b])
                    return ka != kb ? ka > kb : a < b
                }
            }
            consider(by { Int64($0.size) })
            if bestSize > bound { consider(by { Int64($0.last - $0.first) }) }
            if bestSize > bound { consider(by { Int64($0.size) * Int64($0.last - $0.first + 1) }) }
            if bestSize > bound { consider(by { -Int64($0.first) }) }
            if bestSize > bound { consider(by { Int64($0.size) * 1_000_000 - Int64($0.first) }) }

            // Local search: move one buffer to an earlier place in the order; keep improvements. The
            // number of attempts shrinks with the cost of one placement, so big graphs stay fast.
            var random = PlannerRandom(seed: UInt64(buffers.count) &* 0x9E37_79B9)
            var order = bestOrder
            var attempts = 0
            let placementCost = conflicts.reduce(buffers.count) { $0 + $1.count }
            let budget = min(searchBudget, 20_000_000 / max(placementCost, 1))
            while bestSize > bound && attempts < budget && order.count > 1 {
                attempts += 1
                let from = Int(random.next() % UInt64(order.count))
                let to = Int(random.next() % UInt64(from + 1))
                if from == to { continue }
                var candidate = order
                let moved = candidate.remove(at: from)
                candidate.insert(moved, at: to)
                let size = placedSize(buffers, order: candidate, conflicts: conflicts)
                if size <= bestSize {
                    // Equal sizes are accepted too, so the search can cross plateaus.
                    if size < bestSize { bestOrder = candidate }
                    bestSize = min(bestSize, size)
                    order = candidate
                }
            }
            place(&buffers, order: bestOrder, conflicts: conflicts)
            return buffers.reduce(0) { max($0, saturatingAdd($1.offset, $1.size)) }
        }

        /// For each buffer, the buffers alive at some same operator.
        static func conflictLists(_ buffers: [PlannedBuffer]) -> [[Int]] {
            var lists = [[Int]](repeating: [], count: buffers.count)
            for a in buffers.indices {
                for b in buffers.indices where b > a && buffers[a].overlapsInTime(buffers[b]) {
                    lists[a].append(b)
                    lists[b].append(a)
                }
            }
            return lists
        }

        /// The planned size first-fit placement in `order` reaches.
        static func placedSize(_ buffers: [PlannedBuffer], order: [Int], conflicts: [[Int]]) -> Int {
            var copy = buffers
            place(&copy, order: order, conflicts: conflicts)
            return copy.reduce(0) { max($0, saturatingAdd($1.offset, $1.size)) }
        }

        /// First-fit placement in `order`: each buffer at the lowest offset clear of the placed
        /// buffers alive at the same time.
        static func place(_ buffers: inout [PlannedBuffer], order: [Int], conflicts: [[Int]]) {
            var isPlaced = [Bool](repeating: false, count: buffers.count)
            var occupied: [(start: Int, end: Int)] = []
            occupied.reserveCapacity(buffers.count)
            for index in order {
                occupied.removeAll(keepingCapacity: true)
                for other in conflicts[index] where isPlaced[other] {
                    occupied.append((buffers[other].offset, saturatingAdd(buffers[other].offset, buffers[other].size)))
                }
                occupied.sort { $0.start < $1.start }
                var offset = 0
                let size = buffers[index].size
                for range in occupied {
                    if saturatingAdd(offset, size) <= range.start { break }
                    offset = max(offset, range.end)
                }
                buffers[index].offset = offset
                isPlaced[index] = true
            }
        }

        /// The largest sum of (aligned) sizes alive at any one operator: no plan can be smaller.
        public static func lowerBound(_ buffers: [PlannedBuffer], operatorCount: Int) -> Int {
            var live = [Int](repeating: 0, count: max(operatorCount, 1))
            for buffer in buffers {
                let size = alignUp(buffer.size, alignment)
                for step in max(buffer.first, 0)...max(buffer.last, 0) where step < live.count {
                    live[step] = saturatingAdd(live[step], size)
                }
            }
            return live.max() ?? 0
        }

        /// Whether any two buffers alive at the same time share bytes (a test oracle).
        public static func hasOverlap(_ buffers: [PlannedBuffer]) -> Bool {
            for a in buffers.indices {
                for b in buffers.indices where b > a {
                    if buffers[a].size > 0, buffers[b].size > 0,
                        buffers[a].overlapsInTime(buffers[b]), buffers[a].overlapsInSpace(buffers[b])
                    {
                        return true
                    }
                }
            }
            return false
        }
    #endif
}

#if !hasFeature(Embedded)
    /// xorshift64*: the planner's deterministic source of reorderings.
    struct PlannerRandom {
        var state: UInt64
        init(seed: UInt64) { state = seed == 0 ? 0x2545_F491_4F6C_DD1D : seed }
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }
#endif
