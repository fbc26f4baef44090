/// A zero-copy, bounds-checked reader of FlexBuffers, the schema-less format of custom operators'
/// `custom_options` (`custom_options_format` 0).
///
/// The format (https://flatbuffers.dev/flexbuffers/): a buffer ends with its root: the last byte is
/// the root's byte width, the one before it the root's packed type (`type << 2 | log2(width)`), and
/// the root value sits just before those. A value is either stored inline in its parent's slot
/// (null, int, uint, float, bool: read with the parent's width) or is an unsigned offset back from
/// its slot to the object, whose own width comes from the packed type: strings and blobs (a size
/// before the bytes), keys (NUL-terminated), indirect scalars, vectors (a size before the elements;
/// untyped vectors have one packed type byte per element after them), typed vectors (one element
/// type; the fixed ones of 2, 3 or 4 elements have no size) and maps (a vector of values with, before
/// its size, the offset and width of a vector of sorted keys).
///
/// Nothing here trusts the bytes: every read is bounds-checked, every width and offset validated,
/// and every failure is a `FlexBufferError` with the byte offset (in the region) where it was found.
/// No accessor recurses, so a cycle of offsets cannot loop; `FlexBuffer.verify` walks the whole tree
/// under a depth and a value budget (`FlexBufferLimits`). Nothing allocates and nothing uses `String`:
/// keys are looked up as bytes by binary search over the sorted keys.
///
///     let options = try FlexBuffer.root(region).asMap()
///     let shift = try options.require("shift").asInt32()
///     let clamping = try options.value(forKey: "clamping")?.asBool() ?? false
public enum FlexBuffer {
    /// The root value of `buffer` (its last bytes). Checks the root's width, type and position only:
    /// each accessor checks what it reads. `verify` checks the whole tree.
    public static func root(_ buffer: ByteRegion) throws(FlexBufferError) -> FlexValue {
        // At least the width byte, the type byte and one value byte.
        guard buffer.count >= 3 else { throw .outOfBounds(offset: 0) }
        let widthPosition = buffer.count - 1
        let width = Int(buffer.readUnchecked(UInt8.self, at: widthPosition))
        guard FlexBuffer.isWidth(width) else { throw .badWidth(offset: widthPosition) }
        let typePosition = buffer.count - 2
        guard typePosition >= width else { throw .outOfBounds(offset: 0) }
        return try FlexValue(
            buffer: buffer, position: typePosition - width, parentWidth: width,
            packedType: buffer.readUnchecked(UInt8.self, at: typePosition), typePosition: typePosition)
    }

    /// The root of `buffer` after checking every value reachable from it: each offset, width, type
    /// and size; every string, blob and key; every map's keys (sorted, as many as its values); floats
    /// of 4 or 8 bytes. Nesting deeper than `limits.maxDepth` (a cycle of offsets) or more than
    /// `limits.maxValues` values visited (a hostile graph of shared values) is an error, so the work is
    /// bounded whatever the bytes. A walk of a verified buffer that recurses as this one does (no
    /// deeper than `maxDepth`) then meets no error.
    public static func verify(
        _ buffer: ByteRegion, limits: FlexBufferLimits = .default
    ) throws(FlexBufferError) -> FlexValue {
        let value = try root(buffer)
        var budget = limits.maxValues
        try verify(value, depth: 1, limits: limits, budget: &budget)
        return value
    }

