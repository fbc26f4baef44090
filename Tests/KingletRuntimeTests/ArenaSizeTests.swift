import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel
import XCTest

/// The reported arena total is exact: an arena of that size runs, 16 bytes less fails with the
/// typed error that states the need.
final class ArenaSizeTests: XCTestCase {
    static func models() throws -> [(String, ModelFile)] {
        var models: [(String, ModelFile)] = []
        for name in ["mnist_dnn", "ds_cnn_kws", "resnet8", "mobilenet_v1_025", "densenet_block", "fc_autoencoder"] {
            models.append((name, try TestModels.load(TestModels.testdata.appendingPathComponent("zoo/\(name).tflite"))))
        }
        for name in ["conv_int8", "fc_int8"] {
            models.append((name, try TestModels.load(TestModels.testdata.appendingPathComponent("\(name).tflite"))))
        }
        return models
    }

    func testExactArenaRunsAndSixteenBytesLessFails() throws {
        for (name, file) in try Self.models() {
            let reference = try ModelRunner(model: file.model)
            let need = reference.interpreter.usage.totalBytes
            XCTAssertEqual(need % 16, 0, name)
            for (position, array) in try reference.seededInputs(seed: 3).enumerated() {
                try reference.setInput(position, array)
            }
            try reference.interpreter.invoke()
            let expected = try reference.outputArray(0)

            // Exactly `need` bytes, 16-byte aligned: loads and computes the same output.
            let exact = UnsafeMutableRawBufferPointer.allocate(byteCount: need, alignment: 16)
            defer { exact.deallocate() }
            let interpreter = try Interpreter(model: file.model, arena: exact, resolver: .allBuiltins)
            XCTAssertEqual(interpreter.usage.totalBytes, need, name)
            for position in 0..<interpreter.inputCount {
                try interpreter.setInput(position, bytes: try reference.seededInputs(seed: 3)[position].data)
            }
            try interpreter.invoke()
            XCTAssertEqual(
                Array(try interpreter.output(0).bytes), expected.data, "\(name): exact arena changes the output")

            // 16 bytes less: the typed error with the exact need.
            let short = UnsafeMutableRawBufferPointer.allocate(byteCount: need - 16, alignment: 16)
            defer { short.deallocate() }
            XCTAssertThrowsError(try Interpreter(model: file.model, arena: short, resolver: .allBuiltins), name) {
                error in
                guard case RuntimeError.arenaTooSmall(let reportedNeed, let have, _) = error else {
                    return XCTFail("\(name): expected arenaTooSmall, got \(error)")
                }
                XCTAssertEqual(reportedNeed, need, name)
                XCTAssertEqual(have, need - 16, name)
                XCTAssertEqual(
                    (error as? RuntimeError)?.message, "arena too small: need \(need) bytes, have \(need - 16)")
            }
        }
    }

    func testMisalignedArenaCountsItsPadding() throws {
        let file = try TestModels.load(TestModels.testdata.appendingPathComponent("conv_int8.tflite"))
        let need = try ModelRunner(model: file.model).interpreter.usage.totalBytes
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: need + 32, alignment: 16)
        defer { storage.deallocate() }
        // Start 4 bytes in: 12 bytes of padding realign it, and are counted.
        let arena = UnsafeMutableRawBufferPointer(rebasing: storage[4..<(4 + need + 12)])
        let interpreter = try Interpreter(model: file.model, arena: arena, resolver: .allBuiltins)
        XCTAssertEqual(interpreter.usage.alignmentBytes, 12)
        XCTAssertEqual(interpreter.usage.totalBytes, need + 12)
    }

    func testPlanNeverOverlapsLiveBuffersAndMeetsTheBound() throws {
        for (name, file) in try Self.models() {
            let plan = try ModelRunner(model: file.model).interpreter.plan
            XCTAssertFalse(MemoryPlanner.hasOverlap(plan.buffers), "\(name): two live buffers share bytes")
            XCTAssertLessThanOrEqual(
                plan.plannedBytes, plan.lowerBoundBytes, "\(name): plan above the peak-live lower bound")
        }
    }
}
