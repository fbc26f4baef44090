import Foundation
import KingletReport
import KingletRuntime
import KingletTestSupport
import TFLiteModel
import Testing

/// `kinglet eval` (Sources/KingletReport/Evaluation.swift): every sample's outputs, on any number
/// of threads, equal what a fresh runner gives on that sample alone (what `kinglet run` does), for
/// int8, float, stateful (resource variables, CALL_ONCE) and Larq Compute Engine models; and the
/// classification metrics. Inputs are the zoo's own arrays or SplitMix64 draws (seeds stated).
@Suite struct EvaluationTests {
    static let zoo = Fixtures.testdata.appendingPathComponent("zoo")
    static let bnn = Fixtures.testdata.appendingPathComponent("bnn")

    static func npy(_ url: URL) throws -> NPYArray { try NPYArray(parsing: Fixtures.bytes(url)) }

    static func model(_ url: URL) throws -> ModelFile { try ModelFile(copying: Fixtures.bytes(url)) }

    /// `count` samples for every input of `model`, each drawn as `kinglet run --seed` draws its inputs
    /// (seed `seed + sample`), stacked on a new first axis.
    static func seededSamples(_ model: Model, count: Int, seed: UInt64) throws -> [NPYArray] {
        let runner = try ModelRunner(model: model)
        var stacked: [NPYArray] = []
        for sample in 0..<count {
            for (position, array) in try runner.seededInputs(seed: seed &+ UInt64(sample)).enumerated() {
                if sample == 0 {
                    stacked.append(NPYArray(dtype: array.dtype, shape: [count] + array.shape, data: []))
                }
                stacked[position].data += array.data
            }
        }
        return stacked
    }

    /// Sample `sample` of a stacked array, shaped as the input tensor.
    static func slice(_ array: NPYArray, _ sample: Int) -> NPYArray {
        let stride = array.data.count / array.shape[0]
        return NPYArray(
            dtype: array.dtype, shape: Array(array.shape.dropFirst()),
            data: Array(array.data[(sample * stride)..<((sample + 1) * stride)]))
    }

    /// What `kinglet run --input <sample i of each input>` computes: a new runner per sample.
    static func runAlone(_ model: Model, _ inputs: [NPYArray], sample: Int) throws -> [NPYArray] {
        let runner = try ModelRunner(model: model)
        for (position, array) in inputs.enumerated() { try runner.setInput(position, slice(array, sample)) }
        try runner.interpreter.invoke()
        return try (0..<runner.interpreter.outputCount).map { try runner.outputArray($0) }
    }

