import ArgumentParser
import Foundation
import KingletReport
import KingletRuntime
import TFLiteModel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model on inputs and print what TensorFlow Lite Micro would compute.",
        discussion: """
            Inputs are .npy files in subgraph-input order, in each tensor's dtype; a float32 array for an \
            int8 input is quantized with the tensor's scale and zero point. Without --input, inputs are \
            generated from --seed. The arena is sized exactly (see `kinglet budget`).
            """
    )

    @OptionGroup var modelArgument: ModelArgument
    var model: String { modelArgument.model }

    @Option(name: .long, help: "An input .npy file; repeat in subgraph-input order.")
    var input: [String] = []

    @Option(name: .long, help: "Write an output as .npy; repeat in subgraph-output order.")
    var output: [String] = []

    @Option(name: .long, help: "Seed for generated inputs (used when no --input is given).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Write every tensor each operator produces to DIR as <index>_<name>.npy.")
    var trace: String?

    @Flag(
        name: .long,
        help:
            "Each --input holds a sequence (an extra leading dimension): invoke once per step, keeping the model's state between steps (streaming models); outputs get the same leading dimension."
    )
    var sequence = false

    @Option(
        name: .long,
        help: "Write the inputs as set (generated, or converted to the tensor's dtype) to DIR as input<N>.npy.")
    var saveInputs: String?

    @Option(name: .long, help: "Arena size in bytes (default: exactly what the model needs).")
    var arenaSize: Int?

    @OptionGroup var jsonOutput: JSONOutput
    var json: Bool { jsonOutput.json }

    func validate() throws {
        if let arenaSize, arenaSize < 0 { throw ValidationError("--arena-size must be positive, got \(arenaSize)") }
    }

    func run() throws {
        if sequence { return try runSequence() }
        let (file, runner) = try loadRunner()
        let interpreter = runner.interpreter
        guard input.isEmpty || input.count == interpreter.inputCount else {
            throw CLIError(
                "\(model): the model has \(interpreter.inputCount) input(s), got \(input.count) --input file(s)")
        }
        guard output.count <= interpreter.outputCount else {
            throw CLIError(
                "\(model): the model has \(interpreter.outputCount) output(s), got \(output.count) --output path(s)")
        }
        var notes: [String] = []
        var sources: [String] = []
        do {
            if input.isEmpty {
                for (position, array) in try runner.seededInputs(seed: seed).enumerated() {
                    try runner.setInput(position, array)
                    sources.append("generated from seed \(seed)")
                }
                if interpreter.inputCount > 0 {
                    notes.append("inputs generated from seed \(seed) (pass --input to use your own)")
                }
            } else {
                for (position, path) in input.enumerated() {
                    let array = try NPYFile.read(path)
                    do {
                        if let note = try runner.setInput(position, array) { notes.append(note) }
                    } catch {
                        throw CLIError("\(path): \(error.message(in: file.model))")
                    }
                    sources.append(path)
                }
            }
            if let saveInputs {
                try FileManager.default.createDirectory(atPath: saveInputs, withIntermediateDirectories: true)
                for position in 0..<interpreter.inputCount {
                    try NPYFile.write(
                        try runner.array(of: try interpreter.input(position)), to: saveInputs + "/input\(position).npy")
                }
            }
            if let trace {
                try runTraced(runner, into: trace)
            } else {
                try interpreter.invoke()
            }
        } catch let error as RuntimeError {
            throw CLIError("\(model): \(error.message(in: file.model))")
        }
        var outputs: [NPYArray] = []
        for position in 0..<interpreter.outputCount {
            let array: NPYArray
            do {
                array = try runner.outputArray(position)
            } catch {
                throw CLIError("\(model): \(error.message(in: file.model))")
            }
            outputs.append(array)
            if position < output.count { try NPYFile.write(array, to: output[position]) }
        }
        if json {
            print(RunReport.json(runner, sources: sources, outputs: outputs, notes: notes, file: model).rendered())
        } else {
            for note in notes { FileHandle.standardError.write(Data(("kinglet: note: " + note + "\n").utf8)) }
            print(RunReport.text(runner, sources: sources, outputs: outputs, file: model), terminator: "")
        }
        withExtendedLifetime(file) {}
    }

    /// The model and a runner over it (a failure names the model).
    func loadRunner() throws -> (ModelFile, ModelRunner) {
        let file = try ModelLoading.load(model)
        do {
            return (file, try ModelRunner(model: file.model, arenaBytes: arenaSize))
        } catch {
            throw CLIError("\(model): \(error.message(in: file.model))")
        }
    }

    /// `--sequence`: step i feeds slice i of every input and collects slice i of every output.
    func runSequence() throws {
        guard !input.isEmpty else { throw CLIError("--sequence needs --input files holding [steps, ...] arrays") }
        guard trace == nil else { throw CLIError("--sequence and --trace cannot be combined") }
        let (file, runner) = try loadRunner()
        let interpreter = runner.interpreter
        guard input.count == interpreter.inputCount else {
            throw CLIError(
                "\(model): the model has \(interpreter.inputCount) input(s), got \(input.count) --input file(s)")
        }
        let arrays = try input.map { try NPYFile.read($0) }
        guard let steps = arrays.first?.shape.first, steps > 0, arrays.allSatisfy({ $0.shape.first == steps }) else {
            throw CLIError(
                "\(model): with --sequence every input needs the same leading number of steps (got shapes "
                    + arrays.map { "\($0.shape)" }.joined(separator: ", ") + ")")
        }
        var collected: [[UInt8]] = Array(repeating: [], count: interpreter.outputCount)
        var outputShapes: [[Int]] = Array(repeating: [], count: interpreter.outputCount)
        var outputTypes: [NPYType] = []
        do {
            for step in 0..<steps {
                for (position, array) in arrays.enumerated() {
                    let stepBytes = array.data.count / steps
                    let slice = NPYArray(
                        dtype: array.dtype, shape: Array(array.shape.dropFirst()),
                        data: Array(array.data[(step * stepBytes)..<((step + 1) * stepBytes)]))
                    do {
                        try runner.setInput(position, slice)
                    } catch {
                        throw CLIError("\(input[position]) step \(step): \(error.message(in: file.model))")
                    }
                }
                try interpreter.invoke()
                for position in 0..<interpreter.outputCount {
                    let output = try runner.outputArray(position)
                    collected[position] += output.data
                    outputShapes[position] = output.shape
                    if step == 0 { outputTypes.append(output.dtype) }
                }
            }
        } catch let error as RuntimeError {
            throw CLIError("\(model): \(error.message(in: file.model))")
        }
        for position in 0..<interpreter.outputCount {
            let array = NPYArray(
                dtype: outputTypes[position], shape: [steps] + outputShapes[position], data: collected[position])
            if position < output.count { try NPYFile.write(array, to: output[position]) }
            print("output \(position): \(steps) steps of \(outputTypes[position].name) \(outputShapes[position])")
        }
        withExtendedLifetime(file) {}
    }

    /// Runs operator by operator, writing each one's outputs before later operators reuse the memory.
    func runTraced(_ runner: ModelRunner, into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let interpreter = runner.interpreter
        for position in 0..<interpreter.inputCount {
            let tensor = try interpreter.input(position)
            try NPYFile.write(try runner.array(of: tensor), to: traceFile(directory, tensor))
        }
        for index in 0..<interpreter.operatorCount {
            try interpreter.invokeOperator(index)
            for tensorIndex in interpreter.outputsOfOperator(index) {
                guard let tensor = interpreter.tensor(tensorIndex) else { continue }
                try NPYFile.write(try runner.array(of: tensor), to: traceFile(directory, tensor))
            }
        }
    }

    func traceFile(_ directory: String, _ tensor: TensorHandle) -> String {
        let safe = String(
            tensor.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }.prefix(120))
        return directory + "/" + String(format: "%04d", tensor.index) + "_" + safe + ".npy"
    }
}

/// Reads and writes `.npy` files, with one-line errors naming the file.
enum NPYFile {
    static func read(_ path: String) throws -> NPYArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path): cannot read the file")
        }
        do {
            return try NPYArray(parsing: [UInt8](data))
        } catch {
            throw CLIError("\(path): \(error.description)")
        }
    }

    static func write(_ array: NPYArray, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(array.serialized())) else {
            throw CLIError("\(path): cannot write the file")
        }
    }
}
