import Foundation
import KingletRuntime
import TFLiteModel

/// `kinglet eval`: runs every sample of stacked inputs (first axis = samples) on several threads,
/// each with its own interpreter and arena, and collects every output stacked the same way.
///
/// Each sample gives exactly what `kinglet run` gives on it alone: inputs are converted as
/// `ModelRunner.setInput` converts them (a float32 array for an int8/int16 input is quantized with
/// the same rule), and before every sample the worker's arena is put back to the bytes loading left
/// in it, so a stateful model (variables, streaming buffers, CALL_ONCE) starts each sample fresh, as
/// a new `kinglet run` process would. Host code: it uses Foundation threads and a lock; the
/// interpreter itself is untouched (one per thread, nothing shared but the read-only model).
public enum Evaluation {
    /// The threads `kinglet eval` uses by default: every core the process may run on.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs every sample of `inputs` (one stacked array per model input, in subgraph-input order).
    /// `progress` is called on the calling thread about ten times a second with the samples done.
    public static func run(
        model: Model, inputs: [NPYArray], threads requestedThreads: Int = Evaluation.defaultThreads,
        arenaBytes: Int? = nil, progress: ((Int) -> Void)? = nil
    ) throws(EvaluationFailure) -> EvaluationResult {
        let first: ModelRunner
        do {
            first = try ModelRunner(model: model, arenaBytes: arenaBytes)
        } catch {
            throw EvaluationFailure(error)
        }
        let stacked = try StackedInputs(inputs, runner: first)
        defer { stacked.deallocate() }
        let outputs = try StackedOutputs(runner: first, samples: stacked.samples)
        defer { outputs.deallocate() }
        let threads = max(1, min(requestedThreads, max(stacked.samples, 1)))
        var runners = [first]
        do {
            // The first runner found the exact arena size; the others reuse it (and the same plan).
            while runners.count < threads {
                runners.append(try ModelRunner(model: model, arenaBytes: first.arenaBytes))
            }
        } catch {
            throw EvaluationFailure(error)
        }
        let job = EvaluationJob(stacked: stacked, outputs: outputs, workers: runners.map(EvaluationWorker.init))
        let clock = ContinuousClock()
        let cpuStart = processCPUSeconds()
        let start = clock.now
        job.run(progress: progress)
        let elapsed = clock.now - start
        let cpuSeconds = processCPUSeconds() - cpuStart
        if let failure = job.failure { throw failure }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return EvaluationResult(
            samples: stacked.samples, threads: threads, seconds: seconds, cpuSeconds: cpuSeconds,
            outputs: outputs.arrays(),
            outputTensors: outputs.tensors, notes: stacked.notes, arenaBytes: first.arenaBytes)
    }
}

/// The CPU time this process has used, all threads, in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// What an evaluation produced: every output stacked over the samples, and the time it took.
public struct EvaluationResult {
    public var samples: Int
    public var threads: Int
    /// Wall-clock seconds of the runs alone (loading and file I/O excluded).
    public var seconds: Double
    /// CPU seconds the process spent over the same span, all threads together: below
    /// `seconds × threads` when other work on the machine took the cores.
    public var cpuSeconds: Double
    /// Output `i` of every sample, shape `[samples] + output shape`, in the tensor's dtype.
    public var outputs: [NPYArray]
    /// The output tensors as the first interpreter holds them (names, quantization).
    public var outputTensors: [TensorHandle]
    /// How inputs were converted (float32 quantized to int8, …).
    public var notes: [String]
    /// Each thread's arena.
    public var arenaBytes: Int

    public var samplesPerSecond: Double { seconds > 0 ? Double(samples) / seconds : 0 }

    /// Output `position` of sample `sample` alone, as `kinglet run` returns it.
    public func output(_ position: Int, sample: Int) -> NPYArray {
        let array = outputs[position]
        let stride = samples > 0 ? array.data.count / samples : 0
        return NPYArray(
            dtype: array.dtype, shape: Array(array.shape.dropFirst()),
            data: Array(array.data[(sample * stride)..<((sample + 1) * stride)]))
    }
}

/// A failed evaluation: the runtime's error, and the sample it happened on (nil when loading or
/// checking the inputs failed).
public struct EvaluationFailure: Error {
    public var sample: Int?
    public var error: RuntimeError

    public init(_ error: RuntimeError, sample: Int? = nil) {
        self.error = error
        self.sample = sample
    }

