import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel
import XCTest

/// The zoo's int8 MNIST-style DNN classifies scikit-learn's 8×8 digits test split with Kinglet; the
/// accuracy must equal the one TFLM reached (recorded in the manifest by tools/zoo/build_zoo.py).
final class DigitsAccuracyTests: XCTestCase {
    func testAccuracyEqualsTFLMs() throws {
        let zoo = TestModels.testdata.appendingPathComponent("zoo")
        let manifest = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(contentsOf: zoo.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let entry = try XCTUnwrap(
            (manifest["models"] as? [[String: Any]])?.first { $0["name"] as? String == "mnist_dnn" })
        let tflmCorrect = try XCTUnwrap(entry["tflm_digits_correct"] as? Int)
        let samples = try NPYArray(
            parsing: [UInt8](Data(contentsOf: zoo.appendingPathComponent("mnist_dnn.digits_x.npy"))))
        let labels = try NPYArray(
            parsing: [UInt8](Data(contentsOf: zoo.appendingPathComponent("mnist_dnn.digits_y.npy")))
        ).doubleValues()
        let file = try TestModels.load(zoo.appendingPathComponent("mnist_dnn.tflite"))
        let runner = try ModelRunner(model: file.model)
        let count = samples.shape[0]
        let stride = samples.data.count / count
        XCTAssertEqual(labels.count, count)
        var correct = 0
        for index in 0..<count {
            try runner.interpreter.setInput(0, bytes: Array(samples.data[(index * stride)..<((index + 1) * stride)]))
            try runner.interpreter.invoke()
            let scores: [Int8] = try runner.interpreter.outputValues(0)
            // argmax, first index on ties (numpy's rule, as the TFLM run used)
            var best = 0
            for (class_, score) in scores.enumerated() where score > scores[best] { best = class_ }
            if Double(best) == labels[index] { correct += 1 }
        }
        print("digits: Kinglet \(correct)/\(count) = \(Double(correct) / Double(count)); TFLM \(tflmCorrect)/\(count)")
        XCTAssertEqual(correct, tflmCorrect)
        withExtendedLifetime(file) {}
    }
}
