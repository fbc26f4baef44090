import FlatBufferReader
import Foundation
import KingletTestSupport
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// `ModelFile(borrowing:release:)`: aligned bytes are used in place (weights are never copied),
/// misaligned bytes are copied once, and `release` runs exactly once in every case.
final class ZeroCopyTests: XCTestCase {
    final class ReleaseCounter: @unchecked Sendable {
        var count = 0
    }

    func allModels() throws -> [(String, [UInt8])] {
        let testdata = try Fixtures.testdataModels().map { ($0.lastPathComponent, try Fixtures.bytes($0)) }
        let shared = try Fixtures.sharedModelFiles().map { ($0.lastPathComponent, try Fixtures.bytes($0)) }
        return testdata + shared
    }

    func testAlignedBytesAreBorrowedAndWeightsPointIntoThem() throws {
        var constants = 0
        for (name, bytes) in try allModels() {
            let storage = AlignedBytes(bytes, alignment: 16)
            let base = UnsafeRawPointer(storage.storage.baseAddress!)
            let end = base + bytes.count
            let counter = ReleaseCounter()
            var file: ModelFile? = try ModelFile(borrowing: UnsafeRawBufferPointer(start: base, count: bytes.count)) {
                counter.count += 1
            }
            let model = try XCTUnwrap(file).model
            XCTAssertFalse(file!.ownsCopy, name)
            XCTAssertEqual(model.bytes.base, base, name)
            XCTAssertEqual(file!.byteCount, bytes.count, name)
            XCTAssertEqual(counter.count, 0, "\(name): borrowed bytes are released only when the file goes")
            for subgraph in model.subgraphs {
                for tensor in subgraph.tensors {
                    guard let data = model.bufferData(tensor.buffer), data.count > 0 else { continue }
                    constants += 1
                    XCTAssertTrue(
                        data.base >= base && data.base + data.count <= end,
                        "\(name): tensor \(tensor.name ?? "?") data lies inside the original bytes")
                }
            }
            // A write through the original bytes is seen through the model: no copy was made.
            if let index = (0..<model.buffers.count).first(where: { (model.bufferData($0)?.count ?? 0) > 0 }),
                let data = model.bufferData(index)
            {
                let offset = data.base - base
                let before = data[0]
                storage[offset] = before &+ 1
                XCTAssertEqual(model.bufferData(index)?[0], before &+ 1, name)
                storage[offset] = before
            }
            file = nil
            XCTAssertEqual(counter.count, 1, "\(name): release runs once when the file is freed")
        }
        XCTAssertGreaterThan(constants, 0)
    }

    func testMisalignedBytesAreCopiedAndReleasedAtOnce() throws {
        for (name, bytes) in try allModels() {
            let storage = AlignedBytes([0] + bytes, alignment: 16)
            let base = UnsafeRawPointer(storage.storage.baseAddress!) + 1
            let counter = ReleaseCounter()
            let file = try ModelFile(borrowing: UnsafeRawBufferPointer(start: base, count: bytes.count)) {
                counter.count += 1
            }
            XCTAssertTrue(file.ownsCopy, name)
            XCTAssertEqual(counter.count, 1, "\(name): the caller's bytes are released as soon as they are copied")
            let model = file.model
            XCTAssertNotEqual(model.bytes.base, base, name)
            XCTAssertEqual(Int(bitPattern: model.bytes.base) % ModelFile.requiredAlignment, 0, name)
            XCTAssertEqual(model.bytes.count, bytes.count, name)
            for index in 0..<model.buffers.count {
                guard let data = model.bufferData(index), data.count > 0 else { continue }
                XCTAssertFalse(
                    data.base >= base && data.base < base + bytes.count,
                    "\(name): buffer \(index) is read from the copy")
                XCTAssertEqual(
                    DecodeTests.bytes(data), Array(bytes[(data.base - model.bytes.base)...].prefix(data.count)), name)
            }
            withExtendedLifetime(file) {}
            XCTAssertEqual(counter.count, 1, name)
        }
    }

    func testReleaseRunsOnceWhenVerificationFails() throws {
        var bytes = try Fixtures.bytes(testdata: "fc_int8")
        bytes.replaceSubrange(0..<8, with: Array("notmodel".utf8))
        for misalign in [0, 1] {
            let storage = AlignedBytes([UInt8](repeating: 0, count: misalign) + bytes, alignment: 16)
            let base = UnsafeRawPointer(storage.storage.baseAddress!) + misalign
            let counter = ReleaseCounter()
            XCTAssertThrowsError(
                try ModelFile(borrowing: UnsafeRawBufferPointer(start: base, count: bytes.count)) {
                    counter.count += 1
                }
            ) { error in
                guard case .identifierMismatch = (error as? VerificationError)?.kind else {
                    return XCTFail("expected an identifier mismatch, got \(error)")
                }
            }
            XCTAssertEqual(counter.count, 1, "misalign \(misalign)")
        }
    }

    func testEmptyAndTinyInputs() throws {
        for count in 0..<8 {
            let counter = ReleaseCounter()
            let bytes = [UInt8](repeating: 0, count: count)
            try bytes.withUnsafeBytes { raw in
                XCTAssertThrowsError(try ModelFile(borrowing: raw) { counter.count += 1 }) { error in
                    XCTAssertEqual((error as? VerificationError)?.kind, .bufferSize(count))
                }
            }
            XCTAssertEqual(counter.count, 1, "\(count) bytes")
            XCTAssertThrowsError(try ModelFile(copying: bytes))
        }
        // A nil base address (an empty buffer) is copied, not dereferenced.
        let counter = ReleaseCounter()
        XCTAssertThrowsError(
            try ModelFile(borrowing: UnsafeRawBufferPointer(start: nil, count: 0)) { counter.count += 1 })
        XCTAssertEqual(counter.count, 1)
    }

    func testCopyingInitOwnsItsBytes() throws {
        let bytes = try Fixtures.bytes(testdata: "conv_int8")
        let file = try ModelFile(copying: bytes)
        XCTAssertTrue(file.ownsCopy)
        XCTAssertEqual(file.byteCount, bytes.count)
        let viaPointer = try bytes.withUnsafeBytes { try ModelFile(copying: $0) }
        defer { withExtendedLifetime((file, viaPointer)) {} }  // views read their bytes
        XCTAssertTrue(viaPointer.ownsCopy)
        XCTAssertEqual(ViewWalk.walk(viaPointer.model).tensors, 7)
        XCTAssertEqual(ViewWalk.walk(file.model).operators, 3)
    }
}
