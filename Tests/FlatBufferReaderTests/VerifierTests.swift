import FlatBufferReader
import XCTest

/// One test per failure class, each on a hand-made buffer that is valid except for one defect.
final class VerifierTests: XCTestCase {
    /// A valid buffer: root → table at 20 (vtable at 8) with value = 7 and name = "hi".
    ///   0: root offset → 20    4: "NODE"    8: vtable [vsize 10, tsize 12, child 0, value 4, name 8]
    ///  20: table [soffset 12, value 7, name → 32]    32: string [len 2, "hi", 0]
    func validNode() -> HandMadeBuffer {
        var buffer = HandMadeBuffer(size: 40)
        buffer.offset(at: 0, to: 20)
        buffer.ascii("NODE", at: 4)
        buffer.table(at: 20, vtable: 8, tableSize: 12, fields: [0, 4, 8])
        buffer.i32(7, at: 24)
        buffer.offset(at: 28, to: 32)
        buffer.u32(2, at: 32)
        buffer.ascii("hi", at: 36)
        return buffer
    }

    func testValidBufferVerifiesAndReads() throws {
        let buffer = validNode()
        XCTAssertNil(Node.verify(buffer))
        try buffer.withRegion { region in
            var verifier = try Verifier(buffer: region)
            let root = try verifier.root(identifier: "NODE")
            XCTAssertEqual(root.scalar(1, default: Int32(0)), 7)
            XCTAssertEqual(root.scalar(3, default: Int32(-1)), -1, "absent field reads as its default")
        }
    }

    func testOffsetPastTheEnd() {
        var buffer = validNode()
        buffer.u32(1000, at: 28)  // name → 1028, past the 40-byte buffer
        let error = Node.verify(buffer)
        XCTAssertEqual(error?.kind, .outOfBounds(length: 4))
        XCTAssertEqual(error?.path.text, "name")
    }

    func testRootOffsetPastTheEnd() {
        var buffer = validNode()
        buffer.u32(0xFFFF_FFF0, at: 0)
        XCTAssertEqual(Node.verify(buffer)?.kind, .outOfBounds(length: 4))
    }

    func testVTableOutOfRange() {
        var buffer = validNode()
        buffer.i32(-4000, at: 20)  // vtable = 20 + 4000
        let error = Node.verify(buffer)
        XCTAssertEqual(error?.kind, .outOfBounds(length: 4))
        XCTAssertEqual(error?.offset, 4020)
    }

    func testVTableLargerThanBuffer() {
        var buffer = validNode()
        buffer.u16(200, at: 8)  // vtable claims 200 bytes
        XCTAssertEqual(Node.verify(buffer)?.kind, .invalidVTable(size: 200))
    }

    func testFieldOutsideItsTable() {
        var buffer = validNode()
        buffer.u16(40, at: 14)  // value at table + 40, beyond the 12-byte table
        XCTAssertEqual(Node.verify(buffer)?.kind, .fieldOutsideTable(field: 1))
    }

    func testMisalignedScalar() {
        var buffer = validNode()
        buffer.u16(6, at: 14)  // the int32 value at table + 6: inside the table, not 4-aligned
        let error = Node.verify(buffer)
        XCTAssertEqual(error?.kind, .misaligned(alignment: 4))
        XCTAssertEqual(error?.offset, 26)
        XCTAssertEqual(error?.path.text, "value")
    }

    func testStringWithoutTerminator() {
        var buffer = validNode()
        buffer.u32(4, at: 32)  // "hi" + 2 more bytes reaches the buffer's end: no room for the NUL
        let error = Node.verify(buffer)
        XCTAssertEqual(error?.kind, .unterminatedString)
        XCTAssertEqual(error?.path.text, "name")
    }

    func testStringWithNonZeroTerminator() {
        var buffer = validNode()
        buffer.u8(UInt8(ascii: "!"), at: 38)
        XCTAssertEqual(Node.verify(buffer)?.kind, .unterminatedString)
    }

    func testVectorLengthThatOverflows() {
        // items (slot 3) → a vector whose int32 length times 4 overflows any buffer.
        var buffer = HandMadeBuffer(size: 40)
        buffer.offset(at: 0, to: 20)
        buffer.ascii("NODE", at: 4)
        buffer.table(at: 20, vtable: 8, tableSize: 8, fields: [0, 0, 0, 4])  // vtable 8..<20
        buffer.offset(at: 24, to: 28)
        buffer.u32(0xFFFF_FFFF, at: 28)
        let error = Node.verify(buffer)
        XCTAssertEqual(error?.kind, .vectorTooLong(elements: 0xFFFF_FFFF))
        XCTAssertEqual(error?.path.text, "items")
    }

