/// Hands out memory from one caller-provided arena, the TFLM way: planned buffers (tensors and
/// scratch) at the head from offset 0, persistent data (op data, tensor pointers) from the tail down.
///
/// When a persistent request does not fit, the allocator keeps going from a temporary overflow
/// allocation so that preparation can finish and report the exact size a run needs; the
/// interpreter then fails with `arenaTooSmall` and frees the overflow.
struct ArenaAllocator {
    /// Alignment of every planned buffer and of the arena start (as TFLM's tensor alignment).
    static let bufferAlignment = 16

    let base: UnsafeMutableRawPointer
    let capacity: Int
    /// Bytes skipped at the start to align the arena base.
    let leadingPadding: Int
    private(set) var tailUsed = 0
    /// Every persistent block, for the report: what it holds, its size here and on a 32-bit target.
    private(set) var ledger: [PersistentBlock] = []
    private(set) var overflowAllocations: [UnsafeMutableRawPointer] = []
    var overflowed: Bool { !overflowAllocations.isEmpty || dataOverflowed }

    init(_ arena: UnsafeMutableRawBufferPointer) {
        let start = arena.baseAddress ?? UnsafeMutableRawPointer(mutating: ArenaAllocator.emptyArena)
        let address = Int(bitPattern: start)
        let padding = (ArenaAllocator.bufferAlignment - address % ArenaAllocator.bufferAlignment) % ArenaAllocator.bufferAlignment
        leadingPadding = min(padding, arena.count)
        base = start + leadingPadding
        // The tail starts at an aligned top so the layout never depends on the arena's exact size.
        capacity = max(arena.count - leadingPadding, 0) & ~(ArenaAllocator.bufferAlignment - 1)
    }

    nonisolated(unsafe) private static let emptyArena = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)

    /// `byteCount` bytes at `alignment` from the tail, zero-filled. `bytesOn32Bit` is the size the
    /// same block has where pointers and `Int` take 4 bytes (nil: the same).
    mutating func allocatePersistent(
        _ byteCount: Int, alignment: Int, kind: PersistentBlock.Kind = .operatorData, bytesOn32Bit: Int? = nil
    ) -> UnsafeMutableRawPointer {
        let size = max(byteCount, 0)
        ledger.append(PersistentBlock(kind: kind, bytes: size, bytesOn32Bit: bytesOn32Bit ?? size, alignment: alignment))
        // Place the block at the highest aligned address below what the tail already holds. The
        // start may go negative (the arena is too small): the masking still floors, so the
        // accounting stays exact as if the arena were large enough.
        let start = (capacity - tailUsed - size) & ~(alignment - 1)
        tailUsed = capacity - start
        if !overflowed && start >= 0 {
            let pointer = base + start
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            return pointer
        }
        // Out of room: keep going from a temporary block so the caller learns the exact need.
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: max(alignment, 16))
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(size, 1))
        overflowAllocations.append(pointer)
        return pointer
    }

    /// A block for data (variable tensors, resource variables) that nothing reads during loading:
    /// nil when the arena is too small — unlike op data, it is then only counted, never taken
    /// from the heap, since a file can claim any size.
    mutating func allocatePersistentData(_ byteCount: Int, kind: PersistentBlock.Kind) -> UnsafeMutableRawPointer? {
        let size = max(byteCount, 0)
        let alignment = ArenaAllocator.bufferAlignment
        ledger.append(PersistentBlock(kind: kind, bytes: size, bytesOn32Bit: size, alignment: alignment))
        let (below, overflow) = (capacity - tailUsed).subtractingReportingOverflow(size)
        let start = overflow ? Int.min / 2 : below & ~(alignment - 1)
        tailUsed = capacity - start
        guard !overflowed, start >= 0 else {
            dataOverflowed = true
            return nil
        }
        return base + start
    }

    /// Whether a data block did not fit (the interpreter then reports the arena too small).
    private(set) var dataOverflowed = false

    mutating func allocatePersistent<T>(
        _ type: T.Type, count: Int = 1, kind: PersistentBlock.Kind = .operatorData, wordsPerElement: Int? = nil
    ) -> UnsafeMutablePointer<T> {
        // Blocks of pointer-sized words shrink by half on a 32-bit target.
        let bytes32 = wordsPerElement.map { $0 * 4 * count }
        return allocatePersistent(MemoryLayout<T>.stride * count, alignment: MemoryLayout<T>.alignment,
                                  kind: kind, bytesOn32Bit: bytes32)
            .bindMemory(to: T.self, capacity: count)
    }

    /// Frees overflow blocks (after a failed preparation).
    mutating func releaseOverflow() {
        for pointer in overflowAllocations { pointer.deallocate() }
        overflowAllocations.removeAll()
    }
}

/// Rounds `value` up to a multiple of `alignment` (a power of two).
@inline(__always)
func alignUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) & ~(alignment - 1)
}

/// One block of the arena's persistent part.
public struct PersistentBlock: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Kernel op data: multipliers, shifts, geometry (per-channel arrays included).
        case operatorData = "operator data"
        /// One record per operator: invoke function, op data and I/O list pointers.
        case nodes = "node records"
        /// Each operator's input, output and scratch pointers.
        case ioLists = "I/O lists"
        /// One data pointer per tensor.
        case tensorPointers = "tensor pointers"
        /// Variable tensors (state kept across runs).
        case variableTensors = "variable tensors"
    }

    public var kind: Kind
    public var bytes: Int
    /// The size on a 32-bit target: exact for pointer tables; for operator data, the host size
    /// (an upper bound, as the kernels' parameter structs hold a few `Int`s and pointers).
    public var bytesOn32Bit: Int
    public var alignment: Int
}
