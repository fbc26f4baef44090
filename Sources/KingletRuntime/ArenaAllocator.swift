/// Hands out memory from one caller-provided arena, the TFLM way: planned buffers (tensors and
/// scratch) at the head from offset 0, persistent data (op data, tensor pointers) from the tail down.
/// While loading, the free middle also lends temporary space (`TemporaryArea`) for the checks and
/// the planner; nothing of it outlives `load`.
///
/// The tail is counted twice: as laid out here, and as the same blocks lay out on a 32-bit device
/// (`DeviceLayout` sizes), so a host can tell a device's exact arena.
///
/// When a persistent request does not fit, a host keeps going from temporary heap blocks so that
/// preparation can finish and report the exact size a run needs (the interpreter then fails with
/// `arenaTooSmall` and frees them). A device has no heap: it stops at once and reports the need
/// it has counted so far, as a lower bound.
struct ArenaAllocator {
    /// Alignment of every planned buffer and of the arena start (as TFLM's tensor alignment).
    static let bufferAlignment = 16

    let base: UnsafeMutableRawPointer
    let capacity: Int
    /// Bytes skipped at the start to align the arena base.
    let leadingPadding: Int
    private(set) var tailUsed = 0
    /// The same tail as laid out on a 32-bit device.
    private(set) var tailUsedOnDevice = 0
    /// Persistent bytes by kind (what the report shows), here and on a 32-bit device.
    private(set) var bytesByKind = PersistentBytes()
    private(set) var deviceBytesByKind = PersistentBytes()
    /// Whether a block did not fit in the arena.
    private(set) var overflowed = false
    #if !hasFeature(Embedded)
        private(set) var overflowAllocations: [UnsafeMutableRawPointer] = []
    #endif

    init(_ arena: UnsafeMutableRawBufferPointer) {
        let start =
            arena.baseAddress ?? UnsafeMutableRawPointer(bitPattern: ArenaAllocator.bufferAlignment).unsafelyUnwrapped
        let address = Int(bitPattern: start)
        let padding =
            (ArenaAllocator.bufferAlignment - address % ArenaAllocator.bufferAlignment) % ArenaAllocator.bufferAlignment
        leadingPadding = min(padding, arena.count)
        base = start + leadingPadding
        // The tail starts at an aligned top so the layout never depends on the arena's exact size.
        capacity = max(arena.count - leadingPadding, 0) & ~(ArenaAllocator.bufferAlignment - 1)
    }

    /// The persistent part as a whole, rounded so an arena of exactly the need has room for it.
    var persistentBytes: Int { alignUp(tailUsed, ArenaAllocator.bufferAlignment) }
    var persistentBytesOnDevice: Int { alignUp(tailUsedOnDevice, ArenaAllocator.bufferAlignment) }

    /// Bytes between the head's start and the tail.
    var freeBytes: Int { max(capacity - tailUsed, 0) }

