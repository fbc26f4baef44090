import ArgumentParser
import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel

struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Explain a model's arena and flash, and check them against a board's memory.",
        discussion: """
            Prints the arena total (planned + persistent), the operator at the peak and the tensors \
            alive there, flash (model + code estimate) and the margin against the budget. Exit status: \
            0 when the model fits, 3 when it does not, 1 for bad input. Sizes accept B, KB, KiB, MB, MiB.
            """
    )

    @Argument(help: "The .tflite model file.")
    var model: String?

    @Option(name: .long, help: "RAM budget, e.g. 256KiB.")
    var ram: String?

    @Option(name: .long, help: "Flash budget, e.g. 1MiB.")
    var flash: String?

    @Option(name: .long, help: "A board whose RAM and flash to use ('list' prints them).")
    var board: String?

    @Option(
        name: .long,
        help:
            "Figures for: host (default) or cortex-m4 (the reference firmware's arena, linked code, static RAM and stack). A Cortex-M4 board implies cortex-m4."
    )
    var target: String?

    @Option(
        name: .long,
        help:
            "Whose arena: kinglet (default) or tflm (TFLM's arena_used_bytes, predicted from a model of its allocator; --target host is pip tflite-micro, cortex-m4 a 32-bit TFLM build with reference kernels)."
    )
    var runtime: String?

    @OptionGroup var jsonOutput: JSONOutput
    var json: Bool { jsonOutput.json }

    @Option(name: .long, help: "Draw the plan as an SVG timeline into FILE.")
    var svg: String?

    @Flag(name: .long, help: "Leave out the per-tensor table.")
    var noTensors = false

    func run() throws {
        if board == "list" {
            for entry in Board.all {
                print(
                    "\(entry.name.padding(toLength: 14, withPad: " ", startingAt: 0)) RAM \(entry.ramBytes / 1024) KiB, "
                        + "flash \(entry.flashBytes / 1024) KiB — \(entry.description)")
            }
            return
        }
        guard let model else { throw CLIError("budget needs a model file (or --board list)") }
        let budget: Budget
        do {
            let namedBoard = try board.map { (name: String) throws(BudgetError) -> Board in try Board.named(name) }
            let ramBytes = try ram.map { (text: String) throws(BudgetError) -> Int in try ByteSize.parse(text) }
            let flashBytes = try flash.map { (text: String) throws(BudgetError) -> Int in try ByteSize.parse(text) }
            let namedTarget = try target.map { (text: String) throws(BudgetError) -> BudgetTarget in
                try BudgetTarget.named(text)
            }
            budget = Budget(ramBytes: ramBytes, flashBytes: flashBytes, board: namedBoard, target: namedTarget)
        } catch {
            throw CLIError(error.description)
        }
        let file = try ModelLoading.load(model)
        switch runtime?.lowercased() {
        case nil, "kinglet":
            break
        case "tflm":
            return try runTFLM(file: file, model: model, budget: budget)
        case let other?:
            throw CLIError("unknown runtime \"\(other)\"; known runtimes: kinglet, tflm")
        }
        let report: ArenaReport
        do {
            report = try ArenaReport(model: file.model, budget: budget)
        } catch {
            throw CLIError("\(model): \(error.message)")
        }
        if let svg {
            guard
                FileManager.default.createFile(
                    atPath: svg, contents: Data(BudgetRendering.svg(report, file: model).utf8))
            else {
                throw CLIError("\(svg): cannot write the file")
            }
        }
        if json {
            print(BudgetRendering.json(report, file: model).rendered())
        } else {
            print(BudgetRendering.text(report, file: model, tensorTable: !noTensors), terminator: "")
        }
        withExtendedLifetime(file) {}
        if !report.fits {
            if !json, let shortfall = report.shortfall {
                FileHandle.standardError.write(Data("kinglet: \(model) does not fit: \(shortfall)\n".utf8))
            }
            throw CLIError("", exitCode: 3)
        }
    }

    /// `--runtime tflm`: TFLM's arena for the model, checked against the RAM budget like Kinglet's.
    private func runTFLM(file: ModelFile, model: String, budget: Budget) throws {
        let target: TFLMArena.Target = budget.target == .cortexM4 ? .cortexM4 : .host
        let arena = TFLMArena(model: file.model, target: target)
        let report = TFLMBudgetReport(arena: arena, budget: budget, modelBytes: file.model.bytes.count)
        if json {
            print(report.json(file: model).rendered())
        } else {
            print(report.text(file: model), terminator: "")
        }
        withExtendedLifetime(file) {}
        if !report.fits {
            if !json, let shortfall = report.shortfall {
                FileHandle.standardError.write(Data("kinglet: \(model) does not fit: \(shortfall)\n".utf8))
            }
            throw CLIError("", exitCode: 3)
        }
    }
}
