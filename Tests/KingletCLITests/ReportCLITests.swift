import Foundation
import XCTest

/// `kinglet report MODEL -o FILE [--board B]`: writes the page; bad input exits 1 with one line;
/// a model Kinglet cannot prepare still gets a page (with a warning).
extension CLITests {
    func testReportWritesOnePage() throws {
        let directory = try temporaryDirectory()
        let page = directory.appendingPathComponent("report.html")
        let made = try run(["report", "testdata/zoo/ds_cnn_kws.tflite", "-o", page.path, "--board", "nano33ble"])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(made.stdout, "")
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<h1>testdata/zoo/ds_cnn_kws.tflite</h1>"))
        XCTAssertTrue(html.contains("Board <b>nano33ble</b>"))
        // TFLM's arena as `budget --runtime tflm` predicts it for the board's Cortex-M4 (TFLMArenaTests).
        XCTAssertTrue(html.contains("<tr><td>TFLM</td><td class=\"num\">22,772 B RAM (arena)</td>"), html)
        XCTAssertEqual(html.components(separatedBy: "<tr id=\"op-").count - 1, 12)

        let unknown = try run(["report", "testdata/zoo/ds_cnn_kws.tflite", "-o", page.path, "--board", "nope"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderrLines.count, 1, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("unknown board"), unknown.stderr)
        let missing = try run(["report", "testdata/zoo/ds_cnn_kws.tflite"])
        XCTAssertEqual(missing.status, 1, "-o is required")
        let unwritable = try run(["report", "testdata/zoo/ds_cnn_kws.tflite", "-o", "/nonexistent/dir/r.html"])
        XCTAssertEqual(unwritable.status, 1)
        XCTAssertTrue(unwritable.stderr.contains("cannot write"), unwritable.stderr)

        // A custom operator Kinglet does not know: the page has no arena, and says why.
        let custom = directory.appendingPathComponent("custom.html")
        let warned = try run(["report", "testdata/custom_op.tflite", "-o", custom.path])
        XCTAssertEqual(warned.status, 0, warned.stderr)
        XCTAssertTrue(warned.stderr.contains("warning"), warned.stderr)
        let customPage = try String(contentsOf: custom, encoding: .utf8)
        XCTAssertTrue(customPage.contains("not planned"))
        XCTAssertTrue(customPage.contains("TFLM: not predicted"), "an operator outside the TFLM allocator model")
    }
}
