import KingletReport
import KingletRuntime
import MallocCounter
import TFLiteModel
import XCTest

/// `invoke()` must not touch the heap: everything a run needs lives in the arena.
final class AllocationFreeInvokeTests: XCTestCase {
    func assertInvokeAllocatesNothing(_ file: ModelFile, _ name: String) throws {
        let runner = try ModelRunner(model: file.model)
        for (position, array) in try runner.seededInputs(seed: 1).enumerated() {
            try runner.setInput(position, array)
        }
        let interpreter = runner.interpreter
        try interpreter.invoke()  // warm up lazily initialized globals (invoke function tables)
        kinglet_malloc_counter_start()
        var failure: RuntimeError?
        for _ in 0..<5 {
            do { try interpreter.invoke() } catch { failure = error }
        }
        let allocations = kinglet_malloc_counter_stop()
        XCTAssertNil(failure, name)
        XCTAssertEqual(allocations, 0, "\(name): invoke() allocated \(allocations) times")
    }

    func testCounterSeesAllocations() {
        // The oracle itself must be able to fail: an allocation between start and stop is counted.
        kinglet_malloc_counter_start()
        let array = [Int](repeating: 7, count: Int.random(in: 100...200))
        let allocations = kinglet_malloc_counter_stop()
        XCTAssertGreaterThan(allocations, 0)
        XCTAssertEqual(array.first, 7)
    }

    func testTestdataModelsInvokeWithoutAllocating() throws {
        try assertInvokeAllocatesNothing(try TestModels.load(TestModels.testdata.appendingPathComponent("fc_int8.tflite")), "fc_int8")
    }

    func testSharedModelsInvokeWithoutAllocating() throws {
        for name in ["hello_world_int8.tflite", "simple_add_model.tflite"] {
            guard let file = try TestModels.shared(name) else { continue }
            try assertInvokeAllocatesNothing(file, name)
        }
    }
}
