import ArgumentParser
import FlatBufferReader
import KingletReport
import TFLiteModel

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that a .tflite file is structurally sound; optionally time verify + decode.",
        discussion: """
            Exits 0 and prints "ok" when every offset, vtable, vector, string and union of the model \
            verifies. With --iterations N, verifies and decodes the model N times in place (no copy) and \
            prints the fastest and median time per pass.
            """
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Option(name: .long, help: "Time N verify + decode passes.")
    var iterations: Int = 0

    func validate() throws {
        guard iterations >= 0 else { throw ValidationError("--iterations must be 0 or more, got \(iterations)") }
    }

    func run() throws {
        let file = try ModelLoading.load(model)
        var summary = "\(model): ok — \(file.byteCount) bytes"
        if iterations > 0 {
            let region = file.model.bytes
            var durations: [Duration] = []
            durations.reserveCapacity(iterations)
            var checksum = 0
            let clock = ContinuousClock()
            for _ in 0..<iterations {
                let start = clock.now
                do {
                    let verified = try Model.verify(region)
                    checksum = checksum &+ ModelWalk.checksum(verified)
                } catch {
                    throw CLIError("\(model): \(ModelLoading.describe(error))")
                }
                durations.append(clock.now - start)
            }
            durations.sort()
            func microseconds(_ duration: Duration) -> String {
                let (seconds, attoseconds) = duration.components
                let value = Double(seconds) * 1e6 + Double(attoseconds) / 1e12
                return String(Double(Int(value * 10)) / 10)
            }
            summary +=
                "; verify + decode over \(iterations) passes: min \(microseconds(durations[0])) µs, "
                + "median \(microseconds(durations[durations.count / 2])) µs (checksum \(checksum & 0xFFFF))"
        }
        print(summary)
        withExtendedLifetime(file) {}
    }
}
