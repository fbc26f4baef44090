// A tensor shape of rank 0...6 in fixed storage: no heap, BitwiseCopyable, so prepared op data
// that embeds it can live inside the arena. TFLM's RuntimeShape keeps up to 6 dimensions inline
// (kMaxSmallSize); Kinglet never allocates for more.

/// Dimensions of a tensor, outermost first. Every dimension is in 0...Int32.max; shapes built
/// from model data (`init(dimensions:)`) also have at most Int32.max elements.
public struct Shape: BitwiseCopyable, Equatable {
    public static let maxRank = 6

    /// Number of dimensions (0 for a scalar).
    public private(set) var rank: Int
    @usableFromInline var storage: (Int32, Int32, Int32, Int32, Int32, Int32)

    /// A scalar shape (rank 0, one element).
    public init() {
        rank = 0
        storage = (0, 0, 0, 0, 0, 0)
    }

    /// Builds a shape from dimensions that come from a model; rejects negative dimensions,
    /// ranks above 6 and element counts that overflow `Int`.
    public init(dimensions: UnsafeBufferPointer<Int32>) throws(KernelError) {
        self.init()
        guard dimensions.count <= Shape.maxRank else {
            throw .unsupportedParameter(name: "rank", value: dimensions.count)
        }
        for dimension in dimensions {
            guard dimension >= 0 else { throw .unsupportedParameter(name: "dimension", value: Int(dimension)) }
            try append(Int(dimension))
        }
        _ = try checkedElementCount()
    }

    /// Builds a shape from literal dimensions (tests and tools); traps on invalid input, so
    /// use `init(dimensions:)` for anything read from a model.
    public init(_ dimensions: Int...) {
        self.init()
        for dimension in dimensions {
            precondition(dimension >= 0 && dimension <= Int(Int32.max), "invalid dimension")
            precondition(rank < Shape.maxRank, "rank above 6")
            rank += 1
            self[rank - 1] = dimension
        }
    }

    /// Appends an outer-to-inner dimension.
    public mutating func append(_ dimension: Int) throws(KernelError) {
        guard rank < Shape.maxRank else { throw .unsupportedParameter(name: "rank", value: rank + 1) }
        guard dimension >= 0, dimension <= Int(Int32.max) else {
            throw .unsupportedParameter(name: "dimension", value: dimension)
        }
        rank += 1
        self[rank - 1] = dimension
    }

    /// Dimensions 0...3 of a rank-4 shape (NHWC: batches, height, width, depth), outermost first.
    @inlinable
    public var nhwc: (Int, Int, Int, Int) { (self[0], self[1], self[2], self[3]) }

    /// Dimension `index` (0 is outermost). `index` must be below `rank`.
    @inlinable
    public subscript(index: Int) -> Int {
        get {
            precondition(index >= 0 && index < rank, "dimension index out of range")
            // A switch, not a byte-offset read of the tuple: with the offset form the armv7em
            // Embedded build looped forever in BroadcastPlan.forEachElement (int8 ADD/SUB/MUL).
            switch index {
            case 0: return Int(storage.0)
            case 1: return Int(storage.1)
            case 2: return Int(storage.2)
            case 3: return Int(storage.3)
            case 4: return Int(storage.4)
            default: return Int(storage.5)
            }
        }
        set {
            precondition(index >= 0 && index < rank, "dimension index out of range")
            precondition(newValue >= 0 && newValue <= Int(Int32.max), "invalid dimension")
            let value = Int32(newValue)
            switch index {
            case 0: storage.0 = value
            case 1: storage.1 = value
            case 2: storage.2 = value
            case 3: storage.3 = value
            case 4: storage.4 = value
            default: storage.5 = value
            }
        }
    }

    /// Dimension `index` of this shape right-aligned to `extendedRank` (TFLM's
    /// RuntimeShape::ExtendedShape): leading positions read as 1.
    @inlinable
    public func extendedDimension(_ index: Int, toRank extendedRank: Int) -> Int {
        let offset = extendedRank - rank
        return index < offset ? 1 : self[index - offset]
    }

    /// Product of the dimensions; throws when it exceeds Int32.max, so that every element
    /// offset fits in `Int` on 32-bit targets too (and behaves the same on 64-bit hosts).
    public func checkedElementCount() throws(KernelError) -> Int {
        var count: Int64 = 1
        for index in 0..<rank {
            count *= Int64(self[index])  // both factors <= Int32.max: no Int64 overflow
            if count > Int64(Int32.max) { throw .unsupportedParameter(name: "element count", value: Int(Int32.max)) }
        }
        return Int(count)
    }

    /// Product of the dimensions. Shapes built through the throwing initialisers are known
    /// not to overflow; this wraps rather than traps for the others.
    @inlinable
    public var elementCount: Int {
        var count = 1
        for index in 0..<rank { count = count &* self[index] }  // checked at construction
        return count
    }

    public static func == (lhs: Shape, rhs: Shape) -> Bool {
        guard lhs.rank == rhs.rank else { return false }
        for index in 0..<lhs.rank where lhs[index] != rhs[index] { return false }
        return true
    }
}

/// Reads element `index` of a little-endian int32 tensor held in raw (possibly unaligned) bytes,
/// the form constant tensors such as axes and paddings have inside a flatbuffer.
@inline(__always)
func loadInt32LittleEndian(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Int32 {
    Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: index &* 4, as: Int32.self))
}
