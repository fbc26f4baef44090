import ArgumentParser
import Foundation
import KingletReport
import TFLiteModel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a model.",
        discussion: """
            One HTML file that loads nothing (no network, scripts or fonts): the summary, the operator \
            graph, a sortable per-layer table (MACs, parameters, weight, activation and live arena bytes), \
            the arena timeline with its peak, the budget verdict against a board for Kinglet and TFLM, \
            and the quantization of every tensor. A model Kinglet cannot prepare still gets a report, \
            without its arena.
            """
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var output: String

    @Option(name: .long, help: "A board whose RAM and flash to check against ('kinglet budget --board list').")
    var board: String?

    @Option(name: .long, help: "Figures for: host (default) or cortex-m4. A Cortex-M4 board implies cortex-m4.")
    var target: String?

    func run() throws {
        let budget: Budget
        do {
            let namedBoard = try board.map { (name: String) throws(BudgetError) -> Board in try Board.named(name) }
            let namedTarget = try target.map { (text: String) throws(BudgetError) -> BudgetTarget in
                try BudgetTarget.named(text)
            }
            budget = Budget(board: namedBoard, target: namedTarget)
        } catch {
            throw CLIError(error.description)
        }
        let file = try ModelLoading.load(model)
        // TFLM's arena as `budget --runtime tflm` predicts it; not predicted when an operator is outside
        // the allocator model (its persistent and scratch allocations would be missing).
        let tflm = TFLMArena(model: file.model, target: budget.target == .cortexM4 ? .cortexM4 : .host)
        let tflmArenaBytes = tflm.unmodeledOperators.isEmpty ? tflm.totalBytes : nil
        let report = HTMLReport(file: model, model: file.model, budget: budget, tflmArenaBytes: tflmArenaBytes)
        let html = report.render()
        withExtendedLifetime(file) {}
        if let problem = report.arenaProblem {
            Terminal.warning("\(model): no arena in the report: \(problem)")
        }
        guard FileManager.default.createFile(atPath: output, contents: Data(html.utf8)) else {
            throw CLIError("\(output): cannot write the file")
        }
    }
}
