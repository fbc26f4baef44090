import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// Defects planted in real (testdata) models: each must be reported with its kind, byte offset and
/// field path. Positions are found through the verified views, then the bytes are edited.
final class VerificationErrorTests: XCTestCase {
    // MARK: File identifier

    func testIdentifierLessFileVerifiesWithNilIdentifier() throws {
        for name in Fixtures.sourcedModels {
            var bytes = try Fixtures.bytes(testdata: name)
            func summary(_ model: Model) -> [String] {
                let walk = ViewWalk.walk(model)
                return [String(walk.tensors), String(walk.operators), String(walk.optionFields)]
                    + model.subgraphs[0].tensors.map { $0.name ?? "?" }
                    + model.operatorCodes.map(\.builtinCode.description)
            }
            let original = try withVerifiedModel(bytes) { ($0.identifier, summary($0)) }
            XCTAssertEqual(original.0, "TFL3", name)
            bytes.replaceSubrange(4..<8, with: Array("XXXX".utf8))
            try withVerifiedModel(bytes) { model in
                XCTAssertNil(model.identifier, name)
                XCTAssertEqual(summary(model), original.1, "\(name): everything else reads as before")
            }
        }
    }

    func testWrongIdentifierAndBrokenRootReportsTheIdentifier() throws {
        var bytes = try Fixtures.bytes(testdata: "fc_int8")
        bytes.replaceSubrange(4..<8, with: Array("XXXX".utf8))
        bytes.setLE(UInt32(0x7FFF_FFF0), at: 0)  // root offset far past the end
        let error = try XCTUnwrap(verificationError(bytes))
        XCTAssertEqual(
            error.kind, .identifierMismatch(expected: FileIdentifier.value("TFL3"), found: FileIdentifier.value("XXXX"))
        )
        XCTAssertEqual(error.description, "file identifier is \"XXXX\", not \"TFL3\" at byte 4")
        XCTAssertEqual(error.offset, 4)
        XCTAssertEqual(error.path.text, "")

        // Unprintable identifier bytes are escaped in the message.
        bytes.replaceSubrange(4..<8, with: [0x00, 0x41, 0xFF, 0x42])
        XCTAssertEqual(
            verificationError(bytes)?.kind,
            .identifierMismatch(expected: FileIdentifier.value("TFL3"), found: 0x42FF_4100))
        XCTAssertEqual(verificationError(bytes)?.reason, "file identifier is \"\\x0A\\xFFB\", not \"TFL3\"")
    }

    func testBrokenRootWithTheRightIdentifierReportsTheRoot() throws {
        var bytes = try Fixtures.bytes(testdata: "fc_int8")
        bytes.setLE(UInt32(0x7FFF_FFF0), at: 0)
        let error = try XCTUnwrap(verificationError(bytes))
        XCTAssertEqual(error.kind, .outOfBounds(length: 4))
        XCTAssertEqual(error.path.text, "")
    }

    func testIdentifierLessFileWithAStructuralDefectReportsTheDefect() throws {
        // The root verifies without an identifier, but a field below it does not: that defect is reported.
        var bytes = try Fixtures.bytes(testdata: "fc_int8")
        let lengthPosition = try withVerifiedModel(bytes) { $0.subgraphs[0].tensors[1].shape.span.start - 4 }
        bytes.replaceSubrange(4..<8, with: Array("XXXX".utf8))
        bytes.setLE(UInt32(0x7FFF_FFF0), at: lengthPosition)
        let error = try XCTUnwrap(verificationError(bytes))
        XCTAssertEqual(error.kind, .vectorTooLong(elements: 0x7FFF_FFF0))
        XCTAssertEqual(error.path.text, "subgraphs[0].tensors[1].shape")
    }

    // MARK: Vectors