    static func expectEqualsRunningAlone(
        _ model: Model, _ inputs: [NPYArray], threads: [Int], name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let samples = inputs[0].shape[0]
        let alone = try (0..<samples).map { try runAlone(model, inputs, sample: $0) }
        for threadCount in threads {
            let result = try Evaluation.run(model: model, inputs: inputs, threads: threadCount)
            #expect(result.samples == samples, sourceLocation: sourceLocation)
            #expect(result.threads == min(threadCount, samples), sourceLocation: sourceLocation)
            for (position, expected) in alone[0].enumerated() {
                #expect(result.outputs[position].shape == [samples] + expected.shape, sourceLocation: sourceLocation)
            }
            var mismatches: [Int] = []
            for sample in 0..<samples {
                for position in alone[sample].indices
                where result.output(position, sample: sample) != alone[sample][position] {
                    mismatches.append(sample)
                }
            }
            #expect(
                mismatches.isEmpty, "\(name), \(threadCount) threads: samples \(mismatches.prefix(10)) differ",
                sourceLocation: sourceLocation)
        }
    }

    @Test func digitsEqualRunningEachSampleAlone() throws {
        let file = try Self.model(Self.zoo.appendingPathComponent("mnist_dnn.tflite"))
        let digits = try Self.npy(Self.zoo.appendingPathComponent("mnist_dnn.digits_x.npy"))
        try Self.expectEqualsRunningAlone(file.model, [digits], threads: [1, 2, 3, 7], name: "mnist_dnn digits")
        withExtendedLifetime(file) {}
    }

    /// The digits accuracy equals TFLM's, recorded in the manifest by tools/zoo/build_zoo.py (the
    /// same check as DigitsAccuracyTests, through eval's metrics).
    @Test func digitsAccuracyEqualsTFLMs() throws {
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.zoo.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let entry = try #require(
            (manifest["models"] as? [[String: Any]])?.first { $0["name"] as? String == "mnist_dnn" })
        let tflmCorrect = try #require(entry["tflm_digits_correct"] as? Int)
        let file = try Self.model(Self.zoo.appendingPathComponent("mnist_dnn.tflite"))
        let digits = try Self.npy(Self.zoo.appendingPathComponent("mnist_dnn.digits_x.npy"))
        let labelArray = try Self.npy(Self.zoo.appendingPathComponent("mnist_dnn.digits_y.npy"))
        let result = try Evaluation.run(model: file.model, inputs: [digits], threads: 2)
        let labels = try Classification.labels(labelArray, samples: result.samples)
        let classification = try Classification(
            scores: Classification.scores(result.outputs[0], tensor: result.outputTensors[0]), classes: 10,
            labels: labels, topK: 5)
        #expect(classification.correct == tflmCorrect)
        #expect(classification.samples == 360)
        #expect(classification.topKCorrect >= classification.correct)
        #expect(classification.confusion.joined().reduce(0, +) == 360)
        #expect((0..<10).map { classification.confusion[$0][$0] }.reduce(0, +) == tflmCorrect)
        let text = EvaluationReport.text(result, classification: classification, written: [], file: "mnist_dnn")
        #expect(text.contains("accuracy: \(String(format: "%.2f", Double(tflmCorrect) / 3.6)) % (\(tflmCorrect)/360)"))
        #expect(text.contains("confusion matrix (rows: label, columns: predicted class)"))
        let json = EvaluationReport.json(
            result, classification: classification, inputs: ["x.npy"], labels: "y.npy", written: [], file: "m"
        ).rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let metrics = try #require(parsed["classification"] as? [String: Any])
        #expect(metrics["correct"] as? Int == tflmCorrect)
        #expect((metrics["confusion"] as? [[Int]])?.count == 10)
        #expect(parsed["samples"] as? Int == 360)
        withExtendedLifetime(file) {}
    }

    /// Float32 samples for an int8 input are quantized as `kinglet run` quantizes them.
    @Test func floatSamplesForAnInt8InputAreQuantizedAsRunDoes() throws {
        let file = try Self.model(Self.zoo.appendingPathComponent("mnist_dnn.tflite"))
        // Seed 20261201: 40 samples of 64 floats in [-0.2, 1.2) (past both ends of the input's range).
        var generator = SplitMix64(seed: 20_261_201)
        var data: [UInt8] = []
        for _ in 0..<(40 * 64) {
            let value = Float(Double(generator.next() >> 11) / Double(1 << 53) * 1.4 - 0.2)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 }
        }
        let floats = NPYArray(dtype: .float32, shape: [40, 1, 8, 8, 1], data: data)
        try Self.expectEqualsRunningAlone(file.model, [floats], threads: [2], name: "mnist_dnn float32 samples")
        let result = try Evaluation.run(model: file.model, inputs: [floats], threads: 1)
        #expect(result.notes.count == 1)
        withExtendedLifetime(file) {}
    }

    /// Every whole zoo model, on seeded samples (seed 7 + sample), 1 and 2 threads.
    @Test(arguments: [
        "mnist_cnn", "mnist_dnn_float", "ds_cnn_kws", "fc_autoencoder", "densenet_block", "mobilenet_v3_block",
        "op_lstm_stream",
    ])
    func zooModelEqualsRunningEachSampleAlone(name: String) throws {
        let file = try Self.model(Self.zoo.appendingPathComponent(name + ".tflite"))
        let inputs = try Self.seededSamples(file.model, count: 12, seed: 7)
        try Self.expectEqualsRunningAlone(file.model, inputs, threads: [1, 2], name: name)
        withExtendedLifetime(file) {}
    }

    /// A streaming model keeps its ring buffers in resource variables: one interpreter run twice on
    /// the same sample gives another answer, yet eval's samples each start fresh.
    @Test(arguments: ["stream_kws_conv", "stream_kws_conv_float"])
    func statefulModelStartsEverySampleFresh(name: String) throws {
        let file = try Self.model(Self.zoo.appendingPathComponent(name + ".tflite"))
        let inputs = try Self.seededSamples(file.model, count: 16, seed: 11)
        let runner = try ModelRunner(model: file.model)
        try runner.setInput(0, Self.slice(inputs[0], 0))
        try runner.interpreter.invoke()
        let firstRun = try runner.outputArray(0)
        var later = firstRun
        for _ in 0..<6 {
            try runner.interpreter.invoke()
            later = try runner.outputArray(0)
        }
        #expect(later != firstRun, "\(name) carries state from invoke to invoke")
        try Self.expectEqualsRunningAlone(file.model, inputs, threads: [1, 3], name: name)
        withExtendedLifetime(file) {}
    }

    /// Larq Compute Engine models (custom operators) evaluate too: the binarized-network zoo's
    /// whole models on seeded samples (seed 3 + sample).
    @Test(arguments: ["larq_mnist", "larq_mnist_int8", "int8_bnn", "bconv_bmaxpool_relu"])
    func lceModelEqualsRunningEachSampleAlone(name: String) throws {
        let file = try Self.model(Self.bnn.appendingPathComponent(name + ".tflite"))
        let inputs = try Self.seededSamples(file.model, count: 6, seed: 3)
        try Self.expectEqualsRunningAlone(file.model, inputs, threads: [2], name: name)
        withExtendedLifetime(file) {}
    }

    @Test func inputsAreChecked() throws {
        let file = try Self.model(Self.zoo.appendingPathComponent("mnist_dnn.tflite"))
        func message(_ inputs: [NPYArray]) -> String? {
            do {
                _ = try Evaluation.run(model: file.model, inputs: inputs, threads: 2)
                return nil
            } catch {
                return error.message(in: file.model)
            }
        }
        let good = NPYArray(dtype: .int8, shape: [3, 8, 8, 1], data: Array(repeating: 0, count: 192))
        #expect(message([good]) == nil)
        #expect(message([]) == "the model has 1 input(s), got 0 stacked input array(s)")
        #expect(message([good, good]) == "the model has 1 input(s), got 2 stacked input array(s)")
        // Any shape of 64 elements per sample is taken, as `kinglet run` takes it; others are not.
        let flat = NPYArray(dtype: .int8, shape: [3, 64], data: Array(repeating: 0, count: 192))
        #expect(message([flat]) == nil)
        let wrongShape = NPYArray(dtype: .int8, shape: [3, 8, 4], data: Array(repeating: 0, count: 96))
        #expect(message([wrongShape])?.contains("per sample, got [3, 8, 4]: 3 sample(s) of [8, 4]") == true)
        let wrongType = NPYArray(dtype: .int16, shape: [3, 64], data: Array(repeating: 0, count: 384))
        #expect(message([wrongType])?.contains("expects int8 [1, 8, 8, 1] per sample, got int16 [3, 64]") == true)
        let scalar = NPYArray(dtype: .int8, shape: [], data: [0])
        #expect(message([scalar])?.contains("first axis of samples") == true)
        // No samples: nothing runs, the outputs are empty stacks.
        let empty = try Evaluation.run(
            model: file.model, inputs: [NPYArray(dtype: .int8, shape: [0, 64], data: [])], threads: 4)
        #expect(empty.samples == 0)
        #expect(empty.outputs[0].shape == [0, 1, 10])
        #expect(empty.outputs[0].data.isEmpty)
        withExtendedLifetime(file) {}
    }

    // MARK: classification metrics

    @Test func topKAndTiesFollowNumpy() throws {
        // 3 samples of 4 classes. Sample 0: label 2 wins outright. Sample 1: classes 0 and 3 tie at
        // the top (argmax = 0); label 3 ranks second. Sample 2: label 1 ties with class 0 below
        // class 2: ranks third (behind 2 and the lower-indexed 0).
        let scores: [Double] = [0, 1, 5, 2, 7, 1, 0, 7, 4, 4, 9, 0]
        let k1 = try Classification(scores: scores, classes: 4, labels: [2, 3, 1], topK: 1)
        #expect(k1.correct == 1)
        #expect(k1.topKCorrect == 1)
        #expect(k1.confusion == [[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [1, 0, 0, 0]])
        let k2 = try Classification(scores: scores, classes: 4, labels: [2, 3, 1], topK: 2)
        #expect(k2.topKCorrect == 2)
        let k3 = try Classification(scores: scores, classes: 4, labels: [2, 3, 1], topK: 3)
        #expect(k3.topKCorrect == 3)
        let k9 = try Classification(scores: scores, classes: 4, labels: [2, 3, 1], topK: 9)
        #expect(k9.topK == 4)
        #expect(k9.topKAccuracy == 1)
    }

    @Test func nanRanksLowest() throws {
        let scores: [Double] = [.nan, -1, -2, .nan, .nan, .nan]
        let result = try Classification(scores: scores, classes: 3, labels: [1, 0], topK: 1)
        #expect(result.correct == 2)  // sample 0: -1 beats NaN; sample 1: all NaN, argmax 0
        #expect(result.confusion[1][1] == 1)
        #expect(result.confusion[0][0] == 1)
    }

    @Test func labelsAreChecked() throws {
        func message(_ body: () throws -> Void) -> String? {
            do {
                try body()
                return nil
            } catch {
                return (error as? EvaluationFailure)?.message(in: nil) ?? "\(error)"
            }
        }
        #expect(
            message { _ = try Classification(scores: [0, 1, 2, 3], classes: 2, labels: [0, 2], topK: 1) }
                == "label of sample 1 is 2, outside the output's 2 classes 0…1")
        #expect(
            message { _ = try Classification(scores: [0, 1], classes: 1, labels: [0, 0], topK: 1) }
                == "a classifier output needs at least 2 scores per sample, got 1")
        let floats = NPYArray(dtype: .float32, shape: [2], data: Array(repeating: 0, count: 8))
        #expect(
            message { _ = try Classification.labels(floats, samples: 2) }
                == "labels must be integers (class indices), got float32")
        let column = NPYArray(dtype: .int64, shape: [2, 1], data: [1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0])
        #expect(try Classification.labels(column, samples: 2) == [1, 3])
        #expect(
            message { _ = try Classification.labels(column, samples: 3) }
                == "labels need one class index per sample: 3 samples, labels [2, 1]")
    }
}
