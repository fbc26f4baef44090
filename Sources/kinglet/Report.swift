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
        // The TFLM arena predictor (`budget --runtime tflm`) fills `tflmArenaBytes` once it exists.
        let report = HTMLReport(file: model, model: file.model, budget: budget)
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
