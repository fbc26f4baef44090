import Foundation
import XCTest

/// `kinglet eval`: the zoo's digits through the CLI (accuracy equals TFLM's, from the manifest), its
/// stacked outputs against `kinglet run` on samples cut out one by one, and its one-line errors.
extension CLITests {
    /// A `.npy` file's data bytes and shape (little-endian C-order arrays, as Kinglet and numpy write them).
    func npy(_ url: URL) throws -> (shape: [Int], descr: String, data: Data) {
        let bytes = try Data(contentsOf: url)
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + length)], as: UTF8.self)
        let shapeText = try XCTUnwrap(header.range(of: #"\([0-9, ]*\)"#, options: .regularExpression))
        let shape = header[shapeText].dropFirst().dropLast().split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let descrText = try XCTUnwrap(header.range(of: #"'descr': '[^']*'"#, options: .regularExpression))
        let descr = String(header[descrText].dropFirst(10).dropLast())
        return (shape, descr, bytes.subdata(in: (10 + length)..<bytes.count))
    }

    func writeNPY(descr: String, shape: [Int], data: Data, to url: URL) throws {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var bytes = Data([
            0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8),
        ])
        bytes += Data(header.utf8)
        bytes += data
        try bytes.write(to: url)
    }

    func testEvalDigitsMatchesTFLMAndRun() throws {
        let manifest = try XCTUnwrap(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: CLITests.packageRoot.appendingPathComponent("testdata/zoo/manifest.json")))
                as? [String: Any])
        let entry = try XCTUnwrap(
            (manifest["models"] as? [[String: Any]])?.first { $0["name"] as? String == "mnist_dnn" })
        let tflmCorrect = try XCTUnwrap(entry["tflm_digits_correct"] as? Int)
        let directory = try temporaryDirectory()
        let outputs = directory.appendingPathComponent("y.npy")
        let model = "testdata/zoo/mnist_dnn.tflite"
        let inputs = "testdata/zoo/mnist_dnn.digits_x.npy"
        let result = try run([
            "eval", model, "--inputs", inputs, "--labels", "testdata/zoo/mnist_dnn.digits_y.npy", "--threads", "2",
            "--top-k", "3", "--output", outputs.path, "--json",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["samples"] as? Int, 360)
        XCTAssertEqual(json["threads"] as? Int, 2)
        let classification = try XCTUnwrap(json["classification"] as? [String: Any])
        XCTAssertEqual(classification["correct"] as? Int, tflmCorrect)
        XCTAssertEqual(classification["top_k"] as? Int, 3)
        XCTAssertEqual((classification["confusion"] as? [[Int]])?.joined().reduce(0, +), 360)

        // Samples cut out one by one and run alone give the stacked output's slices, byte for byte.
        let stacked = try npy(outputs)
        XCTAssertEqual(stacked.shape, [360, 1, 10])
        let digits = try npy(CLITests.packageRoot.appendingPathComponent(inputs))
        for sample in [0, 1, 97, 200, 359] {
            let input = directory.appendingPathComponent("x\(sample).npy")
            let output = directory.appendingPathComponent("y\(sample).npy")
            try writeNPY(
                descr: digits.descr, shape: [1, 8, 8, 1],
                data: digits.data.subdata(in: (sample * 64)..<(sample * 64 + 64)),
                to: input)
            let alone = try run(["run", model, "--input", input.path, "--output", output.path, "--json"])
            XCTAssertEqual(alone.status, 0, alone.stderr)
            XCTAssertEqual(
                try npy(output).data, stacked.data.subdata(in: (sample * 10)..<(sample * 10 + 10)), "sample \(sample)")
        }

        let text = try run([
            "eval", model, "--inputs", inputs, "--labels", "testdata/zoo/mnist_dnn.digits_y.npy", "--threads", "1",
        ])
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("\(model): 360 samples on 1 thread in "), lines[0])
        XCTAssertTrue(lines[0].contains(" samples/s ("), lines[0])
        XCTAssertEqual(lines[1], "output 0 \"StatefulPartitionedCall_1:0\" INT8 [360, 1, 10]")
        XCTAssertTrue(lines[2].hasPrefix("accuracy: "), lines[2])
        XCTAssertTrue(lines[2].contains("(\(tflmCorrect)/360), top-5: "), lines[2])
        XCTAssertEqual(lines[3], "confusion matrix (rows: label, columns: predicted class)")
        XCTAssertEqual(lines.count, 4 + 1 + 10)
    }

    func testEvalErrorsAreOneLine() throws {
        let model = "testdata/zoo/mnist_dnn.tflite"
        try assertOneLineError(["eval", model], naming: "--inputs")
        try assertOneLineError(["eval", model, "--inputs", "testdata/zoo/missing.npy"], naming: "missing.npy")
        // The labels of the 360 digits do not fit the one-sample input.
        try assertOneLineError(
            [
                "eval", model, "--inputs", "testdata/zoo/mnist_dnn.input0.npy", "--labels",
                "testdata/zoo/mnist_dnn.digits_y.npy",
            ],
            naming: "mnist_dnn.digits_y.npy")
        // A stacked input of another model's shape.
        try assertOneLineError(["eval", model, "--inputs", "testdata/zoo/mnist_cnn.input0.npy"], naming: model)
        try assertOneLineError(
            ["eval", model, "--inputs", "testdata/zoo/mnist_dnn.input0.npy", "--threads", "0"], naming: "--threads")
    }
}