    /// `byteCount` bytes at `alignment` from the tail, zero-filled; `deviceBytes` and
    /// `deviceAlignment` are the block's size and alignment on a 32-bit device. Nil when the
    /// arena is full (on a device; a host then lends heap memory and counts on).
    mutating func allocatePersistent(
        _ byteCount: Int, alignment: Int, kind: PersistentKind, deviceBytes: Int, deviceAlignment: Int
    ) -> UnsafeMutableRawPointer? {
        let size = max(byteCount, 0)
        bytesByKind.add(size, kind)
        deviceBytesByKind.add(deviceBytes, kind)
        // The device's tail, laid out from the same aligned top.
        let deviceTop = Int(Int32.max) & ~(ArenaAllocator.bufferAlignment - 1)
        let (deviceBelow, deviceOverflow) = (deviceTop - tailUsedOnDevice).subtractingReportingOverflow(
            max(deviceBytes, 0))
        tailUsedOnDevice = deviceOverflow ? Int.max / 4 : deviceTop - (deviceBelow & ~(deviceAlignment - 1))
        // Place the block at the highest aligned address below what the tail already holds. The
        // start may go negative (the arena is too small): the masking still floors, so the
        // accounting stays exact as if the arena were large enough.
        let (below, overflow) = (capacity - tailUsed).subtractingReportingOverflow(size)
        let start = overflow ? Int.min / 2 : below & ~(alignment - 1)
        tailUsed = capacity - start
        if !overflowed && start >= 0 {
            let pointer = base + start
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            return pointer
        }
        overflowed = true
        #if hasFeature(Embedded)
            return nil
        #else
            // A host keeps going from a temporary block so the caller learns the exact need; data
            // blocks (whose size a file claims freely) are only counted.
            guard kind != .variableTensors, size <= 1 << 30 else { return nil }
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: max(alignment, 16))
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(size, 1))
            overflowAllocations.append(pointer)
            return pointer
        #endif
    }

    /// `count` elements of `T` from the tail, zero-filled, or nil when the arena is full.
    mutating func allocatePersistent<T: DeviceLayout>(
        _ type: T.Type, count: Int = 1, kind: PersistentKind
    ) -> UnsafeMutablePointer<T>? {
        let (bytes, overflow) = MemoryLayout<T>.stride.multipliedReportingOverflow(by: max(count, 0))
        let (deviceBytes, deviceOverflow) = T.deviceStride.multipliedReportingOverflow(by: max(count, 0))
        return allocatePersistent(
            overflow ? Int.max / 4 : bytes, alignment: MemoryLayout<T>.alignment, kind: kind,
            deviceBytes: deviceOverflow ? Int.max / 4 : deviceBytes,
            deviceAlignment: T.deviceAlignment)?
            .bindMemory(to: T.self, capacity: count)
    }

    /// A block for data (variable tensors, resource variables) that nothing reads during loading:
    /// nil when the arena is too small — it is then only counted, never taken from a heap, since a
    /// file can claim any size.
    mutating func allocatePersistentData(_ byteCount: Int, kind: PersistentKind) -> UnsafeMutableRawPointer? {
        allocatePersistent(
            byteCount, alignment: ArenaAllocator.bufferAlignment, kind: kind,
            deviceBytes: byteCount, deviceAlignment: ArenaAllocator.bufferAlignment)
    }

    /// Frees a host's overflow blocks (after a failed preparation).
    mutating func releaseOverflow() {
        #if !hasFeature(Embedded)
            for pointer in overflowAllocations { pointer.deallocate() }
            overflowAllocations.removeAll()
        #endif
    }
}

/// Temporary space in the arena's free middle, from the head up: for load-time checks and the
/// planner. It never overlaps the tail; its high-water mark counts toward the arena a run needs.
struct TemporaryArea {
    let base: UnsafeMutableRawPointer
    private(set) var limit: Int
    private(set) var used = 0
    /// The most ever needed at once (also when a request did not fit).
    private(set) var peak = 0

    init(_ allocator: ArenaAllocator) {
        base = allocator.base
        limit = allocator.freeBytes
    }

