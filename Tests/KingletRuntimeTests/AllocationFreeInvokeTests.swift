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

    override func setUp() {
        super.setUp()
        if kinglet_malloc_counter_available() == 0 {
            // Sanitized runs (swift test --sanitize=address) cannot interpose malloc; the plain
            // `swift test` run, which CI also makes, checks allocations.
            print("note: allocation counting is unavailable in this (sanitized) build")
        }
    }

    func testCounterSeesAllocations() throws {
        guard kinglet_malloc_counter_available() != 0 else { return }
        // The oracle itself must be able to fail: an allocation between start and stop is counted.
        kinglet_malloc_counter_start()
        let array = [Int](repeating: 7, count: Int.random(in: 100...200))
        let allocations = kinglet_malloc_counter_stop()
        XCTAssertGreaterThan(allocations, 0)
        XCTAssertEqual(array.first, 7)
    }

    func testTestdataModelsInvokeWithoutAllocating() throws {
        try assertInvokeAllocatesNothing(
            try TestModels.load(TestModels.testdata.appendingPathComponent("fc_int8.tflite")), "fc_int8")
    }

    /// Every single-operator model of the zoo that Kinglet runs: each kernel on its own.
    func testEverySingleOperatorInvokesWithoutAllocating() throws {
        let zoo = TestModels.testdata.appendingPathComponent("zoo")
        for name in try FileManager.default.contentsOfDirectory(atPath: zoo.path).sorted()
        where name.hasPrefix("op_") && name.hasSuffix(".tflite") {
            let file = try TestModels.load(zoo.appendingPathComponent(name))
            guard let runner = try? ModelRunner(model: file.model) else { continue }
            for (position, array) in try runner.seededInputs(seed: 1).enumerated() {
                try runner.setInput(position, array)
            }
            try runner.interpreter.invoke()
            kinglet_malloc_counter_start()
            try runner.interpreter.invoke()
            let count = kinglet_malloc_counter_stop()
            XCTAssertEqual(count, 0, "\(name): invoke() allocated \(count) times")
        }
    }

    /// LiteRT's int8 MUL in LCE models (MulLiteRT; testdata/bnn/int8_mul, tools/bnn/int8_ops.py --write-mul).
    func testLCEMulModelsInvokeWithoutAllocating() throws {
        let directory = TestModels.testdata.appendingPathComponent("bnn/int8_mul")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".tflite")
        }
        XCTAssertEqual(names.count, 9)
        for name in names.sorted() {
            try assertInvokeAllocatesNothing(try TestModels.load(directory.appendingPathComponent(name)), name)
        }
    }

    func testZooModelsInvokeWithoutAllocating() throws {
        // Every kind of kernel: convolutions, pools, softmax, logistic, streaming state, float.
        for name in [
            "mnist_dnn", "mnist_cnn", "ds_cnn_kws", "resnet8", "mobilenet_v2_035", "densenet_block",
            "mobilenet_v3_block", "stream_kws_conv", "stream_kws_conv_float", "ds_cnn_kws_float", "op_logistic",
            "op_tanh", "op_softmax", "op_mean_hw", "op_strided_slice_masks", "op_split_v", "op_transpose",
        ] {
            let file = try TestModels.load(TestModels.testdata.appendingPathComponent("zoo/\(name).tflite"))
            try assertInvokeAllocatesNothing(file, name)
        }
    }

    func testSharedModelsInvokeWithoutAllocating() throws {
        for name in [
            "hello_world_int8.tflite", "simple_add_model.tflite", "person_detect.tflite",
            "micro_speech_quantized.tflite",
        ] {
            guard let file = try TestModels.shared(name) else { continue }
            try assertInvokeAllocatesNothing(file, name)
        }
    }
}
