import KingletKernels
import KingletRuntime
import TFLiteModel

// One line for each runtime error: what and where. The runtime's errors carry only integers;
// names (operators, tensors, custom codes, options tables) are read here, from the model when the
// caller has it.

extension RuntimeError {
    /// The error as one line, with indices only.
    public var message: String { message(in: nil) }

    /// The error as one line; with `model`, tensors and custom codes are named too.
    public func message(in model: Model?) -> String {
        let names = ErrorNames(model: model)
        switch self {
        case .unsupportedOperators(let operators):
            let list = operators.all.isEmpty ? [operators.first] : operators.all
            let text = list.map { names.describe($0) }.joined(separator: ", ")
            return "unsupported operator\(operators.total == 1 ? "" : "s"): \(text)"
        case .invalidModel(let problem):
            return "invalid model: " + names.describe(problem)
        case .operatorFailed(let failure):
            let place = failure.subgraph != failure.mainSubgraph ? "in subgraph \(failure.subgraph): " : ""
            return "operator \(failure.index) (\(failure.opcode)): " + place + names.describe(failure.problem)
        case .arenaTooSmall(let need, let have, let exact):
            return "arena too small: need \(exact ? "" : "at least ")\(need) bytes, have \(have)"
        case .badInput(let problem):
            return names.describe(problem)
        case .host(let text):
            return text
        }
    }
}

/// Names for messages, from the model when there is one.
struct ErrorNames {
    let model: Model?

    func tensor(_ index: Int, subgraph: Int = 0) -> String {
        guard let model, let graph = model.subgraphs.element(at: subgraph),
            let tensor = graph.tensors.element(at: index)
        else {
            return "tensor \(index)"
        }
        return "tensor \(index) \"\(tensor.name ?? "")\""
    }

    func role(_ role: TensorRole) -> String {
        switch role {
        case .input: return "input"
        case .output: return "output"
        case .filter: return "filter"
        case .bias: return "bias"
        case .axis: return "axis"
        case .begin: return "begin"
        case .end: return "end"
        case .strides: return "strides"
        case .perm: return "perm"
        case .padding: return "paddings"
        case .padValue: return "pad value"
        case .handle: return "resource handle"
        case .subgraphInput: return "subgraph input"
        case .subgraphOutput: return "subgraph output"
        }
    }

    func describe(_ entry: UnsupportedOperator) -> String {
        var text = entry.opcode.description
        if entry.opcode == .custom, let code = model?.operatorCodes.element(at: entry.operatorCodeIndex) {
            text += " \"\(code.customCode ?? "")\""
        }
        text += " v\(entry.version)"
        if entry.types.count > 0 {
            text += " with " + (0..<entry.types.count).map { "\(entry.types[$0])" }.joined(separator: "/") + " tensors"
        }
        text += " (operator \(entry.firstIndex)"
        if entry.count > 1 { text += " and \(entry.count - 1) more" }
        return text + ")"
    }

    func describe(_ problem: ModelProblem) -> String {
        switch problem {
        case .subgraphOutOfRange(let subgraph, let count):
            return "subgraph \(subgraph) does not exist (the model has \(count))"
        case .opcodeIndexOutOfRange(let op, let index, let count):
            return "operator \(op) uses opcode index \(index), but the model has \(count) operator codes"
        case .graphTooLarge(let tensors, let operators):
            return "a subgraph of \(tensors) tensors and \(operators) operators is larger than the "
                + "\(Interpreter.maximumTensors) tensors and \(Interpreter.maximumOperators) operators Kinglet loads"
        case .tensorIndexOutOfRange(let role, let op, let tensor, let count):
            let who = op >= 0 ? "operator \(op) \(self.role(role))" : self.role(role)
            return "\(who) refers to tensor \(tensor), but the subgraph has \(count) tensors"
        case .readBeforeWrite(let op, let index):
            return "operator \(op) reads \(tensor(index)) before any operator writes it"
        case .writesConstant(let op, let index):
            return "operator \(op) writes constant tensor \(index)"
        case .outputNeverWritten(let index):
            return "subgraph output tensor \(index) is never written"
        case .negativeDimension(let index):
            return "\(tensor(index)) has a negative dimension or too many elements"
        case .noFixedSize(let index, let type):
            return "\(tensor(index)) of type \(type) has no fixed size"
        case .tensorTooLarge(let index, let bytes):
            return
                "\(tensor(index)) needs \(bytes) bytes, more than the \(TensorSpec.maximumByteCount) an arena can hold"
        case .bufferOutOfRange(let index, let buffer, let count):
            return "\(tensor(index)) refers to buffer \(buffer), but the model has \(count)"
        case .bufferTooShort(let index, let needs, let has):
            return "\(tensor(index)) needs \(needs) bytes, its buffer holds \(has)"
        case .rankTooHigh(let index, let rank):
            return "\(tensor(index)) has rank \(rank), above \(Shape.maxRank)"
        case .misalignedData(let index, let alignment):
            return "\(tensor(index)) data is not aligned to \(alignment) bytes"
        }
    }