    static func verify(
        _ value: FlexValue, depth: Int, limits: FlexBufferLimits, budget: inout Int
    ) throws(FlexBufferError) {
        budget -= 1
        guard budget >= 0 else { throw .valueLimit(offset: value.position) }
        guard depth <= limits.maxDepth else { throw .depthLimit(offset: value.position) }
        switch value.type {
        case .null:
            guard value.buffer.contains(value.position, length: value.parentWidth) else {
                throw .outOfBounds(offset: value.position)
            }
        case .int, .indirectInt: _ = try value.asInt64()
        case .uint, .indirectUInt, .bool: _ = try value.rawUInt64()
        case .float, .indirectFloat: _ = try value.asDouble()
        case .key: _ = try value.asKey()
        case .string: _ = try value.asString()
        case .blob: _ = try value.asBlob()
        case .map:
            let map = try value.asMap()  // checks the keys
            for index in 0..<map.count {
                try verify(try map.value(at: index), depth: depth + 1, limits: limits, budget: &budget)
            }
        case .vector, .vectorKey, .vectorStringDeprecated:
            let vector = try value.asVector()
            for index in 0..<vector.count {
                try verify(try vector.element(at: index), depth: depth + 1, limits: limits, budget: &budget)
            }
        case .vectorInt, .vectorUInt, .vectorFloat, .vectorBool, .vectorInt2, .vectorUInt2, .vectorFloat2,
            .vectorInt3, .vectorUInt3, .vectorFloat3, .vectorInt4, .vectorUInt4, .vectorFloat4:
            // Inline scalars of one width: the vector's own checks cover every element.
            _ = try value.asVector()
        }
    }

    /// Whether `width` is a FlexBuffers byte width (1, 2, 4 or 8).
    @inlinable
    static func isWidth(_ width: Int) -> Bool { width == 1 || width == 2 || width == 4 || width == 8 }

    /// Longest key read (without its NUL). Keys are found by scanning for their terminator; a bound
    /// keeps a hostile map of keys that all share one long unterminated run linear in its size.
    public static var maxKeyLength: Int { 255 }
}

/// Bounds on the work `FlexBuffer.verify` does on a hostile buffer.
public struct FlexBufferLimits: Sendable, Equatable {
    /// Deepest nesting (the root is depth 1). A cycle of offsets ends here.
    public var maxDepth: Int
    /// Most values visited, counting a value once per reference to it (typed vectors of scalars
    /// count once).
    public var maxValues: Int

    public init(maxDepth: Int = 32, maxValues: Int = 1 << 16) {
        self.maxDepth = maxDepth
        self.maxValues = maxValues
    }

    public static let `default` = FlexBufferLimits()
}

/// Why FlexBuffers bytes cannot be read as asked, and where: `offset` is a byte offset into the region
/// given to `FlexBuffer.root` / `verify`. Integer payloads only.
public enum FlexBufferError: Error, Equatable, Sendable {
    /// A read, or an object (string, vector, map), would reach outside the buffer; the buffer is too
    /// short to hold a root. The offset of the read or of the object.
    case outOfBounds(offset: Int)
    /// A byte width that is not 1, 2, 4 or 8 (the root's width, a map's keys width), or a float
    /// narrower than 4 bytes.
    case badWidth(offset: Int)
    /// A packed type byte whose type FlexBuffers does not define (the type byte's offset).
    case badType(offset: Int)
    /// A key with no NUL terminator inside the buffer within `FlexBuffer.maxKeyLength` bytes.
    case badKey(offset: Int)
    /// A map's keys are not in ascending byte order: the offset of the first key slot out of order.
    case unsortedKeys(offset: Int)
    /// A map whose keys vector has a different count than its values (the map's offset).
    case badMap(offset: Int)
    /// `asMap()` on a value that is not a map (the value's slot).
    case notAMap(offset: Int)
    /// `asVector()` on a value that is not a vector or a map (the value's slot).
    case notAVector(offset: Int)
    /// A required key is absent from a map.
    case missingKey
    /// A typed accessor on a value of another type (the value's slot).
    case typeMismatch(offset: Int)
    /// A number that does not fit the type asked for (`asInt32` of 2^40, `asUInt64` of -1).
    case outOfRange(offset: Int)
    /// An element index at or past a vector's count (the vector's first element).
    case indexOutOfRange(offset: Int)
    /// Values nest deeper than `FlexBufferLimits.maxDepth` (a cycle of offsets, or hostile nesting).
    case depthLimit(offset: Int)
    /// More values than `FlexBufferLimits.maxValues` reached from the root.
    case valueLimit(offset: Int)

