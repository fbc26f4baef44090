import FlatBufferReader
import KingletKernels
import TFLiteModel

/// Why a model cannot be loaded, prepared or run: what and where, as integers (operator and
/// tensor indices, opcodes, sizes). Nothing here allocates or holds text, so the same errors reach
/// a device; KingletReport renders them as one line (`RuntimeError.message`).
public enum RuntimeError: Error, Sendable {
    /// Operators the resolver lacks (the first one, and how many there are in all).
    case unsupportedOperators(UnsupportedOperators)
    /// The model is structurally sound but semantically unusable.
    case invalidModel(ModelProblem)
    /// An operator's prepare (or invoke) rejected its tensors or options.
    case operatorFailed(OperatorFailure)
    /// The arena cannot hold what a run needs. `need` is the exact total a run requires, except
    /// where `needIsExact` is false (a device ran out of room before it could count everything:
    /// `need` is then a lower bound).
    case arenaTooSmall(need: Int, have: Int, needIsExact: Bool = true)
    /// An input or output access was wrong (index, type, size).
    case badInput(InputProblem)
    #if !hasFeature(Embedded)
        /// A host tool's own refusal (input files, work and arena caps), with its text.
        case host(String)
    #endif
}

/// What is wrong with a model that verified.
public enum ModelProblem: Sendable, Equatable {
    case subgraphOutOfRange(subgraph: Int, count: Int)
    case opcodeIndexOutOfRange(operator: Int, opcodeIndex: Int, count: Int)
    case graphTooLarge(tensors: Int, operators: Int)
    /// `role` refers to a tensor index outside the subgraph (`operator` is -1 for the subgraph's own inputs/outputs).
    case tensorIndexOutOfRange(role: TensorRole, operator: Int, tensor: Int, count: Int)
    case readBeforeWrite(operator: Int, tensor: Int)
    case writesConstant(operator: Int, tensor: Int)
    case outputNeverWritten(tensor: Int)
    case negativeDimension(tensor: Int)
    case noFixedSize(tensor: Int, type: TensorType)
    case tensorTooLarge(tensor: Int, bytes: Int)
    case bufferOutOfRange(tensor: Int, buffer: Int, count: Int)
    case bufferTooShort(tensor: Int, needs: Int, has: Int)
    case rankTooHigh(tensor: Int, rank: Int)
    case misalignedData(tensor: Int, alignment: Int)
}

/// The tensors a check names.
public enum TensorRole: UInt8, Sendable, Equatable {
    case input, output, filter, bias, axis, begin, end, strides, perm, padding, padValue, handle
    case subgraphInput, subgraphOutput
}

/// One operator's failure: where (subgraph, index, opcode) and why.
public struct OperatorFailure: Sendable {
    public var subgraph: Int
    /// The main subgraph's index: failures elsewhere name their subgraph.
    public var mainSubgraph: Int
    public var index: Int
    public var opcode: BuiltinOperator
    public var problem: OperatorProblem

    public init(subgraph: Int = 0, mainSubgraph: Int = 0, index: Int, opcode: BuiltinOperator, problem: OperatorProblem)
    {
        self.subgraph = subgraph
        self.mainSubgraph = mainSubgraph
        self.index = index
        self.opcode = opcode
        self.problem = problem
    }
}