    func describe(_ problem: OperatorProblem) -> String {
        func range(_ minimum: Int, _ maximum: Int) -> String {
            if minimum == maximum { return "\(minimum)" }
            if maximum == Int.max { return "at least \(minimum)" }
            return "\(minimum)–\(maximum)"
        }
        switch problem {
        case .missingInput(let position): return "input \(position) is missing"
        case .missingOutput(let position): return "output \(position) is missing"
        case .inputCount(let minimum, let maximum, let actual):
            if minimum == 0 && maximum != 0 && maximum != Int.max {
                return "has \(actual) inputs, at most \(maximum) allowed"
            }
            return "expects \(range(minimum, maximum)) inputs, has \(actual)"
        case .outputCount(let minimum, let maximum, let actual):
            return "expects \(range(minimum, maximum)) output\(minimum == 1 && maximum == 1 ? "" : "s"), has \(actual)"
        case .optionsType(let found, let expected, let second):
            let foundName =
                second
                ? BuiltinOptions2Schema.tables.element(found)?.name.description
                : BuiltinOptionsSchema.tables.element(found)?.name.description
            let expectedName = BuiltinOptionsSchema.tables.element(expected)?.name.description ?? "options \(expected)"
            return "has \(foundName ?? "options \(found)"), expected \(expectedName)"
        case .missingOptions: return "has no options of its type"
        case .tensorType(let role, let index, let actual, let expected):
            return "\(self.role(role)) tensor \(index) is \(actual), expected \(expected)"
        case .unsupportedOutputType(let type): return "unsupported output type \(type)"
        case .rank(let role, let index, let expected, let actual):
            return "\(self.role(role)) tensor \(index) must have rank \(expected), has \(actual)"
        case .notConstant(let role, let index): return "\(self.role(role)) tensor \(index) must be constant"
        case .notScalar(let role, let index, let type):
            return "\(self.role(role)) tensor \(index) must hold one \(type) value"
        case .elementCounts(let input, let output): return "input has \(input) elements, output \(output)"
        case .byteCounts(let input, let output):
            return "input of \(input) bytes cannot become output of \(output) bytes"
        case .unknownActivation(let raw): return "unknown fused activation \(raw)"
        case .unknownPadding(let raw): return "unknown padding \(raw)"
        case .badSubgraphIndex(let target, let count):
            return "init subgraph \(target) is not a subgraph other than the main one (the model has \(count))"
        case .nestedCallOnce: return "nested CALL_ONCE is not supported"
        case .subgraphNotPrepared(let target): return "init subgraph \(target) was not prepared"
        case .notAResourceHandle(let role, let index):
            return "\(self.role(role)) tensor \(index) must be one RESOURCE (or int32) handle"
        case .handleWithoutVarHandle(let index):
            return "resource handle tensor \(index) is not produced by a VAR_HANDLE in this subgraph"
        case .variableSize(let expected, let actual): return "assigns \(actual) bytes to a variable of \(expected)"
        case .kernel(let error): return error.message
        case .invoke(let status):
            switch status {
            case InvokeStatus.softmaxExponentOutOfRange:
                return "softmax exp sum too large for the output type (reciprocal exponent outside [0, 31])"
            case InvokeStatus.variableMismatch:
                return "resource variable read before any ASSIGN_VARIABLE created it, or with another size"
            default:
                return "kernel failed with status \(status)"
            }
        case .tooManyScratchBuffers(let maximum): return "requests more than \(maximum) scratch buffers"
        case .customOptions(let error): return "has unusable custom options: \(error)"
        }
    }

    func describe(_ problem: InputProblem) -> String {
        switch problem {
        case .inputOutOfRange(let position, let count):
            return "input \(position) does not exist (the model has \(count))"
        case .outputOutOfRange(let position, let count):
            return "output \(position) does not exist (the model has \(count))"
        case .operatorOutOfRange(let index, let count):
            return "operator \(index) does not exist (the subgraph has \(count))"
        case .inputSize(let position, let index, let expected, let actual, let valueBytes):
            let got = valueBytes == 1 ? "\(actual)" : "\(actual) values of \(valueBytes) bytes"
            return "input \(position) (\(tensor(index))) takes \(expected) bytes, got \(got)"
        }
    }
}

extension Array {
    fileprivate func element(_ index: UInt8) -> Element? {
        Int(index) < count ? self[Int(index)] : nil
    }
}