    /// The byte offset the error carries (nil for `missingKey`).
    public var offset: Int? {
        switch self {
        case .outOfBounds(let offset), .badWidth(let offset), .badType(let offset), .badKey(let offset),
            .unsortedKeys(let offset), .badMap(let offset), .notAMap(let offset),
            .notAVector(let offset), .typeMismatch(let offset), .outOfRange(let offset),
            .indexOutOfRange(let offset), .depthLimit(let offset), .valueLimit(let offset):
            return offset
        case .missingKey: return nil
        }
    }
}

/// The types FlexBuffers defines (the high six bits of a packed type byte).
public enum FlexBufferType: UInt8, Sendable {
    case null = 0, int = 1, uint = 2, float = 3
    case key = 4, string = 5, indirectInt = 6, indirectUInt = 7, indirectFloat = 8
    case map = 9, vector = 10
    case vectorInt = 11, vectorUInt = 12, vectorFloat = 13, vectorKey = 14
    /// Strings whose size width is unknown: read as keys (their NUL), as the reference readers do.
    case vectorStringDeprecated = 15
    case vectorInt2 = 16, vectorUInt2 = 17, vectorFloat2 = 18
    case vectorInt3 = 19, vectorUInt3 = 20, vectorFloat3 = 21
    case vectorInt4 = 22, vectorUInt4 = 23, vectorFloat4 = 24
    case blob = 25, bool = 26
    case vectorBool = 36

    /// Stored in the parent's slot (read with the parent's width) rather than behind an offset.
    @inlinable
    public var isInline: Bool {
        switch self {
        case .null, .int, .uint, .float, .bool: return true
        default: return false
        }
    }

    /// Any kind of vector (untyped, typed, fixed); maps are not included.
    public var isVector: Bool {
        switch self {
        case .vector, .vectorInt, .vectorUInt, .vectorFloat, .vectorKey, .vectorStringDeprecated, .vectorBool,
            .vectorInt2, .vectorUInt2, .vectorFloat2, .vectorInt3, .vectorUInt3, .vectorFloat3, .vectorInt4,
            .vectorUInt4, .vectorFloat4:
            return true
        default: return false
        }
    }

    /// For a typed vector: its element type and its fixed count (0 when the vector stores a size).
    /// Deprecated string vectors give `.key`.
    var typedElement: (type: FlexBufferType, fixedCount: Int)? {
        switch self {
        case .vectorInt: return (.int, 0)
        case .vectorUInt: return (.uint, 0)
        case .vectorFloat: return (.float, 0)
        case .vectorKey, .vectorStringDeprecated: return (.key, 0)
        case .vectorBool: return (.bool, 0)
        case .vectorInt2: return (.int, 2)
        case .vectorUInt2: return (.uint, 2)
        case .vectorFloat2: return (.float, 2)
        case .vectorInt3: return (.int, 3)
        case .vectorUInt3: return (.uint, 3)
        case .vectorFloat3: return (.float, 3)
        case .vectorInt4: return (.int, 4)
        case .vectorUInt4: return (.uint, 4)
        case .vectorFloat4: return (.float, 4)
        default: return nil
        }
    }
}

/// One FlexBuffers value: where it is stored and how to read it. Cheap to copy; reads nothing until
/// an accessor is called, and every accessor checks what it reads.
public struct FlexValue: Sendable {
    public let buffer: ByteRegion
    /// The value's slot: where an inline value's bytes, or an object's offset, are stored.
    public let position: Int
    /// The width of the slot (the parent's width), 1, 2, 4 or 8.
    public let parentWidth: Int
    /// The object's own width (from the packed type), 1, 2, 4 or 8; unused by inline values.
    public let byteWidth: Int
    public let type: FlexBufferType
    // init(buffer:position:parentWidth:byteWidth:type:) is the memberwise one.
}

