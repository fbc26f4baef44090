import ArgumentParser
import KingletReport
import TFLiteModel

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a .tflite model: summary, tensors, operators, signatures, metadata.",
        discussion: "With --json, prints the stable format documented in docs/inspect-json.md."
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Flag(name: .long, help: "Print JSON instead of tables.")
    var json = false

    func run() throws {
        let file = try ModelLoading.load(model)
        let facts = ModelFacts(file.model)
        if json {
            print(JSONReport.make(facts, file: model).rendered())
        } else {
            print(TextReport.make(facts, file: model), terminator: "")
        }
        withExtendedLifetime(file) {}
    }
}
