import ArgumentParser
import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every sample of stacked inputs on every core: throughput, and accuracy for classifiers.",
        discussion: """
            Each --inputs file holds all samples of one model input (first axis = samples), in the tensor's \
            dtype or float32 for an int8/int16 input (quantized as `kinglet run` does). Each thread runs its own \
            interpreter in its own arena, reset before every sample, so every sample's outputs are exactly what \
            `kinglet run` gives on that sample alone. --labels (integer class indices, one per sample) scores \
            output 0 as a classifier: accuracy, top-k and the confusion matrix (rows: label, columns: predicted \
            class; ties go to the lower class index).
            """
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Option(name: .long, help: "A stacked input .npy (first axis = samples); repeat in subgraph-input order.")
    var inputs: [String] = []

    @Option(name: .long, help: "Integer labels .npy, one class index per sample: scores output 0 as a classifier.")
    var labels: String?

    @Option(name: .long, help: "Threads, each with its own interpreter (default: every core).")
    var threads: Int?

    @Option(name: .long, help: "k of the top-k accuracy.")
    var topK: Int = 5

    @Option(name: .long, help: "Write an output of every sample as one stacked .npy; repeat in subgraph-output order.")
    var output: [String] = []

    @Option(name: .long, help: "Arena size in bytes for each thread (default: exactly what the model needs).")
    var arenaSize: Int?

    @OptionGroup var jsonOutput: JSONOutput
    var json: Bool { jsonOutput.json }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("--inputs is required: a stacked .npy of the samples") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if topK < 1 { throw ValidationError("--top-k must be at least 1, got \(topK)") }
        if let arenaSize, arenaSize < 0 { throw ValidationError("--arena-size must be positive, got \(arenaSize)") }
    }

    func run() throws {
        let file = try ModelLoading.load(model)
        let arrays = try inputs.map { try NPYFile.read($0) }
        let labelArray = try labels.map { try NPYFile.read($0) }
        let total = arrays.first?.shape.first ?? 0
        let progress = Progress(total: total, enabled: !json && isatty(STDERR_FILENO) != 0)
        let result: EvaluationResult
        do {
            result = try Evaluation.run(
                model: file.model, inputs: arrays, threads: threads ?? Evaluation.defaultThreads,
                arenaBytes: arenaSize, progress: { progress.show($0) })
        } catch {
            progress.finish()
            throw CLIError("\(model): \(error.message(in: file.model))")
        }
        progress.finish()
        guard output.count <= result.outputs.count else {
            throw CLIError(
                "\(model): the model has \(result.outputs.count) output(s), got \(output.count) --output path(s)")
        }
        var classification: Classification?
        if let labelArray, let labels {
            guard let scores = result.outputs.first, let tensor = result.outputTensors.first else {
                throw CLIError("\(model): --labels needs a model output to score")
            }
            do {
                let values = try Classification.labels(labelArray, samples: result.samples)
                let classes = result.samples > 0 ? scores.elementCount / result.samples : 0
                classification = try Classification(
                    scores: Classification.scores(scores, tensor: tensor), classes: classes, labels: values, topK: topK)
            } catch {
                throw CLIError("\(labels): \(error.message(in: file.model))")
            }
        }
        for (position, path) in output.enumerated() { try NPYFile.write(result.outputs[position], to: path) }
        if json {
            print(
                EvaluationReport.json(
                    result, classification: classification, inputs: inputs, labels: labels, written: output, file: model
                ).rendered())
        } else {
            for note in result.notes { FileHandle.standardError.write(Data(("kinglet: note: " + note + "\n").utf8)) }
            print(
                EvaluationReport.text(result, classification: classification, written: output, file: model),
                terminator: "")
        }
        withExtendedLifetime(file) {}
    }
}