    public init(_ message: String) { self.init(.host(message)) }

    public func message(in model: Model?) -> String {
        (sample.map { "sample \($0): " } ?? "") + error.message(in: model)
    }
}

/// The inputs, checked against the model and converted to each tensor's bytes once, so a worker
/// only copies one sample's slice into its arena.
final class StackedInputs {
    let samples: Int
    /// Per input: all samples' bytes, and one sample's byte count.
    let buffers: [UnsafeMutableRawBufferPointer]
    let strides: [Int]
    let notes: [String]

    init(_ arrays: [NPYArray], runner: ModelRunner) throws(EvaluationFailure) {
        let interpreter = runner.interpreter
        guard arrays.count == interpreter.inputCount else {
            throw EvaluationFailure(
                "the model has \(interpreter.inputCount) input(s), got \(arrays.count) stacked input array(s)")
        }
        var samples: Int?
        var converted: [[UInt8]] = []
        var strides: [Int] = []
        var notes: [String] = []
        for (position, array) in arrays.enumerated() {
            let tensor: TensorHandle
            do {
                tensor = try interpreter.input(position)
            } catch {
                throw EvaluationFailure(error)
            }
            let elements = tensor.shape.reduce(1, *)
            guard let count = array.shape.first else {
                throw EvaluationFailure(
                    "input \(position) \"\(tensor.name)\": a stacked array needs a first axis of samples, got a scalar")
            }
            guard Array(array.shape.dropFirst()).reduce(1, *) == elements else {
                throw EvaluationFailure(
                    "input \(position) \"\(tensor.name)\" expects \(tensor.shape) (\(elements) elements) per sample, "
                        + "got \(array.shape): \(count) sample(s) of \(Array(array.shape.dropFirst()))")
            }
            if let samples, samples != count {
                throw EvaluationFailure(
                    "every stacked input needs the same number of samples: input 0 has \(samples), "
                        + "input \(position) has \(count)")
            }
            samples = count
            let expected = NPYType(tensorType: tensor.type)
            if array.dtype == expected {
                converted.append(array.data)
            } else if array.dtype == .float32, let scale = tensor.scale, let zeroPoint = tensor.zeroPoint,
                tensor.type == .int8 || tensor.type == .int16
            {
                // The same element rule as ModelRunner.setInput, so each sample matches `kinglet run`.
                converted.append(
                    Quantization.quantize(array.floatValues(), scale: scale, zeroPoint: zeroPoint, type: tensor.type))
                notes.append(
                    "input \(position): quantized float32 values to \(tensor.type) with scale \(scale), zero point \(zeroPoint)"
                )
            } else {
                throw EvaluationFailure(
                    "input \(position) \"\(tensor.name)\" expects \(expected?.name ?? tensor.type.description)"
                        + " \(tensor.shape) per sample, got \(array.dtype.name) \(array.shape)")
            }
            strides.append(tensor.byteCount)
        }
        self.samples = samples ?? 0
        self.strides = strides
        self.notes = notes
        buffers = converted.map { bytes in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
            return buffer
        }
    }

    func deallocate() { for buffer in buffers { buffer.deallocate() } }
}

/// Every output of every sample; workers write disjoint slices.
final class StackedOutputs {
    let samples: Int
    let tensors: [TensorHandle]
    let types: [NPYType]
    let buffers: [UnsafeMutableRawBufferPointer]

    init(runner: ModelRunner, samples: Int) throws(EvaluationFailure) {
        let interpreter = runner.interpreter
        var tensors: [TensorHandle] = []
        var types: [NPYType] = []
        for position in 0..<interpreter.outputCount {
            let tensor: TensorHandle
            do {
                tensor = try interpreter.output(position)
            } catch {
                throw EvaluationFailure(error)
            }
            guard let type = NPYType(tensorType: tensor.type) else {
                throw EvaluationFailure(
                    "output \(position) has type \(tensor.type), which .npy output does not support")
            }
            tensors.append(tensor)
            types.append(type)
        }
        let (total, overflow) = samples.multipliedReportingOverflow(by: tensors.reduce(0) { $0 + $1.byteCount })
        guard !overflow, total <= 1 << 34 else {
            throw EvaluationFailure("\(samples) samples' outputs would take more than 16 GiB")
        }
        self.samples = samples
        self.tensors = tensors
        self.types = types
        buffers = tensors.map {
            let buffer = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max($0.byteCount * samples, 1), alignment: 16)
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            return buffer
        }
    }

    func arrays() -> [NPYArray] {
        zip(tensors, zip(types, buffers)).map { tensor, typed in
            NPYArray(
                dtype: typed.0, shape: [samples] + tensor.shape,
                data: Array(UnsafeRawBufferPointer(rebasing: typed.1[0..<(tensor.byteCount * samples)])))
        }
    }

    func deallocate() { for buffer in buffers { buffer.deallocate() } }
}

