import Foundation
import Testing

/// The shared model argument and `--json` (Sources/kinglet/SharedArguments.swift, through
/// `@OptionGroup`) keep each command's usage line and help where they were.
struct HelpTests {
    static let usages = [
        ("inspect", "USAGE: kinglet inspect <model> [--json]"),
        (
            "run",
            "USAGE: kinglet run <model> [--input <input> ...] [--output <output> ...] [--seed <seed>] [--trace <trace>] "
                + "[--sequence] [--save-inputs <save-inputs>] [--arena-size <arena-size>] [--json]"
        ),
        (
            "bench",
            "USAGE: kinglet bench <model> [--iterations <iterations>] [--warmup <warmup>] [--seed <seed>] [--json]"
        ),
        (
            "budget",
            "USAGE: kinglet budget [<model>] [--ram <ram>] [--flash <flash>] [--board <board>] [--target <target>] [--runtime <runtime>] "
                + "[--json] [--svg <svg>] [--no-tensors]"
        ),
        ("verify", "USAGE: kinglet verify <model> [--iterations <iterations>]"),
        (
            "eval",
            "USAGE: kinglet eval <model> [--inputs <inputs> ...] [--labels <labels>] [--threads <threads>] "
                + "[--top-k <top-k>] [--output <output> ...] [--arena-size <arena-size>] [--json]"
        ),
        ("lint", "USAGE: kinglet lint <model> [--runtime <runtime>] [--json]"),
        ("resolver", "USAGE: kinglet resolver <model> [--tflm] [--swift] [--c]"),
        ("report", "USAGE: kinglet report <model> --output <output> [--board <board>] [--target <target>]"),
    ]

    static func help(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = try CLITests.executable()
        process.arguments = [command, "--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: usages)
    func usageLineKeepsItsOrder(command: String, usage: String) throws {
        let lines = try Self.help(command).split(separator: "\n").map(String.init)
        #expect(lines.contains(usage))
        #expect(lines.contains("  <model>                 The .tflite model file."))
        let json = lines.filter { $0.hasPrefix("  --json ") }
        switch command {
        case "verify", "resolver", "report": #expect(json.isEmpty)
        case "inspect": #expect(json == ["  --json                  Print JSON instead of tables."])
        default: #expect(json == ["  --json                  Print JSON."])
        }
    }
}
