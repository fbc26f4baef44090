import ArgumentParser
import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time invoke() on seeded inputs: min, median and mean microseconds, and MACs per second."
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Option(name: .long, help: "Timed runs.")
    var iterations: Int = 100

    @Option(name: .long, help: "Untimed runs first.")
    var warmup: Int = 5

    @Option(name: .long, help: "Seed for the generated inputs.")
    var seed: UInt64 = 0

    @OptionGroup var jsonOutput: JSONOutput
    var json: Bool { jsonOutput.json }

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more, got \(warmup)") }
    }

    func run() throws {
        let file = try ModelLoading.load(model)
        let runner: ModelRunner
        do {
            runner = try ModelRunner(model: file.model)
            for (position, array) in try runner.seededInputs(seed: seed).enumerated() {
                try runner.setInput(position, array)
            }
        } catch {
            throw CLIError("\(model): \(error.message(in: file.model))")
        }
        let interpreter = runner.interpreter
        let macs = ModelFacts(file.model).macs[interpreter.subgraphIndex].reduce(Int64(0)) { $0 + ($1 ?? 0) }
        let clock = ContinuousClock()
        let progress = Progress(total: warmup + iterations, enabled: !json && isatty(STDERR_FILENO) != 0)
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        do {
            for _ in 0..<warmup {
                try interpreter.invoke()
                progress.step()
            }
            for _ in 0..<iterations {
                let start = clock.now
                try interpreter.invoke()
                let elapsed = clock.now - start
                samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
                progress.step()
            }
        } catch {
            progress.finish()
            throw CLIError("\(model): \(error.message(in: file.model))")
        }
        progress.finish()
        samples.sort()
        let median =
            samples.count % 2 == 1
            ? samples[samples.count / 2]
            : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        let mean = samples.reduce(0, +) / Double(samples.count)
        let minimum = samples[0]
        let macsPerSecond = median > 0 ? Double(macs) / (median / 1e6) : 0
        if json {
            print(
                JSONValue.object([
                    ("model", .string(model)), ("median_us", .double(median)), ("min_us", .double(minimum)),
                    ("mean_us", .double(mean)), ("iterations", .int(iterations)), ("warmup", .int(warmup)),
                    ("macs", .int(macs)),
                    ("macs_per_second", .double(macsPerSecond)),
                ]).rendered())
        } else {
            print(
                "\(model): \(iterations) runs after \(warmup) warm-up — min \(format(minimum)) µs, median \(format(median)) µs, "
                    + "mean \(format(mean)) µs; \(macs) MACs, \(format(macsPerSecond / 1e6)) M MACs/s at the median")
        }
        withExtendedLifetime(file) {}
    }

    func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// A one-line progress bar on stderr, shown only on a terminal and only once a run passes a second.
final class Progress {
    let total: Int
    let enabled: Bool
    var done = 0
    let start = ContinuousClock.now
    var shown = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func step() { show(done + 1) }

    /// Shows `count` of `total` done (eval's workers report counts, not steps).
    func show(_ count: Int) {
        done = count
        guard enabled, ContinuousClock.now - start > .seconds(1) else { return }
        shown = true
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
