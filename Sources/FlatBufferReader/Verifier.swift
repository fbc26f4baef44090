/// Checks a FlatBuffer, field by field, before anything reads it.
///
/// Schema-specific code drives it: each table type's `verify` asks the verifier for a table, then for
/// each field it will ever read (scalar, vector, string, union, nested table). Every position is checked
/// to lie inside the buffer and to be aligned; every length is checked for overflow; nesting depth and
/// the number of tables are bounded by `limits`. The result of each check is a position that
/// `Table`'s unchecked readers may then use.
public struct Verifier {
    public let buffer: ByteRegion
    public let limits: VerifierLimits
    var depth = 0
    private(set) var tableCount = 0
    /// The field path being verified: fixed size, copied into an error only when one is thrown.
    private var path = VerificationPath()
    /// The schema's number for the table whose fields are being verified (the `table` of the path
    /// segments pushed next). Set by `root(identifier:kind:)`, `table(_:_:kind:_:)` and
    /// `tables(_:_:kind:_:)`; a union's member verifier sets it for its member table.
    public var tableKind: UInt16 = VerificationPath.unknownTable

    public init(buffer: ByteRegion, limits: VerifierLimits = .default) throws(VerificationFault) {
        self.buffer = buffer
        self.limits = limits
        guard buffer.count >= 8, buffer.count <= limits.maxBufferSize else {
            throw VerificationFault(.bufferSize(buffer.count), offset: 0)
        }
    }

    // MARK: Errors and paths

    /// A fault of `kind` at byte `offset`. The path where it happened stays in `failurePath`: the
    /// field checks pop their segment only when they succeed.
    public func error(_ kind: VerificationError.Kind, at offset: Int) -> VerificationFault {
        VerificationFault(kind, offset: offset)
    }

    /// The field path of the check that threw (valid after a fault; the root's when none did).
    public var failurePath: VerificationPath { path }

    /// Runs `body` on a verifier over `buffer`; a fault becomes a `VerificationError` with the path
    /// where it happened.
    public static func verify<T>(
        _ buffer: ByteRegion, limits: VerifierLimits = .default, _ body: (inout Verifier) throws(VerificationFault) -> T
    ) throws(VerificationError) -> T {
        var verifier: Verifier
        do {
            verifier = try Verifier(buffer: buffer, limits: limits)
        } catch {
            throw VerificationError(error, path: VerificationPath())
        }
        do {
            return try body(&verifier)
        } catch {
            throw VerificationError(error, path: verifier.failurePath)
        }
    }

    mutating func pushField(_ field: Int) {
        path.append(VerificationPath.Segment(table: tableKind, field: UInt16(truncatingIfNeeded: field)))
    }
    mutating func setIndex(_ index: Int) { path.setLastIndex(index) }
    mutating func popPath() { path.removeLast() }

    // MARK: Primitive checks

    /// Checks that `length` bytes at `position` lie inside the buffer, and that `position` is aligned.
    public func check(_ position: Int, length: Int, alignment: Int) throws(VerificationFault) {
        guard buffer.contains(position, length: length) else {
            throw error(.outOfBounds(length: length), at: position)
        }
        // Alignment is relative to the buffer start, which loaders keep at least 16-byte aligned.
        guard alignment <= 1 || position & (alignment - 1) == 0 else {
            throw error(.misaligned(alignment: alignment), at: position)
        }
    }

    /// Follows the 32-bit unsigned offset stored at `position` (already checked) to its target.
    func followOffset(at position: Int) throws(VerificationFault) -> Int {
        let offset = buffer.readUnchecked(UInt32.self, at: position)
        // On 32-bit targets position + offset can overflow Int; treat that as out of bounds.
        let (target, overflow) = position.addingReportingOverflow(Int(truncatingIfNeeded: offset))
        guard !overflow, offset <= UInt32(Int32.max), target < buffer.count else {
            throw error(.outOfBounds(length: 4), at: overflow ? position : target)
        }
        return target
    }

    // MARK: Root

    /// Verifies the root offset and, when `identifier` is given, the 4-byte file identifier.
    /// Returns the root table's position. A mismatching identifier is reported, never ignored;
    /// callers that accept identifier-less files catch `.identifierMismatch` and retry without one.
    public mutating func root(
        identifier: StaticString?, kind: UInt16 = VerificationPath.unknownTable
    ) throws(VerificationFault) -> Table {
        try check(0, length: 4, alignment: 4)
        if let identifier {
            let expected = FileIdentifier.value(identifier)
            let found = buffer.readUnchecked(UInt32.self, at: 4)  // the buffer has at least 8 bytes
            guard found == expected else {
                throw error(.identifierMismatch(expected: expected, found: found), at: 4)
            }
        }
        let rootPosition = try followOffset(at: 0)
        try enterLevel(at: rootPosition)  // the root is depth 1
        tableKind = kind
        return try table(at: rootPosition)
    }