extension FlexValue {
    /// A value whose packed type byte (at `typePosition`) was read from the buffer.
    init(
        buffer: ByteRegion, position: Int, parentWidth: Int, packedType: UInt8, typePosition: Int
    ) throws(FlexBufferError) {
        guard let type = FlexBufferType(rawValue: packedType >> 2) else { throw .badType(offset: typePosition) }
        self.init(
            buffer: buffer, position: position, parentWidth: parentWidth, byteWidth: 1 << Int(packedType & 3),
            type: type)
    }

    public var isNull: Bool { type == .null }

    // MARK: Scalars

    /// The value as a signed 64-bit integer: ints, uints up to `Int64.max`, bools (0 or 1), each
    /// inline or indirect. Floats and everything else are a `typeMismatch`.
    public func asInt64() throws(FlexBufferError) -> Int64 {
        switch type {
        case .int: return try buffer.flexInt(at: position, width: parentWidth)
        case .indirectInt: return try buffer.flexInt(at: try target(), width: byteWidth)
        case .uint, .indirectUInt:
            let value = try rawUInt64()
            guard value <= UInt64(Int64.max) else { throw .outOfRange(offset: position) }
            return Int64(value)
        case .bool: return try rawUInt64() != 0 ? 1 : 0
        default: throw .typeMismatch(offset: position)
        }
    }

    /// `asInt64()`, checked to fit an `Int32` (`outOfRange` when it does not).
    public func asInt32() throws(FlexBufferError) -> Int32 {
        let value = try asInt64()
        guard let narrow = Int32(exactly: value) else { throw .outOfRange(offset: position) }
        return narrow
    }

    /// The value as an unsigned 64-bit integer: uints, non-negative ints, bools (0 or 1), each inline
    /// or indirect.
    public func asUInt64() throws(FlexBufferError) -> UInt64 {
        switch type {
        case .uint, .indirectUInt: return try rawUInt64()
        case .int, .indirectInt:
            let value = try asInt64()
            guard value >= 0 else { throw .outOfRange(offset: position) }
            return UInt64(value)
        case .bool: return try rawUInt64() != 0 ? 1 : 0
        default: throw .typeMismatch(offset: position)
        }
    }

    /// `asUInt64()`, checked to fit a `UInt32`.
    public func asUInt32() throws(FlexBufferError) -> UInt32 {
        let value = try asUInt64()
        guard let narrow = UInt32(exactly: value) else { throw .outOfRange(offset: position) }
        return narrow
    }

    /// The value as a double: floats (4 or 8 bytes, inline or indirect) and, converted, ints and uints.
    public func asDouble() throws(FlexBufferError) -> Double {
        switch type {
        case .float: return try buffer.flexDouble(at: position, width: parentWidth)
        case .indirectFloat: return try buffer.flexDouble(at: try target(), width: byteWidth)
        case .int, .indirectInt: return Double(try asInt64())
        case .uint, .indirectUInt: return Double(try rawUInt64())
        default: throw .typeMismatch(offset: position)
        }
    }

    /// `asDouble()` rounded to a float (as TFLM's `AsFloat` does).
    public func asFloat() throws(FlexBufferError) -> Float { Float(try asDouble()) }

    /// The value as a bool: bools, and ints or uints (nonzero is true).
    public func asBool() throws(FlexBufferError) -> Bool {
        switch type {
        case .bool, .uint, .indirectUInt: return try rawUInt64() != 0
        case .int, .indirectInt: return try asInt64() != 0
        default: throw .typeMismatch(offset: position)
        }
    }

    /// The stored bits of a uint or bool (inline or indirect), unconverted.
    func rawUInt64() throws(FlexBufferError) -> UInt64 {
        switch type {
        case .uint, .bool: return try buffer.flexUInt(at: position, width: parentWidth)
        case .indirectUInt: return try buffer.flexUInt(at: try target(), width: byteWidth)
        default: throw .typeMismatch(offset: position)
        }
    }

    // MARK: Bytes

