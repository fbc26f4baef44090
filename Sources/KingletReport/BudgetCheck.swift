import KingletRuntime
import TFLiteModel

/// For users' own test suites: one call that fails, with the same explanation as `kinglet budget`,
/// when a model does not fit a RAM (and flash) budget.
///
/// ```swift
/// let report = try BudgetCheck.assertFits(file.model, budget: Budget(board: try Board.named("nano33ble")))
/// XCTAssertLessThan(report.usage.totalBytes, 100_000)
/// ```
public enum BudgetCheck {
    /// Prepares `model` in an exactly sized arena and checks it against `budget`. Throws a
    /// `BudgetError` whose description is the CLI's one-line explanation when it does not fit or
    /// cannot be prepared.
    @discardableResult
    public static func assertFits(
        _ model: Model, budget: Budget, resolver: OpResolver = .allBuiltins
    ) throws(BudgetError) -> ArenaReport {
        let report: ArenaReport
        do {
            report = try ArenaReport(model: model, budget: budget, resolver: resolver)
        } catch {
            throw BudgetError(error.message)
        }
        if let shortfall = report.shortfall { throw BudgetError("does not fit: " + shortfall) }
        return report
    }

    /// The same, with sizes as people write them: `assertFits(model, ram: "256KiB", flash: "1MiB")`;
    /// `target: .cortexM4` checks the device's figures (arena + static RAM + stack, linked code).
    @discardableResult
    public static func assertFits(
        _ model: Model, ram: String, flash: String? = nil, target: BudgetTarget = .host
    ) throws(BudgetError) -> ArenaReport {
        let ramBytes = try ByteSize.parse(ram)
        let flashBytes = try flash.map { (text: String) throws(BudgetError) -> Int in try ByteSize.parse(text) }
        return try assertFits(model, budget: Budget(ramBytes: ramBytes, flashBytes: flashBytes, target: target))
    }
}
