// libFuzzer target over Kinglet's whole model path:
//   bytes → ModelFile(copying:) (verify) → ModelFacts, TextReport, JSONReport, ModelWalk (decode, report)
//   → ModelRunner with a small arena, then in an arena of exactly its need
//     (resolve → validate → prepare → plan → bind)
//   → seeded inputs → invoke() → outputs and run reports → ArenaReport and budget renderings.
// Every step must end in success or a typed error; a trap, a hang or an AddressSanitizer report is a bug.
//
// Built outside SwiftPM by tools/fuzz.sh, against the library modules compiled with the fuzzer and
// address sanitizers. Not part of `swift build`.

import FlatBufferReader
import KingletReport
import KingletRuntime
import TFLiteModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// KINGLET_FUZZ_VERBOSE=1 prints how far each input got (for replaying a corpus or a reproducer).
let verbose = getenv("KINGLET_FUZZ_VERBOSE") != nil

func note(_ text: @autoclosure () -> String) {
    if verbose { print("kinglet-fuzz: " + text()) }
}

/// The first arena a run gets (as `kinglet run --arena-size 65536` would).
let smallArenaBytes = 64 << 10
/// Every model that loads is then run in an arena of exactly its need (up to this size), so that
/// AddressSanitizer sees any access past the planned end.
let largestArenaBytes = 4 << 20
/// Models whose multiply-accumulate count (as the report estimates it) exceeds this are prepared but not
/// invoked, to keep executions fast; the run path is still exercised up to invoke.
let largestInvokeMACs: Int64 = 20_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let file: ModelFile
    do {
        file = try ModelFile(copying: bytes)
    } catch {
        note("verification failed: \(error)")  // every error must render
        _ = error.description
        return 0
    }
    let model = file.model

    // Decode and report: these see every verified field.
    let facts = ModelFacts(model)
    _ = TextReport.make(facts, file: "fuzz.tflite")
    _ = JSONReport.make(facts, file: "fuzz.tflite").rendered()
    _ = ModelWalk.checksum(model)

    // Load and run.
    let runner: ModelRunner
    do {
        runner = try loadRunner(model)
    } catch {
        note("verified (\(facts.totalMACs) MACs); load refused: \(error.message)")
        _ = error.message
        withExtendedLifetime(file) {}
        return 0
    }
    if facts.totalMACs <= largestInvokeMACs {
        do {
            for (position, array) in try runner.seededInputs(seed: UInt64(count)).enumerated() {
                try runner.setInput(position, array)
            }
            try runner.interpreter.invoke()
            // A second run on other inputs: state kept between runs (CALL_ONCE, variables) must hold.
            for (position, array) in try runner.seededInputs(seed: UInt64(count) &+ 1).enumerated() {
                try runner.setInput(position, array)
            }
            try runner.interpreter.invoke()
            var outputs: [NPYArray] = []
            for position in 0..<runner.interpreter.outputCount {
                outputs.append(try runner.outputArray(position))
            }
            _ = RunReport.text(runner, sources: [], outputs: outputs, file: "fuzz.tflite")
            _ = RunReport.json(runner, sources: [], outputs: outputs, notes: [], file: "fuzz.tflite").rendered()
            note("ran in an arena of \(runner.arenaBytes) bytes")
        } catch {
            note("loaded; run failed: \(error.message)")
            _ = error.message
        }
    } else {
        note("loaded; not invoked (\(facts.totalMACs) MACs)")
    }

    // `kinglet budget`.
    let report = ArenaReport(interpreter: runner.interpreter, budget: Budget(ramBytes: 256 << 10, flashBytes: 1 << 20))
    _ = BudgetRendering.text(report, file: "fuzz.tflite")
    _ = BudgetRendering.json(report, file: "fuzz.tflite").rendered()
    _ = BudgetRendering.svg(report, file: "fuzz.tflite")
    withExtendedLifetime(file) {}
    return 0
}

/// A runner in an arena of exactly the size the model needs (so AddressSanitizer sees any access
/// past the plan), found by loading first into the small arena. Throws the small arena's error when
/// the need is above `largestArenaBytes`.
func loadRunner(_ model: Model) throws(RuntimeError) -> ModelRunner {
    let need: Int
    do {
        let small = try ModelRunner(model: model, arenaBytes: smallArenaBytes)
        need = small.interpreter.usage.totalBytes
        if need == smallArenaBytes { return small }
    } catch {
        guard case .arenaTooSmall(let reported, _, _) = error, reported > smallArenaBytes, reported <= largestArenaBytes
        else {
            throw error
        }
        need = reported
    }
    return try ModelRunner(model: model, arenaBytes: need)
}