    // MARK: Tables

    /// Verifies the table header and vtable at `position` and counts it against the limits.
    /// Nested tables must be verified inside `nested(_:)` so depth is tracked.
    public mutating func table(at position: Int) throws(VerificationFault) -> Table {
        tableCount += 1
        guard tableCount <= limits.maxTables else {
            throw error(.tableLimit(limits.maxTables), at: position)
        }
        try check(position, length: 4, alignment: 4)
        let vtableDistance = Int(buffer.readUnchecked(Int32.self, at: position))
        // vtable = position - soffset; both are within ±2^31 so this cannot overflow a 64-bit Int;
        // on 32-bit targets use the reporting form.
        let (vtable, overflow) = position.subtractingReportingOverflow(vtableDistance)
        guard !overflow else { throw error(.invalidVTable(size: 0), at: position) }
        try check(vtable, length: 4, alignment: 2)
        let vtableSize = Int(buffer.readUnchecked(UInt16.self, at: vtable))
        let tableSize = Int(buffer.readUnchecked(UInt16.self, at: vtable + 2))
        guard vtableSize >= 4, vtableSize & 1 == 0, buffer.contains(vtable, length: vtableSize) else {
            throw error(.invalidVTable(size: vtableSize), at: vtable)
        }
        guard tableSize >= 4 else { throw error(.invalidVTable(size: vtableSize), at: vtable) }
        try check(position, length: tableSize, alignment: 4)
        return Table(buffer: buffer, position: position, vtable: vtable, vtableSize: vtableSize, tableSize: tableSize)
    }

    mutating func enterLevel(at position: Int) throws(VerificationFault) {
        depth += 1
        guard depth <= limits.maxDepth else {
            depth -= 1
            throw error(.depthLimit(limits.maxDepth), at: position)
        }
    }

    // MARK: Fields
    //
    // Each takes the field's vtable id, which joins the error path (with `tableKind`) only while that
    // field is checked.

    /// `check`'s result, with `field` on the error path while it runs.
    @inline(__always)
    private mutating func checking<T>(
        _ field: Int, _ check: (inout Verifier) throws(VerificationFault) -> T
    ) throws(VerificationFault) -> T {
        pushField(field)
        let result = try check(&self)
        popPath()
        return result
    }

    /// Position of the scalar field `field` of `size` bytes, or nil when absent (the default applies).
    public mutating func scalar(_ table: Table, _ field: Int, size: Int) throws(VerificationFault) -> Int? {
        try checking(field) { v throws(VerificationFault) in try v.scalarPosition(table, field, size: size) }
    }

    /// Target position of the offset field `field` (vector, string, table), or nil when absent.
    public mutating func offsetTarget(_ table: Table, _ field: Int) throws(VerificationFault) -> Int? {
        try checking(field) { v throws(VerificationFault) in try v.offsetTargetPosition(table, field) }
    }

    /// Verifies the vector field `field` of `size`-byte elements, or returns nil when absent.
    public mutating func vector(
        _ table: Table, _ field: Int, elementSize: Int, alignment: Int? = nil
    ) throws(VerificationFault) -> VectorSpan? {
        try checking(field) { v throws(VerificationFault) in
            guard let target = try v.offsetTargetPosition(table, field) else { return nil }
            return try v.vector(at: target, elementSize: elementSize, alignment: alignment ?? elementSize)
        }
    }

    /// Verifies the string field `field`, or returns nil when absent.
    public mutating func string(_ table: Table, _ field: Int) throws(VerificationFault) -> VectorSpan? {
        try checking(field) { v throws(VerificationFault) in
            guard let target = try v.offsetTargetPosition(table, field) else { return nil }
            return try v.string(at: target)
        }
    }

    /// Verifies every string of the vector-of-strings field `field`.
    public mutating func strings(_ table: Table, _ field: Int) throws(VerificationFault) {
        pushField(field)
        if let target = try offsetTargetPosition(table, field) {
            let span = try vector(at: target, elementSize: 4, alignment: 4)
            for index in 0..<span.count {
                setIndex(index)
                _ = try string(at: try followOffset(at: span.start + 4 * index))
            }
        }
        popPath()
    }

    /// Verifies the nested table field `field` (of schema table `kind`) with `verify`, one level deeper;
    /// false when absent.
    @discardableResult
    public mutating func table(
        _ parent: Table, _ field: Int, kind: UInt16,
        _ verify: (inout Verifier, Table) throws(VerificationFault) -> Void
    ) throws(VerificationFault) -> Bool {
        pushField(field)
        let target = try offsetTargetPosition(parent, field)
        if let target { try nestedTable(at: target, kind: kind, verify) }
        popPath()
        return target != nil
    }