    /// `count` zeroed elements, or nil when they do not fit (`peak` still counts them).
    mutating func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T>? {
        let start = alignUp(used, max(MemoryLayout<T>.alignment, 4))
        let (bytes, overflow) = MemoryLayout<T>.stride.multipliedReportingOverflow(by: max(count, 0))
        let (end, endOverflow) = start.addingReportingOverflow(bytes)
        guard !overflow, !endOverflow else {
            peak = Int.max / 4
            return nil
        }
        let pointer: UnsafeMutableRawPointer
        #if !hasFeature(Embedded)
            if onHeap {
                // A host planning with its search keeps these arrays off the arena altogether.
                guard bytes <= 1 << 30 else { return nil }
                pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 16)
                overflowAllocations.append(pointer)
                pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
                return UnsafeMutableBufferPointer(start: pointer.bindMemory(to: T.self, capacity: count), count: count)
            }
        #endif
        peak = max(peak, end)
        if end <= limit {
            used = end
            pointer = base + start
        } else {
            #if hasFeature(Embedded)
                return nil
            #else
                // A host lends heap memory so that loading can count the exact need.
                guard bytes <= 1 << 30 else { return nil }
                used = end
                pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 16)
                overflowAllocations.append(pointer)
            #endif
        }
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return UnsafeMutableBufferPointer(start: pointer.bindMemory(to: T.self, capacity: count), count: count)
    }

    /// Frees everything back to `mark` (a value of `used`).
    mutating func reset(to mark: Int) { used = mark }

    #if hasFeature(Embedded)
        mutating func releaseOverflow() {}
    #else
        private var overflowAllocations: [UnsafeMutableRawPointer] = []
        /// Whether every temporary array comes from the heap (a host's search planner: the arena
        /// then holds only what a run needs).
        var onHeap = false

        /// Frees a host's overflow blocks.
        mutating func releaseOverflow() {
            for pointer in overflowAllocations { pointer.deallocate() }
            overflowAllocations.removeAll()
        }
    #endif

    /// Whether the temporary arrays exceeded the free space.
    var overflowed: Bool { peak > limit }

    /// The free space shrinks as the tail grows (planning runs after the tail is complete).
    mutating func setLimit(_ newLimit: Int) { limit = newLimit }
}

/// Rounds `value` up to a multiple of `alignment` (a power of two).
@inline(__always)
func alignUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) & ~(alignment - 1)
}

/// What the arena's persistent part holds.
public enum PersistentKind: Int, Sendable, CaseIterable {
    /// Kernel op data: multipliers, shifts, geometry (per-channel arrays included).
    case operatorData
    /// One record per operator and per subgraph: invoke function, op data and I/O list pointers.
    case nodes
    /// Each operator's input, output and scratch pointers.
    case ioLists
    /// One data pointer per tensor.
    case tensorPointers
    /// Variable tensors (state kept across runs) and resource variables.
    case variableTensors
    /// Data of host-only fast kernels (im2col blocks, requantization tables): none on a device.
    case hostKernelData
}

/// Persistent bytes by kind, inline.
public struct PersistentBytes: Equatable, Sendable {
    public private(set) var operatorData = 0, nodes = 0, ioLists = 0, tensorPointers = 0, variableTensors = 0
    #if !arch(arm)
        // Host-only: a device has none, and its Interpreter stays as small.
        public private(set) var hostKernelData = 0
    #endif

    public init() {}

    public subscript(kind: PersistentKind) -> Int {
        switch kind {
        case .operatorData: return operatorData
        case .nodes: return nodes
        case .ioLists: return ioLists
        case .tensorPointers: return tensorPointers
        case .variableTensors: return variableTensors
        case .hostKernelData:
            #if !arch(arm)
                return hostKernelData
            #else
                return 0
            #endif
        }
    }

    mutating func add(_ bytes: Int, _ kind: PersistentKind) {
        let value = max(bytes, 0)
        switch kind {
        case .operatorData: operatorData = operatorData.addingReportingOverflow(value).partialValue
        case .nodes: nodes += value
        case .ioLists: ioLists += value
        case .tensorPointers: tensorPointers += value
        case .variableTensors: variableTensors = variableTensors.addingReportingOverflow(value).partialValue
        case .hostKernelData:
            #if !arch(arm)
                hostKernelData = hostKernelData.addingReportingOverflow(value).partialValue
            #else
                break
            #endif
        }
    }
}

/// A type kept in the arena whose layout on the 32-bit device is known, so that a host can count
/// a device's arena exactly. The figures come from the armv7em compiler
/// (`tools/device/gen_device_layouts.sh` writes `Generated/DeviceLayouts.swift`); the device
/// conformance run checks them end to end (`kinglet budget --target cortex-m4` against the arena
/// the firmware reports).
public protocol DeviceLayout {
    static var deviceStride: Int { get }
    static var deviceAlignment: Int { get }
}