    /// A key's bytes, without the NUL.
    public func asKey() throws(FlexBufferError) -> ByteRegion {
        guard type == .key else { throw .typeMismatch(offset: position) }
        return try buffer.flexKey(at: try target())
    }

    /// A string's bytes (its size, without the NUL); a key's bytes too.
    public func asString() throws(FlexBufferError) -> ByteRegion {
        switch type {
        case .string: return try sizedBytes()
        case .key: return try asKey()
        default: throw .typeMismatch(offset: position)
        }
    }

    /// A blob's bytes.
    public func asBlob() throws(FlexBufferError) -> ByteRegion {
        guard type == .blob else { throw .typeMismatch(offset: position) }
        return try sizedBytes()
    }

    func sizedBytes() throws(FlexBufferError) -> ByteRegion {
        let start = try target()
        let count = try buffer.flexSize(before: start, width: byteWidth)
        guard buffer.contains(start, length: count) else { throw .outOfBounds(offset: start) }
        return buffer.sliceUnchecked(at: start, count: count)
    }

    // MARK: Containers

    /// The value as a vector: untyped vectors, typed and fixed typed vectors, vectors of bools, and
    /// maps (their values, in key order: TFLM's signal operators read their options so).
    public func asVector() throws(FlexBufferError) -> FlexVector {
        if type == .vector || type == .map {
            let start = try target()
            let count = try buffer.flexSize(before: start, width: byteWidth)
            // count elements of byteWidth bytes, then count type bytes.
            let (bytes, overflow) = count.multipliedReportingOverflow(by: byteWidth + 1)
            guard !overflow, buffer.contains(start, length: bytes) else { throw .outOfBounds(offset: start) }
            return FlexVector(buffer: buffer, start: start, count: count, byteWidth: byteWidth, elementType: nil)
        }
        guard let typed = type.typedElement else { throw .notAVector(offset: position) }
        let elementType = typed.type, fixedCount = typed.fixedCount
        let start = try target()
        let count = fixedCount > 0 ? fixedCount : try buffer.flexSize(before: start, width: byteWidth)
        let (bytes, overflow) = count.multipliedReportingOverflow(by: byteWidth)
        guard !overflow, buffer.contains(start, length: bytes) else { throw .outOfBounds(offset: start) }
        if elementType == .float && byteWidth < 4 { throw .badWidth(offset: position) }
        return FlexVector(buffer: buffer, start: start, count: count, byteWidth: byteWidth, elementType: elementType)
    }

    /// The value as a map. Checks its keys vector: its width, its count (that of the values), each
    /// key's bytes and their ascending byte order, so that lookups may search it.
    public func asMap() throws(FlexBufferError) -> FlexMap {
        guard type == .map else { throw .notAMap(offset: position) }
        let values = try asVector()
        let width = byteWidth
        // Before the values' size: the keys vector's width, and before that its offset.
        guard values.start >= 3 * width else { throw .outOfBounds(offset: values.start) }
        let keysSlot = values.start - 3 * width
        let keysWidthValue = try buffer.flexUInt(at: values.start - 2 * width, width: width)
        guard keysWidthValue <= 8, FlexBuffer.isWidth(Int(keysWidthValue)) else {
            throw .badWidth(offset: values.start - 2 * width)
        }
        let keysWidth = Int(keysWidthValue)
        let keysStart = try buffer.flexTarget(at: keysSlot, width: width)
        let keysCount = try buffer.flexSize(before: keysStart, width: keysWidth)
        guard keysCount == values.count else { throw .badMap(offset: values.start) }
        let (bytes, overflow) = keysCount.multipliedReportingOverflow(by: keysWidth)
        guard !overflow, buffer.contains(keysStart, length: bytes) else { throw .outOfBounds(offset: keysStart) }
        let map = FlexMap(
            values: values,
            keys: FlexVector(
                buffer: buffer, start: keysStart, count: keysCount, byteWidth: keysWidth, elementType: .key))
        var previous: ByteRegion? = nil
        for index in 0..<keysCount {
            let key = try map.key(at: index)
            if let previous, FlexMap.compare(previous, key) > 0 {
                throw .unsortedKeys(offset: keysStart + index * keysWidth)
            }
            previous = key
        }
        return map
    }