    /// Verifies every table (of schema table `kind`) of the vector-of-tables field `field` with
    /// `verify`, one level deeper.
    public mutating func tables(
        _ parent: Table, _ field: Int, kind: UInt16,
        _ verify: (inout Verifier, Table) throws(VerificationFault) -> Void
    ) throws(VerificationFault) {
        pushField(field)
        if let target = try offsetTargetPosition(parent, field) {
            let span = try vector(at: target, elementSize: 4, alignment: 4)
            for index in 0..<span.count {
                setIndex(index)
                try nestedTable(at: try followOffset(at: span.start + 4 * index), kind: kind, verify)
            }
        }
        popPath()
    }

    /// Verifies a union: its type byte in slot `typeField` and its value table in `typeField + 1`.
    /// Type 0 (NONE) ignores any value, as FlatBuffers does; a non-zero type requires a value; types
    /// above `memberCount` are rejected. The value is checked by `verify(verifier, type, table)`, which sets `tableKind`
    /// to the member's table number before verifying its fields.
    /// Returns the union type.
    @discardableResult
    public mutating func union(
        _ parent: Table, typeField: Int, memberCount: Int,
        _ verify: (inout Verifier, UInt8, Table) throws(VerificationFault) -> Void
    ) throws(VerificationFault) -> UInt8 {
        pushField(typeField)
        guard let typePosition = try scalarPosition(parent, typeField, size: 1) else {
            popPath()
            return 0
        }
        let type = buffer.readUnchecked(UInt8.self, at: typePosition)
        if type == 0 {
            popPath()
            return 0
        }
        guard Int(type) <= memberCount else { throw error(.unknownUnionType(type), at: typePosition) }
        guard let target = try offsetTargetPosition(parent, typeField + 1) else {
            throw error(.unionTypeWithoutValue(type: type), at: typePosition)
        }
        try enterLevel(at: target)
        let parentKind = tableKind
        let table = try self.table(at: target)
        tableKind = VerificationPath.unknownTable
        try verify(&self, type, table)
        depth -= 1
        tableKind = parentKind
        popPath()
        return type
    }

    /// Verifies a table of schema table `kind` at `target` one nesting level deeper.
    mutating func nestedTable(
        at target: Int, kind: UInt16, _ verify: (inout Verifier, Table) throws(VerificationFault) -> Void
    ) throws(VerificationFault) {
        try enterLevel(at: target)
        let parentKind = tableKind
        let table = try self.table(at: target)
        tableKind = kind
        try verify(&self, table)
        depth -= 1
        tableKind = parentKind
    }

    func scalarPosition(_ table: Table, _ field: Int, size: Int) throws(VerificationFault) -> Int? {
        guard let offset = try fieldOffset(table, field, size: size) else { return nil }
        let position = table.position + offset
        try check(position, length: size, alignment: size)
        return position
    }

    func offsetTargetPosition(_ table: Table, _ field: Int) throws(VerificationFault) -> Int? {
        guard let position = try scalarPosition(table, field, size: 4) else { return nil }
        return try followOffset(at: position)
    }

    /// Checks the vtable entry of `field`: absent (nil), or an offset that keeps `size` bytes inside the table.
    func fieldOffset(_ table: Table, _ field: Int, size: Int) throws(VerificationFault) -> Int? {
        let entry = 4 + 2 * field
        guard field >= 0, entry + 2 <= table.vtableSize else { return nil }
        let offset = Int(buffer.readUnchecked(UInt16.self, at: table.vtable + entry))
        if offset == 0 { return nil }
        guard offset >= 4, offset + size <= table.tableSize else {
            throw error(.fieldOutsideTable(field: field), at: table.position)
        }
        return offset
    }

    /// Verifies a vector at `position` of elements `elementSize` bytes wide, aligned to `alignment`.
    public func vector(at position: Int, elementSize: Int, alignment: Int) throws(VerificationFault) -> VectorSpan {
        try check(position, length: 4, alignment: 4)
        let count = buffer.readUnchecked(UInt32.self, at: position)
        let (bytes, overflow) = Int(truncatingIfNeeded: count).multipliedReportingOverflow(by: elementSize)
        let start = position + 4
        guard !overflow, count <= UInt32(Int32.max), buffer.contains(start, length: bytes) else {
            throw error(.vectorTooLong(elements: count), at: position)
        }
        guard alignment <= 1 || start & (alignment - 1) == 0 else {
            throw error(.misaligned(alignment: alignment), at: start)
        }
        return VectorSpan(start: start, count: Int(count))
    }

    /// Verifies a zero-terminated string at `position`.
    public func string(at position: Int) throws(VerificationFault) -> VectorSpan {
        let span = try vector(at: position, elementSize: 1, alignment: 1)
        let terminator = span.start + span.count
        guard buffer.contains(terminator, length: 1), buffer.readUnchecked(UInt8.self, at: terminator) == 0 else {
            throw error(.unterminatedString, at: terminator)
        }
        return span
    }
}

/// A verified vector: its first element's position and its element count.
public struct VectorSpan: Equatable, Sendable {
    public var start: Int
    public var count: Int

    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }
}