    func testShapeVectorTooLongNamesTheTensor() throws {
        var checked = 0
        for name in Fixtures.sourcedModels {
            let original = try Fixtures.bytes(testdata: name)
            let positions: [Int] = try withVerifiedModel(original) { model in
                model.subgraphs[0].tensors.map { $0.shape.span.start - 4 }
            }
            for (index, lengthPosition) in positions.enumerated() {
                // A shape vector shared by several tensors is first reached through the first of them.
                let reporter = positions.firstIndex(of: lengthPosition)!
                var bytes = original
                XCTAssertEqual(
                    bytes.readLE(UInt32.self, at: lengthPosition),
                    try withVerifiedModel(original) { UInt32($0.subgraphs[0].tensors[index].shape.count) })
                bytes.setLE(UInt32(0x7FFF_FFF0), at: lengthPosition)
                let error = try XCTUnwrap(verificationError(bytes), "\(name) tensor \(index)")
                XCTAssertEqual(error.kind, .vectorTooLong(elements: 0x7FFF_FFF0), "\(name) tensor \(index)")
                XCTAssertEqual(error.path.text, "subgraphs[0].tensors[\(reporter)].shape", "\(name) tensor \(index)")
                XCTAssertEqual(error.offset, lengthPosition, "\(name) tensor \(index)")
                XCTAssertEqual(
                    error.description,
                    "vector of 2147483632 elements does not fit in the buffer at subgraphs[0].tensors[\(reporter)].shape "
                        + "(byte \(lengthPosition))")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 4 + 7 + 2 + 3 + 4, "every tensor of the five models (from their JSON sources)")
    }

    func testVectorOfMaximumLengthDoesNotOverflow() throws {
        var bytes = try Fixtures.bytes(testdata: "conv_int8")
        let position = try withVerifiedModel(bytes) { $0.subgraphs[0].tensors[3].shape.span.start - 4 }
        for length in [UInt32(0xFFFF_FFFF), 0x8000_0000, 0x4000_0000, UInt32(bytes.count)] {
            bytes.setLE(length, at: position)
            let error = verificationError(bytes)
            XCTAssertEqual(error?.kind, .vectorTooLong(elements: length), "length \(length)")
            XCTAssertEqual(error?.path.text, "subgraphs[0].tensors[3].shape", "length \(length)")
        }
    }

    // MARK: Unions

    func testUnknownBuiltinOptionsTypeNamesTheOperator() throws {
        var checked = 0
        for name in Fixtures.sourcedModels {
            let original = try Fixtures.bytes(testdata: name)
            guard
                let typePosition = try withVerifiedModel(
                    original,
                    { model -> Int? in
                        let table = model.subgraphs[0].operators[0].table
                        let offset = table.fieldOffset(Operator.Field.builtinOptionsType)
                        return offset == 0 ? nil : table.position + offset
                    })
            else { continue }  // custom_op's operator has no builtin options
            var bytes = original
            bytes[typePosition] = 250
            let error = try XCTUnwrap(verificationError(bytes), name)
            XCTAssertEqual(error.kind, .unknownUnionType(250), name)
            XCTAssertEqual(error.path.text, "subgraphs[0].operators[0].builtin_options", name)
            XCTAssertEqual(error.offset, typePosition, name)

            // One past the last member is rejected; the last member (an empty table) verifies.
            let members = BuiltinOptionsSchema.tables.count - 1
            bytes[typePosition] = UInt8(members + 1)
            XCTAssertEqual(verificationError(bytes)?.kind, .unknownUnionType(UInt8(members + 1)), name)
            bytes[typePosition] = UInt8(members)
            try withVerifiedModel(bytes) { model in
                XCTAssertEqual(
                    model.subgraphs[0].operators[0].builtinOptions?.typeName,
                    BuiltinOptionsSchema.tables[members].name.description, name)
            }
            // NONE ignores the value that is still there.
            bytes[typePosition] = 0
            try withVerifiedModel(bytes) { model in
                XCTAssertNil(model.subgraphs[0].operators[0].builtinOptions, name)
            }
            checked += 1
        }
        XCTAssertEqual(checked, 4, "fc_int8, conv_int8, float_add and gelu_float have options on operator 0")
    }

    func testUnionTypeWithoutValue() throws {
        var spec = TestModel()
        let op = TestModel.OperatorSpec(opcodeIndex: 0, optionsType: 1)
        spec.subgraphs = [.init(operators: [op])]
        var bytes = spec.build().bytes
        // Remove the value: zero its vtable entry (id 4).
        let entry = try withVerifiedModel(bytes) { model -> Int in
            let t = model.subgraphs[0].operators[0].table
            let vtable = t.position - Int(t.buffer.readUnchecked(Int32.self, at: t.position))
            return vtable + 4 + 2 * Operator.Field.builtinOptions
        }
        bytes.setLE(UInt16(0), at: entry)
        let error = try XCTUnwrap(verificationError(bytes))
        XCTAssertEqual(error.kind, .unionTypeWithoutValue(type: 1))
        XCTAssertEqual(error.path.text, "subgraphs[0].operators[0].builtin_options")
    }

    func testQuantizationDetailsUnionHasThreeMembers() throws {
        for (type, verifies) in [(UInt8(1), true), (2, true), (3, true), (4, false), (255, false)] {
            var spec = TestModel()
            spec.subgraphs = [.init(tensors: [.init("t", quantization: .init(detailsType: type))])]
            let error = verificationError(spec.build().bytes)
            if verifies {
                XCTAssertNil(error, "details type \(type)")
            } else {
                XCTAssertEqual(error?.kind, .unknownUnionType(type))
                XCTAssertEqual(error?.path.text, "subgraphs[0].tensors[0].quantization.details")
            }
        }
    }

    // MARK: Offset-form buffers and custom options

    /// fc_int8 with a new Buffer table appended after the file and linked in place of buffer 4
    /// (the output's empty buffer): `offset` (given where the trailer starts, which is the end of the
    /// file when there is no trailer) and `size` as given, `trailer` appended after it.
    func fcInt8WithOffsetBuffer(
        offset: (UInt64) -> UInt64, size: UInt64, trailer: [UInt8] = []
    ) throws
        -> (bytes: [UInt8], offsetField: Int, trailerStart: Int)
    {
        let original = try Fixtures.bytes(testdata: "fc_int8")
        let slot = try withVerifiedModel(original) { model -> Int in
            XCTAssertEqual(model.buffers.count, 5)
            return model.buffers.span.start + 4 * 4
        }
        var w = FlatBufferWriter(appendingTo: original)
        let table = w.table([(1, .u64(0)), (2, .u64(size))])
        w.link(slot, to: table.position)
        w.pad(to: 16)
        let trailerStart = w.bytes.count
        w.appendBytes(trailer)
        w.set(offset(UInt64(trailerStart)), at: table.slots[1]!)
        return (w.bytes, table.slots[1]!, trailerStart)
    }

    func testOffsetFormBufferBeyondTheFileIsRejected() throws {
        let beyond = try fcInt8WithOffsetBuffer(offset: { $0 + 4096 }, size: 4)
        let error = try XCTUnwrap(verificationError(beyond.bytes))
        XCTAssertEqual(error.kind, .outOfBounds(length: 4))
        XCTAssertEqual(error.path.text, "buffers[4]")
        XCTAssertEqual(error.offset, beyond.offsetField)

        // Starting inside the file but running past its end.
        let overrun = try fcInt8WithOffsetBuffer(offset: { $0 }, size: 100, trailer: [1, 2, 3, 4])
        XCTAssertEqual(verificationError(overrun.bytes)?.kind, .outOfBounds(length: 100))
        XCTAssertEqual(verificationError(overrun.bytes)?.path.text, "buffers[4]")

        // Values whose sum overflows 64 bits.
        let huge = try fcInt8WithOffsetBuffer(offset: { _ in UInt64.max - 1 }, size: UInt64.max)
        XCTAssertEqual(verificationError(huge.bytes)?.kind, .outOfBounds(length: Int(Int32.max)))
        let wraps = try fcInt8WithOffsetBuffer(offset: { $0 }, size: UInt64.max - 8, trailer: [1, 2, 3, 4])
        XCTAssertNotNil(verificationError(wraps.bytes))
    }

    func testOffsetFormBufferInsideTheFileReadsThoseBytes() throws {
        let trailer: [UInt8] = [9, 8, 7, 6, 5, 4, 3, 2, 1]
        let file = try fcInt8WithOffsetBuffer(offset: { $0 }, size: UInt64(trailer.count), trailer: trailer)
        try withVerifiedModel(file.bytes) { model in
            let buffer = model.buffers[4]
            XCTAssertTrue(buffer.usesOffsetForm)
            XCTAssertEqual(buffer.offset, UInt64(file.trailerStart))
            XCTAssertEqual(buffer.size, UInt64(trailer.count))
            XCTAssertNil(buffer.inlineData)
            let data = try XCTUnwrap(model.bufferData(4))
            XCTAssertEqual(DecodeTests.bytes(data), trailer)
            XCTAssertEqual(data.base, model.bytes.base + file.trailerStart, "zero-copy: a slice of the file")
            // The other buffers are untouched.
            XCTAssertEqual(model.bufferData(2)?.count, 12)
        }
        // Ending exactly at the end of the file is fine.
        XCTAssertNil(verificationError(file.bytes))
    }

    func testOffsetOneIsNotTheOffsetForm() throws {
        // TFLite reads offset/size only when offset > 1; offset 1 with any size means "no data here".
        let file = try fcInt8WithOffsetBuffer(offset: { _ in 1 }, size: 1 << 40)
        try withVerifiedModel(file.bytes) { model in
            XCTAssertFalse(model.buffers[4].usesOffsetForm)
            XCTAssertEqual(model.bufferData(4)?.count, 0)
        }
    }

    func testLargeCustomOptionsOffsetForm() throws {
        var spec = TestModel()
        spec.operatorCodes = [.init(deprecatedBuiltinCode: 32, builtinCode: 32, customCode: "Big")]
        var op = TestModel.OperatorSpec(opcodeIndex: 0)
        op.largeCustomOptionsOffset = .trailer(0)
        op.largeCustomOptionsSize = 3
        spec.subgraphs = [.init(operators: [op])]
        spec.trailer = [7, 7, 7, 42]
        let built = spec.build()
        try withVerifiedModel(built.bytes) { model in
            let options = model.subgraphs[0].operators[0].customOptions(in: model.bytes)
            XCTAssertEqual(DecodeTests.bytes(options), [7, 7, 7])
            XCTAssertEqual(options.base, model.bytes.base + built.trailerStart)
        }
        op.largeCustomOptionsOffset = .trailer(2)
        op.largeCustomOptionsSize = 3
        spec.subgraphs = [.init(operators: [op])]
        let error = verificationError(spec.build().bytes)
        XCTAssertEqual(error?.kind, .outOfBounds(length: 3))
        XCTAssertEqual(error?.path.text, "subgraphs[0].operators[0]")
    }

    // MARK: Other planted defects

    func testStringWithoutTerminator() throws {
        var bytes = try Fixtures.bytes(testdata: "custom_op")
        let (start, count) = try withVerifiedModel(bytes) { model -> (Int, Int) in
            let t = model.operatorCodes[0].table
            let span = try XCTUnwrap(t.vector(OperatorCode.Field.customCode))
            return (span.start, span.count)
        }
        XCTAssertEqual(count, "MyCustomOp".utf8.count)
        bytes[start + count] = UInt8(ascii: "!")
        let error = try XCTUnwrap(verificationError(bytes))
        XCTAssertEqual(error.kind, .unterminatedString)
        XCTAssertEqual(error.path.text, "operator_codes[0].custom_code")
        XCTAssertEqual(error.offset, start + count)
    }

    func testMisalignedZeroPointVector() throws {
        var bytes = try Fixtures.bytes(testdata: "fc_int8")
        let (slot, lengthPosition) = try withVerifiedModel(bytes) { model -> (Int, Int) in
            let q = try XCTUnwrap(model.subgraphs[0].tensors[1].quantization)
            XCTAssertEqual(Array(q.zeroPoint), [0])
            return (
                q.table.position + q.table.fieldOffset(QuantizationParameters.Field.zeroPoint),
                q.zeroPoint.span.start - 4
            )
        }
        // Point the int64 vector 4 bytes further: its length now reads 0 (the low half of zero point 0),
        // and its (empty) elements start 4 bytes off their 8-byte alignment.
        bytes.setLE(bytes.readLE(UInt32.self, at: slot) + 4, at: slot)
        let error = try XCTUnwrap(verificationError(bytes))
        XCTAssertEqual(error.kind, .misaligned(alignment: 8))
        XCTAssertEqual(error.path.text, "subgraphs[0].tensors[1].quantization.zero_point")
        XCTAssertEqual(error.offset, lengthPosition + 8)
    }

    func testDepthAndTableLimits() throws {
        let bytes = try Fixtures.bytes(testdata: "conv_int8")
        let storage = AlignedBytes(bytes)
        // Model → subgraph → tensor → quantization: 4 levels.
        XCTAssertThrowsError(try Model.verify(storage.region, limits: VerifierLimits(maxDepth: 3))) { error in
            XCTAssertEqual((error as? VerificationError)?.kind, .depthLimit(3))
        }
        XCTAssertNoThrow(try Model.verify(storage.region, limits: VerifierLimits(maxDepth: 4)))
        XCTAssertThrowsError(try Model.verify(storage.region, limits: VerifierLimits(maxTables: 5))) { error in
            XCTAssertEqual((error as? VerificationError)?.kind, .tableLimit(5))
        }
        XCTAssertThrowsError(try Model.verify(storage.region, limits: VerifierLimits(maxBufferSize: bytes.count - 1))) {
            error in
            XCTAssertEqual((error as? VerificationError)?.kind, .bufferSize(bytes.count))
        }
    }
}
