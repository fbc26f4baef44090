import ArgumentParser
import Foundation

/// The `kinglet` command: inspect, run and budget TensorFlow Lite models for microcontrollers.
@main
struct Kinglet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinglet",
        abstract: "Inspect .tflite models and check them against TensorFlow Lite Micro.",
        version: "0.1.0",
        subcommands: [
            Inspect.self, Run.self, Eval.self, BudgetCommand.self, Bench.self, Verify.self,
            ResolverCommand.self,
            LintCommand.self,
            ReportCommand.self,
        ]
    )

    /// Every failure ends the same way: one line on stderr and exit status 1 (help and version exit 0).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            // An empty message: the command already explained itself (budget's "does not fit").
            if !error.message.isEmpty { Terminal.error(error.message) }
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
            Terminal.error(message + " (see 'kinglet help')")
            Foundation.exit(1)
        }
    }
}

/// A failure the CLI reports as one line; `exitCode` is 1 for bad input.
struct CLIError: Error {
    var message: String
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("kinglet: error: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("kinglet: warning: " + message + "\n").utf8))
    }
}
