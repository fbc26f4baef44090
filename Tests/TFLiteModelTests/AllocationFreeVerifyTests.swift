import FlatBufferReader
import Foundation
import KingletTestSupport
import MallocCounter
import TFLiteNames
import XCTest

@testable import TFLiteModel

/// `Model.verify` must not touch the heap, on success or failure: the device links no allocator.
/// (The Embedded build check, tools/check_reader_embedded.sh, proves the same on the device object.)
final class AllocationFreeVerifyTests: XCTestCase {
    /// Verifies `bytes` in place `times` times and returns the allocations counted, and the last error.
    func allocations(verifying bytes: AlignedBytes, times: Int = 3) -> (Int, VerificationError?) {
        let region = ByteRegion(base: UnsafeRawPointer(bytes.storage.baseAddress!), count: bytes.count)
        // Warm up the test's own lazily created runtime metadata (a debug build instantiates
        // generic metadata on first use), on this buffer and on a valid one, so only verify is counted.
        _ = verifyOnce(region)
        _ = verifyOnce(AllocationFreeVerifyTests.valid)
        var failure: VerificationError?
        kinglet_malloc_counter_start()
        for _ in 0..<times { failure = verifyOnce(region) }
        return (kinglet_malloc_counter_stop(), failure)
    }

    func verifyOnce(_ region: ByteRegion) -> VerificationError? {
        do throws(VerificationError) {
            let model = try Model.verify(region)
            return model.subgraphs.count >= 0 ? nil : VerificationError(.missingField, offset: 0)
        } catch {
            return error
        }
    }

    nonisolated(unsafe) static let validBytes = AlignedBytes(try! Fixtures.bytes(testdata: "conv_int8"))
    static var valid: ByteRegion {
        ByteRegion(base: UnsafeRawPointer(validBytes.storage.baseAddress!), count: validBytes.count)
    }

    func testVerifyAllocatesNothingOnValidModels() throws {
        guard kinglet_malloc_counter_available() != 0 else {
            return print("note: allocation counting is unavailable in this (sanitized) build")
        }
        for url in try Fixtures.testdataModels() + Fixtures.sharedModelFiles() {
            let bytes = AlignedBytes(try Fixtures.bytes(url))
            let (count, failure) = allocations(verifying: bytes)
            XCTAssertNil(failure, url.lastPathComponent)
            XCTAssertEqual(count, 0, "\(url.lastPathComponent): Model.verify allocated \(count) times")
        }
    }

    func testVerifyAllocatesNothingOnHostileModels() throws {
        guard kinglet_malloc_counter_available() != 0 else { return }
        // Mutants that fail at every depth of the path (and without an identifier, which retries).
        let original = try Fixtures.bytes(testdata: "conv_int8")
        var generator = TestSeed.generator(5)
        var failures = 0
        for trial in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + trial % 3) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            let (count, failure) = allocations(verifying: AlignedBytes(bytes), times: 1)
            if failure != nil { failures += 1 }
            XCTAssertEqual(
                count, 0, "mutant \(trial): Model.verify allocated \(count) times (\(failure.map { "\($0)" } ?? "ok"))")
        }
        XCTAssertGreaterThan(failures, 50)
    }
}