    func testUnionTypeWithoutValue() {
        // kind_type (slot 4) = 1 but kind (slot 5) absent.
        var buffer = HandMadeBuffer(size: 32)
        buffer.offset(at: 0, to: 24)
        buffer.ascii("NODE", at: 4)
        buffer.table(at: 24, vtable: 8, tableSize: 8, fields: [0, 0, 0, 0, 4])  // vtable 8..<22
        buffer.u8(1, at: 28)
        let error = Node.verify(buffer)
        XCTAssertEqual(error?.kind, .unionTypeWithoutValue(type: 1))
        XCTAssertEqual(error?.path.text, "kind")
    }

    func testUnknownUnionType() {
        var buffer = HandMadeBuffer(size: 40)
        buffer.offset(at: 0, to: 24)
        buffer.ascii("NODE", at: 4)
        buffer.table(at: 24, vtable: 8, tableSize: 12, fields: [0, 0, 0, 0, 4, 8])  // vtable 8..<24
        buffer.u8(9, at: 28)
        buffer.offset(at: 32, to: 36)
        XCTAssertEqual(Node.verify(buffer)?.kind, .unknownUnionType(9))
    }

    /// A chain of `count` nested tables, each `child` pointing 8 bytes forward (offsets only go
    /// forward, so nesting, not cycles, is how a hostile file makes a verifier recurse).
    func chain(_ count: Int) -> HandMadeBuffer {
        var buffer = HandMadeBuffer(size: 16 + 8 * count + 8)
        buffer.offset(at: 0, to: 16)
        buffer.ascii("NODE", at: 4)
        buffer.u16(6, at: 8)  // one shared vtable: 6 bytes, tables of 8 bytes, child at +4
        buffer.u16(8, at: 10)
        buffer.u16(4, at: 12)
        for index in 0..<count {
            let table = 16 + 8 * index
            buffer.i32(Int32(table - 8), at: table)
            buffer.offset(at: table + 4, to: table + 8)
        }
        // The last link points at a table whose child offset is 0, which no verifier reaches:
        // the limits stop it first.
        buffer.i32(Int32(16 + 8 * count - 8), at: 16 + 8 * count)
        return buffer
    }

    func testDepthBomb() {
        let error = Node.verify(chain(100), limits: VerifierLimits(maxDepth: 32))
        XCTAssertEqual(error?.kind, .depthLimit(32))
        XCTAssertTrue(error?.path.text.hasPrefix("child.child.child") ?? false, error?.path.text ?? "")
        // The path keeps its first `capacity` segments and says that it was cut.
        XCTAssertEqual(error?.path.count, VerificationPath.capacity)
        XCTAssertEqual(error?.path.isTruncated, true)
        XCTAssertEqual(
            error?.path.text, Array(repeating: "child", count: VerificationPath.capacity).joined(separator: ".") + ".…")
        XCTAssertEqual(error?.path[0], VerificationPath.Segment(table: Node.table, field: 0))
    }

    func testTableCountLimit() {
        XCTAssertEqual(
            Node.verify(chain(100), limits: VerifierLimits(maxDepth: 1000, maxTables: 5))?.kind, .tableLimit(5))
    }

    func testIdentifierMismatchIsReported() {
        var buffer = validNode()
        buffer.ascii("NOPE", at: 4)
        XCTAssertEqual(
            Node.verify(buffer)?.kind,
            .identifierMismatch(expected: FileIdentifier.value("NODE"), found: FileIdentifier.value("NOPE")))
    }

    func testTooSmallBuffer() {
        XCTAssertEqual(Node.verify(HandMadeBuffer(size: 4))?.kind, .bufferSize(4))
    }

    func testErrorDescriptionNamesPathAndOffset() {
        var buffer = validNode()
        buffer.u16(6, at: 14)
        XCTAssertEqual(Node.verify(buffer)?.description, "value not aligned to 4 bytes at value (byte 26)")
    }

    func testEveryTruncationOfAValidBufferFailsCleanly() {
        let buffer = validNode()
        // The last byte is padding after the string's terminator at 38: every cut before it must fail.
        XCTAssertNil(Node.verify(HandMadeBuffer(size: 39, copying: buffer)))
        for length in 0..<39 {
            var truncated = HandMadeBuffer(size: length)
            truncated.bytes = Array(buffer.bytes.prefix(length))
            XCTAssertNotNil(Node.verify(truncated), "truncated to \(length) bytes")
        }
    }
}