/// Why an operator failed.
public enum OperatorProblem: Sendable {
    case missingInput(position: Int)
    case missingOutput(position: Int)
    /// The input count is outside `minimum...maximum`.
    case inputCount(minimum: Int, maximum: Int, actual: Int)
    case outputCount(minimum: Int, maximum: Int, actual: Int)
    /// The options table is another member of the union (`builtinOptions2`: of `BuiltinOptions2`).
    case optionsType(found: UInt8, expected: UInt8, builtinOptions2: Bool)
    case missingOptions
    case tensorType(role: TensorRole, tensor: Int, actual: TensorType, expected: TensorType)
    case unsupportedOutputType(TensorType)
    case rank(role: TensorRole, tensor: Int, expected: Int, actual: Int)
    case notConstant(role: TensorRole, tensor: Int)
    /// A tensor must hold one value of `type`.
    case notScalar(role: TensorRole, tensor: Int, type: TensorType)
    case elementCounts(input: Int, output: Int)
    case byteCounts(input: Int, output: Int)
    case unknownActivation(Int)
    case unknownPadding(Int)
    case badSubgraphIndex(target: Int, count: Int)
    case nestedCallOnce
    case subgraphNotPrepared(Int)
    case notAResourceHandle(role: TensorRole, tensor: Int)
    case handleWithoutVarHandle(tensor: Int)
    case variableSize(expected: Int, actual: Int)
    #if hasFeature(Embedded)
        /// The kernel's prepare rejected the operator (a device leaves the kernel's own reason out:
        /// it names parameters as text, and carrying it through every prepare costs code).
        case kernel
    #else
        case kernel(KernelError)
    #endif
    /// A data-dependent check failed while running (`InvokeStatus`).
    case invoke(status: Int32)
    case tooManyScratchBuffers(maximum: Int)
    /// The custom options (a FlexBuffers map) are malformed or lack a key the operator reads.
    case customOptions(FlexBufferError)
}

/// A wrong input or output access.
public enum InputProblem: Sendable, Equatable {
    case inputOutOfRange(position: Int, count: Int)
    case outputOutOfRange(position: Int, count: Int)
    case operatorOutOfRange(index: Int, count: Int)
    /// Input `position` (tensor `tensor`) takes `expected` bytes; `actual` came (as `valueCount`
    /// values of `valueBytes` bytes when given values).
    case inputSize(position: Int, tensor: Int, expected: Int, actual: Int, valueBytes: Int)
}

/// The operators a resolver cannot run: the first, and how many in all. On a host the whole list
/// is kept too, grouped by opcode, version, custom code and tensor types, for the message.
public struct UnsupportedOperators: Sendable, Equatable {
    public var first: UnsupportedOperator
    /// How many operators are unsupported, over every prepared subgraph.
    public var total: Int
    #if !hasFeature(Embedded)
        public var all: [UnsupportedOperator] = []
    #endif

    init(first: UnsupportedOperator) {
        self.first = first
        total = 0
    }

    mutating func add(_ entry: UnsupportedOperator) {
        total += 1
        #if !hasFeature(Embedded)
            if let existing = all.firstIndex(where: { $0.groups(with: entry) }) {
                all[existing].count += 1
            } else {
                all.append(entry)
            }
        #endif
    }
}

/// An operator a resolver cannot run.
public struct UnsupportedOperator: Sendable, Equatable {
    public var opcode: BuiltinOperator
    public var version: Int32
    /// For CUSTOM operators: the index of its operator code (the custom code's text is read from
    /// the model when the message is rendered).
    public var operatorCodeIndex: Int
    /// The first operator index that uses it, and how many operators do.
    public var firstIndex: Int
    public var count = 1
    /// When the operator exists but not for these tensor types: the types (at most 4), else empty.
    public var types = TensorTypeList()

    func groups(with other: UnsupportedOperator) -> Bool {
        opcode == other.opcode && version == other.version && types == other.types
            && (opcode != .custom || operatorCodeIndex == other.operatorCodeIndex)
    }
}

/// Up to four tensor types, inline (no allocation).
public struct TensorTypeList: Sendable, Equatable {
    public private(set) var count = 0
    private var raw: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)

    public init() {}

    public mutating func append(_ type: TensorType) {
        let value = UInt8(truncatingIfNeeded: type.rawValue)
        switch count {
        case 0: raw.0 = value
        case 1: raw.1 = value
        case 2: raw.2 = value
        case 3: raw.3 = value
        default: return
        }
        count += 1
    }

    public subscript(index: Int) -> TensorType {
        let value: UInt8
        switch index {
        case 0: value = raw.0
        case 1: value = raw.1
        case 2: value = raw.2
        default: value = raw.3
        }
        return TensorType(rawValue: Int8(bitPattern: value))
    }

    public static func == (a: TensorTypeList, b: TensorTypeList) -> Bool {
        a.count == b.count && a.raw == b.raw
    }
}
