import KingletReport
import KingletRuntime
import KingletTestSupport
import TFLiteModel
import XCTest

/// `budget --target cortex-m4`: the device's arena, the linked-code table, static RAM and stack.
final class DeviceBudgetTests: XCTestCase {
    func testTargetsAndBoards() throws {
        XCTAssertEqual(try BudgetTarget.named("cortex-m4"), .cortexM4)
        XCTAssertEqual(try BudgetTarget.named("HOST"), .host)
        XCTAssertThrowsError(try BudgetTarget.named("m7"))
        XCTAssertEqual(Budget().target, .host)
        XCTAssertEqual(Budget(board: try Board.named("nano33ble")).target, .cortexM4)
        XCTAssertEqual(Budget(board: try Board.named("sparkfun-edge")).target, .cortexM4)
        XCTAssertEqual(Budget(board: try Board.named("pico")).target, .host)
        XCTAssertEqual(Budget(board: try Board.named("nano33ble"), target: .host).target, .host)
    }

    func testCodeTableIsExactForOneOperatorAndCountsSharedCodeOnce() {
        XCTAssertEqual(DeviceCodeTable.codeBytes(for: [String]()).bytes, DeviceCodeTable.baseBytes)
        var sum = 0
        for name in ["CONV_2D", "DEPTHWISE_CONV_2D", "SOFTMAX"] {
            let alone = DeviceCodeTable.codeBytes(for: [name]).bytes
            XCTAssertGreaterThan(alone, DeviceCodeTable.baseBytes, name)
            sum += alone - DeviceCodeTable.baseBytes
        }
        let together = DeviceCodeTable.codeBytes(for: ["CONV_2D", "DEPTHWISE_CONV_2D", "SOFTMAX", "CONV_2D"]).bytes
        XCTAssertLessThan(together - DeviceCodeTable.baseBytes, sum, "shared sections count once")
        let unknown = DeviceCodeTable.codeBytes(for: ["GELU"])
        XCTAssertEqual(unknown.bytes, DeviceCodeTable.baseBytes)
        XCTAssertEqual(unknown.unknown, ["GELU"])
        XCTAssertGreaterThan(DeviceCodeTable.stackBytes, 0)
        XCTAssertGreaterThanOrEqual(DeviceCodeTable.staticRAMBytes(for: ["ADD"]), DeviceCodeTable.baseStaticRAMBytes)
    }

    func testDeviceReportUsesTheDevicePlannerAndLayouts() throws {
        for name in ["conv_int8", "fc_int8", "float_add"] {
            let file = try Fixtures.load(name)
            let report = try ArenaReport(
                model: file.model, budget: Budget(ramBytes: 1 << 20, flashBytes: 4 << 20, target: .cortexM4))
            let device = try XCTUnwrap(report.device, name)
            XCTAssertEqual(report.target, .cortexM4)
            XCTAssertEqual(device.arenaBytes, report.usage.totalBytesOnDevice, name)
            // The tally is the device load's: an arena of that size loads with the device planner
            // at armv7em layouts, so it is at most the host-layout total of the same plan.
            XCTAssertLessThanOrEqual(device.arenaBytes, report.usage.totalBytes, name)
            XCTAssertEqual(device.totalRAMBytes, device.arenaBytes + device.staticRAMBytes + device.stackBytes)
            XCTAssertEqual(device.flashModelBytes, file.model.bytes.count)
            XCTAssertEqual(report.ramBytes, device.totalRAMBytes)
            XCTAssertEqual(report.flashBytes, device.flashCodeBytes + device.flashModelBytes)
            XCTAssertTrue(report.fits)

            let json = BudgetRendering.json(report, file: name).rendered()
            for key in [
                "\"target\"", "\"cortex-m4\"", "\"arena_bytes\"", "\"flash_code_bytes\"", "\"static_ram_bytes\"",
                "\"stack_bytes\"", "\"total_ram_bytes\"",
            ] {
                XCTAssertTrue(json.contains(key), "\(name): \(key) in \(json.prefix(200))")
            }
            let text = BudgetRendering.text(report, file: name, tensorTable: false)
            XCTAssertTrue(
                text.contains("device arena") && text.contains("static RAM") && text.contains("device RAM"), text)

            let tight = try ArenaReport(
                model: file.model, budget: Budget(ramBytes: device.totalRAMBytes - 1, target: .cortexM4))
            XCTAssertFalse(tight.fits)
            XCTAssertTrue(tight.shortfall?.contains("Cortex-M4") == true, tight.shortfall ?? "")
            XCTAssertTrue(
                try ArenaReport(model: file.model, budget: Budget(ramBytes: device.totalRAMBytes, target: .cortexM4))
                    .fits)
        }
    }

    func testHostKeepsTodaysFigures() throws {
        let file = try Fixtures.load("conv_int8")
        let runner = try ModelRunner(model: file.model)
        let old = ArenaReport(interpreter: runner.interpreter, budget: Budget(ramBytes: 1 << 20))
        let new = try ArenaReport(model: file.model, budget: Budget(ramBytes: 1 << 20))
        XCTAssertNil(new.device)
        XCTAssertEqual(new.usage, old.usage)
        XCTAssertEqual(new.flashBytes, old.modelBytes + old.codeBytes)
        XCTAssertEqual(new.ramBytes, old.usage.totalBytes)
        let json = BudgetRendering.json(new, file: "conv_int8").rendered()
        XCTAssertTrue(json.contains("\"target\":\"host\"") || json.contains("\"target\": \"host\""), json)
        XCTAssertThrowsError(try BudgetCheck.assertFits(file.model, ram: "1KiB", target: .cortexM4))
        XCTAssertNoThrow(try BudgetCheck.assertFits(file.model, ram: "1MiB", target: .cortexM4))
    }
}
