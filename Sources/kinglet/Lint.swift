import ArgumentParser
import KingletReport

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Pre-flight checks: what a runtime will refuse or abort on, and how to feed the model.",
        discussion: """
            Reports operators and type combinations the runtime lacks, hybrid models, float operators in an \
            int8 model, the quantization hazards TFLM aborts on (SOFTMAX beta × input scale, ADD/SUB \
            multipliers), per-tensor convolution filters, unused tensors and buffers, and each input's and \
            output's scale and zero point. Exit status: 0 without error-level findings, 2 with any, 1 for bad \
            input. The JSON format and the finding ids are in docs/lint.md.
            """
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Option(name: .long, help: "The runtime to check against: tflm (default) or kinglet.")
    var runtime: String = "tflm"

    @OptionGroup var jsonOutput: JSONOutput
    var json: Bool { jsonOutput.json }

    func validate() throws {
        guard LintRuntime(rawValue: runtime) != nil else {
            throw ValidationError(
                "unknown runtime \"\(runtime)\"; known runtimes: "
                    + LintRuntime.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        let file = try ModelLoading.load(model)
        let report = LintReport(model: file.model, runtime: LintRuntime(rawValue: runtime) ?? .tflm)
        if json {
            print(report.json(file: model).rendered())
        } else {
            print(report.text(file: model), terminator: "")
        }
        withExtendedLifetime(file) {}
        if report.hasErrors { throw CLIError("", exitCode: 2) }
    }
}