    /// The object an offset value points at.
    func target() throws(FlexBufferError) -> Int {
        try buffer.flexTarget(at: position, width: parentWidth)
    }
}

/// A vector's elements (also a map's values). `count` elements of `byteWidth` bytes from `start`,
/// all inside the buffer (checked when it was made).
public struct FlexVector: Sendable {
    public let buffer: ByteRegion
    /// The first element's offset.
    public let start: Int
    public let count: Int
    /// Each element's slot width.
    public let byteWidth: Int
    /// The type of every element of a typed vector; nil for untyped vectors and maps, whose elements
    /// have a packed type byte each.
    public let elementType: FlexBufferType?

    /// Element `index` (`indexOutOfRange` past the end).
    public func element(at index: Int) throws(FlexBufferError) -> FlexValue {
        guard index >= 0, index < count else { throw .indexOutOfRange(offset: start) }
        let position = start + index * byteWidth
        if let elementType {
            return FlexValue(
                buffer: buffer, position: position, parentWidth: byteWidth, byteWidth: 1, type: elementType)
        }
        let typePosition = start + count * byteWidth + index
        guard buffer.contains(typePosition, length: 1) else { throw .outOfBounds(offset: typePosition) }
        return try FlexValue(
            buffer: buffer, position: position, parentWidth: byteWidth,
            packedType: buffer.readUnchecked(UInt8.self, at: typePosition), typePosition: typePosition)
    }
}

/// A map: values in the order of their keys, which are sorted by bytes (checked by `asMap()`).
public struct FlexMap: Sendable {
    /// The values, in key order (what TFLM's signal operators index by position).
    public let values: FlexVector
    /// The keys vector (elements of type `.key`).
    public let keys: FlexVector

    public var count: Int { values.count }

    /// Key `index`'s bytes, without the NUL.
    public func key(at index: Int) throws(FlexBufferError) -> ByteRegion {
        try keys.element(at: index).asKey()
    }

    /// Value `index` (in key order).
    public func value(at index: Int) throws(FlexBufferError) -> FlexValue {
        try values.element(at: index)
    }

