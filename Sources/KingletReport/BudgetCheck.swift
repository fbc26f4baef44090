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
        let runner: ModelRunner
        do {
            runner = try ModelRunner(model: model, resolver: resolver)
        } catch {
            throw BudgetError(error.message)
        }
        let report = ArenaReport(interpreter: runner.interpreter, budget: budget)
        if let shortfall = report.shortfall { throw BudgetError("does not fit: " + shortfall) }
        return report
    }

    /// The same, with sizes as people write them: `assertFits(model, ram: "256KiB", flash: "1MiB")`.
    @discardableResult
    public static func assertFits(_ model: Model, ram: String, flash: String? = nil) throws(BudgetError) -> ArenaReport {
        let ramBytes = try ByteSize.parse(ram)
        let flashBytes = try flash.map { (text: String) throws(BudgetError) -> Int in try ByteSize.parse(text) }
        return try assertFits(model, budget: Budget(ramBytes: ramBytes, flashBytes: flashBytes))
    }
}
