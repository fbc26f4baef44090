import ArgumentParser

/// The model file: the first argument of inspect, run, bench and verify. (budget's is optional, for
/// `budget --board list`, so it declares its own.)
struct ModelArgument: ParsableArguments {
    @Argument(help: "The .tflite model file.")
    var model: String
}

/// `--json` of run, bench and budget: the same facts as the text, as JSON. (inspect's reads "instead
/// of tables" in its help, so it declares its own.)
struct JSONOutput: ParsableArguments {
    @Flag(name: .long, help: "Print JSON.")
    var json = false
}