    /// The index of `key` (bytes, no NUL), or nil when the map has no such key. A binary search
    /// comparing bytes; with equal keys, the first.
    public func index(ofKey key: UnsafeRawBufferPointer) throws(FlexBufferError) -> Int? {
        let wanted = ByteRegion(key)
        var low = 0
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if FlexMap.compare(try self.key(at: middle), wanted) < 0 { low = middle + 1 } else { high = middle }
        }
        guard low < count, FlexMap.compare(try self.key(at: low), wanted) == 0 else { return nil }
        return low
    }

    /// The index of `key`, or nil when the map has no such key.
    public func index(ofKey key: StaticString) throws(FlexBufferError) -> Int? {
        let result = key.withUTF8Buffer { bytes -> Result<Int?, FlexBufferError> in
            do throws(FlexBufferError) {
                return .success(try index(ofKey: UnsafeRawBufferPointer(bytes)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The value of `key`, or nil when the map has no such key.
    public func value(forKey key: StaticString) throws(FlexBufferError) -> FlexValue? {
        guard let index = try index(ofKey: key) else { return nil }
        return try value(at: index)
    }

    /// The value of `key` (bytes, no NUL), or nil when the map has no such key.
    public func value(forKey key: UnsafeRawBufferPointer) throws(FlexBufferError) -> FlexValue? {
        guard let index = try index(ofKey: key) else { return nil }
        return try value(at: index)
    }

    /// The value of `key`; `missingKey` when the map has none.
    public func require(_ key: StaticString) throws(FlexBufferError) -> FlexValue {
        guard let value = try value(forKey: key) else { throw .missingKey }
        return value
    }

    /// Byte-wise order of two keys (strcmp's for NUL-free bytes): negative, zero or positive.
    static func compare(_ a: ByteRegion, _ b: ByteRegion) -> Int {
        let shorter = Swift.min(a.count, b.count)
        for index in 0..<shorter {
            let x = a.base.load(fromByteOffset: index, as: UInt8.self)
            let y = b.base.load(fromByteOffset: index, as: UInt8.self)
            if x != y { return Int(x) - Int(y) }
        }
        return a.count - b.count
    }
}

// MARK: Checked reads

extension ByteRegion {
    /// An unsigned little-endian integer of `width` bytes at `position`.
    func flexUInt(at position: Int, width: Int) throws(FlexBufferError) -> UInt64 {
        guard contains(position, length: width) else { throw .outOfBounds(offset: position) }
        switch width {
        case 1: return UInt64(readUnchecked(UInt8.self, at: position))
        case 2: return UInt64(readUnchecked(UInt16.self, at: position))
        case 4: return UInt64(readUnchecked(UInt32.self, at: position))
        case 8: return readUnchecked(UInt64.self, at: position)
        default: throw .badWidth(offset: position)
        }
    }

    /// A signed little-endian integer of `width` bytes at `position`, sign-extended.
    func flexInt(at position: Int, width: Int) throws(FlexBufferError) -> Int64 {
        guard contains(position, length: width) else { throw .outOfBounds(offset: position) }
        switch width {
        case 1: return Int64(readUnchecked(Int8.self, at: position))
        case 2: return Int64(readUnchecked(Int16.self, at: position))
        case 4: return Int64(readUnchecked(Int32.self, at: position))
        case 8: return readUnchecked(Int64.self, at: position)
        default: throw .badWidth(offset: position)
        }
    }

    /// An IEEE float (4 bytes) or double (8) at `position`; other widths are `badWidth`.
    func flexDouble(at position: Int, width: Int) throws(FlexBufferError) -> Double {
        guard width == 4 || width == 8 else { throw .badWidth(offset: position) }
        guard contains(position, length: width) else { throw .outOfBounds(offset: position) }
        return width == 4 ? Double(readFloatUnchecked(at: position)) : readDoubleUnchecked(at: position)
    }

    /// The position an unsigned offset of `width` bytes at `slot` points back to.
    func flexTarget(at slot: Int, width: Int) throws(FlexBufferError) -> Int {
        // 0 is valid: an empty vector or map starts where the slot is (nothing of it is read there,
        // and a nonempty one that contains itself is a cycle, which only walks meet: see `verify`).
        let distance = try flexUInt(at: slot, width: width)
        // slot >= 0, so the conversion is exact; a distance past the start is out of bounds.
        guard distance <= UInt64(truncatingIfNeeded: slot) else { throw .outOfBounds(offset: slot) }
        return slot - Int(truncatingIfNeeded: distance)
    }

    /// The size stored in the `width` bytes before `start` (of a vector, string or blob), at most the
    /// buffer's size (so products with widths of 1 to 9 cannot overflow on a 64-bit Int).
    func flexSize(before start: Int, width: Int) throws(FlexBufferError) -> Int {
        guard start >= width else { throw .outOfBounds(offset: start) }
        let size = try flexUInt(at: start - width, width: width)
        guard size <= UInt64(truncatingIfNeeded: count) else { throw .outOfBounds(offset: start - width) }
        return Int(truncatingIfNeeded: size)
    }

    /// The bytes of the NUL-terminated key at `start`, without the NUL.
    func flexKey(at start: Int) throws(FlexBufferError) -> ByteRegion {
        guard start >= 0, start < count else { throw .badKey(offset: start) }
        let end = Swift.min(count, start + FlexBuffer.maxKeyLength + 1)
        var position = start
        while position < end {
            if readUnchecked(UInt8.self, at: position) == 0 {
                return sliceUnchecked(at: start, count: position - start)
            }
            position += 1
        }
        throw .badKey(offset: start)
    }
}
