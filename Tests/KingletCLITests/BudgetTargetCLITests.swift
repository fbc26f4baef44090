import Foundation
import XCTest

extension CLITests {
    func testBudgetTargetCortexM4() throws {
        let fits = try run(["budget", "testdata/conv_int8.tflite", "--target", "cortex-m4", "--ram", "1MiB", "--json"])
        XCTAssertEqual(fits.status, 0, fits.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fits.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["target"] as? String, "cortex-m4")
        let device = try XCTUnwrap(object["device"] as? [String: Any])
        for key in ["arena_bytes", "flash_code_bytes", "static_ram_bytes", "stack_bytes", "total_ram_bytes"] {
            XCTAssertNotNil(device[key] as? Int, key)
        }
        let host = try run(["budget", "testdata/conv_int8.tflite", "--json"])
        XCTAssertEqual(host.status, 0, host.stderr)
        XCTAssertTrue(host.stdout.contains("\"target\":\"host\"") || host.stdout.contains("\"target\": \"host\""))
        XCTAssertEqual(
            try run(["budget", "testdata/conv_int8.tflite", "--target", "cortex-m4", "--ram", "1KiB"]).status, 3)
        XCTAssertEqual(try run(["budget", "testdata/conv_int8.tflite", "--target", "m7"]).status, 1)
        let text = try run(["budget", "testdata/conv_int8.tflite", "--board", "nano33ble", "--no-tensors"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("device arena") && text.stdout.contains("static RAM"), text.stdout)
    }
}
