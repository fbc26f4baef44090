import Foundation
import XCTest

/// `kinglet budget --runtime tflm`: TFLM's arena in the budget report's JSON shape, with the
/// budget verdict's exit codes (docs/tflm-arena.md).
extension CLITests {
    func testBudgetRuntimeTFLMJSONAndVerdict() throws {
        let fits = try run(["budget", "testdata/conv_int8.tflite", "--runtime", "tflm", "--json"])
        XCTAssertEqual(fits.status, 0, fits.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fits.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["runtime"] as? String, "tflm")
        XCTAssertEqual(object["target"] as? String, "host")
        let arena = try XCTUnwrap(object["arena"] as? [String: Any])
        let total = try XCTUnwrap(arena["total_bytes"] as? Int)
        let head = try XCTUnwrap(arena["planned_bytes"] as? Int)
        let tail = try XCTUnwrap(arena["persistent_bytes"] as? Int)
        XCTAssertEqual(total, head + tail)
        for key in ["file", "fits", "device", "flash", "budget", "peak", "tensors", "scratch"] {
            XCTAssertNotNil(object[key], "the JSON has the budget report's \(key)")
        }

        let tooSmall = try run(["budget", "testdata/conv_int8.tflite", "--runtime", "tflm", "--ram", "100B"])
        XCTAssertEqual(tooSmall.status, 3)
        XCTAssertTrue(tooSmall.stderr.contains("TFLM's arena needs"), tooSmall.stderr)

        let m4 = try run([
            "budget", "testdata/conv_int8.tflite", "--runtime", "tflm", "--target", "cortex-m4", "--json",
        ])
        XCTAssertEqual(m4.status, 0, m4.stderr)
        XCTAssertTrue(m4.stdout.contains("\"target\": \"cortex-m4\"") || m4.stdout.contains("\"target\":\"cortex-m4\""))

        let unknown = try run(["budget", "testdata/conv_int8.tflite", "--runtime", "onnx"])
        XCTAssertEqual(unknown.status, 1)
    }
}
