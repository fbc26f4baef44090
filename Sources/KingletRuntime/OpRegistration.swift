import KingletKernels
import TFLiteModel

/// Runs one prepared operator. `opData` is the kernel's prepared data in the arena; `io` lists the
/// data pointers of the operator's inputs (padded with nil to the registration's `inputSlots`; nil
/// for an omitted optional input), then outputs, then scratch buffers. Returns 0, or a nonzero `InvokeStatus` when a data-dependent check fails.
/// A C function pointer: stored in the arena, called with no reference counting or allocation.
public typealias InvokeFunction = @convention(c) (
    _ opData: UnsafeMutableRawPointer?, _ io: UnsafePointer<UnsafeMutableRawPointer?>?
) -> Int32

/// Failures kernels can only detect at invoke (TFLM aborts in these places).
public enum InvokeStatus {
    public static let ok: Int32 = 0
    public static let softmaxExponentOutOfRange: Int32 = 1
    public static let variableMismatch: Int32 = 2

    static func describe(_ status: Int32) -> String {
        switch status {
        case softmaxExponentOutOfRange:
            return "softmax exp sum too large for the output type (reciprocal exponent outside [0, 31])"
        case variableMismatch:
            return "resource variable read before any ASSIGN_VARIABLE created it, or with another size"
        default:
            return "kernel failed with status \(status)"
        }
    }
}

/// A prepared operator: its op data and the invoke function chosen for its types.
public struct PreparedOperator {
    public var opData: UnsafeMutableRawPointer?
    public var invoke: InvokeFunction

    public init(opData: UnsafeMutableRawPointer?, invoke: InvokeFunction) {
        self.opData = opData
        self.invoke = invoke
    }
}

/// One operator implementation: which code it handles and how to prepare it.
public struct OpRegistration: Sendable {
    public var opcode: BuiltinOperator
    /// For CUSTOM operators, the custom code it handles.
    public var customCode: String?
    /// Whether the output may share the first input's bytes (the operator only reinterprets the
    /// shape): the planner then gives both one buffer.
    public var outputAliasesInput: Bool
    /// The number of input slots invoke reads: optional trailing inputs the model leaves out arrive
    /// as nil, so outputs always start at slot `inputSlots`. Nil for operators with a variable
    /// number of inputs (outputs then follow the model's inputs).
    public var inputSlots: Int?
    /// Checks tensors and options, computes the op data into the arena, picks the invoke function.
    public var prepare: @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator

    public init(
        _ opcode: BuiltinOperator, inputSlots: Int?, customCode: String? = nil, outputAliasesInput: Bool = false,
        prepare: @escaping @Sendable (inout PrepareContext) throws(RuntimeError) -> PreparedOperator
    ) {
        self.opcode = opcode
        self.customCode = customCode
        self.outputAliasesInput = outputAliasesInput
        self.inputSlots = inputSlots
        self.prepare = prepare
    }
}

/// The operators an interpreter may run, like TFLM's `MicroMutableOpResolver`: hold only what a
/// model needs to keep a device build small, or `.allBuiltins` on a host.
public struct OpResolver: Sendable {
    public private(set) var registrations: [OpRegistration] = []

    public init() {}

    public init(_ registrations: [OpRegistration]) {
        for registration in registrations { add(registration) }
    }

    /// Adds (or replaces) the registration for its opcode and custom code.
    public mutating func add(_ registration: OpRegistration) {
        registrations.removeAll { $0.opcode == registration.opcode && $0.customCode == registration.customCode }
        registrations.append(registration)
    }

    public func registration(for code: OperatorCode) -> OpRegistration? {
        let opcode = code.builtinCode
        if opcode == .custom {
            let custom = code.customCode
            return registrations.first { $0.opcode == .custom && $0.customCode == custom }
        }
        return registrations.first { $0.opcode == opcode }
    }
}