/// One thread's interpreter: its runner, where its inputs and outputs live in its arena, and the
/// arena as loading left it.
struct EvaluationWorker {
    let runner: ModelRunner
    let inputs: [UnsafeMutableRawPointer?]
    let outputs: [UnsafeMutableRawPointer?]
    let snapshot: [UInt8]

    init(_ runner: ModelRunner) {
        self.runner = runner
        let interpreter = runner.interpreter
        inputs = (0..<interpreter.inputCount).map {
            interpreter.inputTensorIndex($0).flatMap(interpreter.data(ofTensor:))
        }
        outputs = (0..<interpreter.outputCount).map {
            interpreter.outputTensorIndex($0).flatMap(interpreter.data(ofTensor:))
        }
        snapshot = runner.arenaSnapshot()
    }

    /// Runs one sample: fresh arena, its inputs in, invoke, its outputs out.
    func run(_ sample: Int, _ stacked: StackedInputs, _ outputs: StackedOutputs) throws(RuntimeError) {
        runner.restoreArena(snapshot)
        for (position, destination) in inputs.enumerated() {
            guard let destination, let source = stacked.buffers[position].baseAddress else { continue }
            let stride = stacked.strides[position]
            destination.copyMemory(from: source + sample * stride, byteCount: stride)
        }
        try runner.interpreter.invoke()
        for (position, source) in self.outputs.enumerated() {
            guard let source, let destination = outputs.buffers[position].baseAddress else { continue }
            let stride = outputs.tensors[position].byteCount
            (destination + sample * stride).copyMemory(from: source, byteCount: stride)
        }
    }
}

/// The shared state of one evaluation: the next sample to claim, the samples done, the first failure.
/// Workers claim chunks of samples under the lock, so a thread the machine slows down takes fewer.
final class EvaluationJob: @unchecked Sendable {
    let stacked: StackedInputs
    let outputs: StackedOutputs
    let workers: [EvaluationWorker]
    let chunk: Int
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private var firstFailure: EvaluationFailure?

    init(stacked: StackedInputs, outputs: StackedOutputs, workers: [EvaluationWorker]) {
        self.stacked = stacked
        self.outputs = outputs
        self.workers = workers
        chunk = max(1, min(64, stacked.samples / (workers.count * 16)))
    }

    var failure: EvaluationFailure? { lock.withLock { firstFailure } }
    var completed: Int { lock.withLock { done } }

    /// Runs every sample; returns when all workers have stopped.
    func run(progress: ((Int) -> Void)?) {
        if workers.count == 1 {
            // One thread: run here (no thread start-up in the timing); progress every chunk.
            work(workers[0], reportingTo: progress)
            return
        }
        let group = DispatchGroup()
        for index in workers.indices {
            group.enter()
            let thread = Thread { [self] in
                work(workers[index], reportingTo: nil)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            progress?(completed)
        }
        progress?(completed)
    }

    private func claim(finished: Int) -> Range<Int>? {
        lock.withLock {
            done += finished
            guard next < stacked.samples, firstFailure == nil else { return nil }
            let range = next..<min(next + chunk, stacked.samples)
            next = range.upperBound
            return range
        }
    }

    private func work(_ worker: EvaluationWorker, reportingTo progress: ((Int) -> Void)?) {
        var finished = 0
        var lastReport = ContinuousClock.now
        while let range = claim(finished: finished) {
            finished = 0
            for sample in range {
                do {
                    try worker.run(sample, stacked, outputs)
                } catch {
                    lock.withLock {
                        if (firstFailure?.sample ?? Int.max) > sample {
                            firstFailure = EvaluationFailure(error, sample: sample)
                        }
                    }
                    return
                }
                finished += 1
            }
            if let progress, ContinuousClock.now - lastReport > .milliseconds(100) {
                lastReport = ContinuousClock.now
                progress(completed + finished)
            }
        }
        progress?(completed)
    }
}
