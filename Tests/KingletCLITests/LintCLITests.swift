import Foundation
import XCTest

extension CLITests {
    /// `kinglet lint`: exit 0 without error-level findings, 2 with any, 1 for bad input.
    func testLintExitStatusAndJSON() throws {
        let clean = try run(["lint", "testdata/lint/clean_int8.tflite"])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(clean.stdout.contains("0 errors, 0 warnings"), clean.stdout)
        let warning = try run(["lint", "testdata/lint/per_tensor.tflite", "--runtime", "kinglet"])
        XCTAssertEqual(warning.status, 0, warning.stderr)
        XCTAssertTrue(warning.stdout.contains("warning [per-tensor-weights]"), warning.stdout)
        let hazard = try run(["lint", "testdata/lint/softmax_beta.tflite", "--json"])
        XCTAssertEqual(hazard.status, 2, hazard.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(hazard.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["runtime"] as? String, "tflm")
        XCTAssertEqual(object["errors"] as? Int, 1)
        let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.first?["id"] as? String, "softmax-beta-scale")
        XCTAssertEqual(findings.first?["severity"] as? String, "error")
        XCTAssertEqual((object["inputs"] as? [Any])?.count, 1)
        XCTAssertEqual(try run(["lint", "testdata/lint/hybrid.tflite", "--runtime", "kinglet"]).status, 2)
        XCTAssertEqual(try run(["lint", "testdata/conv_int8.tflite", "--runtime", "tvm"]).status, 1)
    }

    func testResolverFlavors() throws {
        let tflm = try run(["resolver", "testdata/conv_int8.tflite"])
        XCTAssertEqual(tflm.status, 0, tflm.stderr)
        XCTAssertTrue(tflm.stdout.contains("MicroMutableOpResolver<3>"), tflm.stdout)
        let swift = try run(["resolver", "testdata/conv_int8.tflite", "--swift"])
        XCTAssertTrue(swift.stdout.contains(".conv2DInt8"), swift.stdout)
        let c = try run(["resolver", "--c", "testdata/conv_int8.tflite"])
        XCTAssertTrue(c.stdout.contains("kinglet_op_CONV_2D_INT8"), c.stdout)
    }
}
